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

from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from graph.rdf import PREFIXES
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


def turtle(ds: Dataset) -> str:
    """The union graph as deterministic Turtle (rdflib ``longturtle``)."""
    return union(ds).serialize(format="longturtle")


def _split_prefixes(text: str) -> tuple[list[str], str]:
    """The leading ``@prefix`` lines of rdflib's Turtle/TriG output, and the rest."""
    lines = text.splitlines()
    i = 0
    while i < len(lines) and (lines[i].startswith("@prefix") or not lines[i].strip()):
        i += 1
    return [ln for ln in lines[:i] if ln.strip()], "\n".join(lines[i:]).strip("\n")


def trig(ds: Dataset) -> str:
    """Every named graph as TriG, graphs in IRI order (rdflib orders them by hash, so write one at a time)."""
    prefixes: set[str] = set()
    blocks = []
    for g in sorted(sorted_dataset(ds).graphs(), key=lambda g: str(g.identifier)):
        if len(g) == 0:
            continue
        one = Dataset()
        _bind(one)
        target = one.default_graph if g.identifier == DATASET_DEFAULT_GRAPH_ID else one.graph(g.identifier)
        for triple in g:
            target.add(triple)
        head, body = _split_prefixes(one.serialize(format="trig"))
        prefixes.update(head)
        blocks.append(body)
    return "\n".join([*sorted(prefixes), "", *(b + "\n" for b in blocks)]) if blocks else ""


def nquads(ds: Dataset) -> str:
    """Every named graph as N-Quads, one statement a line, lines sorted."""
    text = sorted_dataset(ds).serialize(format="nquads")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return "".join(line + "\n" for line in lines)


def _sorted_json(node: Any, key: str = "") -> Any:
    """JSON-LD arrays are unordered (except @list): sort them so the text does not follow hash order."""
    if isinstance(node, dict):
        return {k: _sorted_json(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_json(v) for v in node]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def jsonld(ds: Dataset) -> str:
    """Every named graph as JSON-LD, compacted with ``JSONLD_CONTEXT`` (keys and arrays sorted)."""
    text = sorted_dataset(ds).serialize(format="json-ld", context=JSONLD_CONTEXT, indent=2, sort_keys=True,
                                        ensure_ascii=False)
    return json.dumps(_sorted_json(json.loads(text)), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
