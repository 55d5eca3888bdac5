"""Mentions: gazetteer, name grammar, people, lists; with full-width and ASCII punctuation."""
import pytest

from extract.components.names import find_mentions
from extract.text import normalise


def _found(text: str) -> dict[str, str]:
    return {c.surface: c.type for c in find_mentions(normalise(text))}


@pytest.mark.parametrize(("text", "name", "typ"), [
    ("推动成立中国（瑞安）智能制造创新发展联盟，启动了产业基金", "中国(瑞安)智能制造创新发展联盟", "Alliance"),
    ("推动成立中国(瑞安)智能制造创新发展联盟,启动了产业基金", "中国(瑞安)智能制造创新发展联盟", "Alliance"),
    ("与浙江海川精密机械有限公司签订合作协议", "浙江海川精密机械有限公司", "Company"),
    ("依托宁波大学海洋智能装备研究院，开展研究", "宁波大学海洋智能装备研究院", "ResearchInstitute"),
    ("加快推进湖州太湖数谷建设", "湖州太湖数谷", "Platform"),
    ("举办中国（绍兴）“数字+”产业峰会", "中国(绍兴)“数字+”产业峰会", "Event"),
    ("依托中关村信息谷·台州创新中心等平台", "中关村信息谷·台州创新中心", "Platform"),
    ("制定出台了《嘉兴市算力基础设施三年行动计划》等规划", "嘉兴市算力基础设施三年行动计划", "Policy"),
])
def test_mentions_name_grammar_finds_specific_names(text, name, typ):
    assert _found(text).get(name) == typ


@pytest.mark.parametrize("text", [
    "打造国际一流的人工智能开放创新平台",
    "建设人工智能基础数据平台、多场景训练与测试验证平台等产业支撑平台",
    "省级企业研究院58家",
])
def test_mentions_generic_phrases_are_not_names(text):
    assert not [s for s, t in _found(text).items() if t not in ("TechField",)]


def test_mentions_chen_lianmeng_is_a_person_not_an_alliance():
    found = _found("专班二组组长陈联盟、市投资促进局副局长金宗来一行来院考察调研。陈联盟强调，要加强合作。")
    assert found.get("陈联盟") == "Person"
    assert found.get("金宗来") == "Person"
    assert "Alliance" not in found.values()


def test_mentions_number_before_baidu_is_not_baidu():
    found = _found("每节约一百度电，可减少排放。百度在本市设立研发中心。")
    assert "百度" in found  # the real one, in the second sentence
    assert not any(c.start < 10 for c in find_mentions(normalise("每节约一百度电，可减少排放。")) if c.surface == "百度")


@pytest.mark.parametrize("comma", ["，", ","])
def test_mentions_list_context_types_every_member(comma):
    sep = "、"
    text = f"目前园区已集聚了星河互联{sep}云栖智造{sep}瓯江芯片{sep}海若科技等127家数据企业{comma}落地一批项目。"
    found = _found(text)
    for name in ("星河互联", "云栖智造", "瓯江芯片", "海若科技"):
        assert found.get(name) == "Company", name


def test_mentions_offsets_slice_the_text():
    text = "2023年底，推动成立中国（瑞安）智能制造创新发展联盟，与中国移动签订合作协议。"
    norm = normalise(text)
    for c in find_mentions(norm):
        assert norm[c.start:c.end] == c.surface


@pytest.mark.parametrize(("text", "absent"), [
    ("中国电子信息产业规模持续扩大", "中国电子"),
    ("每节约一百度电，可减少排放", "百度"),
])
def test_mentions_known_name_inside_a_longer_word_is_not_a_mention(text, absent):
    assert absent not in _found(text)


@pytest.mark.parametrize("name", ["温州市经济和信息化局", "国家发展和改革委员会", "杭州市人力资源和社会保障局"])
def test_mentions_department_names_keep_their_he(name):
    assert _found(f"近日，{name}印发通知。").get(name) == "GovernmentBody"
