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

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Any

import networkx as nx

from graph.views import layout
from graph.views.aggregate import aggregated_model
from graph.views.facts import GraphFacts, merged_edges
from graph.views.names import org_file_name
from graph.views.style import FAMILIES, PREDICATE_ORDER, class_style, legend, predicate_style

SCHEMA = 1
AGGREGATE_ABOVE = 1500    # more nodes than this: the overview shows communities, the ego views the detail
PHYSICS_MAX = 200         # up to this many nodes the browser refines the layout, then physics stops
EGO_MAX = 120             # at most this many nodes in an ego view (all first-hop partners are kept)

ViewModel = dict[str, Any]


def _finish(model: ViewModel, colour_by: str) -> ViewModel:
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
    model["stats"] = {"nodes": len(model["nodes"]), "edges": len(model["edges"]),
                      "facts": sum(map(itemgetter("count"), edges)), **model.get("stats", {})}
    return model


def graph_model(sub: nx.MultiDiGraph[str], full: nx.MultiDiGraph[str], *, kind: str, name: str, title: str,
                description: str, colour_by: str = "predicate",
                aggregate_above: int = AGGREGATE_ABOVE, facts: GraphFacts | None = None) -> ViewModel:
    """The view model of a whole (sub)graph: detailed, or aggregated by community when it is large."""
    base: ViewModel = {"schema": SCHEMA, "kind": kind, "name": name, "title": title,
                       "description": description, "path": f"{name}.html"}
    facts = facts or GraphFacts(full)
    if sub.number_of_nodes() > aggregate_above:
        return _finish({**base, **aggregated_model(sub, full, colour_by=colour_by, facts=facts)}, colour_by)
    pos = layout.graph_layout(layout.undirected(sub))
    nodes = [facts.node_record(n, pos[n]) for n in sorted(sub.nodes)]
    model = {**base, "aggregated": False, "physics": 0 < len(nodes) <= PHYSICS_MAX,
             "nodes": nodes, "edges": merged_edges(sub, colour_by=colour_by)}
    return _finish(model, colour_by)


def ecosystem_model(g: nx.MultiDiGraph[str], *, aggregate_above: int = AGGREGATE_ABOVE,
                    facts: GraphFacts | None = None) -> ViewModel:
    return graph_model(g, g, kind="ecosystem", name="ecosystem", title="生态全景 Ecosystem",
                       description="全部机构与关系；虚线为计划中的合作。All organisations and relations; "
                                   "dashed lines are planned.", aggregate_above=aggregate_above, facts=facts)


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
    return _finish(model, "predicate")


def all_models(g: nx.MultiDiGraph[str], *, aggregate_above: int = AGGREGATE_ABOVE,
               facts: GraphFacts | None = None) -> list[ViewModel]:
    """Every view: the ecosystem, one per relation family, planned vs achieved, one per organisation.

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
