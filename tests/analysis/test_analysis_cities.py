"""Cities side by side: partners, fields without an anchor, planned vs achieved, organisations that link cities."""
# ruff: noqa: F811  (fixtures are imported from analysis_samples; test arguments name them)
from __future__ import annotations

import networkx as nx
import pytest
from analysis_samples import extraction, fact, two_cities  # noqa: F401
from rdflib import Dataset

from graph.analysis import (
    city_links,
    city_table,
    document_cities,
    document_table,
    field_anchors_by_city,
    fields_without_anchor,
    linking_organisations,
    metric_table,
    partners_by_city,
    progress_by_city,
    status_by_city,
)
from graph.analysis.cities import city_subgraph
from graph.analysis.examples import example_extraction
from graph.analysis.fields import field_coverage
from graph.network import to_networkx
from graph.rdf import to_dataset

WZ, HZ = "example-letter.txt", "hangzhou-2024.txt"


@pytest.fixture
def g(two_cities: Dataset) -> nx.MultiDiGraph[str]:
    return to_networkx(two_cities)


@pytest.fixture
def cities(two_cities: Dataset) -> dict[str, str]:
    return document_cities(document_table(two_cities))


def test_cities_of_the_documents(cities: dict[str, str]) -> None:
    assert cities == {WZ: "温州市", HZ: "杭州市"}


def test_cities_a_document_without_a_city_is_left_out(g: nx.MultiDiGraph[str]) -> None:
    only_wz = {WZ: "温州市", HZ: ""}
    assert set(city_table(g, only_wz)["city"]) == {"温州市"}
    assert set(partners_by_city(g, only_wz)["city"]) == {"温州市"}
    assert linking_organisations(g, only_wz).empty, "美团 is named in Hangzhou's document too, but it has no city"


def test_cities_partners_are_organisations_not_the_city_itself(g: nx.MultiDiGraph[str], cities: dict[str, str]
                                                               ) -> None:
    p = partners_by_city(g, cities)
    hz = p[p["city"] == "杭州市"].set_index("partner")
    assert set(hz.index) == {"算力小镇", "美团", "之江实验室"}, "杭州市 itself and the field 大模型 are no partners"
    assert hz.loc["算力小镇", "facts"] == 2 and hz.loc["算力小镇", "relations"] == ["clusters", "established"]
    wz = set(p.loc[p["city"] == "温州市", "partner"])
    assert "温州市" not in wz and {"中国联通", "上海人工智能实验室", "中国（温州）数安港"} <= wz


def test_cities_a_body_of_another_place_is_a_partner() -> None:
    d = "ningbo.txt"
    ex = extraction(d, [("宁波市", "GovernmentBody", ()), ("宁波市经济和信息化局", "GovernmentBody", ()),
                        ("浙江省经济和信息化厅", "GovernmentBody", ()), ("宁波人民政府", "GovernmentBody", ())],
                    [fact(d, "宁波市经济和信息化局", "signedAgreementWith", "浙江省经济和信息化厅", "achieved", "签约。", 0),
                     fact(d, "宁波人民政府", "signedAgreementWith", "宁波市", "achieved", "签约。", 0)])
    g = to_networkx(to_dataset([ex]))
    assert partners_by_city(g, {d: "宁波市"})["partner"].tolist() == ["浙江省经济和信息化厅"]


def test_cities_fields_without_an_anchor_in_any_city(g: nx.MultiDiGraph[str], cities: dict[str, str]) -> None:
    anchors = field_anchors_by_city(g, cities).set_index(["city", "field"])
    assert anchors.loc[("杭州市", "大模型"), "anchors"] == ["之江实验室"]
    assert anchors.loc[("温州市", "大模型"), "anchors"] == ["美团"]
    orphans = fields_without_anchor(g, cities).set_index("field")
    assert list(orphans.index) == ["机器视觉", "芯片设计"], "大模型 has an anchor in both cities"
    assert orphans.loc["芯片设计", "cities"] == ["温州市"] and orphans.loc["芯片设计", "comention_actors"] == []
    assert orphans.loc["机器视觉", "comention_actors"] == ["浙大温州研究院（温州市）"]


def test_cities_an_anchor_counts_only_in_its_own_city() -> None:
    """之江实验室 works on 大模型 in Hangzhou's document: Wenzhou, which names the field, has no anchor of its own."""
    d = "wz.txt"
    wz = extraction(d, [("温州市", "GovernmentBody", ()), ("大模型", "TechField", ()), ("美团", "Company", ())],
                    [fact(d, "温州市", "reliesOn", "美团", "planned", "依托美团发展大模型。", 0)])
    from analysis_samples import hangzhou

    g = to_networkx(to_dataset([wz, hangzhou()]))
    t = field_anchors_by_city(g, {d: "温州市", "hangzhou-2024.txt": "杭州市"}).set_index(["city", "field"])
    assert t.loc[("温州市", "大模型"), "n_anchors"] == 0 and t.loc[("温州市", "大模型"), "signal"] == "co-mention"
    assert t.loc[("杭州市", "大模型"), "n_anchors"] == 1


def test_cities_subgraph_keeps_only_what_the_documents_say(g: nx.MultiDiGraph[str]) -> None:
    h = city_subgraph(g, [HZ])
    assert {d["document"] for _, _, d in h.edges(data=True)} == {HZ}
    assert all(docs == [HZ] for _, docs in h.nodes(data="documents"))
    assert len(field_coverage(h)) == 1
    assert g.nodes[next(v for v, d in g.nodes(data=True) if d["label"] == "美团")]["documents"] == [WZ, HZ]


def test_cities_planned_vs_achieved(g: nx.MultiDiGraph[str], cities: dict[str, str], two_cities: Dataset) -> None:
    s = status_by_city(g, cities).set_index("city")
    assert s.loc["温州市", ["planned", "achieved", "total"]].tolist() == [2, 4, 6]
    assert s.loc["杭州市", ["planned", "achieved", "total"]].tolist() == [0, 3, 3]
    p = progress_by_city(metric_table(two_cities), cities)
    assert p[["city", "achieved", "planned", "percent"]].values.tolist() == [["温州市", 373.0, 2000.0, 18.65]]


def test_cities_a_metric_pair_never_crosses_cities() -> None:
    from analysis_samples import metric

    a, b = "a.txt", "b.txt"
    exs = [extraction(a, [("甲市", "GovernmentBody", ())], [],
                      [metric(a, "甲市", "算力", 100, "PFLOPS", "planned", "拟建100P。", 0)]),
           extraction(b, [("乙市", "GovernmentBody", ())], [],
                      [metric(b, "乙市", "算力", 40, "PFLOPS", "achieved", "已上线40P。", 0)])]
    metrics = metric_table(to_dataset(exs))
    assert len(progress_by_city(metrics, {a: "甲市", b: "乙市"})) == 0
    assert progress_by_city(metrics, {a: "甲市", b: "甲市"})["percent"].tolist() == [40.0]


def test_cities_organisations_that_link_cities(g: nx.MultiDiGraph[str], cities: dict[str, str]) -> None:
    linking = linking_organisations(g, cities)
    assert linking[["entity", "n_cities", "cities"]].values.tolist() == [["美团", 2, ["杭州市", "温州市"]]]
    assert "大模型" not in set(linking["entity"]), "a field is not an organisation"
    links = city_links(g, cities)
    assert links[["city_a", "city_b", "shared", "organisations"]].values.tolist() == [
        ["杭州市", "温州市", 1, ["美团"]]]


def test_cities_side_by_side_adds_up(g: nx.MultiDiGraph[str], cities: dict[str, str]) -> None:
    t = city_table(g, cities).set_index("city")
    assert t["facts"].sum() == g.number_of_edges()
    assert t.loc["杭州市", ["documents", "entities", "facts", "partners", "fields", "fields_anchored"]].tolist() == [
        1, 5, 3, 3, 1, 1]
    assert t.loc["温州市", "partners"] == len(partners_by_city(g, cities).query("city == '温州市'"))


def test_cities_on_an_empty_graph_every_table_is_empty() -> None:
    g = to_networkx(to_dataset([]))
    for table in (city_table(g, {}), partners_by_city(g, {}), field_anchors_by_city(g, {}),
                  fields_without_anchor(g, {}), status_by_city(g, {}), linking_organisations(g, {}),
                  city_links(g, {})):
        assert table.empty
    assert progress_by_city(metric_table(to_dataset([example_extraction()])), {}).empty
