"""One document's work, wherever it runs (a process of the local engine, a Dask worker), in two steps:
``extract_work`` (the extractor) and ``graph_work`` (the quads of its named graph and their SHACL check).

Between the two, the one store writer gives the entities their corpus-wide names (the alias table,
``graph.rdf.identity``): they depend on every document before this one, so the writer names them in input
order, and sends the renamed extraction back to be turned into quads (measured on the bench corpus: 298 of
300 documents have a name changed, so quads made before the naming would be made twice).

>>> from extract.facts import Document
>>> e = extract_work(Document("a.txt", ""))
>>> (e.doc_id, e.error, graph_work(e.extraction, validate=False).nquads[:1])
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

__all__ = ["Extracted", "GraphWork", "extract_work", "graph_work", "nquads_of"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Extracted:
    """The first step's result: the extraction (None when it raised, ``error`` says why)."""

    doc_id: str
    extraction: Extraction | None
    error: str | None = None


@dataclass(frozen=True)
class GraphWork:
    """The second step's result: the N-Quads of the document's graph and their SHACL violations (None: not
    checked), or what went wrong."""

    nquads: bytes
    violations: tuple[Issue, ...] | None
    error: str | None = None


def nquads_of(quads: list[ox.Quad]) -> bytes:
    """The quads as N-Quads (what the store loads in one call, and what travels between processes)."""
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def extract_work(doc: Document) -> Extracted:
    """Extract ``doc``; an extraction that raises fails this document alone (the error is the result)."""
    try:
        return Extracted(doc.id, pipeline.extract_document(doc))
    except Exception as exc:
        log.exception("extraction failed for %s", doc.id)
        return Extracted(doc.id, None, f"{type(exc).__name__}: {exc}")


def graph_work(ex: Extraction, validate: bool) -> GraphWork:
    """The quads of the (named) extraction's graph, and with ``validate`` their SHACL violations."""
    try:
        quads = extraction_quads(ex)
        return GraphWork(nquads_of(quads), document_violations(quads) if validate else None)
    except Exception as exc:
        log.exception("making the graph of %s failed", ex.document.id)
        return GraphWork(b"", None, f"{type(exc).__name__}: {exc}")
