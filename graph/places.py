"""The places of the graph: where each document is, where each entity is named, who is named in several.

``graph.network.to_networkx`` puts the places the documents are about into ``g.graph`` (``places``,
``document_places``). Here a place is known by its **key**, its chain of names from the province down joined
by ``/``: ``浙江省``, ``浙江省/温州市``, ``浙江省/杭州市/临平区``, ``北京市/海淀区``. A key lies inside another
when it starts with it and a ``/``, so a filter on ``浙江省`` keeps every place of the province.

Places are compared at the level of the **city** (``unit_of``): a district counts for its city, a
municipality (北京市) or a province without a city in the chain counts for itself. A **bridge** is an
organisation named in documents of two or more cities; its partners in a city are the organisations it
shares a fact with in that city's documents. The views (``graph.views``) and the analysis tables
(``graph.analysis.bridges``) both read these functions, so they give the same numbers.

>>> import networkx as nx
>>> g = nx.MultiDiGraph(places={
...     "p:zj": {"label": "浙江省", "level": "province", "parent": None},
...     "p:wz": {"label": "温州市", "level": "city", "parent": "p:zj"},
...     "p:hz": {"label": "杭州市", "level": "city", "parent": "p:zj"},
...     "p:lp": {"label": "临平区", "level": "district", "parent": "p:hz"}},
...     document_places={"a.txt": "p:wz", "b.txt": "p:lp"})
>>> g.add_node("x", label="中国联通", type="Company", documents=["a.txt", "b.txt"])
>>> document_places(g)
{'a.txt': '浙江省/温州市', 'b.txt': '浙江省/杭州市/临平区'}
>>> [(b.node, b.places) for b in bridges(g)]
[('x', ('浙江省/杭州市', '浙江省/温州市'))]
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx

# the classes a planner partners with (the views give each an ego view)
ORGANISATION_TYPES: frozenset[str] = frozenset({
    "Company", "ResearchInstitute", "University", "Lab", "GovernmentBody", "Alliance", "Platform", "Park",
    "Fund",
})
LEVEL_ORDER: dict[str, int] = {"province": 0, "city": 1, "district": 2}
SEP = "/"


@dataclass(frozen=True)
class Place:
    """One place of the graph: its key, name, level and the key of the place it lies in."""

    key: str
    label: str
    level: str
    parent: str | None

    @property
    def depth(self) -> int:
        return self.key.count(SEP)


def places(g: nx.MultiDiGraph[str]) -> dict[str, Place]:
    """Every place of ``g``'s documents and the places above them, by key, sorted by key."""
    raw: Mapping[str, Mapping[str, Any]] = g.graph.get("places") or {}
    keys = _keys(raw)
    out: dict[str, Place] = {}
    for iri, key in keys.items():
        rec = raw[iri]
        parent = rec.get("parent")
        out[key] = Place(key, str(rec.get("label") or key.rsplit(SEP, 1)[-1]), str(rec.get("level") or ""),
                         keys.get(str(parent)) if parent else None)
    return dict(sorted(out.items()))


def _keys(raw: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Place IRI → key (the chain of labels from the top; a cycle or a missing parent ends the chain)."""
    keys: dict[str, str] = {}
    for iri in raw:
        chain: list[str] = []
        node: str | None = iri
        seen: set[str] = set()
        while node is not None and node in raw and node not in seen:
            seen.add(node)
            chain.append(str(raw[node].get("label") or node))
            parent = raw[node].get("parent")
            node = str(parent) if parent else None
        keys[iri] = SEP.join(reversed(chain))
    return keys


def document_places(g: nx.MultiDiGraph[str]) -> dict[str, str]:
    """Document file name → the key of the place it is about (documents without a place left out)."""
    keys = _keys(g.graph.get("places") or {})
    return {doc: keys[iri] for doc, iri in sorted((g.graph.get("document_places") or {}).items()) if iri in keys}


def unit_of(key: str, known: Mapping[str, Place]) -> str:
    """The city a place counts for: the key cut after its city-level place; a place without a city above
    it (a municipality's district, a province) counts for its top place."""
    parts = key.split(SEP)
    for i in range(1, len(parts) + 1):
        sub = SEP.join(parts[:i])
        p = known.get(sub)
        if p is not None and p.level == "city":
            return sub
    return parts[0]


def inside(key: str, selected: str) -> bool:
    """Whether place ``key`` lies in ``selected`` (or is it)."""
    return key == selected or key.startswith(selected + SEP)


def node_documents(g: nx.MultiDiGraph[str]) -> dict[str, set[str]]:
    """The documents that name each node or state one of its facts (what the views list as its sources)."""
    docs: dict[str, set[str]] = {}
    for n, d in g.nodes(data=True):
        # a graph read from plain Turtle has no named graphs: rdflib's default graph is no document
        docs[n] = {str(x) for x in d.get("documents") or () if not str(x).startswith("urn:x-rdflib:")}
    for s, o, d in g.edges(data=True):
        if d.get("document"):
            docs[s].add(str(d["document"]))
            docs[o].add(str(d["document"]))
    return docs


def keys_of(documents: Iterable[str], doc_place: Mapping[str, str]) -> list[str]:
    """The sorted place keys of ``documents`` (those with a place)."""
    return sorted({doc_place[d] for d in documents if d in doc_place})


@dataclass(frozen=True)
class Bridge:
    """An organisation named in documents of two or more cities: the cities (unit keys, sorted), the
    documents of each that name it, and its partners there (organisations it shares a fact with in them)."""

    node: str
    label: str
    type: str
    places: tuple[str, ...]
    documents: Mapping[str, tuple[str, ...]]
    partners: Mapping[str, tuple[str, ...]]


def bridges(g: nx.MultiDiGraph[str], types: Collection[str] = ORGANISATION_TYPES) -> list[Bridge]:
    """The organisations (nodes of ``types``) named in documents of two or more cities: most cities first,
    then by label and id."""
    known = places(g)
    doc_unit = {d: unit_of(k, known) for d, k in document_places(g).items()}
    docs = node_documents(g)
    links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))    # node → unit → partners
    for s, o, d in g.edges(data=True):
        u = doc_unit.get(str(d.get("document") or ""))
        if u is None or s == o:
            continue
        if g.nodes[o].get("type") in types:
            links[s][u].add(o)
        if g.nodes[s].get("type") in types:
            links[o][u].add(s)
    out = []
    for n, attrs in g.nodes(data=True):
        if attrs.get("type") not in types:
            continue
        by_unit: dict[str, list[str]] = defaultdict(list)
        for doc in sorted(docs[n]):
            if doc in doc_unit:
                by_unit[doc_unit[doc]].append(doc)
        if len(by_unit) < 2:
            continue
        units = tuple(sorted(by_unit))
        out.append(Bridge(n, str(attrs.get("label") or n), str(attrs.get("type")), units,
                          {u: tuple(by_unit[u]) for u in units},
                          {u: tuple(sorted(links[n].get(u, ()))) for u in units}))
    out.sort(key=lambda b: (-len(b.places), b.label, b.node))
    return out


def units(g: nx.MultiDiGraph[str]) -> dict[str, list[str]]:
    """Every city (unit key) of ``g``'s documents → its documents, sorted by key."""
    known = places(g)
    out: dict[str, list[str]] = defaultdict(list)
    for doc, key in document_places(g).items():
        out[unit_of(key, known)].append(doc)
    return {u: sorted(out[u]) for u in sorted(out)}


def place_pairs(g: nx.MultiDiGraph[str], found: list[Bridge] | None = None) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every pair of cities of ``g``'s documents (a < b) with the bridges named in both (none: an empty
    tuple), the pairs sharing most first, then by key."""
    found = bridges(g) if found is None else found
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for b in found:
        for a, c in combinations(b.places, 2):
            shared[(a, c)].append(b.node)
    pairs = [(a, c, tuple(shared.get((a, c), ()))) for a, c in combinations(sorted(units(g)), 2)]
    pairs.sort(key=lambda p: (-len(p[2]), p[0], p[1]))
    return pairs
