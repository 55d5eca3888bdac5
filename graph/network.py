"""RDF → a networkx MultiDiGraph of entities (nodes) and facts (edges, keyed by fact IRI).

Node id: the entity IRI (str). Node attributes: ``label``, ``type`` (aikg class local name),
``aliases`` (sorted list), ``documents`` (sorted list of file names).
Edge attributes: ``predicate``, ``status``, ``date``, ``evidence``, ``document``, ``start``, ``end``,
``rule``, ``confidence``.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Dataset, URIRef

from ontology.namespace import AIKG, AIKG_IRI


def _local(term: object) -> str:
    s = str(term)
    return s[len(AIKG_IRI):] if s.startswith(AIKG_IRI) else s


_ENTITY_CLASSES = {str(AIKG[c]) for c in (
    "Company", "ResearchInstitute", "University", "Lab", "GovernmentBody", "Alliance", "Platform",
    "Park", "Fund", "Event", "Policy", "Person", "Award", "TechField")}


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """Build the entity graph from every named graph of ``ds``.

    >>> from graph.rdf import new_dataset
    >>> to_networkx(new_dataset()).number_of_nodes()
    0
    """
    g = nx.MultiDiGraph()
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    docs: dict[str, set[str]] = defaultdict(set)
    file_names: dict[str, str] = {}
    facts: dict[str, dict[str, Any]] = defaultdict(dict)
    for s, p, o, ctx in ds.quads((None, None, None, None)):
        ss = str(s)
        if p == RDF.type and str(o) in _ENTITY_CLASSES:
            types.setdefault(ss, _local(o))
            if ctx is not None:
                docs[ss].add(str(ctx))
        elif p == RDF.type and o == AIKG.Fact:
            facts[ss]["_fact"] = True
        elif p in (SKOS.prefLabel, RDFS.label):
            labels.setdefault(ss, str(o))
        elif p == SKOS.altLabel:
            aliases[ss].add(str(o))
        elif p == AIKG.fileName:
            file_names[ss] = str(o)
        elif p in (RDF.subject, RDF.predicate, RDF.object, AIKG.status, AIKG.date, AIKG.evidence,
                   AIKG.startOffset, AIKG.endOffset, AIKG.rule, AIKG.confidence, AIKG.document):
            facts[ss][_local(p).split("#")[-1]] = o
    graph_to_file: dict[str, str] = {}
    for doc_iri, name in file_names.items():
        graph_to_file[doc_iri.replace("/doc/", "/graph/")] = name
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


def node_iri(node: str) -> URIRef:
    return URIRef(node)
