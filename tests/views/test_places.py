"""Places: a document's place in the graph (quads, shapes, identity, networkx), the places of the views,
the bridges between cities (view model and tables), unconnected nodes and hubs."""
from __future__ import annotations

import dataclasses
import doctest
import importlib
import math
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest
from conftest import hangzhou_extraction, sample_extractions, two_city_extractions
from rdflib import RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import PROV

from extract.facts import DocumentPlace
from graph import places as P
from graph.analysis.bridges import bridge_cities, bridge_table, city_pairs
from graph.network import to_networkx, to_rdf
from graph.rdf import to_dataset
from graph.rdf.identity import AliasTable, unify
from graph.rdf.iri import document_iri, entity_iri, graph_iri, place_iri_value, place_statement_iri_value
from graph.rdf.places import place_chain, province_name
from graph.validate import validate
from graph.views import bridges_model, ecosystem_model, ego_model, family_model, status_model
from graph.views.facts import GraphFacts
from graph.views.style import ORG_TYPES
from ontology import AIKG

YUHANG = "hangzhou-yuhang-ai-2025.txt"
WENZHOU, HANGZHOU = "浙江省/温州市", "浙江省/杭州市"


@pytest.mark.parametrize("module", ["graph.places", "graph.rdf.places", "graph.analysis.bridges"])
def test_places_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("short,official", [
    ("上海", "上海市"), ("重庆", "重庆市"), ("广西", "广西壮族自治区"), ("内蒙古", "内蒙古自治区"), ("浙江", "浙江省"),
    ("浙江省", "浙江省"), ("新疆维吾尔自治区", "新疆维吾尔自治区"),
])
def test_places_provinces_get_their_official_name(short: str, official: str) -> None:
    assert province_name(short) == official
    assert place_chain(DocumentPlace(province=short))[0] == (official, "province")


def test_places_one_name_at_two_levels_is_two_places() -> None:
    assert place_iri_value("吉林省", None, None) != place_iri_value("吉林省", "吉林市", None)
    assert place_iri_value("北京市", None, "海淀区").endswith("/-/%E6%B5%B7%E6%B7%80%E5%8C%BA")
    with pytest.raises(ValueError):
        place_iri_value(None, None, None)


def _graph_of(ds: Dataset, doc: str) -> Any:
    return ds.graph(graph_iri(doc))


def test_places_quads_give_the_document_its_place_and_how_it_was_read() -> None:
    ds = to_dataset([hangzhou_extraction()])
    g = _graph_of(ds, YUHANG)
    doc = document_iri(YUHANG)
    district, city, province = (URIRef(place_iri_value(*chain)) for chain in (
        ("浙江省", "杭州市", "余杭区"), ("浙江省", "杭州市", None), ("浙江省", None, None)))
    assert set(g.objects(doc, AIKG.place)) == {district}
    for node, name, level, parent in ((district, "余杭区", "district", city), (city, "杭州市", "city", province),
                                      (province, "浙江省", "province", None)):
        assert (node, RDF.type, AIKG.Place) in g and (node, RDFS.label, Literal(name, lang="zh")) in g
        assert set(g.objects(node, AIKG.placeLevel)) == {Literal(level)}
        assert set(g.objects(node, AIKG.parentPlace)) == ({parent} if parent else set())
    rec = URIRef(place_statement_iri_value(YUHANG))
    assert (rec, RDF.type, AIKG.PlaceStatement) in g and (rec, AIKG.statedPlace, district) in g
    assert not set(g.predicate_objects(rec)) & {(RDF.subject, doc), (RDF.object, district)}   # no fact look-alike
    assert (rec, AIKG.placeSource, entity_iri("余杭区人民政府")) in g
    assert (rec, AIKG.surface, Literal("余杭区人民政府", lang="zh")) in g
    assert {int(o) for o in g.objects(rec, AIKG.startOffset)} == {0}
    assert {int(o) for o in g.objects(rec, AIKG.endOffset)} == {7}
    assert set(g.objects(rec, AIKG.rule)) == {Literal("place:home")}
    assert (rec, AIKG.document, doc) in g and (rec, PROV.wasDerivedFrom, doc) in g


def test_places_quads_leave_out_offsets_the_text_does_not_give() -> None:
    ex = sample_extractions()[1]                        # its place comes from metadata: offsets -1
    g = _graph_of(to_dataset([ex]), ex.document.id)
    rec = URIRef(place_statement_iri_value(ex.document.id))
    assert not set(g.objects(rec, AIKG.startOffset)) and not set(g.objects(rec, AIKG.surface))
    assert (rec, AIKG.placeSource, entity_iri("温州市")) in g
    alone = dataclasses.replace(ex, place=DocumentPlace("浙江省", "温州市", None, "不是实体", -1, -1, ""))
    g = _graph_of(to_dataset([alone]), ex.document.id)
    assert not set(g.objects(rec, AIKG.placeSource))        # a source that is no entity is not linked
    assert set(g.objects(rec, AIKG.rule)) == {Literal("place")}
    none = dataclasses.replace(ex, place=None)
    assert not set(_graph_of(to_dataset([none]), ex.document.id).objects(None, AIKG.place))


def test_places_shapes_accept_the_quads_and_refuse_a_document_in_two_places() -> None:
    ds = to_dataset(two_city_extractions())
    report = validate(ds)
    assert report.conforms, [i.message_en for i in report.violations]
    g = _graph_of(ds, YUHANG)
    g.add((document_iri(YUHANG), AIKG.place, URIRef(place_iri_value("浙江省", "温州市", None))))
    g.add((URIRef(place_iri_value("浙江省", "杭州市", None)), AIKG.placeLevel, Literal("town")))
    shapes = {i.shape_name for i in validate(ds).violations}
    assert {"DocumentPlaceOne", "PlaceLevel"} <= shapes
    issue = next(i for i in validate(ds).violations if i.shape_name == "DocumentPlaceOne")
    assert "地区" in issue.message_zh and "place" in issue.message_en


@pytest.mark.parametrize("question", ["organisations-by-type", "brokers", "partners"])
def test_places_are_no_entities_and_their_records_no_facts_to_the_questions(question: str) -> None:
    import pyoxigraph as ox

    from graph.queries.saved import load_query
    from graph.rdf import extraction_quads
    from graph.store import open_store

    text = load_query(question).text
    bindings = {"org": ox.NamedNode(str(entity_iri("中国联通")))} if question == "partners" else None
    with open_store(":memory:") as st:
        for ex in two_city_extractions():
            st.replace_document(ex.document.id, extraction_quads(ex))
        rows = st.query(text, bindings).rows
    seen = {str(getattr(v, "value", v)) for row in rows for v in row if v is not None}
    assert rows and not any("/place/" in v or "/placement/" in v or v.endswith("Place") for v in seen)


def test_places_follow_a_renamed_source_entity() -> None:
    table = AliasTable()
    table.register("余杭区人民政府", "杭州市余杭区人民政府", "GovernmentBody")
    (ex,), merges = unify([hangzhou_extraction()], table)
    assert merges and ex.place is not None and ex.place.source == "杭州市余杭区人民政府"
    rec = URIRef(place_statement_iri_value(YUHANG))
    assert (rec, AIKG.placeSource, entity_iri("杭州市余杭区人民政府")) in _graph_of(to_dataset([ex]), YUHANG)


def test_places_networkx_reads_them_and_writes_them_back(two_city_graph: nx.MultiDiGraph) -> None:
    g = two_city_graph
    assert P.document_places(g) == {"hangzhou-yuhang-ai-2025.txt": "浙江省/杭州市/余杭区",
                                    "wenzhou-ai-2024.txt": WENZHOU, "wenzhou-ai-2025.txt": WENZHOU}
    assert {p.level for p in P.places(g).values()} == {"province", "city", "district"}
    back = to_networkx(to_rdf(g))
    assert back.graph == g.graph
    assert nx.utils.graphs_equal(back, g)


@pytest.mark.parametrize("key,unit", [
    ("浙江省/杭州市/余杭区", HANGZHOU), (WENZHOU, WENZHOU), ("浙江省", "浙江省"), ("北京市/海淀区", "北京市"),
])
def test_places_count_for_their_city(key: str, unit: str) -> None:
    known = {"浙江省": P.Place("浙江省", "浙江省", "province", None),
             WENZHOU: P.Place(WENZHOU, "温州市", "city", "浙江省"),
             HANGZHOU: P.Place(HANGZHOU, "杭州市", "city", "浙江省"),
             "北京市": P.Place("北京市", "北京市", "province", None)}
    assert P.unit_of(key, known) == unit
    assert P.inside(key, unit) and not P.inside(key, unit + "x")


def test_places_bridges_are_the_organisations_named_in_two_cities(two_city_graph: nx.MultiDiGraph,
                                                                 node_named: Callable[..., str]) -> None:
    g = two_city_graph
    found = {b.label: b for b in P.bridges(g)}
    assert set(found) == {"中国联通", "美团"}
    unicom = found["中国联通"]
    assert unicom.places == (HANGZHOU, WENZHOU)
    assert unicom.documents == {HANGZHOU: (YUHANG,), WENZHOU: ("wenzhou-ai-2024.txt", "wenzhou-ai-2025.txt")}
    assert {g.nodes[n]["label"] for n in unicom.partners[HANGZHOU]} == {"余杭区人民政府", "之江实验室"}
    assert {g.nodes[n]["label"] for n in unicom.partners[WENZHOU]} == {"温州市", "浙大温州研究院"}
    assert found["美团"].partners[HANGZHOU] == ()             # named there, linked to nobody there
    assert P.place_pairs(g) == [(HANGZHOU, WENZHOU, tuple(sorted(
        (node_named(g, "中国联通"), node_named(g, "美团")), key=lambda n: (n != node_named(g, "中国联通")))))]
    assert P.ORGANISATION_TYPES == ORG_TYPES


def test_places_nodes_and_edges_carry_the_places_of_their_documents(two_city_graph: nx.MultiDiGraph) -> None:
    model = ecosystem_model(two_city_graph)
    nodes = {n["label"]: n for n in model["nodes"]}
    assert nodes["中国联通"]["places"] == ["浙江省/杭州市/余杭区", WENZHOU]
    assert nodes["之江实验室"]["places"] == ["浙江省/杭州市/余杭区"]
    facts = GraphFacts(two_city_graph)
    for e in model["edges"]:
        assert e["places"] == sorted({facts.doc_place[d["document"]] for s, o, d in two_city_graph.edges(data=True)
                                      if {s, o} == {e["from"], e["to"]} and d["predicate"] == e["predicate"]
                                      and d["status"] == e["status"]})
    choices = {c["key"]: c for c in model["places"]}
    assert set(choices) == {"浙江省", WENZHOU, HANGZHOU, "浙江省/杭州市/余杭区"}
    assert choices["浙江省"]["nodes"] == len(model["nodes"])          # every node lies in the province
    assert choices[HANGZHOU]["nodes"] == sum(any(P.inside(k, HANGZHOU) for k in n["places"]) for n in model["nodes"])
    assert model["places"][0]["depth"] == 0 and choices["浙江省/杭州市/余杭区"]["depth"] == 2


def test_places_every_view_has_the_place_facet(two_city_graph: nx.MultiDiGraph, node_named: Callable[..., str]) -> None:
    g = two_city_graph
    for model in (family_model(g, "agreements"), status_model(g), ego_model(g, node_named(g, "中国联通")),
                  ecosystem_model(g, aggregate_above=3), bridges_model(g)):
        keys = {c["key"] for c in model["places"]}
        assert keys and all(set(n["places"]) <= keys for n in model["nodes"]), model["name"]
        assert all("places" in e for e in model["edges"]), model["name"]


def test_viewmodel_unconnected_nodes_are_flagged_listed_by_type_and_laid_out_apart(
        sample_graph: nx.MultiDiGraph) -> None:
    model = ecosystem_model(sample_graph)
    touched = {x for e in model["edges"] for x in (e["from"], e["to"])}
    assert {n["id"] for n in model["nodes"] if not n["unconnected"]} == touched
    alone = [n for n in model["nodes"] if n["unconnected"]]
    assert [n["label"] for n in alone] == ["余向前"]
    assert model["unconnected"] == [{"type": "Person", "type_label": "人物", "color": "#17becf", "shape": "dot",
                                     "count": 1, "ids": [alone[0]["id"]]}]
    assert model["stats"]["unconnected"] == 1
    assert alone[0]["y"] > max(n["y"] for n in model["nodes"] if not n["unconnected"])   # below, apart
    for other in (family_model(sample_graph, "agreements"), status_model(sample_graph)):
        assert other["stats"]["unconnected"] == 0 and other["unconnected"] == []
    overview = ecosystem_model(sample_graph, aggregate_above=3)
    (group,) = [n for n in overview["nodes"] if n["unconnected"]]
    assert [m["label"] for m in group["members"]] == ["余向前"] and overview["stats"]["unconnected"] == 1


def test_viewmodel_hubs_come_first(sample_graph: nx.MultiDiGraph, node_named: Callable[..., str]) -> None:
    model = ecosystem_model(sample_graph)
    lines: dict[str, int] = {}
    for e in model["edges"]:
        for x in (e["from"], e["to"]):
            lines[x] = lines.get(x, 0) + e["count"]
    ranked = sorted(model["nodes"], key=lambda n: n["rank"])
    assert sorted(n["rank"] for n in model["nodes"]) == list(range(len(model["nodes"])))
    assert [lines.get(n["id"], 0) for n in ranked] == sorted((lines.get(n["id"], 0) for n in ranked), reverse=True)
    assert ranked[0]["label"] == "温州市" and ranked[-1]["unconnected"]
    centre = node_named(sample_graph, "美团")
    assert next(n for n in ego_model(sample_graph, centre)["nodes"] if n["rank"] == 0)["id"] == centre


def test_viewmodel_ecosystem_groups_its_nodes_by_city(two_city_graph: nx.MultiDiGraph) -> None:
    model = ecosystem_model(two_city_graph)
    groups = {g["key"]: g for g in model["place_groups"]}
    assert set(groups) == {WENZHOU, HANGZHOU, "*"}
    assert groups["*"]["nodes"] == 2 and groups[WENZHOU]["label"] == "温州市"
    known = GraphFacts(two_city_graph).places
    for n in model["nodes"]:
        if n["unconnected"]:
            continue
        g = groups[P.unit_of(n["places"][0], known) if len({P.unit_of(k, known) for k in n["places"]}) == 1 else "*"]
        assert math.hypot(n["gx"] - g["x"], n["gy"] - g["y"]) <= g["r"] + 1, n["label"]
    discs = list(groups.values())
    for i, a in enumerate(discs):          # the discs do not overlap
        for b in discs[i + 1:]:
            assert math.hypot(a["x"] - b["x"], a["y"] - b["y"]) >= a["r"] + b["r"]


def test_viewmodel_one_city_or_none_means_no_grouping(sample_graph: nx.MultiDiGraph) -> None:
    assert "place_groups" not in ecosystem_model(sample_graph)
    g = to_networkx(to_dataset([dataclasses.replace(e, place=None) for e in sample_extractions()]))
    model = ecosystem_model(g)
    assert "place_groups" not in model and model["places"] == []
    assert all(n["places"] == [] for n in model["nodes"])
    empty = bridges_model(g)
    assert empty["stats"]["bridges"] == 0 and empty["stats"]["cities"] == 0 and empty["nodes"] == []


def test_viewmodel_bridges_matches_golden(two_city_graph: nx.MultiDiGraph, golden: Callable[[str, Any], None]) -> None:
    golden("bridges", bridges_model(two_city_graph))


def test_viewmodel_bridges_view_links_each_bridge_to_its_cities_and_partners(two_city_graph: nx.MultiDiGraph) -> None:
    model = bridges_model(two_city_graph)
    nodes = {n["id"]: n for n in model["nodes"]}
    cities = {n["label"]: n for n in model["nodes"] if n["type"] == "Place"}
    assert set(cities) == {"温州市", "杭州市"} and cities["杭州市"]["href"] == f"ecosystem.html#place={HANGZHOU}"
    for b in model["bridges"]:
        named = {e["to"] for e in model["edges"] if e["from"] == b["id"] and e["predicate"] == "namedIn"}
        assert named == {"place:" + p["key"] for p in b["places"]}
        for p in b["places"]:
            for partner in p["partners"]:
                assert partner in nodes
                assert any({e["from"], e["to"]} == {b["id"], partner} and e["predicate"] != "namedIn"
                           for e in model["edges"])
    assert model["pairs"] == [{"a": HANGZHOU, "b": WENZHOU, "shared": [b["id"] for b in model["bridges"]]}]
    assert model["no_shared_partner"] == [] and model["stats"]["pairs_shared"] == 1
    assert all(not n["unconnected"] for n in model["nodes"])
    assert sorted(n["rank"] for n in cities.values()) == [0, 1]       # the cities are labelled first


def test_viewmodel_bridges_view_and_tables_give_the_same_numbers(two_city_graph: nx.MultiDiGraph) -> None:
    assert_bridges_agree(bridges_model(two_city_graph), two_city_graph)


def assert_bridges_agree(model: dict[str, Any], g: nx.MultiDiGraph) -> None:
    """The bridges view model and the analysis tables of ``g`` say the same."""
    table = bridge_table(g)
    assert len(table) == sum(len(b["places"]) for b in model["bridges"])
    assert table["node"].drop_duplicates().tolist() == [b["id"] for b in model["bridges"]]
    view_rows = [(b["id"], p["key"], len(p["documents"]), len(p["partners"])) for b in model["bridges"] for p in b["places"]]
    assert list(table[["node", "city_key", "documents", "partners"]].itertuples(index=False, name=None)) == view_rows
    pairs = city_pairs(g)
    assert len(pairs) == model["stats"]["pairs"]
    assert int((pairs["shared"] > 0).sum()) == model["stats"]["pairs_shared"] == len(model["pairs"])
    assert len(pairs[pairs["shared"] == 0]) == len(model["no_shared_partner"])
    shared = {(p["a"], p["b"]): len(p["shared"]) for p in model["pairs"]}
    assert {(r.key_a, r.key_b): r.shared for r in pairs.itertuples() if r.shared} == shared
    cities = bridge_cities(g)
    assert cities[["city_key", "documents", "bridges"]].values.tolist() == [
        [c["key"], c["documents"], c["bridges"]] for c in model["cities"]]
