"""The bridges view: who connects the cities, and which city pairs share no partner.

The cities of the documents sit on a ring; the organisations named in documents of two or more of them
(``graph.places.bridges``) sit inside it, a line to each city whose documents name them, and their partners
there (the organisations they share a fact with in that city's documents) sit outside the ring, beside their
city. ``graph.analysis.bridges`` gives the same numbers as tables.
"""
from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np

from graph.places import Bridge, bridges, place_pairs, units
from graph.views import layout
from graph.views.facts import DOCUMENTS_MAX, GraphFacts
from graph.views.names import edge_id
from graph.views.style import ORG_TYPES, class_style, predicate_style

NAMED_IN = "namedIn"
PLACE_PREFIX = "place:"
BRIDGE_GAP = 70.0         # pixels between two bridges inside the ring


def place_id(key: str) -> str:
    """The node id of a city in the bridges view."""
    return PLACE_PREFIX + key


def _positions(keys: list[str], found: list[Bridge], partners: dict[str, list[str]]
               ) -> dict[str, tuple[float, float]]:
    """Cities on a ring (a province's side by side), their partners in a disc outside beside them, the
    bridges inside, each near the middle of its cities."""
    gap = layout.NODE_SPACING
    radii = {k: layout.NODE_SPACING * 0.45 * math.sqrt(len(partners.get(k, ()))) for k in keys}
    widths = [max(2 * radii[k], 0.6 * gap) + gap for k in keys]
    inner = BRIDGE_GAP * 0.6 * math.sqrt(len(found)) + gap
    ring = layout.circle_layout(keys, widths) if keys else {}
    if len(keys) > 1:
        have = min(math.hypot(*ring[k]) for k in keys)
        if have < inner + 2 * gap:
            ring = {k: (x * (inner + 2 * gap) / have, y * (inner + 2 * gap) / have) for k, (x, y) in ring.items()}
    pos: dict[str, tuple[float, float]] = {}
    for k in keys:
        x, y = ring[k]
        pos[place_id(k)] = (x, y)
        here = partners.get(k, ())
        if here:
            d = math.hypot(x, y) or 1.0
            cx, cy = x * (d + radii[k] + 0.7 * gap) / d, y * (d + radii[k] + 0.7 * gap) / d
            for n, (px, py) in layout.sunflower(here, max(radii[k], 0.3 * gap)).items():
                pos[n] = (cx + px, cy + py)
    if found:
        start = np.array([[sum(ring[k][i] for k in b.places) / len(b.places) * 0.45 for i in (0, 1)]
                          for b in found])
        moved = layout.separate(start, np.full(len(found), BRIDGE_GAP / 2), gap=BRIDGE_GAP / 3)
        for b, (x, y) in zip(found, moved):
            pos[b.node] = (float(x), float(y))
    return pos


def bridges_view(g: nx.MultiDiGraph[str], *, facts: GraphFacts | None = None) -> dict[str, Any]:
    """Nodes, edges and tables of the bridges view (``viewmodel.bridges_model`` adds the rest)."""
    facts = facts or GraphFacts(g)
    found = bridges(g, ORG_TYPES)
    cities = units(g)
    pairs = place_pairs(g, found)
    bridge_ids = {b.node for b in found}
    partners: dict[str, list[str]] = {}
    for b in found:
        for k, ps in b.partners.items():
            partners.setdefault(k, []).extend(p for p in ps if p not in bridge_ids)
    partners = {k: sorted(set(v), key=facts.ring_key) for k, v in partners.items()}
    pos = _positions(list(cities), found, partners)

    nodes: list[dict[str, Any]] = []
    colour, shape, type_label = class_style("Place")
    named = {k: sum(k in b.places for b in found) for k in cities}
    for k, docs in cities.items():
        p = facts.places.get(k)
        x, y = pos[place_id(k)]
        nodes.append({"id": place_id(k), "label": p.label if p else k, "type": "Place", "type_label": type_label,
                      "aliases": [], "color": colour, "shape": shape,
                      "size": round(min(40.0, 16 + 3 * math.sqrt(named[k])), 1), "x": round(x), "y": round(y),
                      "href": f"ecosystem.html#place={k}", "documents": docs[:DOCUMENTS_MAX],
                      "documents_total": len(docs), "places": [k], "unconnected": False, "bridges": named[k],
                      "evidence": {"facts": 0, "achieved": 0, "planned": 0, "predicates": {}}})
    members = bridge_ids | {n for v in partners.values() for n in v}
    for n in sorted(members):
        rec = facts.node_record(n, pos[n])
        if n in bridge_ids:
            rec["bridge"] = True
        nodes.append(rec)
    nodes.sort(key=lambda n: n["id"])

    edges: list[dict[str, Any]] = []
    p_colour, p_label = predicate_style(NAMED_IN)
    for b in found:
        for k in b.places:
            docs = list(b.documents[k])
            edges.append({"id": edge_id(b.node, place_id(k), NAMED_IN), "from": b.node, "to": place_id(k),
                          "predicate": NAMED_IN, "predicate_label": p_label, "status": "", "status_label": "文件提及",
                          "dashes": False, "color": p_colour, "arrows": "", "curve": 0.0, "count": len(docs),
                          "evidence": [], "documents": docs[:DOCUMENTS_MAX], "places": [k]})
    edges += [e for e in facts.edges_among(members) if e["from"] in bridge_ids or e["to"] in bridge_ids]
    edges.sort(key=lambda e: (e["from"], e["to"], e["id"]))

    label = {k: (facts.places[k].label if k in facts.places else k) for k in cities}
    shares: dict[str, set[str]] = {k: set() for k in cities}
    for a, c, shared in pairs:
        if shared:
            shares[a].add(c)
            shares[c].add(a)
    return {
        "aggregated": False, "physics": False, "nodes": nodes, "edges": edges,
        "bridges": [{"id": b.node, "label": b.label, "type": b.type, "type_label": class_style(b.type)[2],
                     "href": facts.hrefs.get(b.node),
                     "places": [{"key": k, "label": label[k], "documents": list(b.documents[k]),
                                 "partners": list(b.partners[k])} for k in b.places]} for b in found],
        "cities": [{"key": k, "label": label[k], "documents": len(cities[k]), "bridges": named[k],
                    "shares_with": sorted(shares[k])} for k in cities],
        "pairs": [{"a": a, "b": c, "shared": list(shared)} for a, c, shared in pairs if shared],
        "no_shared_partner": [[a, c] for a, c, shared in pairs if not shared],
        "stats": {"bridges": len(found), "cities": len(cities), "pairs": len(pairs),
                  "pairs_shared": sum(1 for *_x, s in pairs if s)},
    }
