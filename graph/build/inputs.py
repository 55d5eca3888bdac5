"""The documents a build reads, and the quads of one document's extraction.

A document that cannot be read is an outcome (``skipped``, "not read: …"), not an error. Extraction runs
where the engine puts it (``graph.build.engines``, ``graph.build.work``).
"""
from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pyoxigraph import Quad

from extract import ingest, pipeline
from extract.facts import Document, Extraction
from graph.build.outcome import DocumentOutcome
from graph.rdf import extraction_quads
from graph.rdf.identity import AliasTable, Merge, unify

__all__ = ["document_quads", "graph_quads", "read_documents", "with_sha"]

log = logging.getLogger(__name__)


def read_documents(paths: Sequence[Path]) -> tuple[list[Document], list[DocumentOutcome]]:
    """Documents under ``paths``, and the inputs that could not be read (``skipped``, "not read: …")."""
    read_corpus: Callable[..., Any] | None = getattr(ingest, "read_corpus", None)
    if read_corpus is not None:
        docs, problems = read_corpus(list(paths))
        skipped = [DocumentOutcome(Path(getattr(p, "path", "")).name or str(p), "skipped",
                                   f"not read: {getattr(p, 'message', p)}", str(getattr(p, "path", "")) or None)
                   for p in problems]
        return list(docs), skipped
    docs, failed, seen = [], [], set()
    for f in ingest.iter_paths(list(paths)):
        try:
            doc = ingest.read_document(f)
        except (ingest.IngestError, OSError) as exc:
            failed.append(DocumentOutcome(f.name, "skipped", f"not read: {exc}", str(f)))
            continue
        if doc.id in seen:
            failed.append(DocumentOutcome(doc.id, "skipped", "not read: a second document with this file "
                                          "name; document ids are file names: rename one", str(f)))
            continue
        seen.add(doc.id)
        docs.append(doc)
    return docs, failed


def with_sha(doc: Document) -> Document:
    if doc.sha256:
        return doc
    return dataclasses.replace(doc, sha256=hashlib.sha256(doc.text.encode("utf-8")).hexdigest())


def document_quads(doc: Document, aliases: AliasTable | None = None,
                   merges: list[Merge] | None = None) -> list[Quad]:
    """Extract ``doc`` and return the quads of its named graph (pyoxigraph terms).

    With an alias table, entities take their corpus-wide canonical names (one IRI across documents);
    the merges made are appended to ``merges``.
    """
    return graph_quads(pipeline.extract_document(doc), aliases, merges)


def graph_quads(ex: Extraction, aliases: AliasTable | None, merges: list[Merge] | None) -> list[Quad]:
    """The quads of an extraction's named graph, entities renamed to their corpus-wide canonical names."""
    if aliases is not None:
        (ex,), done = unify([ex], aliases)
        if merges is not None:
            merges.extend(done)
    return extraction_quads(ex)
