"""The ``aikg`` command: a thin shell over library functions, one command a function."""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from extract.ingest import IngestError, read_document
from extract.pipeline import extract_document

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="aikg: the knowledge graph of an AI-industry ecosystem from Chinese documents.")
# messages carry paths: never wrap them; names, paths and sentences are data: never read as markup or emoji
err = Console(stderr=True, soft_wrap=True, markup=False, emoji=False)
con = Console(soft_wrap=True, markup=False, emoji=False)

DEFAULT_CORPUS = Path("corpus")
DEFAULT_OUT = Path("exports")


@app.callback()
def _root() -> None:
    """aikg: documents → facts → RDF/networkx → store, queries, views, exports."""
    for stream in (sys.stdout, sys.stderr):      # a file name in GBK bytes must not kill a message about it
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def fail(what: str, why: str, fix: str, code: int = 2) -> None:
    """Print a clear error (what, why, how to fix) and exit non-zero, without a traceback."""
    err.print(Text.assemble(("error:", "bold red"), f" {what}\n  why: {why}\n  fix: {fix}"), highlight=False)
    raise typer.Exit(code)


def _say(label: str, style: str, text: str) -> None:
    """``label: text`` on stderr, the label in ``style``."""
    err.print(Text.assemble((f"{label}:", style), f" {text}"), highlight=False)


@contextmanager
def _writing_into(out: Path) -> Iterator[None]:
    """Check that ``out`` can be written before any work starts (so a store is not updated for nothing),
    and turn a failed write (permissions, full disk) into a clear error instead of a traceback."""
    probe = out
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        fail(f"cannot write into {out}", f"{probe} is a file, not a folder", "pass --out a folder path")
    if probe.exists() and not os.access(probe, os.W_OK | os.X_OK):
        fail(f"cannot write into {out}", f"the folder {probe} is read-only for this user",
             "make it writable (chmod u+w) or pass --out another folder")
    try:
        yield
    except OSError as exc:
        fail(f"cannot write {exc.filename or out}", exc.strerror or str(exc),
             "check the folder's permissions and the free disk space, or pass --out another folder")


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A document: .txt, .docx, .pdf or .html")],
    format: Annotated[str, typer.Option("--format", "-f", help="json (GUIDE.md format) or table")] = "table",
) -> None:
    """Extract entities, relations and metrics from one document.

    Example: aikg extract corpus/wenzhou-2024-111-reply-letter.txt --format json
    """
    if format not in ("json", "table"):
        fail(f"unknown --format {format!r}", "extract prints json or table", "use --format json or --format table")
    if not file.exists():
        fail(f"{file} does not exist", "the path names no file", "check the path")
    try:
        doc = read_document(file)
    except IngestError as exc:
        fail(f"cannot read {file}: {exc.what}", exc.why, exc.fix)
    ex = extract_document(doc)
    if format == "json":
        sys.stdout.write(json.dumps(ex.to_guide_json(), ensure_ascii=False, indent=2) + "\n")
        return
    out = con
    t = Table(title=f"{doc.id}: {len(ex.entities)} entities")
    for c in ("name", "type", "aliases"):
        t.add_column(c)
    for e in ex.entities:
        t.add_row(e.name, e.type, "、".join(e.aliases))
    out.print(t)
    t = Table(title=f"{len(ex.facts)} relations")
    for c in ("subject", "predicate", "object", "status", "date", "evidence"):
        t.add_column(c, overflow="fold")
    for f in ex.facts:
        t.add_row(f.subject, f.predicate, f.object, f.status, f.date or "", f.provenance.sentence[:80])
    out.print(t)
    t = Table(title=f"{len(ex.metrics)} metrics")
    for c in ("subject", "measure", "value", "unit", "status", "date"):
        t.add_column(c)
    for m in ex.metrics:
        t.add_row(m.subject, m.measure, f"{m.value:g}", m.unit, m.status, m.date or "")
    out.print(t)


def _dataset_from_file(path: Path):  # -> rdflib.Dataset
    """Read a dataset written by the exports (TriG, N-Quads, JSON-LD) or a plain Turtle/N-Triples graph."""
    from rdflib import Dataset

    formats = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}
    fmt = formats.get(path.suffix.lower())
    if fmt is None:
        fail(f"cannot read {path}", f"unknown RDF file type {path.suffix!r}",
             f"give a file ending in one of {', '.join(sorted(formats))}")
    ds = Dataset(default_union=True)
    try:
        ds.parse(path, format=fmt)
    except Exception as exc:  # noqa: BLE001 - rdflib raises many parser-specific types
        fail(f"cannot parse {path} as {fmt}", str(exc), "check that the file is valid RDF")
    return ds


def _dataset_from_store(spec: str | None):  # -> rdflib.Dataset
    from graph.store import DEFAULT_STORE, StoreError, open_store

    try:
        with open_store(spec or DEFAULT_STORE, read_only=True) as st:
            return st.to_dataset()
    except StoreError as exc:
        fail(exc.what, exc.why, f"{exc.fix} (or read an RDF file with `aikg view --from-ttl FILE`)")


@app.command()
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

    if store and from_ttl:
        fail("both --store and --from-ttl given", "the graph comes from one place", "pass only one of them")
    if screenshots and (problem := browser_problem()):
        fail("cannot take screenshots", problem, "install it, or run without --screenshots")
    if from_ttl is not None and not from_ttl.exists():
        fail(f"{from_ttl} does not exist", "the path names no file", "check the path")
    ds = _dataset_from_file(from_ttl) if from_ttl is not None else _dataset_from_store(store)
    g = to_networkx(ds)
    if g.number_of_nodes() == 0:
        _say("warning", "yellow", "the graph is empty: the views will show nothing")
    with _writing_into(out):
        pages = write_views(g, out / "views", screenshots=screenshots)
    con.print(f"wrote {len(pages)} views ({g.number_of_nodes()} entities, {g.number_of_edges()} facts) "
                    f"into {out / 'views'}; open {out / 'views' / 'index.html'}", highlight=False)


@app.command("eval")
def eval_(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold annotations (GUIDE.md JSON)")],
    docs_dir: Annotated[Path, typer.Argument(help="Folder of the documents (matched by file stem)")],
) -> None:
    """Score the extractor against gold files: per-document and total precision, recall and F1.

    Example: aikg eval ../shared/eval/gold ../shared/corpus
    """
    from extract.evaluate import evaluate, format_row, format_total

    for d in (gold_dir, docs_dir):
        if not d.is_dir():
            fail(f"{d} is not a folder", "eval reads a folder of gold JSON files and a folder of documents",
                 "give two existing folders, e.g. aikg eval ../shared/eval/gold ../shared/corpus")
    try:
        rows, total = evaluate(gold_dir, docs_dir)
    except IngestError as exc:
        fail(f"cannot score {exc.path or gold_dir}: {exc.what}", exc.why, exc.fix)
    for name, sc in rows:
        print(format_row(name, sc) if sc is not None else f"{name}: no document found in {docs_dir}")
    for line in format_total(total):
        print(line)


@app.command()
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
    if store and from_ttl:
        fail("both --store and --from-ttl given", "the graph comes from one place", "pass only one of them")
    if from_ttl is not None and not from_ttl.exists():
        fail(f"{from_ttl} does not exist", "the path names no file", "check the path")
    report = run_validation(_dataset_from_file(from_ttl) if from_ttl is not None else _dataset_from_store(store))
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


@app.command()
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

    if store and from_ttl:
        fail("both --store and --from-ttl given", "the graph comes from one place", "pass only one of them")
    if from_ttl is not None and not from_ttl.exists():
        fail(f"{from_ttl} does not exist", "the path names no file", "check the path")
    if out.exists() and not out.is_dir():
        fail(f"{out} is a file", "exports are written into a folder", "pass a folder path with --out")
    ds = _dataset_from_file(from_ttl) if from_ttl is not None else _dataset_from_store(store)
    with _writing_into(out):
        paths = write_exports(ds, out)
    con.print(f"wrote {len(paths)} files into {out}", highlight=False)



def _graph_source(spec: str, snapshots: Path) -> tuple[str, object]:  # -> (what it is, rdflib.Dataset)
    """A graph named on the command line: an RDF file, a snapshot name (in ``snapshots``) or a store."""
    from graph.snapshot import SnapshotError, load_snapshot

    path = Path(spec)
    if path.is_file():
        return f"file {path}", _dataset_from_file(path)
    if (snapshots / f"{spec}.nq").is_file():
        try:
            return f"snapshot {spec}", load_snapshot(spec, snapshots)
        except SnapshotError as exc:
            fail(exc.what, exc.why, exc.fix)
    return f"store {spec}", _dataset_from_store(spec)


@app.command()
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
        new = _dataset_from_store(store)
        label_old, label_new = f"snapshot {since}", f"store {store or 'default'}"
    else:
        label_old, old = _graph_source(str(from_), root)
        label_new, new = _graph_source(str(to), root)
    t = diff(old, new)  # type: ignore[arg-type]
    if format == "json":
        sys.stdout.write(t.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    elif format == "csv":
        sys.stdout.write(t.to_csv(index=False))
    else:
        tab = Table(title=f"{len(t)} changes from {label_old} to {label_new} (evidence: --format json)")
        for c in ("change", "subject", "predicate", "object", "status", "document"):
            tab.add_column(c, overflow="fold")
        for r in t.astype(object).where(t.notna(), None).itertuples(index=False):
            status = " → ".join(x or "—" for x in (r.status_before, r.status_after)) if r.predicate != "type" else ""
            tab.add_row(r.change, r.subject, r.predicate, r.object, status, r.document or "")
        con.print(tab if len(t) else f"no changes from {label_old} to {label_new}", highlight=False)


@app.command()
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
) -> None:
    """Write the gap-analysis report (report.html, offline, charts inline; report.md) with the changes
    since the last snapshot when there is one.

    Example: aikg report --out exports   (then open exports/report.html)
    """
    from graph.report import write_report
    from graph.snapshot import SnapshotError, default_snapshot_root, list_snapshots, load_snapshot
    from graph.snapshot import changes as diff

    if store and from_ttl:
        fail("both --store and --from-ttl given", "the graph comes from one place", "pass only one of them")
    if from_ttl is not None and not from_ttl.exists():
        fail(f"{from_ttl} does not exist", "the path names no file", "check the path")
    if out.exists() and not out.is_dir():
        fail(f"{out} is a file", "the report is written into a folder", "pass a folder path with --out")
    ds = _dataset_from_file(from_ttl) if from_ttl is not None else _dataset_from_store(store)
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
    with _writing_into(out):
        paths = write_report(ds, out, changes=table, since=name, seed=seed)
    since_note = "" if name is None else (f" ({len(table)} changes since snapshot {name})" if table is not None
                                          and len(table) else f" (no change since snapshot {name})")
    con.print(f"wrote {paths[0]} and {paths[1]}{since_note}", highlight=False)


def _store_spec(store: str | None) -> str:
    from graph.store import DEFAULT_STORE

    return store or DEFAULT_STORE


@app.command()
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
) -> None:
    """Build the knowledge graph: read documents, extract facts, update the store (only changed
    documents), validate, and write the exports from the store.

    Example: aikg build corpus/ --out exports --store .aikg/store
    """
    from graph.build import build as run_build
    from graph.store import StoreError

    inputs = paths or [DEFAULT_CORPUS]
    for p in inputs:
        if not p.exists():
            fail(f"{p} does not exist", "build reads documents and folders of documents", "check the path")
    if out.exists() and not out.is_dir():
        fail(f"{out} is a file", "exports are written into a folder", "pass a folder path with --out")
    try:
        with _writing_into(out), err.status("building…") as status:
            report = run_build(inputs, out, _store_spec(store), snapshot, force=force, prune=prune,
                               validate=validate_, views=views,
                               progress=lambda doc, state: status.update(f"{state}: {doc}"))
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
            _say("warning", "yellow", f"skipped {d.message.removeprefix('not read: ')}")
    for note in report.notes:
        _say("note", "yellow", note)
    con.print(f"store {report.store}: {report.quads} quads; wrote {len(report.files)} files into {report.out}"
              + (f"; snapshot {report.snapshot}" if report.snapshot else ""), highlight=False)
    index = report.out / "views" / "index.html"
    con.print(f"open {index} in a browser" if index.exists() else
              f"to browse: aikg view --out {report.out}, then open {index}", highlight=False)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="a saved question (aikg query --list), or - to read "
                                               "SPARQL from standard input")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE (repeatable)")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json")] = "table",
    file: Annotated[Path | None, typer.Option("--file", help="run the SPARQL query in this file")] = None,
    list_: Annotated[bool, typer.Option("--list", help="list the saved questions")] = False,
    store: Annotated[str | None, typer.Option("--store", help="a folder (default .aikg/store) or "
                                              "sparql+http://HOST:PORT/PATH")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0, help="seconds the query may run before it is "
                                           "stopped (it runs in a worker process); 0: no limit")] = 60.0,
) -> None:
    """Ask the graph a saved question (graph/queries/*.rq) or your own SPARQL.

    Example: aikg query partners --param org=中电海康 --format csv
    """
    from graph import queries as q
    from graph.store import StoreError, open_store

    if format not in ("table", "csv", "json"):
        fail(f"unknown --format {format!r}", "query prints table, csv or json", "use --format table|csv|json")
    if list_:
        saved = q.list_queries()
        if format == "json":
            sys.stdout.write(json.dumps([s.to_json() for s in saved], ensure_ascii=False, indent=2) + "\n")
            return
        t = Table(title=f"{len(saved)} saved questions")
        for c in ("name", "question", "parameters"):
            t.add_column(c, overflow="fold")
        for s in saved:
            t.add_row(s.name, f"{s.title_zh}\n{s.title_en}",
                      " ".join(f"{p.name}{'' if p.required else '?'}" for p in s.params))
        con.print(t)
        return
    if (name is None) == (file is None):
        fail("say what to run", "give a saved question name, - (standard input) or --file Q.rq, exactly one",
             "e.g. aikg query partners --param org=中电海康; aikg query --list shows the names")
    try:
        if file is not None:
            sq = q.read_query_file(file)
        elif name == "-":
            data = sys.stdin.buffer.read()
            try:
                sq = q.parse_query(data.decode("utf-8-sig"), "stdin")
            except UnicodeDecodeError as exc:
                raise q.ParamError("cannot read the query from standard input", f"it is not UTF-8 ({exc.reason} "
                                   f"at byte {exc.start})", "send the query as UTF-8 text") from exc
        else:
            sq = q.load_query(name or "")
        raw = q.parse_param_options(param or [])
        with open_store(_store_spec(store), read_only=True) as st:
            if not timeout:
                result = q.run_saved(st, sq, raw)
        if timeout:           # the endpoint's mechanism: a worker process, killed at the deadline
            from graph.serve import query_in_worker

            request = ({"saved": sq.name, "params": raw} if file is None and name != "-"
                       else {"query": sq.text, "name": sq.name, "params": raw})
            result = query_in_worker(_store_spec(store), request, timeout)
    except (q.ParamError, StoreError) as exc:
        fail(exc.what, exc.why, exc.fix)
    if format == "csv":
        sys.stdout.write(q.to_csv(result))
    elif format == "json":
        sys.stdout.write(q.to_json(result))
    elif result.kind == "graph":
        from graph.store.formats import serialize

        sys.stdout.write(serialize(result, "text/turtle").decode("utf-8"))
    else:
        names, rows = result.table()
        t = Table(title=f"{sq.name}: {len(rows)} rows")
        for c in names:
            t.add_column(c, overflow="fold")
        for row in rows:
            t.add_row(*(text if len(text := q.short(v)) <= 60 else text[:59] + "…" for v in row))
        con.print(t)
        if any(len(q.short(v)) > 60 for row in rows for v in row):
            err.print("long cells are cut in the table: --format csv or json gives them whole", highlight=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="address to listen on (127.0.0.1: this machine only)")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="port to listen on (0: any free port)")] = 7878,
    store: Annotated[str | None, typer.Option("--store", help="a folder (default .aikg/store) or "
                                              "sparql+http://HOST:PORT/PATH")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="seconds a query may run before it is "
                                           "stopped")] = 10.0,
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, help="most result rows returned")] = 10_000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="queries run at the same time")] = 2,
) -> None:
    """Serve the graph read-only: SPARQL 1.1 Protocol at /sparql and a query page at /.

    Example: aikg serve --port 7878   (then open http://127.0.0.1:7878/)
    """
    from graph.serve import WorkerError, make_server

    try:
        server = make_server(_store_spec(store), host, port, timeout=timeout, max_rows=max_rows, workers=workers)
    except WorkerError as exc:
        fail("cannot serve the store", str(exc), "build it first (aikg build) or check --store")
    except OSError as exc:
        import socket

        if isinstance(exc, socket.gaierror):
            fail(f"cannot listen on {host}:{port}", f"{host!r} is not an address of this machine ({exc.strerror})",
                 "pass --host 127.0.0.1 (this machine only) or one of its addresses")
        fail(f"cannot listen on {host}:{port}", exc.strerror or str(exc), "pick another --port or stop the other server")
    h, p = server.server_address[:2]
    con.print(f"serving {_store_spec(store)} at http://{h}:{p}/ (SPARQL: http://{h}:{p}/sparql); "
                    "Ctrl+C stops", highlight=False)
    def _stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    import signal

    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
