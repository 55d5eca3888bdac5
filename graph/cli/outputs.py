"""aikg view, aikg export, aikg report: the graph written out as planner views, export files, the gap report."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.cli.shell import (
    DEFAULT_OUT,
    check_source,
    con,
    err,
    fail,
    out_folder,
    read_graph,
    say,
    store_spec,
    writing_into,
)


def view(
    store: Annotated[str | None, typer.Option("--store", help="the store to read (default: the project's store)")] = None,
    out: Annotated[Path, typer.Option("--out", help="exports folder; the views go to OUT/views")] = DEFAULT_OUT,
    screenshots: Annotated[bool, typer.Option("--screenshots", help="also save a PNG beside every view")] = False,
    from_ttl: Annotated[Path | None, typer.Option("--from-ttl", help="read the graph from an RDF file "
                                                  "(.trig, .nq, .ttl) instead of the store")] = None,
) -> None:
    """Write the offline partner-network views: index, ecosystem, relation families, planned vs achieved,
    one page per organisation, each with a JSON twin.

    Example: aikg view --out exports --screenshots   (then open exports/views/index.html)
    """
    from graph.network import to_networkx
    from graph.views import write_views
    from graph.views.browser import browser_problem

    check_source(store, from_ttl)
    if screenshots and (problem := browser_problem()):
        fail("cannot take screenshots", problem, "install it, or run without --screenshots")
    ds = read_graph(store, from_ttl)
    g = to_networkx(ds)
    if g.number_of_nodes() == 0:
        say("warning", "yellow", "the graph is empty: the views will show nothing")
    with writing_into(out):
        pages = write_views(g, out / "views", screenshots=screenshots)
    con.print(f"wrote {len(pages)} views ({g.number_of_nodes()} entities, {g.number_of_edges()} facts) "
                    f"into {out / 'views'}; open {out / 'views' / 'index.html'}", highlight=False)


def export(
    out: Annotated[Path, typer.Option("--out", help="the folder to write the export files into")] = DEFAULT_OUT,
    store: Annotated[str | None, typer.Option("--store", help="the store to read (default: the project's store)")] = None,
    from_ttl: Annotated[Path | None, typer.Option("--from-ttl", help="read the graph from an RDF file "
                                                  "(.trig, .nq, .ttl, .jsonld) instead of the store")] = None,
) -> None:
    """Write every export format: kg.ttl/.trig/.nq/.jsonld, nodes.csv, edges.csv, kg.graphml/.gexf, neo4j/.

    Example: aikg export --from-ttl exports/kg.trig --out /tmp/aikg-exports
    """
    from graph.exports import write_exports

    check_source(store, from_ttl)
    out_folder(out, "exports are written into a folder")
    ds = read_graph(store, from_ttl)
    with writing_into(out):
        paths = write_exports(ds, out)
    con.print(f"wrote {len(paths)} files into {out}", highlight=False)


def report(
    store: Annotated[str | None, typer.Option("--store", help="the store to read (default: the project's store)")] = None,
    out: Annotated[Path, typer.Option("--out", help="the folder to write report.html and report.md into")] = DEFAULT_OUT,
    from_ttl: Annotated[Path | None, typer.Option("--from-ttl", help="read the graph from an RDF file "
                                                  "(.trig, .nq, .ttl, .jsonld) instead of the store")] = None,
    since: Annotated[str | None, typer.Option("--since", help="include what changed since this snapshot (default: "
                                              "the newest snapshot that differs from the graph)")] = None,
    snapshots: Annotated[Path | None, typer.Option("--snapshots", help="the snapshot folder (default: "
                                                   "snapshots/ beside the store)")] = None,
    seed: Annotated[int, typer.Option("--seed", help="seed of the community detection and layout")] = 0,
    notebooks: Annotated[bool, typer.Option("--notebooks/--no-notebooks", help="also run the notebooks "
                                            "(notebooks/NN_*.py) on the graph and write their executed copies, "
                                            ".ipynb with outputs and .html, into OUT/notebooks")] = False,
) -> None:
    """Write the gap-analysis report (report.html, offline, charts inline; report.md) with the changes
    since the last snapshot when there is one; with --notebooks, the executed notebooks too.

    Example: aikg report --out exports --notebooks   (then open exports/report.html, exports/notebooks/*.html)
    """
    from graph.report import write_report
    from graph.snapshot import SnapshotError, default_snapshot_root, list_snapshots, load_snapshot
    from graph.snapshot import changes as diff

    check_source(store, from_ttl)
    out_folder(out, "the report is written into a folder")
    if notebooks:
        from graph.tables import RDF_FILES

        if from_ttl is not None and from_ttl.suffix.lower() not in RDF_FILES:
            fail(f"cannot run the notebooks on {from_ttl}", f"a {from_ttl.suffix} file has no named graphs: "
                 "the notebooks compare documents", f"pass --store, or --from-ttl a {'/'.join(RDF_FILES)} file")
    ds = read_graph(store, from_ttl)
    root = snapshots or default_snapshot_root(store)
    table, name = None, None
    try:
        if since is not None:
            table, name = diff(load_snapshot(since, root), ds), since
        else:
            for snap in reversed(list_snapshots(root)):     # newest first: the last state that differs
                t = diff(load_snapshot(snap, root), ds)
                if len(t) or table is None:
                    table, name = t, snap.stem
                if len(t):
                    break
    except SnapshotError as exc:
        fail(exc.what, exc.why, exc.fix)
    with writing_into(out):
        paths = write_report(ds, out, changes=table, since=name, seed=seed)
    since_note = "" if name is None else (f" ({len(table)} changes since snapshot {name})" if table is not None
                                          and len(table) else f" (no change since snapshot {name})")
    con.print(f"wrote {paths[0]} and {paths[1]}{since_note}", highlight=False)
    if notebooks:
        _notebooks(str(from_ttl) if from_ttl is not None else store_spec(store), out / "notebooks")


def _notebooks(graph: str, out: Path) -> None:
    """Run the notebooks on ``graph`` and write their executed copies into ``out``."""
    from graph.notebooks import NotebookError, write_notebooks

    try:
        with writing_into(out), err.status("running the notebooks…") as status:
            runs = write_notebooks(graph, out, progress=lambda name: status.update(f"running notebook {name}…"))
    except NotebookError as exc:
        fail(exc.what, exc.why, exc.fix, code=1)
    for r in runs:
        con.print(f"ran {r.source.name} in {r.seconds:.1f} s: wrote {r.ipynb} and {r.html}", highlight=False)
