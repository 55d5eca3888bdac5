"""Render the Dataset as RDF text (Turtle, TriG, N-Quads, JSON-LD), deterministically; writes no files.

Determinism: the quads are put in one order before serialising (``SortedQuads``: graphs by IRI,
statements by their N-Quads line), so the output depends only on the data, never on insertion order.
On the way, xsd:decimal literals of rdflib data get their canonical lexical form (``311`` → ``311.0``, ``1e+16`` →
``10000000000000000.0``): Turtle writes decimals as bare numbers, and a non-canonical form would read
back as a different literal (or, for ``1e+16``, as a double).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from graph.rdf.terms import PREFIXES, ox_quad, rdf_bytes, to_oxigraph
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


def _key(triple: tuple[Node, Node, Node]) -> tuple[str, ...]:
    return tuple(t.n3() for t in triple)


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


def _lines(quads: Sequence[ox.Quad]) -> list[str]:
    """The N-Quads line of each quad, in order (pyoxigraph writes one line a quad; split at LF only:
    str.splitlines would also cut at U+0085, U+2028 … inside literals)."""
    lines = rdf_bytes(quads, ox.RdfFormat.N_QUADS).decode("utf-8").split("\n")[:-1]
    if len(lines) != len(quads):
        raise RuntimeError(f"pyoxigraph wrote {len(lines)} N-Quads lines for {len(quads)} quads")
    return lines


class SortedQuads:
    """The quads to export, put in order once for every RDF file (``write_exports`` makes one).

    ``by_graph``: graph by graph (in the order of their IRIs), each graph's quads sorted by their N-Quads
    line, each once; ``quads``: all of them sorted by their N-Quads line (subject, predicate, object,
    graph); ``lines``: those lines. The lines are the sort keys: pyoxigraph writes them all in one call,
    far cheaper than string keys made in Python term by term.
    """

    def __init__(self, graphs: Mapping[str, Sequence[ox.Quad]]) -> None:
        self.by_graph: list[ox.Quad] = []
        lines: list[str] = []
        for name in sorted(graphs):
            quads = graphs[name]
            own = _lines(quads)
            last = None
            for i in sorted(range(len(own)), key=own.__getitem__):
                if own[i] != last:                 # a quad written twice is one statement
                    last = own[i]
                    self.by_graph.append(quads[i])
                    lines.append(last)
        order = sorted(range(len(lines)), key=lines.__getitem__)    # merges the graphs' sorted runs
        self.lines = [lines[i] for i in order]
        self.quads = [self.by_graph[i] for i in order]

    def triples(self) -> Iterator[ox.Triple]:
        """The union graph's triples, each once, sorted (a triple held by several graphs is adjacent to
        itself in ``quads``: its lines share the prefix up to the graph)."""
        last = None
        for q in self.quads:
            t = (q.subject, q.predicate, q.object)
            if t != last:
                last = t
                yield q.triple


def _by_graph(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Quad]]:
    """Quads grouped by graph, keyed by the graph's N-Triples form (``<iri>``, or ``DEFAULT``)."""
    out: dict[str, list[ox.Quad]] = {}
    for q in quads:
        out.setdefault(str(q.graph_name), []).append(q)
    return out


def _graph_name(g: Node) -> ox.NamedNode | ox.BlankNode:
    """An rdflib graph name as a pyoxigraph term."""
    name = to_oxigraph(g)
    if isinstance(name, ox.Literal):
        raise TypeError(f"a literal cannot name a graph: {name}")
    return name


def ox_quads(source: Source) -> SortedQuads:
    """The quads of ``source`` sorted for export. ``source``: a Dataset or Graph (rdflib terms get their
    canonical decimals on the way); pyoxigraph quads, or a mapping graph IRI → its quads (what the build
    has, written by ``graph.rdf.quads``, which writes canonical decimals); or a ``SortedQuads``, returned as it is."""
    if isinstance(source, SortedQuads):
        return source
    if isinstance(source, Mapping):
        return SortedQuads({f"<{g}>": qs for g, qs in source.items()})
    if isinstance(source, (Dataset, Graph)):
        quads = source.quads((None, None, None, None)) if isinstance(source, Dataset) \
            else ((*t, None) for t in source)
        out = []
        for s, p, o, g in quads:
            s, p, o = _canonical((s, p, o))
            gname = ox.DefaultGraph() if g is None or g == DATASET_DEFAULT_GRAPH_ID else _graph_name(g)
            out.append(ox_quad(s, p, o, gname))
        return SortedQuads(_by_graph(out))
    return SortedQuads(_by_graph(source))


def turtle(source: Source) -> str:
    """The union graph as deterministic Turtle (pyoxigraph's serializer over sorted triples)."""
    return rdf_bytes(ox_quads(source).triples(), ox.RdfFormat.TURTLE, _PREFIXES).decode("utf-8")


def trig(source: Source) -> str:
    """Every named graph as TriG, graphs in IRI order, triples sorted."""
    return rdf_bytes(ox_quads(source).by_graph, ox.RdfFormat.TRIG, _PREFIXES).decode("utf-8")


def nquads(source: Source) -> str:
    """Every named graph as N-Quads, one statement a line, lines sorted."""
    lines = ox_quads(source).lines
    return "\n".join(lines) + "\n" if lines else ""


def jsonld(source: Source) -> str:
    """Every named graph as JSON-LD (expanded IRIs, one object per named graph, in sorted order);
    the ``@context`` declares the prefixes a reader may use to compact it."""
    # the quads are sorted, so pyoxigraph's output is already in a deterministic order; it is embedded
    # as it is (re-encoding megabytes of JSON with an indent costs more than the rest of the export)
    graph = rdf_bytes(ox_quads(source).by_graph, ox.RdfFormat.JSON_LD).decode("utf-8")
    context = json.dumps(JSONLD_CONTEXT, indent=2, sort_keys=True, ensure_ascii=False)
    return f'{{\n"@context": {context},\n"@graph": {graph}\n}}\n'
