"""The whole pipeline on small documents written for the tests: entities, aliases, relations, metrics."""
import contextlib

import pytest

from extract.components.names.scorer import using_model
from extract.facts import Document, DocumentMeta
from extract.pipeline import extract_document

LETTER = """瑞科提复〔2025〕7号

关于市政协十一届二次会议15号提案的答复函

林晓东委员：
您提出的《关于加快发展智能制造产业的提案》收悉。现答复如下：
近年来，我市加快建设产业平台。2024年底，推动成立中国（瑞安）智能制造创新发展联盟；今年3月，举办中国（瑞安）“智造+”产业峰会，与中国移动、浙江海川精密机械有限公司、中国智能制造产业联盟等签订合作协议。累计引进共建中国（瑞安）数智港、宁波大学瑞安研究院等高能级创新平台12家。目前数智港已集聚了星河互联、云栖智造、瓯江芯片、海若科技等127家数据企业。瑞安市智算中心已完成项目一期建设。
下一步，我们将积极对接之江实验室等，依托宁波大学瑞安研究院、瑞安飞云江科创研究院等平台，开展机器视觉、智能传感器等技术攻关。
                                2025年6月20日
"""


@pytest.fixture(scope="module")
def ex():
    return extract_document(Document("letter.txt", LETTER, DocumentMeta(date="2025-06-20")))


def _rel(ex, p):
    return {(f.subject, f.object): f for f in ex.facts if f.predicate == p}


def test_pipeline_alias_short_form_joins_full_name(ex):
    port = ex.entity("中国(瑞安)数智港")
    assert port is not None and port.type == "Platform"
    assert "数智港" in port.aliases


def test_pipeline_list_distributes_agreements_to_omitted_subject(ex):
    signed = _rel(ex, "signedAgreementWith")
    partners = {o for (s, o) in signed}
    assert {"中国移动", "浙江海川精密机械有限公司", "中国智能制造产业联盟"} <= partners
    assert all(f.status == "achieved" and f.date == "2025-03" for f in signed.values())


def test_pipeline_clusters_every_listed_company(ex):
    clusters = _rel(ex, "clusters")
    members = {o for (s, o) in clusters if s == "中国(瑞安)数智港"}
    assert {"星河互联", "云栖智造", "瓯江芯片", "海若科技"} <= members


def test_pipeline_next_steps_are_planned(ex):
    relies = _rel(ex, "reliesOn")
    assert relies and all(f.status == "planned" for f in relies.values())


def test_pipeline_provenance_points_into_the_text(ex):
    for f in ex.facts:
        p = f.provenance
        assert LETTER[p.start:p.end] == p.sentence
        assert p.rule
    for e in ex.entities:
        for m in e.mentions:
            assert LETTER[m.start:m.end] == m.surface


def test_pipeline_metrics_in_base_units(ex):
    values = {(m.value, m.unit) for m in ex.metrics}
    assert (127, "count") in values
    assert (12, "count") in values


def test_pipeline_guide_json_shape(ex):
    j = ex.to_guide_json()
    assert set(j) >= {"document", "entities", "relations", "metrics"}
    assert all(set(r) >= {"subject", "predicate", "object", "status", "date", "evidence"} for r in j["relations"])


def test_pipeline_two_processes_give_the_same_extractions():
    from extract.pipeline import extract_documents

    docs = [Document(f"d{i}.txt", LETTER.replace("瑞安", city), DocumentMeta(date="2025-06-20"))
            for i, city in enumerate(["瑞安", "乐清", "永嘉", "平阳"] * 5)]
    one = [e.to_guide_json() for e in extract_documents(docs)]
    two = [e.to_guide_json() for e in extract_documents(docs, n_process=2, batch_size=3)]
    assert one == two
    assert [e["document"] for e in two] == [d.id for d in docs]


def test_pipeline_every_fact_names_entities_of_the_document():
    # the issuing body is known only from metadata (来源 / 发布机构), and the city is not named
    text = "近日，与中国移动签订战略合作协议，共建数字经济创新中心。"
    ex = extract_document(Document("news.txt", text, DocumentMeta(issuer="瓯海区科技局")))
    names = {e.name for e in ex.entities}
    assert ex.facts
    for f in ex.facts:
        assert f.subject in names and f.object in names, (f.subject, f.object, names)


def test_pipeline_batch_gives_the_extractions_of_one_document_at_a_time():
    from extract.pipeline import extract_batch
    docs = [Document(f"d{i}.txt", t) for i, t in enumerate((
        "温州市与中国联通签订战略合作协议，共建温州市智算中心。",
        "星河市人工智能产业园已集聚星河数智科技有限公司、北辰机器人有限公司等32家企业。",
        "下一步，我局将与星河大学对接，谋划共建星河人工智能研究院。"))]
    assert extract_batch(docs) == [extract_document(d) for d in docs]


SIGNING = "2025年5月8日，杭州星图智能科技有限公司董事长沈嘉禾与温州市大数据发展管理局副局长周明远签署战略合作协议。"
ORG_ONLY = {"signedAgreementWith", "coBuilt", "clusters", "established", "innovationConsortiumWith"}


@pytest.mark.parametrize("names", ["rules", "model"])
def test_pipeline_people_sign_for_their_organisations(names):
    doc = Document("signing.txt", SIGNING, DocumentMeta(date="2025-05-08"))
    with using_model(None) if names == "rules" else contextlib.nullcontext():
        ex = extract_document(doc)
    people = {e.name for e in ex.entities if e.type == "Person"}
    assert {"沈嘉禾", "周明远"} <= people
    assert not [f for f in ex.facts if f.predicate in ORG_ONLY and {f.subject, f.object} & people]
    if names == "rules":  # both organisations found: the agreement is theirs
        signed = {frozenset((f.subject, f.object)) for f in ex.facts if f.predicate == "signedAgreementWith"}
        assert frozenset(("杭州星图智能科技有限公司", "温州市大数据发展管理局")) in signed
