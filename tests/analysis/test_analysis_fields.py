"""Focus fields against actors: focusesOn (strong), co-mention in an evidence sentence (weak), gaps."""
# ruff: noqa: F811  (fixtures are imported from analysis_samples; test arguments name them)
from __future__ import annotations

import pytest
from analysis_samples import extraction, fact, letter_dataset, letter_graph  # noqa: F401

from graph.analysis import co_mentions, field_coverage
from graph.network import to_networkx
from graph.rdf import to_dataset

D = "fields.txt"
SENTENCE = "依托中关村信息谷·温州创新中心、正泰物联网传感器产业园等平台，开展机器视觉等人工智能行业应用技术创新。"


def _graph():
    ex = extraction(D, [("温州市", "GovernmentBody", ("我市",)),
                        ("中关村信息谷·温州创新中心", "Platform", ()),
                        ("正泰物联网传感器产业园", "Platform", ()),
                        ("机器视觉", "TechField", ()),
                        ("工业物联网", "TechField", ("物联网",)),
                        ("芯片设计", "TechField", ()),
                        ("大模型", "TechField", ()),
                        ("每日互动", "Company", ())],
                    [fact(D, "温州市", "reliesOn", "中关村信息谷·温州创新中心", "planned", SENTENCE, 0),
                     fact(D, "温州市", "reliesOn", "正泰物联网传感器产业园", "planned", SENTENCE, 1),
                     fact(D, "每日互动", "focusesOn", "大模型", "achieved", "每日互动聚焦大模型。", 80)])
    return to_networkx(to_dataset([ex]))


@pytest.mark.parametrize("field,signal,focus,near", [
    ("大模型", "focusesOn", ["每日互动"], []),
    ("机器视觉", "co-mention", [], ["中关村信息谷·温州创新中心", "正泰物联网传感器产业园"]),
    ("芯片设计", "none", [], []),
])
def test_fields_coverage_signal(field: str, signal: str, focus: list[str], near: list[str]) -> None:
    row = field_coverage(_graph()).set_index("field").loc[field]
    assert (row["signal"], row["focus_actors"], row["comention_actors"]) == (signal, focus, near)
    assert row["gap"] == (signal == "none")


def test_fields_alias_inside_a_longer_name_is_no_mention() -> None:
    # 物联网 (alias of 工业物联网) only occurs inside 正泰物联网传感器产业园: not a co-mention of the field
    row = field_coverage(_graph()).set_index("field").loc["工业物联网"]
    assert row["signal"] == "none"


def test_fields_government_is_not_an_actor_of_a_field() -> None:
    g = _graph()
    field = next(n for n, d in g.nodes(data=True) if d["label"] == "机器视觉")
    assert "温州市" not in field_coverage(g).set_index("field").loc["机器视觉", "comention_actors"]
    assert "温州市" not in {g.nodes[n]["label"] for n in co_mentions(g)[field]}  # 我市 is not in the sentence


def test_fields_gaps_come_first_and_output_is_stable() -> None:
    a, b = field_coverage(_graph()), field_coverage(_graph())
    assert a.equals(b)
    assert list(a["signal"]) == sorted(a["signal"], key=["none", "co-mention", "focusesOn"].index)


def test_fields_letter_names_gaps(letter_graph) -> None:
    t = field_coverage(letter_graph).set_index("field")
    assert {"芯片设计", "智能机器人", "智能传感器", "系统软件", "大模型"} <= set(t.index[t["gap"]])
    assert "中津先进科技研究院" in t.loc["机器视觉", "comention_actors"]
