"""Write every view (HTML + its JSON twin) into a folder: the I/O shell around the view model and renderer."""
from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from graph.views.facts import GraphFacts
from graph.views.jsontext import ModelText
from graph.views.render import EdgeMemo, render_index, render_view
from graph.views.viewmodel import AGGREGATE_ABOVE, ViewModel, index_model, iter_models

log = logging.getLogger(__name__)


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))     # as written: the pages use "\n" only
    tmp.replace(path)


def iter_views(g: nx.MultiDiGraph[str], *, aggregate_above: int = AGGREGATE_ABOVE) -> Iterator[tuple[str, str]]:
    """The pages of ``render_views``, in its order, as (relative path, text) one at a time: the index (it
    needs only the views of the whole graph), those views, then the ego views as their models are made."""
    facts = GraphFacts(g)
    models = iter_models(g, aggregate_above=aggregate_above, facts=facts)
    whole: list[ViewModel] = []
    first_ego: ViewModel | None = None
    for model in models:
        if model["kind"] == "ego":
            first_ego = model
            break
        whole.append(model)
    twin_of = ModelText()       # = model_json, encoding the edge records the ego views share once
    memo = EdgeMemo()
    rest = itertools.chain([first_ego] if first_ego is not None else [], models)
    for model in itertools.chain([index_model(g, whole, facts)], whole, rest):
        twin = twin_of(model)   # encoded once: the twin is the page's data too
        yield model["path"], (render_index(model, twin) if model["kind"] == "index"
                              else render_view(model, twin, memo))
        yield str(Path(model["path"]).with_suffix(".json")), twin


def render_views(g: nx.MultiDiGraph[str], *, aggregate_above: int = AGGREGATE_ABOVE) -> dict[str, str]:
    """Every view as relative path → text: ``index.html``, ``ecosystem.html``, one page per relation
    family, ``planned-vs-achieved.html`` and ``org/<name>.html`` per organisation, each HTML page followed
    by its ``.json`` twin. Writes nothing; ``g`` (the graph of ``graph.network.to_networkx``) is not changed.
    """
    return dict(iter_views(g, aggregate_above=aggregate_above))


def write_views(g: nx.MultiDiGraph[str] | dict[str, str], out_dir: Path, *, screenshots: bool = False,
                aggregate_above: int = AGGREGATE_ABOVE) -> list[Path]:
    """Write the views of ``g`` (or the pages ``render_views`` made) into ``out_dir``; return the HTML paths.

    The pages of a graph are written as they are rendered, one at a time. Ego views of organisations that no
    longer exist are removed from ``out_dir/org``. With ``screenshots`` a PNG is saved beside each page
    (needs playwright and Chromium; raises ``graph.views.browser.BrowserMissing`` otherwise).
    """
    out_dir = Path(out_dir)
    pages = g.items() if isinstance(g, dict) else iter_views(g, aggregate_above=aggregate_above)
    written: list[Path] = []
    for rel, text in pages:
        path = out_dir / rel
        _write_text(path, text)
        if path.suffix == ".html":
            written.append(path)
    _remove_stale(out_dir / "org", {p.name for p in written if p.parent == out_dir / "org"})
    log.info("wrote %d views into %s", len(written), out_dir)
    if screenshots:
        from graph.views.browser import screenshot_pages
        screenshot_pages(written)
    return written


def _remove_stale(folder: Path, keep: set[str]) -> None:
    if not folder.is_dir():
        return
    for f in sorted(folder.iterdir()):
        if f.is_file() and f.suffix in (".html", ".json", ".png") and f.with_suffix(".html").name not in keep:
            log.info("removing stale view %s", f)
            f.unlink()
