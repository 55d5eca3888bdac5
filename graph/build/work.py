"""One document's work, wherever it runs (a process of the local engine, a Dask worker): its extraction, the
quads of its named graph, their SHACL check.

The quads are those of the extraction as it came out of the extractor: the corpus-wide names (the alias
table, ``graph.rdf.identity``) depend on every document before this one, so the one store writer gives
them, in input order, and makes the quads again only for a document whose names it changed.

>>> from extract.facts import Document
>>> w = document_work(Document("a.txt", ""), validate=False)
>>> (w.doc_id, w.error, w.nquads[:1])
('a.txt', None, b'<')
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import pyoxigraph as ox

from extract import pipeline
from extract.facts import Document, Extraction
from graph.rdf import extraction_quads
from graph.validate import Issue, document_violations

__all__ = ["DocumentWork", "document_work", "nquads_of"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentWork:
    """What one document's work gives back to the writer: the extraction (None when it raised, ``error`` says
    why), the N-Quads of its graph as extracted, and the SHACL violations of that graph (None: not checked)."""

    doc_id: str
    extraction: Extraction | None
    nquads: bytes
    violations: tuple[Issue, ...] | None
    error: str | None = None


def nquads_of(quads: list[ox.Quad]) -> bytes:
    """The quads as N-Quads (what the store loads in one call, and what travels between processes)."""
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def document_work(doc: Document, validate: bool) -> DocumentWork:
    """Extract ``doc``, make the quads of its graph and (with ``validate``) check them with the shapes. An
    extraction that raises fails this document alone: the error is the result."""
    try:
        ex = pipeline.extract_document(doc)
    except Exception as exc:
        log.exception("extraction failed for %s", doc.id)
        return DocumentWork(doc.id, None, b"", None, f"{type(exc).__name__}: {exc}")
    quads = extraction_quads(ex)
    violations = document_violations(quads) if validate else None
    return DocumentWork(doc.id, ex, nquads_of(quads), violations)
