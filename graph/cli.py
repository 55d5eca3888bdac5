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
        fail(f"cannot read {file}", str(exc), "see the message above")
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
