"""Comparison across documents and cities: what each document names and states, side by side."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

import networkx as nx
import pandas as pd
from rdflib import RDF, RDFS, SKOS, Dataset
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from graph.analysis._common import as_graph, label
from ontology.namespace import AIKG

__all__ = [
    "by_city",
    "document_table",
    "entity_types_by_document",
    "predicates_by_document",
    "shared_entities",
]

_CITY = re.compile(r"^([\u4e00-\u9fff]{2,6}?市)")


def _city_of(name: str) -> str:
    """The city a body's name starts with: 温州市科学技术局 → 温州市, 杭州市临平区 → 杭州市; else ""."""
    m = _CITY.match(name)
    return m.group(1) if m else ""


def _labels(ds: Dataset) -> dict[Node, str]:
    out: dict[Node, str] = {}
    for s, p, o, _ in ds.quads((None, None, None, None)):
        if p in (SKOS.prefLabel, RDFS.label):
            out.setdefault(s, str(o))
    return out


def document_table(ds: Dataset) -> pd.DataFrame:
    """One row per document: file name, 发文字号, date, title, issuer, city, entity/fact/metric counts.

    ``city`` is the most mentioned government body named ``…市`` in the document (the issuer's city when
    no such body is named; empty when neither tells).

    >>> from graph.analysis.examples import example_dataset
    >>> document_table(example_dataset())[["document", "city", "entities", "facts", "metrics"]].values.tolist()
    [['example-letter.txt', '温州市', 11, 6, 2]]
    """
    labels = _labels(ds)
    docs: dict[Node, dict[str, object]] = {}
    for d, _, _, _ in ds.quads((None, RDF.type, AIKG.Document, None)):
        def one(p: Node, d: Node = d) -> Node | None:
            return next((o for _, _, o, _ in ds.quads((d, p, None, None))), None)
        issuer = one(AIKG.issuer)
        docs[d] = {"document": str(one(AIKG.fileName) or d), "doc_number": one(AIKG.docNumber),
                   "date": one(AIKG.documentDate), "title": one(DCTERMS.title),
                   "issuer": labels.get(issuer, None) if issuer is not None else None}
    counts: dict[Node | None, Counter[str]] = defaultdict(Counter)
    mentions: dict[Node | None, Counter[Node]] = defaultdict(Counter)
    types: dict[Node, str] = {}
    for s, p, o, _ in ds.quads((None, None, None, None)):
        if p == RDF.type and o in (AIKG.Fact, AIKG.Metric):
            doc = next((x for _, _, x, _ in ds.quads((s, AIKG.document, None, None))), None)
            counts[doc]["facts" if o == AIKG.Fact else "metrics"] += 1
        elif p == RDF.type and o == AIKG.GovernmentBody:
            types[s] = "GovernmentBody"
        elif p == AIKG.mentionOf:
            doc = next((x for _, _, x, _ in ds.quads((s, AIKG.document, None, None))), None)
            mentions[doc][o] += 1
    g = as_graph(ds)
    per_doc = Counter(d for _, ds_ in g.nodes(data="documents") for d in ds_ or ())
    rows = []
    for d, rec in docs.items():
        cities: Counter[str] = Counter()
        for e, n in mentions[d].items():
            if types.get(e) == "GovernmentBody" and (c := _city_of(labels.get(e, ""))):
                cities[c] += n
        if not cities:   # entities named in the document without mentions recorded: count them once
            cities = Counter(c for _, dd in g.nodes(data=True)
                             if dd.get("type") == "GovernmentBody" and rec["document"] in dd.get("documents", [])
                             and (c := _city_of(str(dd["label"]))))
        city = min(cities.items(), key=lambda kv: (-kv[1], kv[0]))[0] if cities else ""
        city = city or _city_of(str(rec["issuer"] or ""))
        rows.append({**{k: (str(v) if v is not None else None) for k, v in rec.items()}, "city": city,
                     "entities": per_doc.get(str(rec["document"]), 0),
                     "facts": counts[d]["facts"], "metrics": counts[d]["metrics"]})
    t = pd.DataFrame(rows, columns=["document", "doc_number", "date", "title", "issuer", "city", "entities",
                                    "facts", "metrics"])
    return t.sort_values("document").reset_index(drop=True)


def entity_types_by_document(data: nx.MultiDiGraph[str] | Dataset) -> pd.DataFrame:
    """Documents × entity types: how many entities of each type every document names.

    >>> from graph.analysis.examples import example_graph
    >>> int(entity_types_by_document(example_graph()).loc["example-letter.txt", "Company"])
    3
    """
    g = as_graph(data)
    rows = [(doc, d.get("type")) for _, d in g.nodes(data=True) for doc in d.get("documents", [])]
    t = pd.DataFrame(rows, columns=["document", "type"])
    return pd.crosstab(t["document"], t["type"]).sort_index().sort_index(axis=1)


def predicates_by_document(data: nx.MultiDiGraph[str] | Dataset, status: str | None = None) -> pd.DataFrame:
    """Documents × predicates: how many facts of each relation every document states (optionally one status).

    >>> from graph.analysis.examples import example_graph
    >>> int(predicates_by_document(example_graph()).loc["example-letter.txt", "clusters"])
    2
    """
    g = as_graph(data)
    rows = [(d.get("document"), d.get("predicate")) for _, _, d in g.edges(data=True)
            if status is None or d.get("status") == status]
    t = pd.DataFrame(rows, columns=["document", "predicate"])
    return pd.crosstab(t["document"], t["predicate"]).sort_index().sort_index(axis=1)


def by_city(ds: Dataset, what: str = "predicate") -> pd.DataFrame:
    """Cities × predicates (``what="predicate"``) or × entity types (``what="type"``), summed over documents.

    >>> from graph.analysis.examples import example_dataset
    >>> int(by_city(example_dataset()).loc["温州市", "signedAgreementWith"])
    1
    """
    if what not in ("predicate", "type"):
        raise ValueError(f"by_city(what={what!r}): compare by 'predicate' or 'type'")
    per_doc = predicates_by_document(ds) if what == "predicate" else entity_types_by_document(ds)
    city = document_table(ds).set_index("document")["city"].replace("", "(unknown)")
    return per_doc.groupby(city.reindex(per_doc.index).fillna("(unknown)")).sum().sort_index()


def shared_entities(data: nx.MultiDiGraph[str] | Dataset, min_documents: int = 2) -> pd.DataFrame:
    """Entities named in at least ``min_documents`` documents: who links the documents together.

    >>> from graph.analysis.examples import example_graph
    >>> shared_entities(example_graph()).empty
    True
    """
    g = as_graph(data)
    rows = [{"entity": label(g, v), "type": d.get("type"), "n_documents": len(d.get("documents", [])),
             "documents": list(d.get("documents", []))}
            for v, d in g.nodes(data=True) if len(d.get("documents", [])) >= min_documents]
    t = pd.DataFrame(rows, columns=["entity", "type", "n_documents", "documents"])
    return t.sort_values(["n_documents", "entity"], ascending=[False, True]).reset_index(drop=True)
