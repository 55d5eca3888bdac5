"""Metric progress: a planned and an achieved value of the same quantity pair up, once each."""
# ruff: noqa: F811  (fixtures are imported from analysis_samples; test arguments name them)
from __future__ import annotations

import pytest
from analysis_samples import extraction, letter_dataset, metric  # noqa: F401

from graph.analysis import metric_progress, metric_table
from graph.rdf import to_dataset

D = "metrics.txt"
S = "2024-2025年全市拟建智算规模已达2000P以上，其中373P智算已上线。"
ENTS = [("温州市", "GovernmentBody", ()), ("温州市智算中心", "Platform", ()), ("数安港", "Platform", ())]


def _progress(*metrics):
    return metric_progress(to_dataset([extraction(D, ENTS, [], list(metrics))]))


def test_metrics_computing_power_one_planned_one_achieved() -> None:
    t = _progress(metric(D, "温州市", "拟建智算规模", 2000, "PFLOPS", "planned", S, 0, "2025"),
                  metric(D, "温州市", "其中", 373, "PFLOPS", "achieved", S, 30, "2024"))
    assert t[["planned", "achieved", "percent", "match"]].values.tolist() == [[2000.0, 373.0, 18.65, "subject+unit"]]


def test_metrics_similar_measures_pair_before_others() -> None:
    t = _progress(metric(D, "数安港", "集聚数据企业", 500, "count", "planned", "力争集聚数据企业500家。", 0),
                  metric(D, "数安港", "孵化团队", 300, "count", "planned", "计划孵化团队300个。", 20),
                  metric(D, "数安港", "已集聚数据企业", 311, "count", "achieved", "已集聚数据企业311家。", 40),
                  metric(D, "数安港", "已孵化团队", 120, "count", "achieved", "已孵化团队120个。", 60))
    got = sorted(t[["planned", "achieved", "match"]].values.tolist())
    assert got == [[300.0, 120.0, "measure"], [500.0, 311.0, "measure"]]


def test_metrics_unit_only_when_subjects_differ() -> None:
    t = _progress(metric(D, "温州市", "拟建智算规模", 2000, "PFLOPS", "planned", S, 0),
                  metric(D, "温州市智算中心", "已上线", 373, "PFLOPS", "achieved", S, 30))
    assert t[["subject", "subject_achieved", "percent", "match"]].values.tolist() == [
        ["温州市", "温州市智算中心", 18.65, "unit"]]


@pytest.mark.parametrize("units", [("PFLOPS", "CNY"), ("m2", "count")])
def test_metrics_different_units_never_pair(units: tuple[str, str]) -> None:
    assert _progress(metric(D, "温州市", "规模", 2000, units[0], "planned", S, 0),
                     metric(D, "温州市", "规模", 373, units[1], "achieved", S, 30)).empty


def test_metrics_ambiguous_pairs_are_left_out() -> None:
    # two plans and one achievement in the same unit with unrelated measures: no guess
    assert _progress(metric(D, "温州市", "甲", 10, "count", "planned", S, 0),
                     metric(D, "温州市", "乙", 20, "count", "planned", S, 10),
                     metric(D, "温州市", "丙", 5, "count", "achieved", S, 20)).empty


def test_metrics_table_reads_values_and_documents() -> None:
    ds = to_dataset([extraction(D, ENTS, [], [metric(D, "温州市", "研发总投入", 3788000000, "CNY", "achieved", S, 0, "2023")])])
    row = metric_table(ds).iloc[0]
    assert (row["subject"], row["value"], row["unit"], row["document"], row["date"]) == (
        "温州市", 3788000000.0, "CNY", D, "2023")


def test_metrics_letter_computing_power_online_is_18_65_percent(letter_dataset) -> None:
    t = metric_progress(letter_dataset)
    power = t[t["unit"] == "PFLOPS"]
    assert power[["achieved", "planned", "percent"]].values.tolist() == [[373.0, 2000.0, 18.65]], (
        "the letter says 2024-2025年全市拟建智算规模已达2000P以上，其中373P智算已上线; the extracted metrics are\n"
        f"{metric_table(letter_dataset)[['subject', 'measure', 'value', 'unit', 'status']]}")
