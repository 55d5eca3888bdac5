"""The exports and views of a build, written from the store once it holds the build, file by file.

Nothing here holds the store's quads: the exports stream graph by graph (``graph.exports.stream``), the views
are rendered from the networkx graph of entities and facts that pass builds, one page at a time. The views
are imported when used: they load pyvis and jinja2, which ``--no-views`` never needs.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.store import Store

__all__ = ["write_outputs"]


def write_outputs(store: Store, out: Path, views: bool, stage: Callable[[str], None] | None = None) -> tuple[Path, ...]:
    """Write the exports (and with ``views`` the planner views into ``out/views``) of every document graph
    the store holds; the files written (for the views, their index page). ``stage(name)`` is called before
    each step (``exports``, ``views``)."""
    from graph.exports.stream import write_store_exports

    if stage is not None:
        stage("exports")
    paths, g = write_store_exports(store, out)
    files = tuple(paths)
    if not views:
        return files
    from graph.views import write_views

    if stage is not None:
        stage("views")
    return files + ((out / "views" / "index.html",) if write_views(g, out / "views") else ())
