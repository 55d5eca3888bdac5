"""The knowledge store: one interface over the embedded pyoxigraph store and a remote SPARQL server.

``open_store(spec)`` picks the backend from ``--store``: a folder (default ``.aikg/store``) opens the
embedded, persistent, transactional store; ``sparql+http://HOST:PORT/PATH`` any SPARQL 1.1
Query/Update server (see ``graph/store_remote.py``); ``:memory:`` a throw-away in-memory store.

Every document lives in its own named graph (``graph.rdf.iri.graph_iri``); ``replace_document`` swaps
that graph in one transaction. A small bookkeeping graph (``META_GRAPH``) holds store metadata such
as the extractor fingerprint; it is not part of the data (``quads``, ``quad_count``, ``to_dataset``
leave it out).

>>> with open_store(":memory:") as st:
...     st.replace_document("a.txt", [])
...     sorted(st.documents())
[]
"""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    Triple,
)
from rdflib import Dataset, URIRef

from graph.rdf.iri import graph_iri
from graph.rdf.terms import Term, new_dataset, to_oxigraph, to_rdflib

DEFAULT_STORE = ".aikg/store"
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


@dataclass
class QueryResult:
    """What a query returned, materialised: rows of a SELECT, the boolean of an ASK, or triples."""

    kind: str                                       # "select" | "ask" | "graph"
    variables: tuple[str, ...] = ()
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    truncated: bool = False                         # True when max_rows cut the result

    @classmethod
    def from_pyoxigraph(cls, res: Any, max_rows: int | None = None) -> QueryResult:
        if isinstance(res, QueryBoolean):
            return cls(kind="ask", boolean=bool(res))
        if isinstance(res, QuerySolutions):
            names = tuple(v.value for v in res.variables)
            out = cls(kind="select", variables=names)
            for sol in res:
                if max_rows is not None and len(out.rows) >= max_rows:
                    out.truncated = True
                    break
                out.rows.append(tuple(sol[i] for i in range(len(names))))
            return out
        if isinstance(res, (QueryTriples, Iterable)):
            out = cls(kind="graph", variables=("subject", "predicate", "object"))
            for t in res:
                if max_rows is not None and len(out.triples) >= max_rows:
                    out.truncated = True
                    break
                out.triples.append(t if isinstance(t, Triple) else Triple(t.subject, t.predicate, t.object))
            return out
        raise TypeError(f"not a query result: {type(res).__name__}")

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)

    def table(self) -> tuple[tuple[str, ...], list[tuple[Term | None, ...]]]:
        """Column names and rows whatever the kind (an ASK gives one ``boolean`` cell)."""
        if self.kind == "ask":
            return ("boolean",), [(Literal(str(bool(self.boolean)).lower(),
                                           datatype=NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),)]
        if self.kind == "graph":
            return self.variables, [(t.subject, t.predicate, t.object) for t in self.triples]
        return self.variables, self.rows

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (numbers for numeric literals), for JSON and pandas."""
        names, rows = self.table()
        return [{n: python_value(v) for n, v in zip(names, row)} for row in rows]


_NUMERIC = re.compile(r"#(integer|int|long|short|decimal|double|float|nonNegativeInteger|positiveInteger)$")


def python_value(term: Term | None) -> Any:
    """The plain value of a term: IRI and string text, int/float for numbers, bool for booleans."""
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = term.datatype.value
        if _NUMERIC.search(dt):
            try:
                num = float(term.value)
            except ValueError:
                return term.value
            return int(num) if dt.endswith(("integer", "int", "long", "short")) and num.is_integer() else num
        if dt.endswith("#boolean"):
            return term.value in ("true", "1")
        return term.value
    return term.value if isinstance(term, NamedNode) else str(term)


def document_quads_in_graph(doc_id: str, quads: Iterable[Any]) -> list[Quad]:
    """``quads`` (rdflib or pyoxigraph, 3- or 4-tuples) as pyoxigraph quads of the document's graph;
    a quad that names another graph raises ``ValueError``."""
    g = NamedNode(str(graph_iri(doc_id)))
    out: list[Quad] = []
    for q in quads:
        if isinstance(q, Quad):
            if q.graph_name == g:          # what graph.rdf writes: already right, nothing to convert
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
        out.append(Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g))  # type: ignore[arg-type]
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
        from graph.store_sparql import BindingError, bind_values, query_form

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
            if q.graph_name.value not in graphs:  # type: ignore[union-attr]
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
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return ds


def is_remote(spec: str) -> bool:
    return spec.startswith(("sparql+http://", "sparql+https://"))


def open_store(spec: str | Path = DEFAULT_STORE, *, read_only: bool = False) -> Store:
    """Open the store named by ``spec``: a folder, ``:memory:`` or ``sparql+http(s)://…``.

    ``read_only`` opens an existing embedded store without taking its write lock (queries, the
    endpoint); it fails with a clear message when nothing has been built there yet.
    """
    spec = str(spec)
    if is_remote(spec):
        from graph.store_remote import RemoteStore

        return RemoteStore(spec)
    if re.match(r"^[a-z][a-z0-9+.-]*://", spec):
        raise StoreError(f"unknown store {spec!r}", "only folders and sparql+http(s):// URLs are stores",
                         "pass a folder (default .aikg/store) or sparql+http://HOST:PORT/PATH")
    from graph.store_embedded import EmbeddedStore

    return EmbeddedStore(None if spec == ":memory:" else Path(spec), read_only=read_only)
