"""The exports and views of a build, rendered in memory while the store is written, written once it holds the build.

The renderers are imported when used: the views load pyvis and jinja2, which ``--no-views`` never needs.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Quad

from graph.store import Store

__all__ = ["Outputs", "render"]


@dataclass(frozen=True)
class Outputs:
    """The exports and views of a build, rendered in memory (written once the store holds the build)."""

    exports: dict[str, bytes]
    views: dict[str, str] | None

    def write(self, out: Path) -> tuple[Path, ...]:
        from graph.exports import write_files
        from graph.views import write_views

        files = tuple(write_files(out, self.exports))
        if self.views is not None:
            files += (out / "views" / "index.html",) if write_views(self.views, out / "views") else ()
        return files


def render(store: Store, built: dict[str, list[Quad]], dropped: set[str], views: bool) -> Outputs:
    """The exports and (with ``views``) the planner views of every document graph the store holds once
    the build is done: the graphs of this run as they are being written (``built``), the others read
    back from the store, those of ``dropped`` (graph IRIs the build removes) left out."""
    from graph.exports import render_exports
    from graph.network import to_networkx

    graphs = dict(built)
    for q in store.quads_outside(set(built) | dropped):
        name = q.graph_name                     # a named graph: the store's data has no other
        graphs.setdefault(name.value if isinstance(name, NamedNode) else str(name), []).append(q)
    g = to_networkx(itertools.chain.from_iterable(graphs.values()))
    exports = render_exports(graphs, g)
    if not views:
        return Outputs(exports, None)
    from graph.views import render_views

    return Outputs(exports, render_views(g))
