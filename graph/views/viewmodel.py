"""The pure view model: networkx MultiDiGraph → JSON-serialisable dicts, one per view (golden-tested).

Every view model has the same shape::

    {"schema": 1, "kind": "ecosystem" | "family" | "status" | "ego", "name", "title", "description",
     "path": "ecosystem.html", "aggregated": bool, "physics": bool, "stats": {...},
     "nodes": [{"id", "label", "type", "type_label", "aliases", "color", "shape", "size", "x", "y",
                "href", "documents", "evidence": {"facts", "achieved", "planned", "predicates"}}],
     "edges": [{"id", "from", "to", "predicate", "predicate_label", "status", "status_label", "dashes",
                "color", "arrows", "curve", "count", "evidence": [{"sentence", "document", "date"}],
                "documents"}],
     "legend": {...}, "filters": {"types", "predicates", "statuses"}}

Nothing here reads or writes files and nothing is random without a seed. ``href`` values are relative to
the views folder (``org/<safe-file-name>.html``).
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.views import layout
from graph.views.aggregate import aggregated_model
from graph.views.names import edge_id, label_of, org_file_name, org_paths
from graph.views.style import (
    FAMILIES,
    PREDICATE_ORDER,
    STATUS_ORDER,
    SYMMETRIC,
    class_style,
    legend,
    predicate_style,
    status_style,
)

SCHEMA = 1
AGGREGATE_ABOVE = 1500    # more nodes than this: the overview shows communities, the ego views the detail
PHYSICS_MAX = 200         # up to this many nodes the browser refines the layout, then physics stops
EGO_MAX = 120             # at most this many nodes in an ego view (all first-hop partners are kept)

ViewModel = dict[str, Any]


EVIDENCE_MAX = 8          # evidence sentences kept per view edge (``count`` says how many facts it merges)
DOCUMENTS_MAX = 20        # source documents listed per node (``documents_total`` says how many there are)


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


def merged_edges(g: nx.MultiDiGraph, *, colour_by: str = "predicate") -> list[dict[str, Any]]:
    """One view edge per (subject, object, predicate, status); symmetric predicates lose their direction."""
    groups: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for s, o, data in g.edges(data=True):
        p, st = str(data.get("predicate", "")), str(data.get("status") or "")
        if p in SYMMETRIC and o < s:
            s, o = o, s
        groups[(s, o, p, st)].append(data)
    order = {p: i for i, p in enumerate(PREDICATE_ORDER)}
    keys = sorted(groups, key=lambda k: (k[0], k[1], order.get(k[2], 99), k[2], STATUS_ORDER.index(k[3])
                                         if k[3] in STATUS_ORDER else 9, k[3]))
    parallel: Counter[tuple[str, str]] = Counter()
    edges = []
    for s, o, p, st in keys:
        pair = (min(s, o), max(s, o))
        k = parallel[pair]
        parallel[pair] += 1
        p_colour, p_label = predicate_style(p)
        s_colour, dashed, s_label = status_style(st)
        ev = _evidence(groups[(s, o, p, st)])
        edges.append({
            "id": edge_id(s, o, p, st), "from": s, "to": o,
            "predicate": p, "predicate_label": p_label, "status": st, "status_label": s_label,
            "dashes": dashed, "color": s_colour if colour_by == "status" else p_colour,
            "arrows": "" if p in SYMMETRIC else "to",
            "curve": 0.0 if k == 0 else round((0.15 * ((k + 1) // 2)) * (1 if k % 2 else -1), 2),
            "count": len(groups[(s, o, p, st)]),
            "evidence": ev, "documents": sorted({e["document"] for e in ev if e["document"]}),
        })
    return edges


def _node_evidence(g: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    status: Counter[str] = Counter()
    preds: Counter[str] = Counter()
    for _s, _o, d in list(g.out_edges(node, data=True)) + list(g.in_edges(node, data=True)):
        status[str(d.get("status") or "")] += 1
        preds[str(d.get("predicate", ""))] += 1
    return {"facts": sum(status.values()), "achieved": status["achieved"], "planned": status["planned"],
            "predicates": dict(sorted(preds.items()))}


def _documents(g: nx.MultiDiGraph, node: str) -> list[str]:
    # a graph read from plain Turtle has no named graphs: rdflib's default graph is no document
    docs = {d for d in g.nodes[node].get("documents") or () if not str(d).startswith("urn:x-rdflib:")}
    for _s, _o, d in list(g.out_edges(node, data=True)) + list(g.in_edges(node, data=True)):
        if d.get("document"):
            docs.add(str(d["document"]))
    return sorted(docs)


class GraphFacts:
    """What the views need to know about the whole graph, computed once and shared by every view."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self.hrefs = org_paths(g)
        self._documents: dict[str, list[str]] = {}
        self._evidence: dict[str, dict[str, Any]] = {}

    def documents(self, node: str) -> list[str]:
        if node not in self._documents:
            self._documents[node] = _documents(self.g, node)
        return self._documents[node]

    def evidence(self, node: str) -> dict[str, Any]:
        if node not in self._evidence:
            self._evidence[node] = _node_evidence(self.g, node)
        return self._evidence[node]


def node_record(g: nx.MultiDiGraph, node: str, facts: GraphFacts, xy: tuple[float, float]) -> dict[str, Any]:
    type_ = str(g.nodes[node].get("type") or "Entity")
    colour, shape, type_label = class_style(type_)
    full = facts.g
    degree = full.degree(node)
    return {
        "id": node, "label": label_of(full, node), "type": type_, "type_label": type_label,
        "aliases": sorted(str(a) for a in g.nodes[node].get("aliases") or ()),
        "color": colour, "shape": shape, "size": round(min(40.0, 12 + 3 * math.sqrt(degree)), 1),
        "x": round(xy[0]), "y": round(xy[1]), "href": facts.hrefs.get(node),
        "documents": facts.documents(node)[:DOCUMENTS_MAX], "documents_total": len(facts.documents(node)),
        "evidence": facts.evidence(node),
    }


def _finish(model: ViewModel, colour_by: str) -> ViewModel:
    types = {n["type"] for n in model["nodes"]}
    preds = {p for e in model["edges"] for p in e.get("predicates") or [e["predicate"]]}
    statuses = {e["status"] for e in model["edges"]}
    model["legend"] = legend(types, preds, statuses, colour_by=colour_by)
    model["filters"] = {"types": [c["type"] for c in model["legend"]["classes"]],
                        "predicates": [p["predicate"] for p in model["legend"]["predicates"]],
                        "statuses": [s["status"] for s in model["legend"]["statuses"]]}
    model["stats"] = {"nodes": len(model["nodes"]), "edges": len(model["edges"]),
                      "facts": sum(e["count"] for e in model["edges"]), **model.get("stats", {})}
    return model


def graph_model(sub: nx.MultiDiGraph, full: nx.MultiDiGraph, *, kind: str, name: str, title: str,
                description: str, colour_by: str = "predicate",
                aggregate_above: int = AGGREGATE_ABOVE, facts: GraphFacts | None = None) -> ViewModel:
    """The view model of a whole (sub)graph: detailed, or aggregated by community when it is large."""
    base: ViewModel = {"schema": SCHEMA, "kind": kind, "name": name, "title": title,
                       "description": description, "path": f"{name}.html"}
    if sub.number_of_nodes() > aggregate_above:
        return _finish({**base, **aggregated_model(sub, full, colour_by=colour_by)}, colour_by)
    facts = facts or GraphFacts(full)
    pos = layout.graph_layout(layout.undirected(sub))
    nodes = [node_record(sub, n, facts, pos[n]) for n in sorted(sub.nodes)]
    model = {**base, "aggregated": False, "physics": 0 < len(nodes) <= PHYSICS_MAX,
             "nodes": nodes, "edges": merged_edges(sub, colour_by=colour_by)}
    return _finish(model, colour_by)


def ecosystem_model(g: nx.MultiDiGraph, *, aggregate_above: int = AGGREGATE_ABOVE,
                    facts: GraphFacts | None = None) -> ViewModel:
    return graph_model(g, g, kind="ecosystem", name="ecosystem", title="生态全景 Ecosystem",
                       description="全部机构与关系；虚线为计划中的合作。All organisations and relations; "
                                   "dashed lines are planned.", aggregate_above=aggregate_above, facts=facts)


def edge_subgraph(g: nx.MultiDiGraph, predicates: Iterable[str]) -> nx.MultiDiGraph:
    """The facts with one of ``predicates`` and the nodes they touch (a copy; ``g`` is not changed)."""
    wanted = set(predicates)
    keys = [(s, o, k) for s, o, k, p in g.edges(keys=True, data="predicate") if p in wanted]
    return g.edge_subgraph(keys).copy()


def family_model(g: nx.MultiDiGraph, family: str, *, aggregate_above: int = AGGREGATE_ABOVE,
                 facts: GraphFacts | None = None) -> ViewModel:
    title, preds = FAMILIES[family]
    labels = "、".join(predicate_style(p)[1] for p in preds)
    return graph_model(edge_subgraph(g, preds), g, kind="family", name=family, title=title,
                       description=f"只看这一类关系：{labels}。Only these relations: {', '.join(preds)}.",
                       aggregate_above=aggregate_above, facts=facts)


def status_model(g: nx.MultiDiGraph, *, aggregate_above: int = AGGREGATE_ABOVE,
                 facts: GraphFacts | None = None) -> ViewModel:
    """Every relation coloured by status (achieved green and solid, planned orange and dashed)."""
    sub = g.edge_subgraph(list(g.edges(keys=True))).copy()
    model = graph_model(sub, g, kind="status", name="planned-vs-achieved", title="计划与落实 Planned vs achieved",
                        description="绿色实线：已落实；橙色虚线：计划中。Green solid: achieved; orange dashed: "
                                    "planned.", colour_by="status", aggregate_above=aggregate_above, facts=facts)
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for _s, _o, d in g.edges(data=True):
        rows[str(d.get("predicate", ""))][str(d.get("status") or "")] += 1
    order = {p: i for i, p in enumerate(PREDICATE_ORDER)}
    model["summary"] = [{"predicate": p, "label": predicate_style(p)[1], "achieved": c["achieved"],
                         "planned": c["planned"]} for p, c in sorted(rows.items(), key=lambda kv: (
                             order.get(kv[0], 99), kv[0]))]
    return model


def ego_rings(g: nx.MultiDiGraph, centre: str,
              limit: int = EGO_MAX) -> tuple[list[str], dict[str, list[str]], int]:
    """First-hop partners (all, in ring order), the second-hop nodes each of them brings (up to ``limit``
    nodes in total), and how many second-hop nodes were left out."""
    order = {p: i for i, p in enumerate(PREDICATE_ORDER)}

    def first_link(a: str, b: str) -> tuple[int, str]:
        preds = [str(d.get("predicate", "")) for d in g.get_edge_data(a, b, default={}).values()]
        preds += [str(d.get("predicate", "")) for d in g.get_edge_data(b, a, default={}).values()]
        return min((order.get(p, 99), p) for p in preds)

    def neighbours(n: str) -> set[str]:
        return (set(g.successors(n)) | set(g.predecessors(n))) - {n}

    def key(n: str) -> tuple[str, str, str]:
        return (str(g.nodes[n].get("type", "")), label_of(g, n), n)

    hop1 = sorted(neighbours(centre), key=lambda n: (first_link(centre, n), *key(n)))
    seen = {centre, *hop1}
    room = max(0, limit - 1 - len(hop1))
    children: dict[str, list[str]] = {}
    left_out = 0
    for parent in hop1:
        for n in sorted(neighbours(parent) - seen, key=key):
            seen.add(n)
            if room:
                children.setdefault(parent, []).append(n)
                room -= 1
            else:
                left_out += 1
    return hop1, children, left_out


def ego_model(g: nx.MultiDiGraph, centre: str, *, limit: int = EGO_MAX,
              facts: GraphFacts | None = None) -> ViewModel:
    """One organisation, its partners (1 hop) and theirs (2 hops), on rings around it."""
    hop1, children, truncated = ego_rings(g, centre, limit)
    hop2 = [n for kids in children.values() for n in kids]
    sub = g.subgraph([centre, *hop1, *hop2])
    facts = facts or GraphFacts(g)
    pos = layout.rings_layout(centre, hop1, children)
    nodes = [node_record(sub, n, facts, pos[n]) for n in sorted(sub.nodes)]
    first = set(hop1)
    for n in nodes:
        n["hop"] = 0 if n["id"] == centre else 1 if n["id"] in first else 2
        if n["hop"] == 0:
            n["size"] = 40.0
    label = label_of(g, centre)
    path = facts.hrefs.get(centre) or "org/" + org_file_name(label, centre)
    model: ViewModel = {
        "schema": SCHEMA, "kind": "ego", "name": path.removesuffix(".html"), "centre": centre,
        "title": label, "description": f"{label}的合作伙伴（一至二度）。Partners of {label}, 1–2 hops.",
        "path": path, "aggregated": False, "physics": False, "truncated": truncated,
        "nodes": nodes, "edges": merged_edges(sub), "stats": {"hop1": len(hop1), "hop2": len(hop2)},
    }
    return _finish(model, "predicate")


def all_models(g: nx.MultiDiGraph, *, aggregate_above: int = AGGREGATE_ABOVE) -> list[ViewModel]:
    """Every view: the ecosystem, one per relation family, planned vs achieved, one per organisation."""
    facts = GraphFacts(g)
    models = [ecosystem_model(g, aggregate_above=aggregate_above, facts=facts)]
    models += [family_model(g, f, aggregate_above=aggregate_above, facts=facts) for f in FAMILIES]
    models.append(status_model(g, aggregate_above=aggregate_above, facts=facts))
    models += [ego_model(g, n, facts=facts) for n in facts.hrefs]
    return models


def index_model(g: nx.MultiDiGraph, models: list[ViewModel]) -> ViewModel:
    """The index page: every view, and every organisation with its aliases, so a name finds its ego view."""
    views = [{"path": m["path"], "title": m["title"], "kind": m["kind"], "description": m["description"],
              "nodes": m["stats"]["nodes"], "edges": m["stats"]["edges"], "aggregated": m["aggregated"]}
             for m in models if m["kind"] != "ego"]
    hrefs = org_paths(g)
    orgs = []
    for n, href in hrefs.items():
        ev = _node_evidence(g, n)
        type_ = str(g.nodes[n].get("type") or "Entity")
        orgs.append({"id": n, "label": label_of(g, n), "type": type_, "type_label": class_style(type_)[2],
                     "color": class_style(type_)[0], "aliases": sorted(g.nodes[n].get("aliases") or ()),
                     "href": href, "facts": ev["facts"], "achieved": ev["achieved"], "planned": ev["planned"]})
    orgs.sort(key=lambda o: (-o["facts"], o["label"], o["id"]))
    return {"schema": SCHEMA, "kind": "index", "name": "index", "path": "index.html",
            "title": "合作网络 Partner network", "description": "选择一个视图，或按名称（含简称）查找机构。"
            "Pick a view, or find an organisation by name or alias.",
            "stats": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "organisations": len(orgs)},
            "views": views, "organisations": orgs}
