"""The pure view model: what each view shows, golden files, determinism, safety of names."""
from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest

from graph.views import layout
from graph.views.facts import GraphFacts, merged_edges
from graph.views.names import org_file_name, org_paths
from graph.views.style import FAMILIES, ORG_TYPES
from graph.views.viewmodel import (
    all_models,
    ecosystem_model,
    edge_subgraph,
    ego_model,
    family_model,
    index_model,
    status_model,
)


def _edge(model: dict[str, Any], a: str, predicate: str, b: str) -> dict[str, Any]:
    ids = {n["label"]: n["id"] for n in model["nodes"]}
    return next(e for e in model["edges"] if e["predicate"] == predicate
                and {e["from"], e["to"]} == {ids[a], ids[b]})


@pytest.mark.parametrize("name,build", [
    ("ecosystem", lambda g: ecosystem_model(g)),
    ("agreements", lambda g: family_model(g, "agreements")),
    ("clusters", lambda g: family_model(g, "clusters")),
    ("planned-vs-achieved", lambda g: status_model(g)),
    ("ego-wenzhou", lambda g: ego_model(g, next(n for n, d in g.nodes(data=True) if d["label"] == "温州市"))),
    ("ecosystem-aggregated", lambda g: ecosystem_model(g, aggregate_above=3)),
])
def test_viewmodel_matches_golden(sample_graph: nx.MultiDiGraph, golden: Callable[[str, Any], None],
                                  name: str, build: Callable[[nx.MultiDiGraph], dict[str, Any]]) -> None:
    golden(name, build(sample_graph))


def test_viewmodel_index_matches_golden(sample_graph: nx.MultiDiGraph, golden: Callable[[str, Any], None]) -> None:
    golden("index", index_model(sample_graph, all_models(sample_graph)))


@pytest.mark.parametrize("a,predicate,b,status,dashed", [
    ("温州市", "signedAgreementWith", "中国联通", "achieved", False),
    ("温州市", "plansCooperationWith", "上海人工智能实验室", "planned", True),
    ("温州市", "established", "温州市智算中心", "planned", True),
    ("中国（温州）数安港", "clusters", "美团", "achieved", False),
])
def test_viewmodel_planned_edges_are_dashed(sample_graph: nx.MultiDiGraph, a: str, predicate: str, b: str,
                                            status: str, dashed: bool) -> None:
    e = _edge(ecosystem_model(sample_graph), a, predicate, b)
    assert (e["status"], e["dashes"]) == (status, dashed)


def test_viewmodel_same_fact_in_two_documents_is_one_edge_with_both_sentences(sample_graph: nx.MultiDiGraph) -> None:
    e = _edge(ecosystem_model(sample_graph), "温州市", "signedAgreementWith", "中国联通")
    assert e["count"] == 2 and e["arrows"] == ""      # symmetric: stated in both directions, drawn once
    assert e["documents"] == ["wenzhou-ai-2024.txt", "wenzhou-ai-2025.txt"]
    assert [ev["sentence"][:6] for ev in e["evidence"]] == ["今年3月，我", "中国联通与温"]


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_viewmodel_family_view_shows_only_its_predicates(sample_graph: nx.MultiDiGraph, family: str) -> None:
    model = family_model(sample_graph, family)
    assert {e["predicate"] for e in model["edges"]} <= set(FAMILIES[family][1])
    assert model["edges"], f"the sample graph has facts of every family, {family} shows none"
    touched = {e["from"] for e in model["edges"]} | {e["to"] for e in model["edges"]}
    assert {n["id"] for n in model["nodes"]} == touched


def test_viewmodel_status_view_colours_by_status_and_counts(sample_graph: nx.MultiDiGraph) -> None:
    model = status_model(sample_graph)
    colours = {e["status"]: e["color"] for e in model["edges"]}
    assert colours["achieved"] != colours["planned"]
    assert {r["predicate"]: (r["achieved"], r["planned"]) for r in model["summary"]}["plansCooperationWith"] == (0, 1)
    assert sum(r["achieved"] + r["planned"] for r in model["summary"]) == sample_graph.number_of_edges()


def test_viewmodel_ego_view_holds_partners_and_their_partners(sample_graph: nx.MultiDiGraph, node_named: Any,
                                                             hostile: str) -> None:
    model = ego_model(sample_graph, node_named(sample_graph, "温州市"))
    hops = {n["label"]: n["hop"] for n in model["nodes"]}
    assert hops["温州市"] == 0 and hops["中国联通"] == 1 and hops["上海人工智能实验室"] == 1
    assert hops["浙大温州研究院"] == 2 and hops["美团"] == 2      # via 中国联通 and via 温州市智算中心
    assert "大模型" not in hops and hostile not in hops          # three hops away
    assert model["path"].startswith("org/温州市-")


def test_viewmodel_ego_view_is_capped_but_keeps_every_partner() -> None:
    g = nx.MultiDiGraph()
    g.add_node("hub", label="枢纽", type="Platform")
    for i in range(30):
        g.add_node(f"p{i}", label=f"伙伴{i}", type="Company")
        g.add_edge("hub", f"p{i}", key=f"f{i}", predicate="clusters", status="achieved", evidence="…", document="d")
        for j in range(10):
            g.add_node(f"q{i}.{j}", label=f"二度{i}.{j}", type="Company")
            g.add_edge(f"p{i}", f"q{i}.{j}", key=f"g{i}.{j}", predicate="investedIn", status="planned",
                       evidence="…", document="d")
    model = ego_model(g, "hub", limit=100)
    assert len(model["nodes"]) == 100
    assert sum(n["hop"] == 1 for n in model["nodes"]) == 30
    assert model["truncated"] == 300 - 69


def test_viewmodel_does_not_change_the_graph(sample_graph: nx.MultiDiGraph) -> None:
    before = copy.deepcopy(sample_graph)
    all_models(sample_graph)
    ecosystem_model(sample_graph, aggregate_above=3)
    assert nx.utils.graphs_equal(before, sample_graph)
    assert list(before.edges(keys=True, data=True)) == list(sample_graph.edges(keys=True, data=True))


def test_viewmodel_is_deterministic_and_json_serialisable(sample_graph: nx.MultiDiGraph) -> None:
    first = json.dumps(all_models(sample_graph), ensure_ascii=False, sort_keys=True)
    again = json.dumps(all_models(sample_graph), ensure_ascii=False, sort_keys=True)
    assert first == again


def test_viewmodel_one_ego_view_per_organisation(sample_graph: nx.MultiDiGraph, node_named: Any) -> None:
    models = all_models(sample_graph)
    egos = {m["centre"] for m in models if m["kind"] == "ego"}
    orgs = {n for n, d in sample_graph.nodes(data=True) if d["type"] in ORG_TYPES}
    assert egos == orgs and node_named(sample_graph, "大模型") not in egos
    assert [m["name"] for m in models if m["kind"] != "ego"] == [
        "ecosystem", "agreements", "co-building", "consortia", "clusters", "planned-vs-achieved", "bridges"]


def test_viewmodel_search_data_has_names_and_aliases(sample_graph: nx.MultiDiGraph, hostile: str) -> None:
    nodes = {n["label"]: n for n in ecosystem_model(sample_graph)["nodes"]}
    assert nodes["中国（温州）数安港"]["aliases"] == ["数安港"]
    assert nodes["温州市"]["aliases"] == ["我市", "温州"]
    assert nodes[hostile]["label"] == hostile        # kept as data; the page escapes it


def test_viewmodel_aggregated_overview_keeps_every_member_once(sample_graph: nx.MultiDiGraph) -> None:
    model = ecosystem_model(sample_graph, aggregate_above=3)
    assert model["aggregated"] and all(n["type"] == "Community" for n in model["nodes"])
    members = [m["id"] for n in model["nodes"] for m in n["members"]]
    assert sorted(members) == sorted(sample_graph.nodes)
    hrefs = {m["label"]: m["href"] for n in model["nodes"] for m in n["members"]}
    assert hrefs["中国联通"].startswith("org/中国联通-") and hrefs["大模型"] is None
    assert model["stats"]["source_nodes"] == sample_graph.number_of_nodes()


@pytest.mark.parametrize("label,readable", [
    ("中国（温州）数安港", "中国_温州_数安港"),
    ("<script>alert(1)</script>", "script_alert_1_script"),
    ("../../etc/passwd", "etc_passwd"),
    ("A/B:C*D?E\"F<G>H|I\\J", "A_B_C_D_E_F_G_H_I_J"),
    ("中国（温州）“人工智能+”产业峰会", "中国_温州_人工智能_产业峰会"),
    ("…", "org"),
])
def test_viewmodel_org_file_names_are_safe(label: str, readable: str) -> None:
    name = org_file_name(label, "https://w3id.org/aikg/id/entity/x")
    stem, digest = name.removesuffix(".html").rsplit("-", 1)
    assert stem == readable and len(digest) == 8 and name.endswith(".html")
    assert len(name.encode("utf-8")) < 200


def test_viewmodel_org_file_names_are_unique_for_same_looking_names() -> None:
    g = nx.MultiDiGraph()
    g.add_node("e:1", label="数安港(一期)", type="Platform")
    g.add_node("e:2", label="数安港（一期）", type="Platform")
    paths = org_paths(g)
    assert len(set(paths.values())) == 2


def test_viewmodel_ego_edges_are_the_merged_edges_of_the_subgraph_it_shows(sample_graph: nx.MultiDiGraph) -> None:
    facts = GraphFacts(sample_graph)
    for centre in facts.hrefs:
        model = ego_model(sample_graph, centre, facts=facts)
        shown = sample_graph.subgraph([n["id"] for n in model["nodes"]])
        assert model["edges"] == merged_edges(shown), centre


def test_viewmodel_graph_facts_match_the_networkx_views(sample_graph: nx.MultiDiGraph) -> None:
    facts = GraphFacts(sample_graph)
    for n in sample_graph:
        assert facts.degree(n) == sample_graph.degree(n)
        assert facts.neighbours(n) == (set(sample_graph.successors(n)) | set(sample_graph.predecessors(n))) - {n}
        touching = list(sample_graph.out_edges(n, data=True)) + list(sample_graph.in_edges(n, data=True))
        assert facts.evidence(n)["facts"] == len(touching)
        assert set(facts.documents(n)) >= {d["document"] for _s, _o, d in touching}


def test_viewmodel_edge_subgraph_keeps_the_order_of_the_graph(sample_graph: nx.MultiDiGraph) -> None:
    preds = FAMILIES["agreements"][1]
    sub = edge_subgraph(sample_graph, preds)
    assert list(sub.nodes) == [n for n in sample_graph if n in sub]
    assert list(sub.edges(keys=True, data=True)) == [
        (s, o, k, d) for s, o, k, d in sample_graph.edges(keys=True, data=True) if d["predicate"] in preds]


_LAYOUT_DIGEST = """
import hashlib, random
import networkx as nx
from graph.views.viewmodel import family_model
rnd = random.Random(3)
g = nx.MultiDiGraph()
for i in range(700):            # clusters of partners: communities well under half the graph each
    g.add_node(f"e:{i:03d}", label=f"机构{i}", type="Company")
for i in range(1400):
    a = rnd.randrange(700)
    b = (a // 100) * 100 + rnd.randrange(100) if rnd.random() < 0.9 else rnd.randrange(700)
    if a != b:
        g.add_edge(f"e:{a:03d}", f"e:{b:03d}", key=f"f{i}", predicate="clusters", status="achieved",
                   evidence=f"第{i}条。", document=f"d{i % 7}.txt", start=i)
m = family_model(g, "clusters")
print(hashlib.sha1(repr([(n["id"], n["x"], n["y"]) for n in m["nodes"]]).encode()).hexdigest())
"""


def test_viewmodel_layout_is_the_same_whatever_the_hash_seed() -> None:
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", _LAYOUT_DIGEST], capture_output=True, text=True, env=env,
                             check=True, timeout=120)
        digests.add(run.stdout.strip())
    assert len(digests) == 1


@pytest.mark.parametrize("keep", [[], ["b"], ["d", "a"], ["a", "b", "c", "d", "e"]])
def test_viewmodel_induced_subgraph_keeps_the_order_of_its_graph(keep: list[str]) -> None:
    u = nx.Graph()
    u.add_nodes_from("edcba")
    u.add_weighted_edges_from([("a", "d", 2), ("e", "a", 1), ("b", "c", 3), ("d", "b", 1), ("c", "e", 1)])
    view = nx.subgraph_view(u, filter_node=set(keep).__contains__)
    sub = layout.induced(u, keep)
    assert list(sub.nodes) == list(view.nodes) and list(sub.edges(data=True)) == list(view.edges(data=True))
