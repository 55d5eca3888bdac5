"""RDF → a networkx MultiDiGraph of entities (nodes) and facts (edges, keyed by fact IRI).

Node id: the entity IRI (str). Node attributes: ``label``, ``type`` (aikg class local name),
``aliases`` (sorted list), ``documents`` (sorted list of file names).
Edge attributes: ``predicate``, ``status``, ``date``, ``evidence``, ``document``, ``start``, ``end``,
``rule``, ``confidence``.
Graph attributes: ``places`` (place IRI → ``{"label", "level", "parent"}``, the parent a place IRI or None)
and ``document_places`` (file name → the IRI of the place the document is about), sorted.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx
from pyoxigraph import NamedNode, Quad, Triple
from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Literal, URIRef
from rdflib.namespace import PROV

from graph.rdf.iri import document_iri, graph_iri
from graph.rdf.terms import new_dataset
from ontology.namespace import AIKG, AIKG_IRI, DATA_IRI


def _local(term: object) -> str:
    s = str(term)
    return s.removeprefix(AIKG_IRI)


_ENTITY_CLASSES = {str(AIKG[c]) for c in (
    "Company", "ResearchInstitute", "University", "Lab", "GovernmentBody", "Alliance", "Platform",
    "Park", "Fund", "Event", "Policy", "Person", "Award", "TechField")}


def _plain(quads: Iterable[Any]) -> Iterator[tuple[str, str, str, str | None]]:
    """Quads (pyoxigraph ``Quad``s or rdflib 4-tuples) as strings: IRIs, and literals' lexical forms."""
    for q in quads:
        if isinstance(q, Quad):
            s, o, g = q.subject, q.object, q.graph_name
            if isinstance(s, Triple) or isinstance(o, Triple):
                raise TypeError(f"a quoted triple (RDF-star) is not an RDF 1.1 term: {q}")
            yield s.value, q.predicate.value, o.value, (g.value if isinstance(g, NamedNode) else None)
        else:
            s, p, o, ctx = q
            ctx = getattr(ctx, "identifier", ctx)
            yield str(s), str(p), str(o), (None if ctx is None else str(ctx))


def to_networkx(ds: Dataset | Iterable[Any]) -> nx.MultiDiGraph[str]:
    """Build the entity graph from every named graph of ``ds``: a Dataset, or its quads (pyoxigraph
    ``Quad``s as the store gives them, or rdflib 4-tuples).

    >>> from graph.rdf import new_dataset
    >>> to_networkx(new_dataset()).number_of_nodes()
    0
    """
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    docs: dict[str, set[str]] = defaultdict(set)
    file_names: dict[str, str] = {}
    facts: dict[str, dict[str, Any]] = defaultdict(dict)
    quads = ds.quads((None, None, None, None)) if isinstance(ds, Dataset) else ds
    places: dict[str, dict[str, str | None]] = {}
    doc_place: dict[str, str] = {}

    def place(iri: str) -> dict[str, str | None]:
        return places.setdefault(iri, {"label": None, "level": None, "parent": None})

    rdf_type, fact, file_name, alt = str(RDF.type), str(AIKG.Fact), str(AIKG.fileName), str(SKOS.altLabel)
    place_cls, place_p, level_p, parent_p = (str(AIKG.Place), str(AIKG.place), str(AIKG.placeLevel),
                                             str(AIKG.parentPlace))
    label_props = {str(SKOS.prefLabel), str(RDFS.label)}
    fact_props = {str(p): _local(p).split("#")[-1] for p in (
        RDF.subject, RDF.predicate, RDF.object, AIKG.status, AIKG.date, AIKG.evidence, AIKG.startOffset,
        AIKG.endOffset, AIKG.rule, AIKG.confidence, AIKG.document)}
    for s, p, o, ctx in _plain(quads):
        if p == rdf_type:
            if o in _ENTITY_CLASSES:
                types.setdefault(s, _local(o))
                if ctx is not None:
                    docs[s].add(ctx)
            elif o == fact:
                facts[s]["_fact"] = True
            elif o == place_cls:
                place(s)
        elif p in fact_props:
            facts[s][fact_props[p]] = o
        elif p in label_props:
            labels.setdefault(s, o)
        elif p == alt:
            aliases[s].add(o)
        elif p == file_name:
            file_names[s] = o
        elif p == place_p:
            doc_place[s] = o
            place(o)
        elif p == level_p:
            place(s)["level"] = o
        elif p == parent_p:
            place(s)["parent"] = o
            place(o)
    graph_to_file: dict[str, str] = {}
    for doc_iri, name in file_names.items():
        graph_to_file[doc_iri.replace("/doc/", "/graph/")] = name
    g.graph["places"] = {iri: {**places[iri], "label": labels.get(iri, iri)} for iri in sorted(places)}
    g.graph["document_places"] = dict(sorted((file_names.get(d, d), iri) for d, iri in doc_place.items()))
    for node in sorted(types):
        g.add_node(node, label=labels.get(node, node), type=types[node],
                   aliases=sorted(aliases.get(node, ())),
                   documents=sorted(graph_to_file.get(d, d) for d in docs.get(node, ())))
    for fid in sorted(facts):
        rec = facts[fid]
        if not rec.get("_fact") or "subject" not in rec or "object" not in rec:
            continue
        s, o = str(rec["subject"]), str(rec["object"])
        for n in (s, o):
            if n not in g:
                g.add_node(n, label=labels.get(n, n), type=types.get(n, "Entity"), aliases=[], documents=[])
        doc = str(rec.get("document", ""))
        g.add_edge(s, o, key=fid,
                   predicate=_local(rec["predicate"]),
                   status=str(rec.get("status", "")),
                   date=str(rec["date"]) if "date" in rec else None,
                   evidence=str(rec.get("evidence", "")),
                   document=file_names.get(doc, doc),
                   start=int(rec["startOffset"]) if "startOffset" in rec else None,
                   end=int(rec["endOffset"]) if "endOffset" in rec else None,
                   rule=str(rec.get("rule", "")),
                   confidence=float(rec["confidence"]) if "confidence" in rec else None)
    return g


def _document_iris(document: str) -> tuple[URIRef, URIRef]:
    """(document IRI, named-graph IRI) of a file name, or of a document/graph IRI kept as such."""
    if document.startswith(DATA_IRI):
        return URIRef(document.replace("/graph/", "/doc/", 1)), URIRef(document.replace("/doc/", "/graph/", 1))
    return document_iri(document), graph_iri(document)


def _places_to_rdf(g: nx.MultiDiGraph[str], ds: Dataset) -> None:
    """Each document's place (``g.graph["document_places"]``) and the places above it, in its graph."""
    places: dict[str, dict[str, Any]] = g.graph.get("places") or {}
    for document, iri in sorted((g.graph.get("document_places") or {}).items()):
        doc, graph_name = _document_iris(document)
        graph = ds.graph(graph_name)
        graph.add((doc, AIKG.place, URIRef(iri)))
        if not document.startswith(DATA_IRI):         # the file name keys the place when read back
            graph.add((doc, AIKG.fileName, Literal(document)))
        node: str | None = iri
        seen: set[str] = set()
        while node is not None and node not in seen:      # up to the province
            seen.add(node)
            rec = places.get(node) or {}
            graph.add((URIRef(node), RDF.type, AIKG.Place))
            graph.add((URIRef(node), RDFS.label, Literal(str(rec.get("label") or node), lang="zh")))
            if rec.get("level"):
                graph.add((URIRef(node), AIKG.placeLevel, Literal(str(rec["level"]))))
            parent = rec.get("parent")
            if parent:
                graph.add((URIRef(node), AIKG.parentPlace, URIRef(str(parent))))
            node = str(parent) if parent else None


def to_rdf(g: nx.MultiDiGraph[str]) -> Dataset:
    """The inverse of ``to_networkx`` on the entity and fact part of the RDF model (``graph.rdf.quads``).

    Each entity (its type, label, aliases) is written into the named graph of every document it occurs
    in; each fact (the direct triple and its record with provenance) into its document's graph; each
    document's place with the places above it (``g.graph["document_places"]``) into its graph. Mentions,
    metrics, document metadata and the record of how a place was read are not in the networkx graph, so
    they are not written back.

    >>> from graph.rdf import new_dataset
    >>> len(to_rdf(to_networkx(new_dataset())))
    0
    """
    ds = new_dataset()
    for node, d in sorted(g.nodes.items()):
        if str(AIKG_IRI + str(d.get("type"))) not in _ENTITY_CLASSES:
            continue                               # only named in a fact: no description in the RDF either
        e, label = URIRef(node), Literal(str(d.get("label", node)), lang="zh")
        for doc in d.get("documents") or ():
            graph = ds.graph(_document_iris(doc)[1])
            graph.add((e, RDF.type, AIKG[d["type"]]))
            graph.add((e, RDFS.label, label))
            graph.add((e, SKOS.prefLabel, label))
            for alias in d.get("aliases") or ():
                graph.add((e, SKOS.altLabel, Literal(alias, lang="zh")))
    _places_to_rdf(g, ds)
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: str(e[2])):
        doc, graph_name = _document_iris(str(d.get("document", "")))
        graph = ds.graph(graph_name)
        s, o, f, p = URIRef(u), URIRef(v), URIRef(str(key)), AIKG[d["predicate"]]
        graph.add((s, p, o))
        graph.add((f, RDF.type, AIKG.Fact))
        graph.add((f, RDF.subject, s))
        graph.add((f, RDF.predicate, p))
        graph.add((f, RDF.object, o))
        graph.add((f, AIKG.status, Literal(d.get("status", ""))))
        if d.get("date") is not None:
            graph.add((f, AIKG.date, Literal(d["date"])))
        graph.add((f, AIKG.evidence, Literal(d.get("evidence", ""), lang="zh")))
        for prop, name in ((AIKG.startOffset, "start"), (AIKG.endOffset, "end")):
            if d.get(name) is not None:
                graph.add((f, prop, Literal(int(d[name]), datatype=XSD.integer)))
        graph.add((f, AIKG.rule, Literal(d.get("rule", ""))))
        if d.get("confidence") is not None:
            graph.add((f, AIKG.confidence, Literal(d["confidence"], datatype=XSD.decimal)))
        graph.add((f, AIKG.document, doc))
        graph.add((f, PROV.wasDerivedFrom, doc))
    return ds
