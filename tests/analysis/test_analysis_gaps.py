"""Isolated and weakly tied platforms and institutes, SHACL warnings as gaps, the gap summary."""
# ruff: noqa: F811  (fixtures are imported from analysis_samples; test arguments name them)
from __future__ import annotations

from analysis_samples import letter_dataset, letter_graph, two_cities  # noqa: F401

from graph.analysis import gap_summary, shacl_gaps, weak_ties


def test_gaps_weak_ties_kinds(two_cities) -> None:
    t = weak_ties(two_cities).set_index("entity")
    assert t.loc["国际云软件谷", "tie"] == "isolated"
    assert t.loc["浙大温州研究院", "tie"] == "government only"
    assert "中国（温州）数安港" not in t.index      # clusters two companies
    assert "之江实验室" not in t.index or t.loc["之江实验室", "tie"] == "single tie"


def test_gaps_shacl_warnings_name_the_entity_or_fact(two_cities) -> None:
    t = shacl_gaps(two_cities)
    assert ("IsolatedRelation", "国际云软件谷") in set(map(tuple, t[["gap", "focus"]].values))
    assert ("PlatformBuilderPresent", "国际云软件谷") in set(map(tuple, t[["gap", "focus"]].values))
    assert "温州市 reliesOn 浙大温州研究院" in set(t.loc[t["gap"] == "PlannedDate", "focus"])
    assert t["message_zh"].str.len().min() > 0


def test_gaps_summary_collects_every_kind(two_cities) -> None:
    kinds = set(gap_summary(two_cities)["kind"])
    assert {"field without actors", "plan not achieved", "metric below target", "isolated Platform",
            "SHACL IsolatedRelation"} <= kinds


def test_gaps_letter_platforms(letter_graph, letter_dataset) -> None:
    t = weak_ties(letter_graph).set_index("entity")
    assert t.loc["鹿城数字时尚高新区", "tie"] == "isolated"
    unbuilt = set(shacl_gaps(letter_dataset).query("gap == 'PlatformBuilderPresent'")["focus"])
    assert {"鹿城数字时尚高新区", "中关村信息谷·温州创新中心"} <= unbuilt
