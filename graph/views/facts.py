"""The facts of the graph as the views need them: indexed once per graph, merged into view edges.

networkx edge views are slow to iterate once per view (an ego subgraph view walks the whole node set), so
``GraphFacts`` reads the edges of the graph once into plain lists per node and serves every view from them:
the facts touching a node, the merged view edges among a set of nodes, the per-node parts of node records.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> _ = g.add_edge("a", "b", predicate="coBuilt", status="achieved", evidence="甲与乙共建。", document="d.txt")
>>> [(e["from"], e["to"], e["count"]) for e in GraphFacts(g).edges_among({"a", "b"})]
[('a', 'b', 1)]
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import networkx as nx

from graph.places import Place, document_places, keys_of, places
from graph.views.layout import CommunityCache
from graph.views.names import edge_id, label_of, org_paths
from graph.views.style import (
    PREDICATE_ORDER,
    STATUS_ORDER,
    SYMMETRIC,
    class_style,
    predicate_style,
    status_style,
)

EVIDENCE_MAX = 8          # evidence sentences kept per view edge (``count`` says how many facts it merges)
DOCUMENTS_MAX = 20        # source documents listed per node (``documents_total`` says how many there are)

_PREDICATE_RANK = {p: i for i, p in enumerate(PREDICATE_ORDER)}
_STATUS_RANK = {s: i for i, s in enumerate(STATUS_ORDER)}


def _evidence(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Distinct (document, sentence) pairs, in document order, at most ``EVIDENCE_MAX`` of them."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for r in sorted(records, key=lambda r: (str(r.get("document") or ""), r.get("start") or 0,
                                            str(r.get("evidence") or ""))):
        key = (str(r.get("document") or ""), str(r.get("evidence") or ""))
        if key not in seen:
            seen[key] = {"sentence": key[1], "document": key[0], "date": r.get("date")}
            if len(seen) == EVIDENCE_MAX:
                break
    return list(seen.values())


def merged_edges(g: nx.MultiDiGraph[str], *, colour_by: str = "predicate",
                 doc_place: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The view edges of the facts of ``g``: one per (subject, object, predicate, status); symmetric
    predicates lose their direction. ``places`` are the keys of the places of the facts' documents
    (``doc_place``: document → place key; by default ``graph.places.document_places(g)``).

    Sorted by (from, to, predicate, status); the ``curve`` of parallel edges counts per node pair.
    """
    doc_place = document_places(g) if doc_place is None else doc_place
    groups: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for s, o, data in g.edges(data=True):
        p, st = str(data.get("predicate", "")), str(data.get("status") or "")
        if p in SYMMETRIC and o < s:
            s, o = o, s
        groups[(s, o, p, st)].append(data)
    keys = sorted(groups, key=lambda k: (k[0], k[1], _PREDICATE_RANK.get(k[2], 99), k[2],
                                         _STATUS_RANK.get(k[3], 9), k[3]))
    parallel: Counter[tuple[str, str]] = Counter()
    edges = []
    for s, o, p, st in keys:
        pair = (min(s, o), max(s, o))
        k = parallel[pair]
        parallel[pair] += 1
        p_colour, p_label = predicate_style(p)
        s_colour, dashed, s_label = status_style(st)
        records = groups[(s, o, p, st)]
        ev = _evidence(records)
        edges.append({
            "id": edge_id(s, o, p, st), "from": s, "to": o,
            "predicate": p, "predicate_label": p_label, "status": st, "status_label": s_label,
            "dashes": dashed, "color": s_colour if colour_by == "status" else p_colour,
            "arrows": "" if p in SYMMETRIC else "to",
            "curve": 0.0 if k == 0 else round((0.15 * ((k + 1) // 2)) * (1 if k % 2 else -1), 2),
            "count": len(records),
            "evidence": ev, "documents": sorted({e["document"] for e in ev if e["document"]}),
            "places": keys_of((str(r.get("document") or "") for r in records), doc_place),
        })
    return edges


class GraphFacts:
    """What the views need to know about the whole graph ``g``, computed once and shared by every view.

    The caches hold plain data taken from ``g``: build a new ``GraphFacts`` when ``g`` changes.
    """

    def __init__(self, g: nx.MultiDiGraph[str]) -> None:
        self.g = g
        self.hrefs = org_paths(g)
        self.places: dict[str, Place] = places(g)            # every place of the documents, by key
        self.doc_place: dict[str, str] = document_places(g)  # document → its place key
        self._touching: dict[str, list[dict[str, Any]]] = {n: [] for n in g}   # out-facts, then in-facts
        self._neighbours: dict[str, set[str]] = {n: set() for n in g}
        self._first_link: dict[tuple[str, str], tuple[int, str]] = {}           # best predicate per node pair
        for s, o, d in g.edges(data=True):
            self._touching[s].append(d)
            self._touching[o].append(d)
            if s != o:
                self._neighbours[s].add(o)
                self._neighbours[o].add(s)
            p = str(d.get("predicate", ""))
            pair = (s, o) if s < o else (o, s)
            link = (_PREDICATE_RANK.get(p, 99), p)
            if pair not in self._first_link or link < self._first_link[pair]:
                self._first_link[pair] = link
        self._labels: dict[str, str] = {}
        self._documents: dict[str, list[str]] = {}
        self._evidence: dict[str, dict[str, Any]] = {}
        self._records: dict[str, tuple[Any, ...]] = {}
        self._ring_keys: dict[str, tuple[str, str, str]] = {}
        self.communities: CommunityCache = {}       # layout.communities of the aggregated views
        self._later: dict[str, dict[str, list[tuple[int, dict[str, Any]]]]] | None = None

    # ---- per node ----------------------------------------------------------------------------------------
    def label(self, node: str) -> str:
        if node not in self._labels:
            self._labels[node] = label_of(self.g, node)
        return self._labels[node]

    def ring_key(self, node: str) -> tuple[str, str, str]:
        """How an ego view orders the nodes of a ring: (type, label, id)."""
        if node not in self._ring_keys:
            self._ring_keys[node] = (str(self.g.nodes[node].get("type", "")), self.label(node), node)
        return self._ring_keys[node]

    def degree(self, node: str) -> int:
        """The number of facts touching ``node`` (``g.degree``: a fact about itself counts twice)."""
        return len(self._touching[node])

    def neighbours(self, node: str) -> set[str]:
        """The nodes ``node`` shares a fact with, in either direction (itself excluded). Do not change it."""
        return self._neighbours[node]

    def first_link(self, a: str, b: str) -> tuple[int, str]:
        """(rank, predicate) of the first predicate, in ``PREDICATE_ORDER``, of the facts between a and b."""
        return self._first_link[(a, b) if a < b else (b, a)]

    def documents(self, node: str) -> list[str]:
        """The documents that name ``node`` or state one of its facts, sorted."""
        if node not in self._documents:
            # a graph read from plain Turtle has no named graphs: rdflib's default graph is no document
            docs = {d for d in self.g.nodes[node].get("documents") or () if not str(d).startswith("urn:x-rdflib:")}
            docs.update(str(d["document"]) for d in self._touching[node] if d.get("document"))
            self._documents[node] = sorted(docs)
        return self._documents[node]

    def places_of(self, node: str) -> list[str]:
        """The keys of the places of the documents of ``node``, sorted."""
        return keys_of(self.documents(node), self.doc_place)

    def evidence(self, node: str) -> dict[str, Any]:
        """How many facts touch ``node``: in all, achieved, planned, and per predicate."""
        if node not in self._evidence:
            status: Counter[str] = Counter()
            preds: Counter[str] = Counter()
            for d in self._touching[node]:
                status[str(d.get("status") or "")] += 1
                preds[str(d.get("predicate", ""))] += 1
            self._evidence[node] = {"facts": sum(status.values()), "achieved": status["achieved"],
                                    "planned": status["planned"], "predicates": dict(sorted(preds.items()))}
        return self._evidence[node]

    def node_record(self, node: str, xy: tuple[float, float]) -> dict[str, Any]:
        """The view-model record of ``node`` drawn at ``xy`` (a new dict; its ``evidence`` is shared)."""
        if node not in self._records:
            attrs = self.g.nodes[node]
            type_ = str(attrs.get("type") or "Entity")
            colour, shape, type_label = class_style(type_)
            docs = self.documents(node)
            self._records[node] = (
                self.label(node), type_, type_label, sorted(str(a) for a in attrs.get("aliases") or ()), colour,
                shape, round(min(40.0, 12 + 3 * math.sqrt(self.degree(node))), 1), self.hrefs.get(node),
                docs[:DOCUMENTS_MAX], len(docs), self.evidence(node), self.places_of(node))
        label, type_, type_label, aliases, colour, shape, size, href, docs, total, ev, keys = self._records[node]
        return {"id": node, "label": label, "type": type_, "type_label": type_label, "aliases": list(aliases),
                "color": colour, "shape": shape, "size": size, "x": round(xy[0]), "y": round(xy[1]),
                "href": href, "documents": list(docs), "documents_total": total, "evidence": ev,
                "places": list(keys)}

    # ---- edges -------------------------------------------------------------------------------------------
    def edges_among(self, nodes: Collection[str]) -> list[dict[str, Any]]:
        """The view edges (coloured by predicate) of the subgraph ``nodes`` induce: ``merged_edges`` of its
        facts, cut from the merged edges of the whole graph (an induced subgraph keeps every fact between
        two of its nodes, so each edge, its count, evidence and curve are the same). The records are shared
        by every call: do not change them."""
        if self._later is None:
            # node → later node (by id) → the merged edges between them, with their position in the whole list
            self._later = defaultdict(dict)
            for i, e in enumerate(merged_edges(self.g, doc_place=self.doc_place)):
                a, b = (e["from"], e["to"]) if e["from"] <= e["to"] else (e["to"], e["from"])
                self._later[a].setdefault(b, []).append((i, e))
        wanted = nodes if isinstance(nodes, (set, frozenset)) else set(nodes)
        found: list[tuple[int, dict[str, Any]]] = []
        for n in wanted:
            later = self._later.get(n)
            if later:
                for m in later.keys() & wanted:
                    found += later[m]
        found.sort()                # by position in the whole graph's merged edges (unique: no dict compared)
        return [e for _i, e in found]
