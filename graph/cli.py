"""The ``aikg`` command: a thin shell over library functions, one command a function."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from extract.ingest import IngestError, read_document
from extract.pipeline import extract_document

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="aikg: the knowledge graph of an AI-industry ecosystem from Chinese documents.")
err = Console(stderr=True)

DEFAULT_CORPUS = Path("corpus")
DEFAULT_OUT = Path("exports")


@app.callback()
def _root() -> None:
    """aikg: documents → facts → RDF/networkx → store, queries, views, exports."""


def fail(what: str, why: str, fix: str, code: int = 2) -> None:
    """Print a clear error (what, why, how to fix) and exit non-zero, without a traceback."""
    err.print(f"[bold red]error:[/] {what}\n  why: {why}\n  fix: {fix}", highlight=False)
    raise typer.Exit(code)


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
    out = Console()
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
        err.print("[yellow]warning:[/] the graph is empty: the views will show nothing", highlight=False)
    pages = write_views(g, out / "views", screenshots=screenshots)
    Console().print(f"wrote {len(pages)} views ({g.number_of_nodes()} entities, {g.number_of_edges()} facts) "
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
    rows, total = evaluate(gold_dir, docs_dir)
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
        Console().print(t)
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
    paths = write_exports(ds, out)
    Console().print(f"wrote {len(paths)} files into {out}", highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
