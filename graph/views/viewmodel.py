"""The pure view model: networkx MultiDiGraph → JSON-serialisable dicts, one per view (golden-tested).

Every view model has the same shape::

    {"schema": 2, "kind": "ecosystem" | "family" | "status" | "ego" | "bridges", "name", "title",
     "description", "path": "ecosystem.html", "aggregated": bool, "physics": bool, "stats": {...},
     "nodes": [{"id", "label", "type", "type_label", "aliases", "color", "shape", "size", "x", "y",
                "href", "documents", "documents_total", "places", "unconnected", "rank",
                "evidence": {"facts", "achieved", "planned", "predicates"}, ("gx", "gy", "uxy")}],
     "edges": [{"id", "from", "to", "predicate", "predicate_label", "status", "status_label", "dashes",
                "color", "arrows", "curve", "count", "evidence": [{"sentence", "document", "date"}],
                "documents", "places"}],
     "legend": {...}, "filters": {"types", "predicates", "statuses"},
     "places": [{"key", "label", "level", "depth", "nodes"}], "unconnected": [{"type", "type_label",
     "color", "shape", "count", "ids"}], ("place_groups": [{"key", "label", "x", "y", "r", "nodes"}])}

``places`` of a node or edge are the keys of the places of its documents (``graph.places``); the model's
``places`` are the choices of the place filter. A node is ``unconnected`` when no line of the view
touches it: the page leaves it off the canvas until asked, and lists it by type (``unconnected``).
``rank`` orders the nodes by lines (facts) in the view, then documents: the page keeps the labels of the
first ones (the hubs) at every zoom. ``gx``/``gy`` and ``place_groups`` are the positions grouped by city
(the ecosystem view, when its documents are in two or more cities); ``uxy`` (city → [x, y]) where a node
of several cities stands beside each city's disc when that city is shown alone.

Nothing here reads or writes files and nothing is random without a seed. ``href`` values are relative to
the views folder (``org/<safe-file-name>.html``).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Any

import networkx as nx

from graph.places import unit_of
from graph.views import layout, places
from graph.views.aggregate import aggregated_model
from graph.views.bridges import bridges_view
from graph.views.facts import GraphFacts, merged_edges
from graph.views.names import org_file_name
from graph.views.style import CLASS_ORDER, FAMILIES, PREDICATE_ORDER, class_style, legend, predicate_style

SCHEMA = 2
AGGREGATE_ABOVE = 1500    # more nodes than this: the overview shows communities, the ego views the detail
PHYSICS_MAX = 200         # up to this many nodes the browser refines the layout, then physics stops
EGO_MAX = 120             # at most this many nodes in an ego view (all first-hop partners are kept)

ViewModel = dict[str, Any]


def _ranks(model: ViewModel) -> None:
    """``rank`` of every node: by the facts of the view's lines touching it, then its documents (an ego
    view's organisation first); the page keeps the first ones labelled."""
    lines: Counter[str] = Counter()
    for e in model["edges"]:
        lines[e["from"]] += e["count"]
        lines[e["to"]] += e["count"]
    centre = model.get("centre")
    order = sorted(model["nodes"], key=lambda n: (n["id"] != centre, n["type"] != "Place",
                                                  n.get("unconnected", False), -lines[n["id"]],
                                                  -(n.get("documents_total") or len(n.get("members") or ())),
                                                  n["label"], n["id"]))
    for i, n in enumerate(order):
        n["rank"] = i


def _unconnected(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The nodes no line touches (the members of an overview's unconnected group), by type: counts and ids."""
    by_type: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for n in nodes:
        if n.get("unconnected"):
            for m in n.get("members") or (n,):
                by_type[m["type"]].append((m["label"], m["id"]))
    rank = {t: i for i, t in enumerate(CLASS_ORDER)}
    return [{"type": t, "type_label": class_style(t)[2], "color": class_style(t)[0], "shape": class_style(t)[1],
             "count": len(v), "ids": [i for _l, i in sorted(v)]}
            for t, v in sorted(by_type.items(), key=lambda kv: (rank.get(kv[0], 99), kv[0]))]


def _finish(model: ViewModel, colour_by: str, facts: GraphFacts) -> ViewModel:
    types = {n["type"] for n in model["nodes"]}
    edges = model["edges"]
    if model.get("aggregated"):         # an overview edge stands for several predicates
        preds = {p for e in edges for p in e.get("predicates") or (e["predicate"],)}
    else:
        preds = set(map(itemgetter("predicate"), edges))
    statuses = set(map(itemgetter("status"), edges))
    model["legend"] = legend(types, preds, statuses, colour_by=colour_by)
    model["filters"] = {"types": [c["type"] for c in model["legend"]["classes"]],
                        "predicates": [p["predicate"] for p in model["legend"]["predicates"]],
                        "statuses": [s["status"] for s in model["legend"]["statuses"]]}
    for n in model["nodes"]:
        n.setdefault("unconnected", False)
    _ranks(model)
    model["places"] = places.facet((n["places"] for n in model["nodes"]), facts.places)
    model["unconnected"] = _unconnected(model["nodes"])
    model["stats"] = {"nodes": len(model["nodes"]), "edges": len(model["edges"]),
                      "facts": sum(map(itemgetter("count"), edges)),
                      "unconnected": sum(u["count"] for u in model["unconnected"]), **model.get("stats", {})}
    return model


def _group_by_place(model: ViewModel, facts: GraphFacts) -> None:
    """Positions grouped by city (``gx``, ``gy``) and the groups' discs, when the connected nodes are in two
    or more cities (an overview's community goes with the city most of its members are in); the nodes
    without a line keep their order in a block below."""
    members: dict[str, list[str]] = defaultdict(list)
    for n in model["nodes"]:
        if not n.get("unconnected"):
            members[n.get("place_group") or places.group_of(n["places"], facts.places)].append(n["id"])
    if len(set(members) - {places.SEVERAL, places.NOWHERE}) < 2:
        return
    u: nx.Graph[str] = nx.Graph()
    u.add_nodes_from(n["id"] for n in model["nodes"])
    for e in model["edges"]:
        if e["from"] != e["to"]:
            w = u[e["from"]][e["to"]]["weight"] if u.has_edge(e["from"], e["to"]) else 0
            u.add_edge(e["from"], e["to"], weight=w + e["count"])
    pos, discs = places.grouped_layout(u, members, facts.places)
    pos.update(layout.grid_below([n["id"] for n in sorted((n for n in model["nodes"] if n.get("unconnected")),
                                                          key=lambda n: (n["y"], n["x"]))], pos))
    visitors: dict[str, list[str]] = defaultdict(list)     # a city → its nodes that are of several cities
    for n in sorted(model["nodes"], key=itemgetter("rank")):
        if n["id"] in members.get(places.SEVERAL, ()):
            for unit in sorted({unit_of(k, facts.places) for k in n["places"]}):
                visitors[unit].append(n["id"])
    near = places.beside(discs, visitors)
    for n in model["nodes"]:
        n["gx"], n["gy"] = round(pos[n["id"]][0]), round(pos[n["id"]][1])
        if n["id"] in near:
            n["uxy"] = near[n["id"]]
    model["place_groups"] = discs


def graph_model(sub: nx.MultiDiGraph[str], full: nx.MultiDiGraph[str], *, kind: str, name: str, title: str,
                description: str, colour_by: str = "predicate",
                aggregate_above: int = AGGREGATE_ABOVE, facts: GraphFacts | None = None,
                group_by_place: bool = False) -> ViewModel:
    """The view model of a whole (sub)graph: detailed, or aggregated by community when more than
    ``aggregate_above`` of its nodes have a line. The nodes without one are laid out apart, below."""
    base: ViewModel = {"schema": SCHEMA, "kind": kind, "name": name, "title": title,
                       "description": description, "path": f"{name}.html"}
    facts = facts or GraphFacts(full)
    u = layout.undirected(sub)
    connected = {n for n in u if u.degree(n)}
    if len(connected) > aggregate_above:
        model = {**base, **aggregated_model(sub, full, colour_by=colour_by, facts=facts)}
    else:
        model = {**base, **_detailed(sub, u, connected, colour_by, facts)}
    model = _finish(model, colour_by, facts)
    if group_by_place:
        _group_by_place(model, facts)
    return model


def _detailed(sub: nx.MultiDiGraph[str], u: nx.Graph[str], connected: set[str], colour_by: str,
              facts: GraphFacts) -> ViewModel:
    """Every node of ``sub``: the connected ones laid out as a graph, the others in a block below them."""
    pos = layout.graph_layout(layout.induced(u, (n for n in u if n in connected)))
    alone = sorted((n for n in u if n not in connected), key=lambda n: (
        CLASS_ORDER.index(facts.ring_key(n)[0]) if facts.ring_key(n)[0] in CLASS_ORDER else 99, *facts.ring_key(n)))
    pos.update(layout.grid_below(alone, pos))
    nodes = [facts.node_record(n, pos[n]) for n in sorted(sub.nodes)]
    for n in nodes:
        n["unconnected"] = n["id"] not in connected
    return {"aggregated": False, "physics": 0 < len(connected) <= PHYSICS_MAX,
            "nodes": nodes, "edges": merged_edges(sub, colour_by=colour_by, doc_place=facts.doc_place)}


def ecosystem_model(g: nx.MultiDiGraph[str], *, aggregate_above: int = AGGREGATE_ABOVE,
                    facts: GraphFacts | None = None) -> ViewModel:
    return graph_model(g, g, kind="ecosystem", name="ecosystem", title="生态全景 Ecosystem",
                       description="全部机构与关系；虚线为计划中的合作。All organisations and relations; "
                                   "dashed lines are planned.", aggregate_above=aggregate_above, facts=facts,
                       group_by_place=True)


def edge_subgraph(g: nx.MultiDiGraph[str], predicates: Iterable[str] | None = None) -> nx.MultiDiGraph[str]:
    """The facts with one of ``predicates`` (all facts: None) and the nodes they touch, as a copy whose nodes
    and edges keep the order of ``g`` (``g.edge_subgraph`` iterates a small node set in hash order, which
    changes with ``PYTHONHASHSEED``). ``g`` is not changed."""
    wanted = None if predicates is None else set(predicates)
    edges = [(s, o, k, d) for s, o, k, d in g.edges(keys=True, data=True)
             if wanted is None or d.get("predicate") in wanted]
    touched = {n for s, o, _k, _d in edges for n in (s, o)}
    sub: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    sub.graph.update(g.graph)
    sub.add_nodes_from((n, d) for n, d in g.nodes(data=True) if n in touched)
    sub.add_edges_from(edges)  # type: ignore[arg-type]  # types-networkx misses the (u, v, key, data) form
    return sub


def family_model(g: nx.MultiDiGraph[str], family: str, *, aggregate_above: int = AGGREGATE_ABOVE,
                 facts: GraphFacts | None = None) -> ViewModel:
    title, preds = FAMILIES[family]
    labels = "、".join(predicate_style(p)[1] for p in preds)
    return graph_model(edge_subgraph(g, preds), g, kind="family", name=family, title=title,
                       description=f"只看这一类关系：{labels}。Only these relations: {', '.join(preds)}.",
                       aggregate_above=aggregate_above, facts=facts)


def status_model(g: nx.MultiDiGraph[str], *, aggregate_above: int = AGGREGATE_ABOVE,
                 facts: GraphFacts | None = None) -> ViewModel:
    """Every relation coloured by status (achieved green and solid, planned orange and dashed)."""
    model = graph_model(edge_subgraph(g), g, kind="status", name="planned-vs-achieved",
                        title="计划与落实 Planned vs achieved", description="绿色实线：已落实；橙色虚线：计划中。Green solid: achieved; orange dashed: "
                                    "planned.", colour_by="status", aggregate_above=aggregate_above, facts=facts)
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for _s, _o, d in g.edges(data=True):
        rows[str(d.get("predicate", ""))][str(d.get("status") or "")] += 1
    order = {p: i for i, p in enumerate(PREDICATE_ORDER)}
    model["summary"] = [{"predicate": p, "label": predicate_style(p)[1], "achieved": c["achieved"],
                         "planned": c["planned"]} for p, c in sorted(rows.items(), key=lambda kv: (
                             order.get(kv[0], 99), kv[0]))]
    return model


def bridges_model(g: nx.MultiDiGraph[str], *, facts: GraphFacts | None = None) -> ViewModel:
    """The organisations named in documents of two or more cities, the cities, and each one's partners
    there; the pairs of cities that share partners, and those that share none."""
    facts = facts or GraphFacts(g)
    model: ViewModel = {
        "schema": SCHEMA, "kind": "bridges", "name": "bridges", "path": "bridges.html",
        "title": "跨地区桥梁 Bridges between places",
        "description": "在两个及以上城市的文件中出现的机构，连到提及它的城市和它在那里的合作伙伴。"
                       "Organisations named in documents of two or more cities, linked to each city and to "
                       "their partners there.",
        **bridges_view(g, facts=facts)}
    return _finish(model, "predicate", facts)


def ego_rings(g: nx.MultiDiGraph[str], centre: str, limit: int = EGO_MAX,
              facts: GraphFacts | None = None) -> tuple[list[str], dict[str, list[str]], int]:
    """First-hop partners (all, in ring order), the second-hop nodes each of them brings (up to ``limit``
    nodes in total), and how many second-hop nodes were left out. ``facts``, when given, is ``GraphFacts(g)``."""
    facts = facts or GraphFacts(g)
    key = facts.ring_key
    hop1 = sorted(facts.neighbours(centre), key=lambda n: (facts.first_link(centre, n), *key(n)))
    seen = {centre, *hop1}
    room = max(0, limit - 1 - len(hop1))
    children: dict[str, list[str]] = {}
    left_out = 0
    for parent in hop1:
        new = facts.neighbours(parent) - seen
        seen |= new
        if room:
            kids = sorted(new, key=key)[:room]
            if kids:
                children[parent] = kids
            room -= len(kids)
            left_out += len(new) - len(kids)
        else:
            left_out += len(new)
    return hop1, children, left_out


def ego_model(g: nx.MultiDiGraph[str], centre: str, *, limit: int = EGO_MAX,
              facts: GraphFacts | None = None) -> ViewModel:
    """One organisation, its partners (1 hop) and theirs (2 hops), on rings around it."""
    facts = facts or GraphFacts(g)
    hop1, children, truncated = ego_rings(g, centre, limit, facts)
    hop2 = [n for kids in children.values() for n in kids]
    members = {centre, *hop1, *hop2}
    pos = layout.rings_layout(centre, hop1, children)
    nodes = [facts.node_record(n, pos[n]) for n in sorted(members)]
    first = set(hop1)
    for n in nodes:
        n["hop"] = 0 if n["id"] == centre else 1 if n["id"] in first else 2
        if n["hop"] == 0:
            n["size"] = 40.0
    label = facts.label(centre)
    path = facts.hrefs.get(centre) or "org/" + org_file_name(label, centre)
    model: ViewModel = {
        "schema": SCHEMA, "kind": "ego", "name": path.removesuffix(".html"), "centre": centre,
        "title": label, "description": f"{label}的合作伙伴（一至二度）。Partners of {label}, 1–2 hops.",
        "path": path, "aggregated": False, "physics": False, "truncated": truncated,
        "nodes": nodes, "edges": facts.edges_among(members), "stats": {"hop1": len(hop1), "hop2": len(hop2)},
    }
    return _finish(model, "predicate", facts)


def all_models(g: nx.MultiDiGraph[str], *, aggregate_above: int = AGGREGATE_ABOVE,
               facts: GraphFacts | None = None) -> list[ViewModel]:
    """Every view: the ecosystem, one per relation family, planned vs achieved, the bridges between places,
    one per organisation.

    The ego views share their edge records (and all views their nodes' ``evidence``): read them, do not
    change them. ``facts`` is ``GraphFacts(g)`` when the caller has it already.
    """
    return list(iter_models(g, aggregate_above=aggregate_above, facts=facts))


def iter_models(g: nx.MultiDiGraph[str], *, aggregate_above: int = AGGREGATE_ABOVE,
                facts: GraphFacts | None = None) -> Iterator[ViewModel]:
    """The models of ``all_models``, in its order, one at a time: the views of the whole graph first, then
    one per organisation (a caller that writes each page as it comes holds one ego view at a time)."""
    facts = facts or GraphFacts(g)
    yield ecosystem_model(g, aggregate_above=aggregate_above, facts=facts)
    for f in FAMILIES:
        yield family_model(g, f, aggregate_above=aggregate_above, facts=facts)
    yield status_model(g, aggregate_above=aggregate_above, facts=facts)
    yield bridges_model(g, facts=facts)
    for n in facts.hrefs:
        yield ego_model(g, n, facts=facts)


def index_model(g: nx.MultiDiGraph[str], models: list[ViewModel], facts: GraphFacts | None = None) -> ViewModel:
    """The index page: every view, and every organisation with its aliases, so a name finds its ego view."""
    facts = facts or GraphFacts(g)
    views = [{"path": m["path"], "title": m["title"], "kind": m["kind"], "description": m["description"],
              "nodes": m["stats"]["nodes"], "edges": m["stats"]["edges"], "aggregated": m["aggregated"]}
             for m in models if m["kind"] != "ego"]
    orgs = []
    for n, href in facts.hrefs.items():
        ev = facts.evidence(n)
        type_ = str(g.nodes[n].get("type") or "Entity")
        orgs.append({"id": n, "label": facts.label(n), "type": type_, "type_label": class_style(type_)[2],
                     "color": class_style(type_)[0], "aliases": sorted(g.nodes[n].get("aliases") or ()),
                     "href": href, "facts": ev["facts"], "achieved": ev["achieved"], "planned": ev["planned"]})
    orgs.sort(key=lambda o: (-o["facts"], o["label"], o["id"]))
    return {"schema": SCHEMA, "kind": "index", "name": "index", "path": "index.html",
            "title": "合作网络 Partner network", "description": "选择一个视图，或按名称（含简称）查找机构。"
            "Pick a view, or find an organisation by name or alias.",
            "stats": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "organisations": len(orgs)},
            "views": views, "organisations": orgs}
