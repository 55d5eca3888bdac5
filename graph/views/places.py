"""The place facet of the views: the filter's choices, and the nodes laid out in one disc per city.

Nodes and edges carry the keys of the places of their documents (``graph.places``: ``浙江省/温州市``); the
filter offers every place among them and the places above (a province keeps all its cities). Grouped by
place, each city's connected nodes share a disc on a ring around the centre, where the nodes named in
several cities sit (the bridges); the nodes of no known place get a disc of their own.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np

from graph.places import SEP, Place, unit_of
from graph.views import layout

SEVERAL = "*"        # the group of the nodes named in documents of two or more cities
NOWHERE = "?"        # the group of the nodes no document with a place names
GROUP_LABELS = {SEVERAL: "跨地区 Several places", NOWHERE: "地区不明 No place"}


def facet(node_places: Iterable[Sequence[str]], known: Mapping[str, Place]) -> list[dict[str, Any]]:
    """The choices of the place filter: every place the nodes are in and the places above them, with how
    many nodes lie inside each; provinces by most nodes, then each one's cities, then their districts."""
    inside: Counter[str] = Counter()
    for keys in node_places:
        found = {SEP.join(k.split(SEP)[:i]) for k in keys for i in range(1, k.count(SEP) + 2)}
        inside.update(found)
    children: dict[str | None, list[str]] = defaultdict(list)
    for key in inside:
        parent = key.rsplit(SEP, 1)[0] if SEP in key else None
        children[parent if parent in inside else None].append(key)
    out: list[dict[str, Any]] = []

    def walk(parent: str | None, depth: int) -> None:
        for key in sorted(children.get(parent, ()), key=lambda k: (-inside[k], k)):
            p = known.get(key)
            out.append({"key": key, "label": p.label if p else key.rsplit(SEP, 1)[-1],
                        "level": p.level if p else "", "depth": depth, "nodes": inside[key]})
            walk(key, depth + 1)

    walk(None, 0)
    return out


def group_of(keys: Sequence[str], known: Mapping[str, Place]) -> str:
    """The group a node with these place keys goes to: its city, ``SEVERAL`` or ``NOWHERE``."""
    units = {unit_of(k, known) for k in keys}
    return units.pop() if len(units) == 1 else SEVERAL if units else NOWHERE


def majority_group(keys_of_members: Iterable[Sequence[str]], known: Mapping[str, Place]) -> str:
    """The city most members of a community are in (``NOWHERE`` when none has a place)."""
    counts: Counter[str] = Counter()
    for keys in keys_of_members:
        counts.update({unit_of(k, known) for k in keys})
    return min(counts, key=lambda k: (-counts[k], k)) if counts else NOWHERE


def _disc(u: nx.Graph[str], members: Sequence[str]) -> tuple[layout.Pos, float]:
    """One group's nodes laid out as a graph around the origin, and the radius of their disc."""
    sub = layout.graph_layout(layout.induced(u, members))
    pts = np.array([sub[n] for n in members], dtype=float)
    pts -= pts.mean(axis=0)
    r = float(np.sqrt((pts ** 2).sum(axis=1)).max()) if len(members) > 1 else 0.0
    return {n: (float(x), float(y)) for n, (x, y) in zip(members, pts)}, max(r, layout.NODE_SPACING * 0.5)


def grouped_layout(u: nx.Graph[str], groups: Mapping[str, Sequence[str]],
                   known: Mapping[str, Place]) -> tuple[layout.Pos, list[dict[str, Any]]]:
    """Positions with one disc per group (``SEVERAL`` in the middle, the cities around it in key order, so
    a province's cities sit side by side, ``NOWHERE`` last), and the discs: key, label, centre, radius,
    node count."""
    keys = sorted((k for k in groups if k != SEVERAL), key=lambda k: (k == NOWHERE, k))
    discs = {k: _disc(u, groups[k]) for k in [*keys, *([SEVERAL] if SEVERAL in groups else [])]}
    centres: dict[str, tuple[float, float]] = {}
    if keys:
        widths = [2 * discs[k][1] + layout.NODE_SPACING for k in keys]
        ring = layout.circle_layout(keys, widths)
        if SEVERAL in discs and len(keys) > 1:
            need = discs[SEVERAL][1] + max(discs[k][1] for k in keys) + 2 * layout.NODE_SPACING
            have = min(math.hypot(*ring[k]) for k in keys)
            if have < need:
                ring = {k: (x * need / have, y * need / have) for k, (x, y) in ring.items()}
        centres.update(ring)
    if SEVERAL in discs:
        centres[SEVERAL] = (0.0, 0.0)
    order = list(centres)
    moved = layout.separate(np.array([centres[k] for k in order]), np.array([discs[k][1] for k in order]))
    pos: layout.Pos = {}
    out = []
    for k, (cx, cy) in zip(order, moved):
        local, radius = discs[k]
        for n, (x, y) in local.items():
            pos[n] = (float(cx) + x, float(cy) + y)
        p = known.get(k)
        out.append({"key": k, "label": GROUP_LABELS.get(k) or (p.label if p else k.rsplit(SEP, 1)[-1]),
                    "x": round(float(cx)), "y": round(float(cy)), "r": round(radius), "nodes": len(groups[k])})
    out.sort(key=lambda d: (d["key"] in GROUP_LABELS, d["key"]))
    return pos, out


def beside(discs: Sequence[Mapping[str, Any]], visitors: Mapping[str, Sequence[str]]) -> dict[str, dict[str, list[int]]]:
    """Where the nodes of several cities stand when one city is shown alone: on an arc just outside that
    city's disc, on the side facing the centre (``visitors``: city → its nodes of several cities, in order).
    Node → city → [x, y]."""
    at = {d["key"]: d for d in discs}
    out: dict[str, dict[str, list[int]]] = {}
    step = layout.NODE_SPACING * 0.8
    for key, nodes in visitors.items():
        d = at.get(key)
        if d is None or not nodes:
            continue
        r = d["r"] + layout.NODE_SPACING * 0.8
        towards = math.atan2(-d["y"], -d["x"]) if (d["x"] or d["y"]) else -math.pi / 2
        rings, placed = 0, 0
        while placed < len(nodes):                  # arcs of growing radius, each as wide as a half circle
            room = max(1, int(math.pi * r / step))
            row = nodes[placed:placed + room]
            for i, n in enumerate(row):
                a = towards + (i - (len(row) - 1) / 2) * step / r
                out.setdefault(n, {})[key] = [round(d["x"] + r * math.cos(a)), round(d["y"] + r * math.sin(a))]
            placed += len(row)
            rings += 1
            r += step
    return out
