"""aikg extract, aikg eval: the extractor on one document, and its scores against gold files."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from extract.ingest import IngestError, read_document
from extract.pipeline import extract_document
from graph.cli.shell import con, fail


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


def eval_(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold annotations (GUIDE.md JSON)")],
    docs_dir: Annotated[Path, typer.Argument(help="Folder of the documents (matched by file stem)")],
    by_batch: Annotated[bool, typer.Option("--by-batch", help="Also score every batch with a model trained on "
                                           "the other batches (leave one batch out), and the rules alone")] = False,
    readme: Annotated[Path | None, typer.Option("--readme", help="With --by-batch: rewrite the results table "
                                                "between the eval markers of this README")] = None,
) -> None:
    """Score the extractor against gold files: per-document and total precision, recall and F1.

    Example: aikg eval ../shared/eval/gold ../shared/corpus --by-batch
    """
    from extract.evaluate import evaluate, format_row, format_total

    for d in (gold_dir, docs_dir):
        if not d.is_dir():
            fail(f"{d} is not a folder", "eval reads a folder of gold JSON files and a folder of documents",
                 "give two existing folders, e.g. aikg eval ../shared/eval/gold ../shared/corpus")
    if readme is not None and not by_batch:
        fail("--readme needs --by-batch", "the README's table holds the held-out batch scores",
             "add --by-batch")
    if by_batch:
        _by_batch(gold_dir, docs_dir, readme)
        return
    try:
        rows, total = evaluate(gold_dir, docs_dir)
    except IngestError as exc:
        fail(f"cannot score {exc.path or gold_dir}: {exc.what}", exc.why, exc.fix)
    for name, sc in rows:
        print(format_row(name, sc) if sc is not None else f"{name}: no document found in {docs_dir}")
    for line in format_total(total):
        print(line)


def _by_batch(gold_dir: Path, docs_dir: Path, readme: Path | None) -> None:
    from extract.learn.report import README_END, README_START, evaluation, text, update_readme

    try:
        import sklearn  # noqa: F401  (held-out batches fit models: a development dependency)
    except ImportError:
        fail("--by-batch needs scikit-learn", "every held-out batch is scored by a model fitted on the others",
             "install the development extras: .venv/bin/pip install -e '.[dev]'")
    try:
        ev = evaluation(gold_dir, docs_dir)
    except IngestError as exc:
        fail(f"cannot score {exc.path or gold_dir}: {exc.what}", exc.why, exc.fix)
    if ev.documents == 0:
        fail(f"no gold file of {gold_dir} has its document under {docs_dir}", "files are matched by stem",
             "give the folder that holds the annotated documents")
    print(text(ev))
    if readme is not None and not update_readme(readme, ev):
        fail(f"{readme} has no results markers", f"the table is written between {README_START} and "
             f"{README_END}", "add the two marker lines where the table belongs")
