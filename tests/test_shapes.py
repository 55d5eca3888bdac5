"""SHACL shapes (ontology/shapes.ttl) and graph.validate: violations fail the build, warnings show gaps."""
from __future__ import annotations

from collections.abc import Iterable

import pytest
from rdflib import RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

from extract.facts import Document, DocumentMeta, Entity, Extraction, Fact, Metric, Provenance
from graph.rdf import to_dataset
from graph.rdf.iri import entity_iri
from graph.validate import Issue, ValidationReport, union_graph, validate
from ontology import AIKG, PREDICATE_TERMS, relation_signature, shapes_ttl

SENTENCE = "温州市与中国联通签订战略合作协议，共建中国（温州）数安港。"

FactRow = tuple[str, str, str, str, str | None]


def extraction(doc_id: str, entities: dict[str, str], facts: Iterable[FactRow] = (),
               metrics: Iterable[tuple[str, str, float, str, str]] = ()) -> Extraction:
    """An Extraction written by hand: entities name → type, facts (s, p, o, status, date)."""
    def prov(i: int) -> Provenance:
        return Provenance(document=doc_id, start=i * 10, end=i * 10 + len(SENTENCE), sentence=SENTENCE,
                          rule=f"test.rule{i}")
    return Extraction(
        document=Document(id=doc_id, text=SENTENCE, meta=DocumentMeta(date="2024-03-01", issuer="温州市")),
        entities=tuple(Entity(name=n, type=t) for n, t in entities.items()),
        facts=tuple(Fact(s, p, o, status, date, prov(i)) for i, (s, p, o, status, date) in enumerate(facts)),
        metrics=tuple(Metric(s, m, v, u, st, None, prov(i)) for i, (s, m, v, u, st) in enumerate(metrics)),
    )


WELL_TYPED = extraction(
    "a.txt",
    {"温州市": "GovernmentBody", "中国联通": "Company", "中国（温州）数安港": "Park", "温州大学": "University",
     "上海人工智能实验室": "Lab", "大模型": "TechField"},
    [("温州市", "signedAgreementWith", "中国联通", "achieved", "2024-03"),
     ("中国联通", "coBuilt", "中国（温州）数安港", "achieved", None),
     ("中国（温州）数安港", "clusters", "中国联通", "achieved", None),
     ("温州大学", "coBuilt", "上海人工智能实验室", "planned", "2027"),
     ("上海人工智能实验室", "focusesOn", "大模型", "achieved", None)],
    [("中国（温州）数安港", "data enterprises", 311, "count", "achieved"),
     ("中国（温州）数安港", "investment", 3788000000, "CNY", "achieved")],
)


def shapes(report: ValidationReport, severity: str = "Violation") -> set[str]:
    issues = report.violations if severity == "Violation" else report.warnings
    return {i.shape_name for i in issues}


def remove(ds: Dataset, predicate: URIRef) -> Dataset:
    for g in ds.graphs():
        g.remove((None, predicate, None))
    return ds


def test_shapes_well_typed_facts_conform() -> None:
    report = validate(to_dataset([WELL_TYPED]))
    assert report.conforms, [i.message_en for i in report.violations]
    assert report.violations == ()


def test_shapes_clusters_from_a_person_is_a_violation() -> None:
    ex = extraction("b.txt", {"余向前": "Person", "美团": "Company"},
                    [("余向前", "clusters", "美团", "achieved", None)])
    report = validate(to_dataset([ex]))
    assert not report.conforms
    (issue,) = [i for i in report.violations if i.shape_name == "clustersSubject"]
    assert issue.focus == str(entity_iri("余向前"))
    assert issue.path == "aikg:clusters"
    assert "集聚" in issue.message_zh and "政府机构" in issue.message_zh
    assert "Platform" in issue.message_en and "GovernmentBody" in issue.message_en


@pytest.mark.parametrize(("example", "subject_type", "predicate", "object_type", "shape"), [
    ("数安港 集聚 余向前", "Platform", "clusters", "Person", "clustersObject"),
    ("温州市 举办 数安港", "GovernmentBody", "hosted", "Platform", "hostedObject"),
    ("美团 答复 余向前", "Company", "repliesTo", "Person", "repliesToSubject"),
    ("中电海康 聚焦 美团", "Company", "focusesOn", "Company", "focusesOnObject"),
])
def test_shapes_ill_typed_relation_ends_are_violations(example: str, subject_type: str, predicate: str,
                                                       object_type: str, shape: str) -> None:
    s, o = example.split(" ")[0], example.split(" ")[2]
    ex = extraction("c.txt", {s: subject_type, o: object_type}, [(s, predicate, o, "achieved", None)])
    assert shape in shapes(validate(to_dataset([ex])))


def test_shapes_a_zone_may_establish_a_government_body() -> None:
    """A zone's administration sets up bodies (a leading group, a task force): established → GovernmentBody
    conforms, from a zone or a government; a person is still no object of established."""
    ex = extraction("zone.txt", {"温州经开区": "Platform", "温州市": "GovernmentBody",
                                 "温州经开区人工智能发展领导小组": "GovernmentBody", "数据局": "GovernmentBody",
                                 "余向前": "Person"},
                    [("温州经开区", "established", "温州经开区人工智能发展领导小组", "achieved", None),
                     ("温州市", "established", "数据局", "achieved", None)])
    report = validate(to_dataset([ex]))
    assert report.conforms, [i.message_en for i in report.violations]
    bad = extraction("zone2.txt", {"温州经开区": "Platform", "余向前": "Person"},
                     [("温州经开区", "established", "余向前", "achieved", None)])
    assert "establishedObject" in shapes(validate(to_dataset([bad])))


def test_shapes_subclasses_count_for_their_parents() -> None:
    """A University coBuilt a Lab (both ResearchInstitutes), a Park clusters a company (a Platform)."""
    report = validate(to_dataset([WELL_TYPED]))
    assert not {s for s in shapes(report) if s.endswith(("Subject", "Object"))}


@pytest.mark.parametrize(("predicate", "shape"), [
    (AIKG.evidence, "ProvenanceEvidence"),
    (AIKG.document, "ProvenanceDocument"),
    (AIKG.startOffset, "ProvenanceStartOffset"),
    (AIKG.endOffset, "ProvenanceEndOffset"),
    (AIKG.rule, "ProvenanceRule"),
    (AIKG.status, "ProvenanceStatus"),
])
def test_shapes_fact_without_provenance_is_a_violation(predicate: URIRef, shape: str) -> None:
    report = validate(remove(to_dataset([WELL_TYPED]), predicate))
    assert not report.conforms
    assert shape in shapes(report)
    assert all(i.message_zh and i.message_en for i in report.violations)


def test_shapes_fact_without_evidence_names_the_fact() -> None:
    ex = extraction("d.txt", {"温州市": "GovernmentBody", "中国联通": "Company"},
                    [("温州市", "signedAgreementWith", "中国联通", "achieved", None)])
    report = validate(remove(to_dataset([ex]), AIKG.evidence))
    evidence = [i for i in report.violations if i.shape_name == "ProvenanceEvidence"]
    assert len(evidence) == 1 and "/fact/" in evidence[0].focus
    assert evidence[0].path == "aikg:evidence"
    assert "证据" in evidence[0].message_zh and "evidence" in evidence[0].message_en


@pytest.mark.parametrize(("status", "date", "shape"), [
    ("maybe", None, "ProvenanceStatus"),
    ("已实现", None, "ProvenanceStatus"),
    ("achieved", "2024年3月", "ProvenanceDate"),
    ("achieved", "03/2024", "ProvenanceDate"),
])
def test_shapes_bad_status_or_date_is_a_violation(status: str, date: str | None, shape: str) -> None:
    ex = extraction("e.txt", {"温州市": "GovernmentBody", "中国联通": "Company"},
                    [("温州市", "signedAgreementWith", "中国联通", status, date)])
    assert shape in shapes(validate(to_dataset([ex])))


def test_shapes_entity_without_label_is_a_violation() -> None:
    report = validate(remove(to_dataset([WELL_TYPED]), RDFS.label))
    assert "EntityLabelPresent" in shapes(report)


@pytest.mark.parametrize(("unit", "remove_value", "shape"), [
    ("kg", False, "MetricUnit"),
    ("亿元", False, "MetricUnit"),
    ("count", True, "MetricValue"),
])
def test_shapes_metric_without_value_or_valid_unit_is_a_violation(unit: str, remove_value: bool,
                                                                  shape: str) -> None:
    ex = extraction("f.txt", {"中国（温州）数安港": "Park"}, metrics=[("中国（温州）数安港", "area", 2e6, unit, "achieved")])
    ds = to_dataset([ex])
    if remove_value:
        remove(ds, AIKG.value)
    assert shape in shapes(validate(ds))


def test_shapes_platform_nobody_built_is_a_warning_in_zh_and_en() -> None:
    ex = extraction("g.txt", {"国际云软件谷": "Platform", "美团": "Company"},
                    [("国际云软件谷", "clusters", "美团", "achieved", None)])
    report = validate(to_dataset([ex]))
    assert report.conforms
    (issue,) = [i for i in report.warnings if i.shape_name == "PlatformBuilderPresent"]
    assert issue.severity == "Warning"
    assert issue.focus == str(entity_iri("国际云软件谷"))
    assert "建设" in issue.message_zh and "coBuilt" in issue.message_en
    assert issue.message_zh != issue.message_en


def test_shapes_builder_in_another_document_counts() -> None:
    """Validation runs over the union of the named graphs: one document builds what another names."""
    a = extraction("h1.txt", {"温州市智算中心": "Platform", "中国联通": "Company"},
                   [("温州市智算中心", "clusters", "中国联通", "achieved", None)])
    b = extraction("h2.txt", {"温州市": "GovernmentBody", "温州市智算中心": "Platform"},
                   [("温州市", "established", "温州市智算中心", "achieved", "2023-12")])
    assert "PlatformBuilderPresent" in shapes(validate(to_dataset([a])), "Warning")
    assert "PlatformBuilderPresent" not in shapes(validate(to_dataset([a, b])), "Warning")


@pytest.mark.parametrize(("entities", "facts", "isolated"), [
    ({"浙大温州研究院": "ResearchInstitute"}, [], True),
    ({"温州大学": "University"}, [], True),
    ({"浙大温州研究院": "ResearchInstitute", "大模型": "TechField"},
     [("浙大温州研究院", "focusesOn", "大模型", "achieved", None)], False),
    ({"温州市": "GovernmentBody", "浙大温州研究院": "ResearchInstitute"},
     [("温州市", "coBuilt", "浙大温州研究院", "achieved", None)], False),
])
def test_shapes_isolated_institute_is_a_warning(entities: dict[str, str], facts: list[FactRow],
                                                isolated: bool) -> None:
    report = validate(to_dataset([extraction("i.txt", entities, facts)]))
    assert ("IsolatedRelation" in shapes(report, "Warning")) is isolated


@pytest.mark.parametrize(("status", "date", "warned"), [
    ("planned", None, True),
    ("planned", "2027", False),
    ("achieved", None, False),
])
def test_shapes_planned_fact_without_date_is_a_warning(status: str, date: str | None, warned: bool) -> None:
    ex = extraction("j.txt", {"温州市": "GovernmentBody", "中国联通": "Company"},
                    [("温州市", "plansCooperationWith", "中国联通", status, date)])
    report = validate(to_dataset([ex]))
    assert report.conforms
    assert ("PlannedDate" in shapes(report, "Warning")) is warned


def test_shapes_every_message_is_in_chinese_and_english() -> None:
    g = Graph().parse(data=shapes_ttl(), format="turtle")
    shaped = set(g.subjects(SH.message, None))
    assert shaped
    for shape in shaped:
        langs = sorted(m.language for m in g.objects(shape, SH.message) if isinstance(m, Literal))
        assert langs == ["en", "zh"], f"{shape} needs one sh:message @zh and one @en, has {langs}"
    constraints = set(g.subjects(SH.path, None)) | set(g.subjects(SH["or"], None))
    named = {s for s in constraints if isinstance(s, URIRef)}
    assert named <= shaped, f"shapes without messages: {sorted(named - shaped)}"


@pytest.mark.parametrize("predicate", PREDICATE_TERMS)
def test_shapes_relation_classes_match_the_ontology_signatures(predicate: str) -> None:
    g = Graph().parse(data=shapes_ttl(), format="turtle")
    ns = "https://w3id.org/aikg/shapes#"

    def classes(shape: str) -> frozenset[str]:
        alternatives = g.value(URIRef(ns + shape), SH["or"])
        return frozenset(str(g.value(a, SH["class"])).rsplit("#", 1)[-1] for a in g.items(alternatives))

    assert (classes(f"{predicate}Subject"), classes(f"{predicate}Object")) == relation_signature(predicate)
    assert g.value(URIRef(ns + f"{predicate}Subject"), SH.targetSubjectsOf) == AIKG[predicate]


def test_shapes_validate_accepts_a_plain_graph_and_sorts_issues() -> None:
    ex = extraction("k.txt", {"余向前": "Person", "美团": "Company", "国际云软件谷": "Platform"},
                    [("余向前", "clusters", "美团", "planned", None)])
    ds = to_dataset([ex])
    from_dataset, from_graph = validate(ds), validate(union_graph(ds))
    assert from_dataset == from_graph
    assert list(from_dataset.warnings) == sorted(from_dataset.warnings)
    assert all(isinstance(i, Issue) for i in from_dataset.violations + from_dataset.warnings)
    assert from_dataset.summary().startswith("does not conform: 1 violations")
