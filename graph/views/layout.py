"""Node positions computed in Python, seeded, so the browser draws at once with physics off.

Small graphs get networkx's spring layout, one per connected component; larger ones are split into
communities (Louvain, seeded), each laid out on its own; the components or communities are placed by a
spring layout of the graph between them with their discs pushed apart until none overlap. Ego views use
rings around the organisation.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import networkx as nx
import numpy as np

SEED = 42
SPRING_MAX = 300          # above this many nodes a single spring layout is too slow (dense O(n²) per step)
NODE_SPACING = 110.0      # pixels between neighbouring nodes, roughly
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

Pos = dict[str, tuple[float, float]]          # node → (x, y) in pixels
N = TypeVar("N", bound=Hashable)


def undirected(g: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """A simple undirected graph with sorted nodes and edge weights = number of facts between two nodes
    (edges in the order of their first fact, by (subject, object))."""
    weights: dict[tuple[str, str], int] = {}
    for s, o in sorted((s, o) for s, o, _k in g.edges(keys=True)):
        if s != o:
            pair = (s, o) if (o, s) not in weights else (o, s)
            weights[pair] = weights.get(pair, 0) + 1
    u: nx.Graph[str] = nx.Graph()
    u.add_nodes_from(sorted(g.nodes))
    u.add_weighted_edges_from((s, o, w) for (s, o), w in weights.items())
    return u


def induced(u: nx.Graph[str], nodes: Iterable[str]) -> nx.Graph[str]:
    """The subgraph of ``u`` on ``nodes`` as a copy, its nodes and edges in ``u``'s order.

    ``u.subgraph(nodes)`` iterates a node set under half the size of ``u`` in set order, which changes with
    ``PYTHONHASHSEED``, so a seeded layout of it would move from one run to the next; and Louvain and the
    spring layout walk a copy many times faster than a view.
    """
    keep = set(nodes)
    sub: nx.Graph[str] = nx.Graph()
    sub.add_nodes_from((n, d) for n, d in u.nodes(data=True) if n in keep)
    done: set[str] = set()
    edges = []
    for a, nbrs in u.adj.items():           # the order of u.edges(), as Graph.edges walks it
        if a in keep:
            edges += [(a, b, d) for b, d in nbrs.items() if b in keep and b not in done]
            done.add(a)
    sub.add_edges_from(edges)
    return sub


CommunityCache = dict[tuple[object, ...], list[list[str]]]


def communities(u: nx.Graph[str], seed: int = SEED, cache: CommunityCache | None = None) -> list[list[str]]:
    """Louvain communities, largest first; nodes without any edge are grouped together at the end.

    ``cache`` (a dict the caller keeps) remembers the communities of each graph of connected nodes seen, by
    its nodes and weighted edges in order: the overview and the planned-vs-achieved view share one.
    """
    isolated = sorted(n for n in u if u.degree(n) == 0)
    rest = induced(u, (n for n in u if u.degree(n) > 0))
    key: tuple[object, ...] = (seed, tuple(rest), tuple(rest.edges(data="weight"))) if cache is not None else ()
    if cache is not None and key in cache:
        groups = [list(c) for c in cache[key]]
    else:
        groups = [sorted(c) for c in nx.community.louvain_communities(rest, seed=seed, weight="weight")] \
            if rest.number_of_nodes() else []
        groups.sort(key=lambda c: (-len(c), str(c[0])))
        if cache is not None:
            cache[key] = [list(c) for c in groups]
    if isolated:
        groups.append(isolated)
    return groups


def _spring(u: nx.Graph[str], radius: float, seed: int) -> Pos:
    if u.number_of_nodes() == 1:
        return {next(iter(u)): (0.0, 0.0)}
    pos = nx.spring_layout(u, seed=seed, weight="weight", iterations=60)
    return _fit(pos, radius)


def _fit(pos: Mapping[N, Any], radius: float) -> dict[N, tuple[float, float]]:
    """Centre the positions and scale them to fit a disc of ``radius``."""
    pts = np.array([pos[n] for n in pos], dtype=float)
    pts -= pts.mean(axis=0)
    far = float(np.sqrt((pts ** 2).sum(axis=1)).max()) or 1.0
    pts *= radius / far
    return {n: (float(x), float(y)) for n, (x, y) in zip(pos, pts)}


def sunflower(nodes: Sequence[N], radius: float) -> dict[N, tuple[float, float]]:
    """Nodes on a golden-angle spiral filling a disc, the first ones in the middle."""
    n = len(nodes)
    return {node: (radius * math.sqrt((i + 0.5) / n) * math.cos(i * GOLDEN_ANGLE),
                   radius * math.sqrt((i + 0.5) / n) * math.sin(i * GOLDEN_ANGLE))
            for i, node in enumerate(nodes)}


def disc_radius(n: int) -> float:
    return max(NODE_SPACING * 0.8, NODE_SPACING * 0.6 * math.sqrt(n))


def separate(centres: np.ndarray, radii: np.ndarray, gap: float = NODE_SPACING, rounds: int = 300) -> np.ndarray:
    """Push discs apart (deterministically) until no two overlap."""
    p = centres.astype(float).copy()
    k = len(p)
    if k < 2:
        return p
    jitter = np.stack([np.cos(np.arange(k)), np.sin(np.arange(k))], axis=1) * 1e-3
    for _ in range(rounds):
        diff = p[:, None, :] - p[None, :, :]
        dist = np.sqrt((diff ** 2).sum(axis=2))
        need = radii[:, None] + radii[None, :] + gap
        overlap = need - dist
        np.fill_diagonal(overlap, 0.0)
        if (overlap <= 1e-6).all():
            break
        safe = np.where(dist > 1e-9, dist, 1.0)
        unit = np.where(dist[:, :, None] > 1e-9, diff / safe[:, :, None], jitter[:, None, :])
        push = np.clip(overlap, 0.0, None)[:, :, None] * unit * 0.5
        p += push.sum(axis=1) / np.maximum(1, (overlap > 0).sum(axis=1))[:, None]
    return p


def graph_layout(u: nx.Graph[str], seed: int = SEED) -> Pos:
    """Positions (pixels) for every node of ``u``: spring for small graphs, by community for large ones."""
    n = u.number_of_nodes()
    if n == 0:
        return {}
    if n <= SPRING_MAX and any(u.degree(x) for x in u):
        # one spring layout of several components squeezes the largest into the middle and flings the
        # small ones out: each component gets its own disc instead (the nodes alone share one)
        parts = sorted((sorted(c) for c in nx.connected_components(u)), key=lambda c: (-len(c), str(c[0])))
        if len(parts) == 1:
            return _spring(u, disc_radius(n), seed)
        alone = [c[0] for c in parts if len(c) == 1]
        groups = [c for c in parts if len(c) > 1] + ([sorted(alone)] if alone else [])
    else:
        groups = communities(u, seed)
    local: list[Pos] = []
    radii = []
    for c in groups:
        r = disc_radius(len(c))
        sub = induced(u, c)
        if 1 < len(c) <= SPRING_MAX and sub.number_of_edges():
            local.append(_spring(sub, r, seed))
        else:
            local.append(sunflower(sorted(c, key=lambda x: (-u.degree(x), str(x))), r))
        radii.append(r)
    centres = _group_centres(u, groups, np.array(radii), seed)
    pos: Pos = {}
    for (cx, cy), lp in zip(centres, local):
        for node, (x, y) in lp.items():
            pos[node] = (cx + x, cy + y)
    return pos


def _group_centres(u: nx.Graph[str], groups: list[list[str]], radii: np.ndarray, seed: int) -> np.ndarray:
    k = len(groups)
    if k == 1:
        return np.zeros((1, 2))
    member = {node: i for i, c in enumerate(groups) for node in c}
    cg: nx.Graph[int] = nx.Graph()
    cg.add_nodes_from(range(k))
    w: float
    for s, o, w in u.edges(data="weight"):
        a, b = member[s], member[o]
        if a != b:
            cg.add_edge(a, b, weight=cg[a][b]["weight"] + w if cg.has_edge(a, b) else w)
    spread = float(np.sqrt((radii ** 2).sum()))     # the area the discs need; separate() removes overlaps
    raw = nx.spring_layout(cg, seed=seed, weight="weight", iterations=80) if k <= SPRING_MAX \
        else {i: xy for i, xy in sunflower(list(range(k)), 1.0).items()}
    centres = np.array([raw[i] for i in range(k)], dtype=float) * spread
    return separate(centres, radii)


def rings_layout(centre: str, hop1: Sequence[str], children: dict[str, list[str]]) -> Pos:
    """The ego layout: ``centre`` at the origin, its partners on an inner ring, each partner's own partners
    (``children``) on an outer ring inside the partner's sector, so lines stay short and nothing overlaps."""
    pos: Pos = {centre: (0.0, 0.0)}
    if not hop1:
        return pos
    gap = NODE_SPACING
    r1 = max(2.2 * gap, 1.3 * len(hop1) * gap / (2 * math.pi))
    kids = [len(children.get(n, ())) for n in hop1]

    def need(r2: float) -> float:      # the angle all sectors need when the outer ring has radius r2
        return sum(max(gap / r1, k * gap / r2) for k in kids)

    r2 = r1 + 2.2 * gap
    while need(r2) > 2 * math.pi:
        r2 *= 1.1
    sectors = [max(gap / r1, k * gap / r2) for k in kids]
    scale = 2 * math.pi / sum(sectors)
    sectors = [a * scale for a in sectors]
    start = -math.pi / 2 - sectors[0] / 2     # the first partner sits straight above the centre
    for node, sector in zip(hop1, sectors):
        mid = start + sector / 2
        pos[node] = (r1 * math.cos(mid), r1 * math.sin(mid))
        ring = children.get(node, ())
        for j, kid in enumerate(ring):
            a = start + sector * (j + 0.5) / len(ring)
            pos[kid] = (r2 * math.cos(a), r2 * math.sin(a))
        start += sector
    return pos


def grid_below(nodes: Sequence[str], above: Pos, gap: float = NODE_SPACING) -> Pos:
    """``nodes`` in rows, in order, in a block under the nodes placed in ``above`` (centred at the origin
    when ``above`` is empty): where the nodes without a line go, apart from the network."""
    if not nodes:
        return {}
    step = 0.8 * gap
    if above:
        xs, ys = [x for x, _ in above.values()], [y for _, y in above.values()]
        left, right, top = min(xs), max(xs), max(ys) + 1.5 * gap
    else:
        side = step * math.sqrt(len(nodes))
        left, right, top = -side / 2, side / 2, -side / 2
    per_row = max(1, int((right - left) // step) + 1, int(math.sqrt(len(nodes))))
    left = (left + right) / 2 - step * (min(per_row, len(nodes)) - 1) / 2
    return {n: (left + step * (i % per_row), top + step * (i // per_row)) for i, n in enumerate(nodes)}


def circle_layout(nodes: Sequence[str], widths: Sequence[float]) -> Pos:
    """Nodes in order around a circle, each given an arc of its ``width`` pixels (the community overview)."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    radius = max(3 * NODE_SPACING, sum(widths) / (2 * math.pi))
    pos: Pos = {}
    start = -math.pi / 2
    for node, w in zip(nodes, widths):
        a = 2 * math.pi * w / sum(widths)
        pos[node] = (radius * math.cos(start + a / 2), radius * math.sin(start + a / 2))
        start += a
    return pos
