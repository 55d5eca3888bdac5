"""aikg build: documents → store → exports, and the summary of what was built."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from graph.cli.progress import BuildBar
from graph.cli.shell import (
    DEFAULT_CORPUS,
    DEFAULT_OUT,
    con,
    err,
    fail,
    out_folder,
    say,
    store_spec,
    writing_into,
)


def build(
    paths: Annotated[list[Path] | None, typer.Argument(help="documents or folders (default: corpus/)")] = None,
    out: Annotated[Path, typer.Option("--out", help="the folder to write the exports into")] = DEFAULT_OUT,
    store: Annotated[str | None, typer.Option("--store", help="a folder (default .aikg/store) or "
                                              "sparql+http://HOST:PORT/PATH")] = None,
    snapshot: Annotated[str | None, typer.Option("--snapshot", help="also keep the built graph as snapshots/NAME.nq "
                                                 "beside the store (for aikg changes --since NAME)")] = None,
    force: Annotated[bool, typer.Option("--force", help="rebuild every document, changed or not")] = False,
    prune: Annotated[bool, typer.Option("--prune", help="remove from the store documents not among the inputs")] = False,
    validate_: Annotated[bool, typer.Option("--validate/--no-validate", help="check the documents built with the "
                                            "SHACL shapes (violations stop the exports)")] = True,
    views: Annotated[bool, typer.Option("--views/--no-views", help="also write the planner views into OUT/views")] = True,
    engine: Annotated[str, typer.Option("--engine", help="where documents are extracted: local (two processes "
                                        "here) or dask (a Dask cluster: local, or the one of --scheduler)")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="the Dask scheduler to send the documents "
                                                  "to, tcp://HOST:8786 (default: a local cluster)")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="worker processes of the local Dask cluster")] = 2,
) -> None:
    """Build the knowledge graph: read documents, extract facts, update the store (only changed
    documents), validate, and write the exports from the store.

    Example: aikg build corpus/ --out exports --store .aikg/store
             aikg build docs/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from graph.build import build as run_build
    from graph.store import StoreError

    if engine not in ("local", "dask"):
        fail(f"unknown engine {engine!r}", "the engines are local and dask",
             "pass --engine local (two processes here) or --engine dask")
    if scheduler and engine != "dask":
        fail("--scheduler needs --engine dask", "the local engine runs on this machine only",
             "add --engine dask, or leave out --scheduler")

    inputs = paths or [DEFAULT_CORPUS]
    for p in inputs:
        if not p.exists():
            fail(f"{p} does not exist", "build reads documents and folders of documents", "check the path")
    out_folder(out, "exports are written into a folder")
    try:
        with writing_into(out), BuildBar(err) as bar:
            report = run_build(inputs, out, store_spec(store), snapshot, force=force, prune=prune,
                               validate=validate_, views=views, progress=bar.update, engine=engine,
                               scheduler=scheduler, workers=workers)
    except StoreError as exc:
        fail(exc.what, exc.why, exc.fix)
    t = Table(title=f"documents: {report.built} built, {report.skipped} skipped, {report.failed} failed"
                    + (f", {report.removed} removed" if report.removed else ""))
    for c in ("document", "status", "message"):
        t.add_column(c, overflow="fold")
    for d in report.documents:
        style = {"failed": "red", "removed": "yellow"}.get(d.status, "")
        t.add_row(d.doc_id, Text(d.status, style=style), d.message)
    con.print(t)
    for title, counts in (("entities by type", report.entities_by_type),
                          ("relations by predicate", report.relations_by_predicate)):
        t = Table(title=f"{title}: {sum(counts.values())}")
        t.add_column("type" if "entities" in title else "predicate")
        t.add_column("count", justify="right")
        for k, v in counts.items():
            t.add_row(k, str(v))
        con.print(t)
    if report.validation is not None:
        con.print(f"SHACL, documents built: {len(report.validation.violations)} violations "
                  "(the gaps: aikg validate, aikg report)", highlight=False)
    for d in report.documents:
        if d.status == "skipped" and d.message.startswith("not read"):
            say("warning", "yellow", f"skipped {d.message.removeprefix('not read: ')}")
    for note in report.notes:
        say("note", "yellow", note)
    con.print(f"store {report.store}: {report.quads} quads; wrote {len(report.files)} files into {report.out}"
              + (f"; snapshot {report.snapshot}" if report.snapshot else ""), highlight=False)
    index = report.out / "views" / "index.html"
    con.print(f"open {index} in a browser" if index.exists() else
              f"to browse: aikg view --out {report.out}, then open {index}", highlight=False)
    if not report.ok:
        raise typer.Exit(1)
