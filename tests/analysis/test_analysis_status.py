"""Planned vs achieved by actor and predicate; plans no achieved fact matches."""
from __future__ import annotations

from analysis_samples import extraction, fact

from graph.analysis import fact_table, open_plans, planned_vs_achieved
from graph.network import to_networkx
from graph.rdf import to_dataset

D1, D2 = "plan-2023.txt", "report-2024.txt"
ENTS = [("温州市", "GovernmentBody", ()), ("美团", "Company", ()), ("上海人工智能实验室", "ResearchInstitute", ()),
        ("温州市智算中心", "Platform", ())]


def _graph():
    ex1 = extraction(D1, ENTS, [
        fact(D1, "温州市", "signedAgreementWith", "美团", "planned", "我市拟与美团签订合作协议。", 0),
        fact(D1, "温州市", "plansCooperationWith", "上海人工智能实验室", "planned", "积极对接上海人工智能实验室。", 20),
        fact(D1, "温州市", "established", "温州市智算中心", "planned", "计划建成温州市智算中心。", 40, "2025")])
    ex2 = extraction(D2, ENTS, [
        fact(D2, "温州市", "signedAgreementWith", "美团", "achieved", "今年5月，我市与美团签订合作协议。", 0, "2024-05")])
    return to_networkx(to_dataset([ex1, ex2]))


def test_status_counts_by_actor_and_predicate() -> None:
    t = planned_vs_achieved(_graph()).set_index(["subject", "predicate"])
    assert t.loc[("温州市", "signedAgreementWith"), ["planned", "achieved", "total"]].tolist() == [1, 1, 2]
    assert t.loc[("温州市", "established"), "achieved_share"] == 0.0


def test_status_open_plans_leave_out_plans_achieved_later() -> None:
    rows = open_plans(_graph())[["subject", "predicate", "object"]].values.tolist()
    assert rows == [["温州市", "established", "温州市智算中心"],
                    ["温州市", "plansCooperationWith", "上海人工智能实验室"]]


def test_status_fact_table_keeps_evidence_and_document() -> None:
    t = fact_table(_graph())
    row = t[(t["predicate"] == "signedAgreementWith") & (t["status"] == "achieved")].iloc[0]
    assert (row["document"], row["date"], row["evidence"]) == (D2, "2024-05", "今年5月，我市与美团签订合作协议。")


def test_status_empty_graph_gives_empty_tables() -> None:
    from graph.rdf import new_dataset

    assert planned_vs_achieved(new_dataset()).empty and open_plans(new_dataset()).empty
