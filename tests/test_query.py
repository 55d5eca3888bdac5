"""Saved questions: headers in Chinese and English, parameters bound safely, the same answers on both stores."""
from __future__ import annotations

import json
import re

import pytest
from store_samples import HUST_ID, LETTER_ID
from typer.testing import CliRunner

from graph.cli import app
from graph.queries import ParamError, bind_params, list_queries, load_query, name_variants, run_saved
from graph.store import open_store

REQUIRED = {"partners", "signed-agreements", "co-built-platforms", "innovation-consortia", "clusters",
            "planned-vs-achieved", "organisations-by-type", "metrics", "document-facts", "paths", "brokers"}
EXAMPLE_PARAMS = {"partners": {"org": "中电海康"}, "document-facts": {"doc": LETTER_ID},
                  "paths": {"from": "中国联通", "to": "美团"}}


def _ask(spec: str, name: str, **params: str) -> list[dict[str, object]]:
    with open_store(spec, read_only=not spec.startswith("sparql+")) as st:
        return run_saved(st, load_query(name), params).records()


def test_query_the_required_questions_are_saved() -> None:
    assert REQUIRED <= {q.name for q in list_queries()}


@pytest.mark.parametrize("q", list_queries(), ids=lambda q: q.name)
def test_query_headers_in_chinese_and_english_with_declared_parameters(q) -> None:
    assert re.search(r"[\u4e00-\u9fff]", q.description_zh), f"{q.name}: no Chinese description"
    assert re.search(r"[A-Za-z]{4,}", q.description_en), f"{q.name}: no English description"
    assert q.examples and q.examples[0].startswith(f"aikg query {q.name}")
    for p in q.params:
        assert re.search(r"[\u4e00-\u9fff]", p.description) and "/" in p.description, p
        assert re.search(rf"[?$]{p.name}\b", q.text), f"{q.name}: ?{p.name} is declared but not used"
    assert "GRAPH" in q.text, f"{q.name}: read the named graphs with GRAPH so it runs on any server"


@pytest.mark.parametrize("q", list_queries(), ids=lambda q: q.name)
def test_query_every_question_runs_on_both_stores(sample_store: str, q) -> None:
    rows = _ask(sample_store, q.name, **EXAMPLE_PARAMS.get(q.name, {}))
    assert rows, f"{q.name} found nothing in the sample graph"


def test_query_partners_in_both_directions_with_evidence(sample_store: str) -> None:
    rows = _ask(sample_store, "partners", org="中电海康")
    got = sorted((r["direction"], r["relation"], r["partner"], r["document"]) for r in rows)
    assert got == [("←", "innovationConsortiumWith", "华中科技大学温州先进制造技术研究院", LETTER_ID),
                   ("←", "signedAgreementWith", "华中科技大学温州先进制造技术研究院", HUST_ID)]
    assert all(r["evidence"] and "中电海康" in r["evidence"] for r in rows)
    assert {r["partnerType"] for r in rows} == {"ResearchInstitute"}


@pytest.mark.parametrize("name", ["华中院", "华中科技大学温州先进制造技术研究院"])
def test_query_partners_found_by_name_or_alias(sample_store: str, name: str) -> None:
    rows = _ask(sample_store, "partners", org=name)
    assert {(r["direction"], r["relation"], r["partner"]) for r in rows} == {
        ("→", "signedAgreementWith", "中电海康"), ("→", "innovationConsortiumWith", "中电海康"),
        ("←", "coBuilt", "温州市")}


@pytest.mark.parametrize("name", ["数安港", "中国（温州）数安港", "中国(温州)数安港"])
def test_query_clusters_of_a_platform_in_any_spelling(sample_store: str, name: str) -> None:
    rows = _ask(sample_store, "clusters", platform=name)
    assert sorted(r["member"] for r in rows) == ["中国电子", "美团"]
    assert all(r["host"] == "中国（温州）数安港" and r["memberType"] == "Company" for r in rows)


def test_query_signed_agreements_each_once_or_those_of_one_organisation(sample_store: str) -> None:
    rows = _ask(sample_store, "signed-agreements")
    assert len(rows) == 4
    assert sorted(r["counterparty"] for r in _ask(sample_store, "signed-agreements", org="温州市")) == [
        "中国AIGC产业联盟", "中国联通", "浙江长城计算机系统有限公司"]
    mine = _ask(sample_store, "signed-agreements", org="中电海康")
    assert [(r["party"], r["counterparty"], r["date"]) for r in mine] == [
        ("中电海康", "华中科技大学温州先进制造技术研究院", "2023-05")]


def test_query_co_built_platforms_and_their_builders(sample_store: str) -> None:
    if "/sparql-graph-crud" in sample_store:
        pytest.xfail("Virtuoso 7.2 turns non-ASCII string constants inside IF() and GROUP_CONCAT's separator "
                     "into '?' (the arrows and 、 this question writes); its data strings are kept")
    rows = {r["platformName"]: r for r in _ask(sample_store, "co-built-platforms")}
    assert set(rows["中国（温州）数安港"]["builders"].split("、")) == {"温州市", "中国电子"}
    assert rows["中国（温州）数安港"]["builderCount"] == 2
    assert rows["华中科技大学温州先进制造技术研究院"]["builders"] == "温州市"


def test_query_innovation_consortia(sample_store: str) -> None:
    rows = _ask(sample_store, "innovation-consortia")
    assert [(r["member"], r["partner"]) for r in rows] == [("华中科技大学温州先进制造技术研究院", "中电海康")]
    assert [r["member"] for r in _ask(sample_store, "innovation-consortia", org="中电海康")] == ["中电海康"]


def test_query_planned_vs_achieved_by_actor(sample_store: str) -> None:
    rows = {r["actorName"]: r for r in _ask(sample_store, "planned-vs-achieved")}
    city = rows["温州市"]
    assert (city["plannedRelations"], city["achievedRelations"]) == (2, 6)
    assert (city["plannedMetrics"], city["achievedMetrics"]) == (1, 1)
    only = _ask(sample_store, "planned-vs-achieved", actor="我市")
    assert [r["actorName"] for r in only] == ["温州市"]


@pytest.mark.parametrize(("kind", "names"), [
    ("Company", ["中国电子", "中国联通", "中电海康", "浙江长城计算机系统有限公司", "美团"]),
    ("ResearchInstitute", ["上海人工智能实验室", "华中科技大学温州先进制造技术研究院"]),
    ("aikg:Platform", ["中国（温州）数安港"]),
])
def test_query_organisations_by_type(sample_store: str, kind: str, names: list[str]) -> None:
    rows = _ask(sample_store, "organisations-by-type", type=kind)
    assert sorted(r["name"] for r in rows) == sorted(names)


def test_query_metrics_with_units_and_status(sample_store: str) -> None:
    rows = _ask(sample_store, "metrics", actor="温州市")
    assert sorted((r["value"], r["unit"], r["status"]) for r in rows) == [
        (373, "PFLOPS", "achieved"), (2000, "PFLOPS", "planned")]
    one = _ask(sample_store, "metrics", measure="data enterprises")
    assert [(r["subject"], r["value"]) for r in one] == [("中国（温州）数安港", 311)]


def test_query_facts_of_one_document_in_text_order(sample_store: str) -> None:
    rows = _ask(sample_store, "document-facts", doc=f"some/folder/{HUST_ID}")
    assert [(r["subject"], r["relation"], r["object"]) for r in rows] == [
        ("华中科技大学温州先进制造技术研究院", "signedAgreementWith", "中电海康"),
        ("温州市", "coBuilt", "华中科技大学温州先进制造技术研究院")]
    assert rows[0]["start"] == 0 and rows[0]["end"] > rows[0]["start"]


def test_query_paths_between_two_organisations(sample_store: str) -> None:
    if "/sparql-graph-crud" in sample_store:
        pytest.xfail("Virtuoso 7.2 turns non-ASCII string constants inside IF() and GROUP_CONCAT's separator "
                     "into '?' (the arrows and 、 this question writes); its data strings are kept")
    rows = _ask(sample_store, "paths", **{"from": "中国联通", "to": "美团"})
    assert [(r["hops"], r["via1"], r["via2"]) for r in rows] == [(3, "温州市", "中国（温州）数安港")]
    assert (rows[0]["step1"], rows[0]["step2"], rows[0]["step3"]) == ("←signedAgreementWith", "coBuilt→", "clusters→")
    short = _ask(sample_store, "paths", **{"from": "中电海康", "to": "温州市"})
    assert [r["hops"] for r in short] == [2, 2]


def test_query_brokers_rank_bridging_organisations(sample_store: str) -> None:
    rows = _ask(sample_store, "brokers")
    assert rows[0]["broker"] == "温州市" and rows[0]["partnerTypes"] >= 4
    assert all(r["partners"] >= 2 for r in rows)
    assert [r["broker"] for r in _ask(sample_store, "brokers", type="Platform")] == ["中国（温州）数安港"]


@pytest.mark.parametrize(("name", "params", "message"), [
    ("partners", {}, "needs --param org"),
    ("partners", {"organisation": "温州市"}, "no parameter 'organisation'"),
    ("partners", {"org": "不存在的机构"}, "no entity is called"),
    ("organisations-by-type", {"type": "Startup"}, "unknown class"),
])
def test_query_parameter_mistakes_are_explained(sample_store: str, name: str, params: dict[str, str],
                                                message: str) -> None:
    with (open_store(sample_store, read_only=not sample_store.startswith("sparql+")) as st,
          pytest.raises(ParamError, match=message)):
        run_saved(st, load_query(name), params)


def test_query_unknown_question_lists_the_saved_ones() -> None:
    with pytest.raises(ParamError, match="partners"):
        load_query("../etc/passwd")


@pytest.mark.parametrize(("typed", "variant"), [("中国(温州)数安港", "中国（温州）数安港"),
                                                ("《数字科技创新提升工程工作方案》", "数字科技创新提升工程工作方案"),
                                                ("中国（温州）数安港", "中国(温州)数安港")])
def test_query_name_variants_cover_bracket_widths_and_title_marks(typed: str, variant: str) -> None:
    assert variant in name_variants(typed)


def test_query_entity_names_become_iris_and_unused_optionals_stay_unbound() -> None:
    bound = bind_params(load_query("clusters"), {})
    assert bound == {}
    iris = bind_params(load_query("partners"), {"org": "温州市"})["org"]
    assert [t.value for t in iris] == ["https://w3id.org/aikg/id/entity/%E6%B8%A9%E5%B7%9E%E5%B8%82"]


runner = CliRunner()


def test_query_cli_lists_the_saved_questions() -> None:
    res = runner.invoke(app, ["query", "--list"])
    assert res.exit_code == 0
    assert "partners" in res.output and "合作伙伴" in res.output


def test_query_cli_json_csv_and_table(sample_store: str) -> None:
    res = runner.invoke(app, ["query", "partners", "--param", "org=中电海康", "--format", "json",
                              "--store", sample_store])
    assert res.exit_code == 0, res.output
    assert {r["partner"] for r in json.loads(res.output)} == {"华中科技大学温州先进制造技术研究院"}
    res = runner.invoke(app, ["query", "clusters", "-p", "platform=数安港", "-f", "csv", "--store", sample_store])
    assert res.exit_code == 0 and res.output.splitlines()[0].startswith("host,member,memberType")
    res = runner.invoke(app, ["query", "organisations-by-type", "--store", sample_store])
    assert res.exit_code == 0 and "美团" in res.output and "13 rows" in res.output


def test_query_cli_runs_a_file_and_standard_input(sample_store: str, tmp_path) -> None:
    q = tmp_path / "我的问题.rq"
    q.write_text("# 某类型的实体数 / entities of a type\n# param: type:class  类型 / type\n"
                 "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a ?type } }\n", encoding="utf-8")
    res = runner.invoke(app, ["query", "--file", str(q), "-p", "type=Company", "-f", "json", "--store", sample_store])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == [{"n": 5}]
    res = runner.invoke(app, ["query", "-", "-f", "csv", "--store", sample_store],
                        input="ASK { GRAPH ?g { ?s a <https://w3id.org/aikg/ontology#Platform> } }")
    assert res.exit_code == 0 and res.output.splitlines() == ["boolean", "true"]


@pytest.mark.parametrize(("args", "message"), [
    (["query", "partners", "-p", "org"], "NAME=VALUE"),
    (["query", "partners", "-p", "org=温州市", "-f", "xml"], "unknown --format"),
    (["query"], "say what to run"),
    (["query", "-"], "not valid SPARQL"),
])
def test_query_cli_mistakes_exit_non_zero_with_a_reason(sample_store: str, args: list[str], message: str) -> None:
    res = runner.invoke(app, [*args, "--store", sample_store], input="SELECT ?x WHERE {")
    assert res.exit_code != 0
    assert message in res.output


def _cells(records: list[dict[str, object]], skip: set[str]) -> list[tuple[object, ...]]:
    def norm(v: object) -> object:
        return float(v) if isinstance(v, (int, float)) else v
    return sorted((tuple(norm(v) for k, v in r.items() if k not in skip) for r in records), key=repr)


@pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")
@pytest.mark.parametrize("q", list_queries(), ids=lambda q: q.name)
def test_query_every_question_gives_the_same_answer_on_rdflib(q, extractions) -> None:
    """The saved questions are plain SPARQL 1.1: rdflib over the same dataset agrees with the store."""
    if q.name == "paths":
        pytest.skip("paths hops over direct triples with a variable predicate: rdflib joins its three hops "
                    "without the bound ends and takes minutes even on the sample; test_queries_before compares "
                    "it with the fact-record version on the store")
    from graph.rdf import add_extraction, new_dataset, to_dataset
    from graph.rdf.iri import graph_iri
    from graph.rdf.terms import to_oxigraph
    from graph.store import QueryResult
    from graph.store.sparql import bind_values

    store = open_store(":memory:")
    for ex in extractions:
        one = new_dataset()
        add_extraction(one, ex)
        store.replace_document(ex.document.id, one.quads((None, None, None, graph_iri(ex.document.id))))
    ds = to_dataset(extractions)
    params = EXAMPLE_PARAMS.get(q.name, {})
    ours = run_saved(store, q, params).records()
    text = bind_values(q.text, bind_params(q, params))
    res = ds.query(text)
    theirs = QueryResult(kind="select", variables=tuple(str(v) for v in res.vars),
                         rows=[tuple(None if row[v] is None else to_oxigraph(row[v]) for v in res.vars)
                               for row in res]).records()
    skip = {"builders", "partnerKinds", "statuses", "documents", "aliases"}      # GROUP_CONCAT order is free
    assert _cells(theirs, skip) == _cells(ours, skip)
