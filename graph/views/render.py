"""View model → one self-contained HTML page; the only module that imports pyvis.

pyvis builds the vis-network node and edge records and in-lines vis-network (``cdn_resources="in_line"``);
the page template is ours (``page.html``): no Bootstrap, no CDN, one heading, a Content-Security-Policy
that forbids every fetch. Names and sentences reach the page only as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page's
script puts them into the DOM with ``textContent``.
"""
from __future__ import annotations

from collections.abc import KeysView
from functools import lru_cache
from importlib.resources import files
from typing import Any

import jinja2
import pyvis
from pyvis.network import Network

from graph.views.jsontext import escape_json_text, json_text, model_json
from graph.views.viewmodel import ViewModel

__all__ = ["escape_json_text", "render_index", "render_view", "safe_json", "to_pyvis", "vis_options"]

FONT_FACE = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'
BIG = 500   # from this many nodes on, hide edges while dragging or zooming


def safe_json(value: Any) -> str:
    """``value`` as JSON that can be placed verbatim inside ``<script type="application/json">``."""
    return escape_json_text(json_text(value))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    own = str(files("graph.views"))
    vis_templates = Network(cdn_resources="in_line").template_dir
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(own), jinja2.FileSystemLoader(vis_templates)]),
        autoescape=True, auto_reload=False, keep_trailing_newline=True)
    # for the template's JSON <script> elements, which it writes verbatim (``{% autoescape false %}``)
    env.filters["aikg_json"] = safe_json
    env.filters["aikg_json_text"] = lambda text: escape_json_text(str(text))
    env.globals["pyvis_version"] = pyvis.__version__
    return env


def vis_options(model: ViewModel) -> dict[str, Any]:
    """vis-network options: physics only to refine a small layout (then the page turns it off)."""
    physics = bool(model.get("physics"))
    big = len(model["nodes"]) >= BIG
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 42},
        "physics": {"enabled": physics, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -6000, "springLength": 140, "avoidOverlap": 0.3},
                    "stabilization": {"enabled": physics, "iterations": 150, "updateInterval": 50, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "multiselect": False},
        "nodes": {"font": {"size": 14, "face": FONT_FACE, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "edges": {"smooth": False, "width": 1.6, "selectionWidth": 2,
                  "font": {"size": 11, "face": FONT_FACE, "align": "horizontal", "strokeWidth": 3},
                  "arrows": {"to": {"scaleFactor": 0.6}}},
    }


def _tooltip(n: dict[str, Any]) -> str:
    alias = f"\n简称：{'、'.join(n['aliases'])}" if n["aliases"] else ""
    return f"{n['label']}\n{n['type_label']} {n['type']}{alias}"


class _Network(Network):  # type: ignore[misc]  # pyvis has no type hints: its Network is Any to mypy
    """pyvis's Network, with the node-id lookup of ``add_edge`` in O(1) instead of a scan of a list, and the
    JSON of its edge records when ``to_pyvis`` had them all from an ``EdgeMemo`` (else None)."""

    edge_texts: list[str] | None = None
    node_map: dict[Any, dict[str, Any]]         # pyvis's own: node id → node record (set by Network)

    def get_nodes(self) -> KeysView[Any]:
        return self.node_map.keys()     # the same ids as ``node_ids``: ``add_node`` fills both


class EdgeMemo:
    """The vis edge records pyvis built for the pages of one ``render_views`` call, and their JSON: a view
    edge shown on several pages (the ego views share theirs) is built and encoded once. Keep a memo only
    while the models it saw live, and do not change their edges meanwhile."""

    def __init__(self) -> None:
        # (id of a view edge, labelled?) → (the view edge, kept alive so that its id is not reused; its
        # record; the record's JSON)
        self.known: dict[tuple[int, bool], tuple[dict[str, Any], dict[str, Any], str]] = {}


def _edge_options(e: dict[str, Any], edge_labels: bool) -> dict[str, Any]:
    options: dict[str, Any] = {
        "id": e["id"], "arrows": e["arrows"], "dashes": e["dashes"], "color": e["color"],
        "title": f"{e['predicate_label']}（{e['status_label']}）×{e['count']}"}
    if e["curve"]:
        options["smooth"] = {"enabled": True, "type": "curvedCW" if e["curve"] > 0 else "curvedCCW",
                             "roundness": abs(e["curve"])}
    if edge_labels:
        options["label"] = e["predicate_label"]
    if "width" in e:
        options["width"] = e["width"]
    return options


def to_pyvis(model: ViewModel, memo: EdgeMemo | None = None) -> Network:
    """A pyvis Network holding the vis records of ``model`` (positions from Python, ids from the model).

    The page's script reads the model for everything else (labels, places, whether a node is connected,
    what the filters test), so a node record carries what vis-network draws but its label, and an edge
    record what it draws; a colour given as one string is vis-network's shorthand for the same colour
    plain, highlighted and hovered.

    With ``memo`` (see ``EdgeMemo``) a view edge shown on several pages is built by pyvis once and its
    record reused, as pyvis would build it again the same.
    """
    net = _Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=model["title"])
    edge_labels = model["kind"] == "ego"
    records = net.node_map
    for n in model["nodes"]:
        net.add_node(n["id"], label=n["label"] or n["id"], shape=n["shape"], color=n["color"], size=n["size"],
                     x=n["x"], y=n["y"], title=_tooltip(n))
        # the page draws the labels itself (hubs at every zoom, the others where they fit): vis-network
        # draws none, and measures none
        records[n["id"]].pop("label", None)
    if memo is None:
        for e in model["edges"]:
            net.add_edge(e["from"], e["to"], **_edge_options(e, edge_labels))
    else:
        nodes, records, known, texts = net.node_map, net.edges, memo.known, []
        for e in model["edges"]:
            seen = known.get((id(e), edge_labels))
            if seen is None or seen[0] is not e or e["from"] not in nodes or e["to"] not in nodes:
                net.add_edge(e["from"], e["to"], **_edge_options(e, edge_labels))
                seen = known[(id(e), edge_labels)] = (e, records[-1], json_text(records[-1]))
            else:
                records.append(seen[1])
            texts.append(seen[2])
        net.edge_texts = texts
    net.options = vis_options(model)  # a plain dict: pyvis serialises it with json.dumps
    return net


def render_view(model: ViewModel, model_text: str | None = None, memo: EdgeMemo | None = None) -> str:
    """The HTML page of one view model (a single file: vis-network, styles and data in-lined).

    ``model_text`` is the JSON twin of ``model`` (``jsontext.model_json``) when the caller has it already: the
    page holds the same text; ``memo`` as in ``to_pyvis``.
    """
    net = to_pyvis(model, memo)
    env = _environment()
    # pyvis renders with a fixed set of variables; ours travel as environment globals (one page at a time).
    text = model_json(model) if model_text is None else model_text
    edges = json_text(net.edges) if net.edge_texts is None else "[" + ",".join(net.edge_texts) + "]"
    env.globals.update(model_json=escape_json_text(text), edges_json=escape_json_text(edges),
                       root="../" if model["path"].count("/") else "", kind=model["kind"])
    net.templateEnv = env
    net.path = "page.html"
    html: str = net.generate_html()
    return html


def render_index(model: ViewModel, model_text: str | None = None) -> str:
    """The index page: the list of views and the organisation finder (no network drawn, no pyvis needed)."""
    text = model_json(model) if model_text is None else model_text
    return _environment().get_template("index_page.html").render(
        heading=model["title"], model_json=escape_json_text(text))
