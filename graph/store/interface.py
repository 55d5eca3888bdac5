"""The Store interface: one named graph per document, queried with SPARQL; its errors and bookkeeping.

Every document lives in its own named graph (``graph.rdf.iri.graph_iri``); ``replace_document`` swaps
that graph in one transaction. A small bookkeeping graph (``META_GRAPH``) holds store metadata such
as the extractor fingerprint; it is not part of the data (``quads``, ``quad_count``, ``to_dataset``
leave it out). The backends are ``graph.store.embedded`` and ``graph.store.remote``.
"""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Self

import pyoxigraph
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple
from rdflib import Dataset, URIRef

from graph.rdf.iri import graph_iri
from graph.rdf.terms import new_dataset, ox_quad, rdf11, to_rdflib
from graph.store.results import QueryResult
from graph.store.sparql import BindingError, bind_values, query_form

__all__ = ["META_GRAPH", "QueryError", "Store", "StoreError", "document_quads_in_graph", "document_triples",
           "replace_graph_update"]

META_GRAPH = NamedNode("urn:aikg:store")

_DOCUMENTS = """
PREFIX aikg: <https://w3id.org/aikg/ontology#>
SELECT ?name ?sha WHERE {
  GRAPH ?g { ?d a aikg:Document ; aikg:fileName ?name . OPTIONAL { ?d aikg:sha256 ?sha } }
}"""


class StoreError(Exception):
    """The store cannot do what was asked: says what happened, why, and how to fix it."""

    def __init__(self, what: str, why: str, fix: str) -> None:
        super().__init__(f"{what}: {why}; {fix}")
        self.what, self.why, self.fix = what, why, fix


class QueryError(StoreError):
    """A query the store refused: malformed, an update sent as a query, or an unbindable parameter."""


def document_quads_in_graph(doc_id: str, quads: Iterable[Any]) -> list[Quad]:
    """``quads`` (rdflib or pyoxigraph, 3- or 4-tuples) as pyoxigraph quads of the document's graph;
    a quad that names another graph raises ``ValueError``."""
    g = NamedNode(str(graph_iri(doc_id)))
    out: list[Quad] = []
    for q in quads:
        if isinstance(q, Quad):
            if q.graph_name == g:          # what graph.rdf.quads writes: already right, nothing to convert
                out.append(q)
                continue
            s, p, o, c = q.subject, q.predicate, q.object, q.graph_name
        elif isinstance(q, Triple):
            s, p, o, c = q.subject, q.predicate, q.object, None
        else:
            s, p, o, *rest = q
            c = rest[0] if rest else None
        if c is not None and not isinstance(c, DefaultGraph):
            name = getattr(c, "identifier", c)
            name = getattr(name, "value", name)
            if str(name) != g.value:
                raise ValueError(f"quad {s} {p} {o} is in graph {name}, not in {g.value} of document {doc_id!r}")
        out.append(ox_quad(s, p, o, g))
    return out


def document_triples(doc_id: str, quads: Iterable[Any]) -> list[Triple]:
    """The triples of ``quads`` (rdflib or pyoxigraph, 3- or 4-tuples) checked to sit in the doc's graph."""
    return [q.triple for q in document_quads_in_graph(doc_id, quads)]


def replace_graph_update(graph: NamedNode, triples: Sequence[Triple]) -> str:
    """One SPARQL Update request that swaps ``graph`` for ``triples`` (executed as one transaction)."""
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    ops = [f"DROP SILENT GRAPH {graph}"]
    if triples:
        ops.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}")
    return " ;\n".join(ops)


def _meta_key(key: str) -> NamedNode:
    if not re.fullmatch(r"[a-z][a-z0-9-]*", key):
        raise ValueError(f"metadata key {key!r}: use lower-case letters, digits and -")
    return NamedNode(f"urn:aikg:{key}")


class Store(ABC):
    """A quad store holding one named graph per document, queried with SPARQL."""

    spec: str

    @abstractmethod
    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, *,
              max_rows: int | None = None) -> QueryResult:
        """Run a SPARQL query; ``bindings`` (variable → term or alternative terms) go in a VALUES block."""

    @staticmethod
    def prepare_query(sparql: str, bindings: Mapping[str, Any] | None) -> str:
        """The query text to run: refuses updates, binds ``bindings`` as a VALUES block."""
        if query_form(sparql) == "UPDATE":
            raise QueryError("cannot run an update as a query", "queries only read the store",
                             "use a SELECT, ASK, CONSTRUCT or DESCRIBE query")
        try:
            return bind_values(sparql, bindings)
        except BindingError as exc:
            raise QueryError("cannot bind the parameters", str(exc), "check the query and --param") from exc

    @abstractmethod
    def update(self, sparql_update: str) -> None:
        """Run a SPARQL Update request as one transaction."""

    @abstractmethod
    def quads(self) -> Iterator[Quad]:
        """Every quad of the data (the named graphs, without the bookkeeping graph)."""

    def quads_outside(self, graphs: set[str]) -> Iterator[Quad]:
        """The quads of the data not in the named graphs whose IRIs are ``graphs``."""
        for q in self.quads():
            name = q.graph_name
            if not (isinstance(name, NamedNode) and name.value in graphs):
                yield q

    @abstractmethod
    def quad_count(self) -> int:
        """How many quads the data holds."""

    def close(self) -> None:
        """Release the store (the embedded store frees its folder lock)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def documents(self) -> dict[str, str]:
        """Document id (file name) → sha256 of its content as held in the store ("" when unknown)."""
        out: dict[str, str] = {}
        for name, sha in self.query(_DOCUMENTS).rows:
            if name is not None:
                out[name.value] = sha.value if sha is not None else out.get(name.value, "")
        return dict(sorted(out.items()))

    def replace_document(self, doc_id: str, quads: Iterable[Any]) -> None:
        """Replace the document's named graph by ``quads``, all or nothing."""
        self.update(replace_graph_update(NamedNode(str(graph_iri(doc_id))), document_triples(doc_id, quads)))

    def load_document(self, doc_id: str, nquads: bytes) -> None:
        """Replace the document's named graph by the quads of ``nquads`` (N-Quads, every quad in the
        document's graph, as ``graph.rdf`` makes them), all or nothing. The backends load the bytes as they
        are (the embedded store in one call, a remote server with one Graph Store Protocol PUT)."""
        self.replace_document(doc_id, pyoxigraph.parse(nquads, format=RdfFormat.N_QUADS))

    def named_graphs(self) -> list[NamedNode]:
        """The named graphs of the data (one a document), sorted by IRI."""
        return sorted({q.graph_name for q in self.quads() if isinstance(q.graph_name, NamedNode)},
                      key=lambda g: g.value)

    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        """The quads of one named graph."""
        return [q for q in self.quads() if q.graph_name == graph]

    def remove_document(self, doc_id: str) -> None:
        """Drop the document's named graph (nothing happens when it is absent)."""
        self.update(f"DROP SILENT GRAPH {NamedNode(str(graph_iri(doc_id)))}")

    def get_meta(self, key: str) -> str | None:
        """A bookkeeping value (e.g. ``extractor``), or None."""
        q = f"SELECT ?v WHERE {{ GRAPH {META_GRAPH} {{ {META_GRAPH} {_meta_key(key)} ?v }} }}"
        rows = self.query(q).rows
        return rows[0][0].value if rows and rows[0][0] is not None else None

    def set_meta(self, key: str, value: str) -> None:
        k = _meta_key(key)
        self.update(f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ {META_GRAPH} {k} ?v }} }} ;\n"
                    f"INSERT DATA {{ GRAPH {META_GRAPH} {{ {META_GRAPH} {k} {Literal(value)} }} }}")

    def to_dataset(self) -> Dataset:
        """All quads as an rdflib Dataset (for exports, views and analysis), prefixes bound."""
        ds = new_dataset()
        graphs: dict[str, Any] = {}
        for q in self.quads():
            name = q.graph_name.value if isinstance(q.graph_name, NamedNode) else ""
            g = graphs.get(name)
            if g is None:
                g = graphs[name] = ds.graph(URIRef(name)) if name else ds.default_graph
            g.add((to_rdflib(rdf11(q.subject)), to_rdflib(q.predicate), to_rdflib(rdf11(q.object))))
        return ds
