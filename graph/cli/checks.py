"""aikg validate, aikg changes: the graph checked against the SHACL shapes, and compared with a snapshot."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from graph.cli.shell import check_source, con, dataset_from_store, fail, graph_source, read_graph


def validate(
    store: Annotated[str | None, typer.Option("--store", help="the store to read (default: the project's store)")] = None,
    from_ttl: Annotated[Path | None, typer.Option("--from-ttl", help="read the graph from an RDF file "
                                                  "(.trig, .nq, .ttl, .jsonld) instead of the store")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    lang: Annotated[str, typer.Option("--lang", help="message language: zh or en")] = "zh",
) -> None:
    """Check the graph with the SHACL shapes: violations (exit code 1) and the gaps a planner wants (warnings).

    Example: aikg validate --from-ttl exports/kg.trig --lang en
    """
    from dataclasses import asdict

    from graph.validate import validate as run_validation

    if format not in ("json", "table") or lang not in ("zh", "en"):
        fail(f"unknown --format {format!r} or --lang {lang!r}", "validate prints table or json, in zh or en",
             "use --format table|json and --lang zh|en")
    check_source(store, from_ttl)
    report = run_validation(read_graph(store, from_ttl))
    if format == "json":
        sys.stdout.write(json.dumps({"conforms": report.conforms,
                                     "violations": [asdict(i) for i in report.violations],
                                     "warnings": [asdict(i) for i in report.warnings]},
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        t = Table(title=report.summary())
        for c in ("severity", "shape", "focus", "path", "message"):
            t.add_column(c, overflow="fold")
        for i in report.violations + report.warnings:
            t.add_row(i.severity, i.shape_name, i.focus, i.path or "", i.message_zh if lang == "zh" else i.message_en)
        con.print(t)
    if not report.conforms:
        raise typer.Exit(1)


def changes(
    since: Annotated[str | None, typer.Option("--since", help="a snapshot name (or .nq file): compare it with "
                                              "the store")] = None,
    store: Annotated[str | None, typer.Option("--store", help="the store to read (default: the project's store)")] = None,
    from_: Annotated[str | None, typer.Option("--from", help="the older graph: a store, snapshot name or RDF file")] = None,
    to: Annotated[str | None, typer.Option("--to", help="the newer graph: a store, snapshot name or RDF file")] = None,
    snapshots: Annotated[Path | None, typer.Option("--snapshots", help="the snapshot folder (default: "
                                                   "snapshots/ beside the store)")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv")] = "table",
) -> None:
    """List the facts that are new, removed or changed (planned → achieved) since a snapshot.

    Example: aikg changes --since 2024-06   (or: aikg changes --from old.nq --to .aikg/store)
    """
    from graph.snapshot import SnapshotError, default_snapshot_root, load_snapshot
    from graph.snapshot import changes as diff

    if format not in ("table", "json", "csv"):
        fail(f"unknown --format {format!r}", "changes prints table, json or csv", "use --format table|json|csv")
    if (since is None) == (from_ is None and to is None) or (from_ is None) != (to is None):
        fail("say what to compare", "give either --since SNAPSHOT, or both --from A and --to B",
             "e.g. aikg changes --since 2024-06, or aikg changes --from old.nq --to .aikg/store")
    root = snapshots or default_snapshot_root(store)
    if since is not None:
        if store and from_:
            fail("both --store and --from given", "--since compares a snapshot with the store", "drop --from")
        try:
            old = load_snapshot(since, root)
        except SnapshotError as exc:
            fail(exc.what, exc.why, exc.fix)
        new = dataset_from_store(store)
        label_old, label_new = f"snapshot {since}", f"store {store or 'default'}"
    else:
        label_old, old = graph_source(str(from_), root)
        label_new, new = graph_source(str(to), root)
    t = diff(old, new)
    if format == "json":
        sys.stdout.write(t.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    elif format == "csv":
        sys.stdout.write(t.to_csv(index=False))
    else:
        tab = Table(title=f"{len(t)} changes from {label_old} to {label_new} (evidence: --format json)")
        for c in ("change", "subject", "predicate", "object", "status", "document"):
            tab.add_column(c, overflow="fold")
        for r in t.astype(object).where(t.notna(), None).to_dict("records"):
            status = (" → ".join(x or "—" for x in (r["status_before"], r["status_after"]))
                      if r["predicate"] != "type" else "")
            tab.add_row(r["change"], r["subject"], r["predicate"], r["object"], status, r["document"] or "")
        con.print(tab if len(t) else f"no changes from {label_old} to {label_new}", highlight=False)
