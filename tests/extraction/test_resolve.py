"""Entity resolution inside a document: home places, provinces, references by head word, short forms."""
from __future__ import annotations

import pytest

from extract.components.names.scorer import using_model
from extract.components.resolve import (
    Group,
    Occurrence,
    _legal_core,
    _link_occurrences,
    home_place,
    home_province,
    place_counts,
)
from extract.facts import Document, DocumentMeta
from extract.pipeline import extract_document


def entities(text: str, issuer: str | None = None) -> dict[str, tuple[str, set[str]]]:
    """The entities the rules' mentions resolve to (resolution is what these tests are about)."""
    with using_model(None):
        ex = extract_document(Document("t.txt", text, DocumentMeta(issuer=issuer)))
    return {e.name: (e.type, set(e.aliases)) for e in ex.entities}


def names_and_aliases(ents: dict[str, tuple[str, set[str]]]) -> set[str]:
    return set(ents) | {a for _, als in ents.values() for a in als}


@pytest.mark.parametrize(("text", "absent"), [
    ("游客沿黄浦江观光，浦东新区发布规划。", "浦江"),           # 浦江 inside 黄浦江 is no place
    ("河北雄安新区举行开园仪式。", "河北区"),                   # 河北 is the province, not 天津's 河北区
])
def test_resolve_place_inside_a_word_or_of_another_level_is_not_counted(text: str, absent: str) -> None:
    assert absent not in place_counts(text) and absent[:-1] not in place_counts(text)


def test_resolve_home_place_is_the_city_named_most() -> None:
    assert home_place("温州市召开大会。温州数安港签约。杭州来宾参加。") == ("温州", "温州市")


def test_resolve_province_of_a_provincial_document() -> None:
    text = "江苏省算力联盟成立。我省在用数据中心规模领先，江苏将继续推进，南京为主会场。"
    assert home_province(text) == "江苏省"
    ents = entities(text)
    assert "江苏省" in ents and {"我省", "江苏"} <= ents["江苏省"][1]


def test_resolve_no_province_entity_in_a_city_document() -> None:
    text = "温州市与中国联通签订协议。温州市智算中心上线，位居全省第三。温州还将建设数安港。"
    assert home_province(text) is None
    assert "浙江省" not in entities(text)


def test_resolve_bare_head_word_refers_back_to_the_zone() -> None:
    text = "雄安新区举行开园仪式。新区已汇聚雄安百信等企业，并与清华大学共建研究院。"
    ents = entities(text)
    zone = next(n for n in ents if n.endswith("新区") and n != "新区")
    assert "新区" not in ents, "the bare head is a mention of the zone, not an entity"
    assert zone == "雄安新区"


@pytest.mark.parametrize(("name", "core"), [
    ("青岛国际机场集团有限公司", "青岛国际机场集团"),
    ("海尔集团有限公司", "海尔集团"),
    ("中国电信股份有限公司湖南分公司", None),   # a branch is another body than its parent
    ("美团", None),
])
def test_resolve_legal_core(name: str, core: str | None) -> None:
    assert _legal_core(name) == core


def test_resolve_short_form_of_a_registered_company_joins_it() -> None:
    text = "青岛国际机场集团有限公司当选副理事长单位。会上，机场集团与地铁集团签约。"
    ents = entities(text)
    assert "机场集团" in ents["青岛国际机场集团有限公司"][1]
    assert "机场集团" not in ents


def test_resolve_issuer_named_twice_is_one_entity() -> None:
    text = "浙江省发展改革委关于提案的答复\n省发展改革委将会同有关部门推进。"
    ents = entities(text, issuer="浙江省发展改革委")
    assert sum(1 for n in ents if n == "浙江省发展改革委") == 1
    assert "省发展改革委" not in ents


def test_resolve_further_occurrences_are_mentions_and_names_are_taken_literally() -> None:
    """Every other occurrence of a name is a mention of its entity; a name cut inside its brackets
    (华为(深圳) is matched as text, not read as a pattern."""
    text = "华为(深圳签约。随后华为(深圳与极视角洽谈,极视角表示欢迎。"
    groups = {"a": Group("Company", 50, names=["华为(深圳"], mentions=[Occurrence("华为(深圳", 0, 5, "t")]),
              "b": Group("Company", 50, names=["极视角"], mentions=[Occurrence("极视角", 16, 19, "t")])}
    _link_occurrences(text, groups)
    assert [(m.start, m.end) for m in groups["a"].mentions] == [(0, 5), (10, 15)]
    assert [(m.start, m.end) for m in groups["b"].mentions] == [(16, 19), (22, 25)]
