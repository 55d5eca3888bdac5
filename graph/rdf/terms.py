"""RDF terms both ways (rdflib ↔ pyoxigraph) and the prefixes: what building, storing and exporting share.

>>> to_rdflib(to_oxigraph(URIRef("https://example.org/x")))
rdflib.term.URIRef('https://example.org/x')
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple
from rdflib import SKOS, BNode, Dataset, URIRef
from rdflib import Literal as RLiteral
from rdflib.namespace import DCTERMS, PROV

from ontology.namespace import AIKG, AIKGD

__all__ = ["PREFIXES", "RDF_LANG_STRING", "XSD_STRING", "GraphName", "Subject", "Term", "new_dataset", "ox_quad",
           "ox_triple", "rdf11", "rdf_bytes", "rdflib_quads", "to_oxigraph", "to_rdflib"]

Term = NamedNode | BlankNode | Literal            # an RDF 1.1 term: what the graph holds
Subject = NamedNode | BlankNode
GraphName = NamedNode | BlankNode | DefaultGraph

PREFIXES = {"aikg": AIKG._NS, "d": AIKGD, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def new_dataset() -> Dataset:
    """An empty rdflib Dataset with the project's prefixes bound."""
    ds = Dataset()
    for p, ns in PREFIXES.items():
        ds.bind(p, ns)
    return ds


def to_oxigraph(term: Any) -> Term:
    """An rdflib (or pyoxigraph) term as a pyoxigraph term."""
    if isinstance(term, (NamedNode, BlankNode, Literal)):
        return term
    if isinstance(term, URIRef):
        return NamedNode(str(term))
    if isinstance(term, BNode):
        return BlankNode(str(term))
    if isinstance(term, RLiteral):
        if term.language:
            return Literal(str(term), language=term.language)
        if term.datatype is not None:
            return Literal(str(term), datatype=NamedNode(str(term.datatype)))
        return Literal(str(term))
    raise TypeError(f"cannot store {term!r}: expected an IRI, blank node or literal")


def _subject(term: Any) -> Subject:
    t = to_oxigraph(term)
    if isinstance(t, Literal):
        raise TypeError(f"a literal cannot be a subject: {t}")
    return t


def _predicate(term: Any) -> NamedNode:
    t = to_oxigraph(term)
    if not isinstance(t, NamedNode):
        raise TypeError(f"a predicate is an IRI, not {t}")
    return t


def ox_triple(s: Any, p: Any, o: Any) -> Triple:
    """A pyoxigraph triple of rdflib (or pyoxigraph) terms, each checked to fit its place."""
    return Triple(_subject(s), _predicate(p), to_oxigraph(o))


def ox_quad(s: Any, p: Any, o: Any, g: GraphName) -> Quad:
    """A pyoxigraph quad of rdflib (or pyoxigraph) terms in the graph ``g``, each checked to fit its place."""
    return Quad(_subject(s), _predicate(p), to_oxigraph(o), g)


def rdf11(term: Term | Triple) -> Term:
    """``term``, refused when it is a quoted triple (RDF-star, which pyoxigraph allows): the graph has none."""
    if isinstance(term, Triple):
        raise TypeError(f"a quoted triple (RDF-star) is not an RDF 1.1 term: {term}")
    return term


def rdf_bytes(data: Iterable[Triple] | Iterable[Quad], fmt: ox.RdfFormat,
              prefixes: dict[str, str] | None = None) -> bytes:
    """``data`` serialised by pyoxigraph into bytes (``pyoxigraph.serialize`` returns None only when it
    writes to a file, which this never asks)."""
    out = ox.serialize(data, format=fmt, prefixes=prefixes)
    if out is None:
        raise RuntimeError("pyoxigraph.serialize returned no bytes")
    return out


def to_rdflib(term: Term) -> URIRef | BNode | RLiteral:
    """A pyoxigraph term as an rdflib term (a plain xsd:string literal stays plain)."""
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    if term.language:
        return RLiteral(term.value, lang=term.language)
    dt = term.datatype.value
    return RLiteral(term.value) if dt == XSD_STRING else RLiteral(term.value, datatype=URIRef(dt))


def rdflib_quads(quads: Iterable[Quad]) -> Iterator[tuple[Any, Any, Any, Any]]:
    """pyoxigraph quads as rdflib-term 4-tuples, IRIs converted once (they repeat a lot)."""
    iris: dict[str, URIRef] = {}

    def conv(t: Any) -> Any:
        if isinstance(t, NamedNode):
            u = iris.get(t.value)
            if u is None:
                u = iris[t.value] = URIRef(t.value)
            return u
        return to_rdflib(t)

    for q in quads:
        g = q.graph_name
        yield conv(q.subject), conv(q.predicate), conv(q.object), (conv(g) if isinstance(g, NamedNode) else None)
