"""The overview of a large graph: one node per community (seeded Louvain), edges counted between them.

Each community node lists its members (with their ego-view links), so the search still finds every
organisation by name or alias and leads to the detail.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from graph.places import keys_of
from graph.views import layout
from graph.views.facts import GraphFacts
from graph.views.names import edge_id
from graph.views.places import majority_group
from graph.views.style import PREDICATE_ORDER, STATUS_ORDER, class_style, predicate_style, status_style

SAMPLE_EVIDENCE = 3
LABEL_CHARS = 12      # a community is named after its best-connected member, cut to this length
LABEL_PX = 14.0
NODE_GAP = 40.0


def aggregated_model(sub: nx.MultiDiGraph[str], full: nx.MultiDiGraph[str], *, colour_by: str,
                     facts: GraphFacts | None = None) -> dict[str, Any]:
    """Nodes and edges of the community overview (the caller adds title, legend and filters); ``facts``,
    when given, is ``GraphFacts(full)``."""
    facts = facts or GraphFacts(full)
    u = layout.undirected(sub)
    groups = layout.communities(u, cache=facts.communities)
    member_of = {n: i for i, c in enumerate(groups) for n in c}
    hrefs = facts.hrefs
    label_of = facts.label
    gid = [f"group:{i + 1}" for i in range(len(groups))]

    buckets: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    internal: Counter[int] = Counter()
    for s, o, d in sub.edges(data=True):
        a, b = member_of[s], member_of[o]
        if a == b:
            internal[a] += 1
            continue
        x, y = sorted((gid[a], gid[b]))
        buckets[(x, y, str(d.get("status") or ""))].append(d)

    nodes: list[dict[str, Any]] = []
    for i, members in enumerate(groups):
        ranked = sorted(members, key=lambda n: (-facts.degree(n), label_of(n), n))
        classes = Counter(str(full.nodes[n].get("type") or "Entity") for n in members)
        main_type = min(classes, key=lambda t: (-classes[t], t))
        colour, _shape, type_label = class_style(main_type)
        top = label_of(ranked[0])
        top = top if len(top) <= LABEL_CHARS else top[:LABEL_CHARS] + "…"
        isolated = all(u.degree(n) == 0 for n in members)
        label = (f"未连接的 {len(members)} 个" if isolated and len(members) > 1
                 else f"{top} 等 {len(members)} 个" if len(members) > 1 else top)
        member_places = [facts.places_of(n) for n in members]
        nodes.append({
            "id": gid[i], "label": label, "type": "Community", "type_label": f"群组（以{type_label}为主）",
            "aliases": [], "color": colour, "shape": "dot",
            "size": round(min(60.0, 14 + 4 * math.sqrt(len(members))), 1), "x": 0, "y": 0,
            "href": None, "documents": [],
            "evidence": {"facts": internal[i] + sum(len(v) for k, v in buckets.items() if gid[i] in k[:2]),
                         "internal": internal[i], "achieved": 0, "planned": 0, "predicates": {},
                         "classes": dict(sorted(classes.items()))},
            "members": [{"id": n, "label": label_of(n), "type": str(full.nodes[n].get("type") or "Entity"),
                         "aliases": sorted(full.nodes[n].get("aliases") or ()), "href": hrefs.get(n)}
                        for n in ranked],
            "places": sorted({k for keys in member_places for k in keys}),
            "place_group": majority_group(member_places, facts.places), "unconnected": isolated,
        })
    ring = [n for n in nodes if not n["unconnected"]]       # the unconnected group goes below, apart
    widths = [max(2 * n["size"] + NODE_GAP, LABEL_PX * len(n["label"])) for n in ring]
    pos = layout.circle_layout([n["id"] for n in ring], widths) if ring else {}
    pos.update(layout.grid_below([n["id"] for n in nodes if n["unconnected"]], pos))
    for n in nodes:
        n["x"], n["y"] = round(pos[n["id"]][0]), round(pos[n["id"]][1])

    order = {p: i for i, p in enumerate(PREDICATE_ORDER)}
    parallel: Counter[tuple[str, str]] = Counter()
    edges = []
    for key in sorted(buckets, key=lambda k: (k[0], k[1], STATUS_ORDER.index(k[2]) if k[2] in STATUS_ORDER else 9)):
        x, y, st = key
        recs = buckets[key]
        k = parallel[(x, y)]
        parallel[(x, y)] += 1
        preds = Counter(str(d.get("predicate", "")) for d in recs)
        main = min(preds, key=lambda p: (-preds[p], order.get(p, 99), p))
        s_colour, dashed, s_label = status_style(st)
        p_colour, _p_label = predicate_style(main)
        sample = sorted(recs, key=lambda d: (str(d.get("document") or ""), d.get("start") or 0))[:SAMPLE_EVIDENCE]
        edges.append({
            "id": edge_id(x, y, st), "from": x, "to": y, "predicate": main,
            "predicate_label": "、".join(f"{predicate_style(p)[1]} {c}" for p, c in sorted(
                preds.items(), key=lambda pc: (-pc[1], order.get(pc[0], 99), pc[0]))),
            "predicates": dict(sorted(preds.items())),
            "status": st, "status_label": s_label, "dashes": dashed,
            "color": s_colour if colour_by == "status" else p_colour, "arrows": "",
            "curve": 0.0 if k == 0 else 0.15,
            "count": len(recs), "width": round(min(10.0, 1 + math.log2(len(recs))), 1),
            "evidence": [{"sentence": str(d.get("evidence") or ""), "document": str(d.get("document") or ""),
                          "date": d.get("date")} for d in sample],
            "documents": sorted({str(d.get("document")) for d in recs if d.get("document")}),
            "places": keys_of((str(d.get("document") or "") for d in recs), facts.doc_place),
        })
    return {"aggregated": True, "physics": False, "nodes": nodes, "edges": edges,
            "stats": {"source_nodes": sub.number_of_nodes(), "source_facts": sub.number_of_edges(),
                      "communities": len(groups)}}
