"""View model → one self-contained HTML page; the only module that imports pyvis.

pyvis builds the vis-network node and edge records and in-lines vis-network (``cdn_resources="in_line"``);
the page template is ours (``page.html``): no Bootstrap, no CDN, one heading, a Content-Security-Policy
that forbids every fetch. Names and sentences reach the page only as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page's
script puts them into the DOM with ``textContent``.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

import jinja2
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from graph.views.viewmodel import ViewModel

FONT_FACE = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'
BIG = 500   # from this many nodes on, hide edges while dragging or zooming

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def escape_json_text(text: str) -> str:
    """Make JSON text safe inside an HTML ``<script>`` element (these characters occur only in strings)."""
    for ch, esc in _JSON_ESCAPES.items():
        text = text.replace(ch, esc)
    return text


def safe_json(value: Any) -> Markup:
    """``value`` as JSON that can be placed verbatim inside ``<script type="application/json">``."""
    return Markup(escape_json_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"))))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    own = str(files("graph.views"))
    vis_templates = Network(cdn_resources="in_line").template_dir
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(own), jinja2.FileSystemLoader(vis_templates)]),
        autoescape=True, auto_reload=False, keep_trailing_newline=True)
    env.filters["aikg_json"] = safe_json
    env.filters["aikg_json_text"] = lambda text: Markup(escape_json_text(str(text)))
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


def to_pyvis(model: ViewModel) -> Network:
    """A pyvis Network holding the vis records of ``model`` (positions from Python, ids from the model)."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=model["title"])
    edge_labels = model["kind"] == "ego"
    font = {"size": 30} if model.get("aggregated") else {}    # the overview is seen from far away
    for n in model["nodes"]:
        net.add_node(n["id"], label=n["label"] or n["id"], shape=n["shape"], color=n["color"], size=n["size"],
                     x=n["x"], y=n["y"], title=_tooltip(n), type=n["type"], **({"font": font} if font else {}))
    for e in model["edges"]:
        extra: dict[str, Any] = {}
        if e["curve"]:
            extra["smooth"] = {"enabled": True, "type": "curvedCW" if e["curve"] > 0 else "curvedCCW",
                               "roundness": abs(e["curve"])}
        if edge_labels:
            extra["label"] = e["predicate_label"]
        if "width" in e:
            extra["width"] = e["width"]
        net.add_edge(e["from"], e["to"], id=e["id"], arrows=e["arrows"], dashes=e["dashes"],
                     color={"color": e["color"], "highlight": e["color"], "hover": e["color"]},
                     predicate=e["predicate"], predicates=sorted(e.get("predicates") or [e["predicate"]]),
                     status=e["status"],
                     title=f"{e['predicate_label']}（{e['status_label']}）×{e['count']}", **extra)
    net.options = vis_options(model)  # a plain dict: pyvis serialises it with json.dumps
    return net


def render_view(model: ViewModel) -> str:
    """The HTML page of one view model (a single file: vis-network, styles and data in-lined)."""
    net = to_pyvis(model)
    env = _environment()
    # pyvis renders with a fixed set of variables; ours travel as environment globals (one page at a time).
    env.globals.update(model_json=safe_json(model), root="../" if model["path"].count("/") else "",
                       kind=model["kind"])
    net.templateEnv = env
    net.path = "page.html"
    return net.generate_html()


def render_index(model: ViewModel) -> str:
    """The index page: the list of views and the organisation finder (no network drawn, no pyvis needed)."""
    return _environment().get_template("index_page.html").render(
        heading=model["title"], model_json=safe_json(model))
