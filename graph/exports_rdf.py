"""Render the Dataset as RDF text (Turtle, TriG, N-Quads, JSON-LD), deterministically; writes no files.

Determinism: triples are copied into a fresh Dataset in sorted order (graphs by IRI, triples by their
N3 form) before serialising, so the output depends only on the data, never on insertion order.
On the way, xsd:decimal literals get their canonical lexical form (``311`` → ``311.0``, ``1e+16`` →
``10000000000000000.0``): Turtle writes decimals as bare numbers, and a non-canonical form would read
back as a different literal (or, for ``1e+16``, as a double).
"""
from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from graph.rdf import PREFIXES
from graph.store import to_oxigraph
from ontology.namespace import AIKG_IRI, DATA_IRI

__all__ = ["JSONLD_CONTEXT", "canonical", "jsonld", "nquads", "sorted_dataset", "trig", "turtle", "union"]

JSONLD_CONTEXT: dict[str, str] = {
    "aikg": AIKG_IRI,
    "d": DATA_IRI,
    "skos": str(SKOS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
}


def canonical(term: Node) -> Node:
    """``term``, with an xsd:decimal literal rewritten to its canonical lexical form (same value).

    >>> canonical(Literal("311", datatype=XSD.decimal))
    rdflib.term.Literal('311.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    if not (isinstance(term, Literal) and term.datatype == XSD.decimal):
        return term
    try:
        number = Decimal(str(term))
    except InvalidOperation:
        return term
    if not number.is_finite():
        return term
    text = format(number, "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _canonical(triple: tuple[Node, Node, Node]) -> tuple[Node, Node, Node]:
    s, p, o = triple
    return s, p, canonical(o)


def _key(triple: tuple[object, object, object]) -> tuple[str, ...]:
    return tuple(t.n3() for t in triple)  # type: ignore[attr-defined]


def _bind(g: Graph) -> None:
    for prefix, ns in {**PREFIXES, "rdfs": RDFS, "xsd": XSD}.items():
        g.bind(prefix, ns, override=True)


def sorted_dataset(ds: Dataset) -> Dataset:
    """A copy of ``ds`` whose graphs and triples were added in sorted order (named graphs by IRI)."""
    out = Dataset()
    _bind(out)
    for ctx in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if len(ctx) == 0:
            continue
        target = out.default_graph if ctx.identifier == DATASET_DEFAULT_GRAPH_ID else out.graph(ctx.identifier)
        for triple in sorted((_canonical(t) for t in ctx), key=_key):
            target.add(triple)
    return out


def union(ds: Dataset | Graph) -> Graph:
    """Every triple of every graph of ``ds`` in one plain Graph, added in sorted order."""
    quads = ds.quads((None, None, None, None)) if isinstance(ds, Dataset) else ((*t, None) for t in ds)
    triples = {_canonical((s, p, o)) for s, p, o, _ in quads}
    g = Graph()
    _bind(g)
    for triple in sorted(triples, key=_key):
        g.add(triple)
    return g


Source = Any  # an rdflib Dataset/Graph, or a list of pyoxigraph Quads (what the store holds)

# Data IRIs are written in full: a prefixed name needs escapes (d:entity\/\.) that rdflib cannot read back.
_PREFIXES = {k: str(v) for k, v in {**PREFIXES, "rdfs": RDFS, "xsd": XSD, "rdf": RDF}.items() if k != "d"}


def ox_quads(source: Source) -> list[ox.Quad]:
    """The quads of ``source`` as pyoxigraph quads, decimals canonical, sorted (graph, s, p, o)."""
    if isinstance(source, (Dataset, Graph)):
        quads = source.quads((None, None, None, None)) if isinstance(source, Dataset) \
            else ((*t, None) for t in source)
        out = set()
        for s, p, o, g in quads:
            s, p, o = _canonical((s, p, o))
            gname = ox.DefaultGraph() if g is None or g == DATASET_DEFAULT_GRAPH_ID else to_oxigraph(g)
            out.add(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), gname))
        quads_list = list(out)
    else:
        quads_list = list(source)
    quads_list.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return quads_list


def turtle(source: Source) -> str:
    """The union graph as deterministic Turtle (pyoxigraph's serializer over sorted triples)."""
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in ox_quads(source)},
                     key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES).decode("utf-8")


def trig(source: Source) -> str:
    """Every named graph as TriG, graphs in IRI order, triples sorted."""
    return ox.serialize(ox_quads(source), format=ox.RdfFormat.TRIG, prefixes=_PREFIXES).decode("utf-8")


def nquads(source: Source) -> str:
    """Every named graph as N-Quads, one statement a line, lines sorted."""
    text = ox.serialize(ox_quads(source), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    # split at LF only: str.splitlines would also cut at U+0085, U+2028 … inside literals
    return "".join(line + "\n" for line in sorted(ln for ln in text.split("\n") if ln.strip()))


def jsonld(source: Source) -> str:
    """Every named graph as JSON-LD (expanded IRIs, one object per named graph, in sorted order);
    the ``@context`` declares the prefixes a reader may use to compact it."""
    # the quads are sorted, so pyoxigraph's output is already in a deterministic order; it is embedded
    # as it is (re-encoding megabytes of JSON with an indent costs more than the rest of the export)
    graph = ox.serialize(ox_quads(source), format=ox.RdfFormat.JSON_LD).decode("utf-8")
    context = json.dumps(JSONLD_CONTEXT, indent=2, sort_keys=True, ensure_ascii=False)
    return f'{{\n"@context": {context},\n"@graph": {graph}\n}}\n'
