"""Identity across documents: one organisation named differently in two documents is one node."""
from pathlib import Path

from extract.facts import Document, DocumentMeta
from extract.pipeline import extract_document
from graph.network import to_networkx
from graph.rdf import to_dataset
from graph.rdf.identity import AliasTable, unify, write_merge_log

DOC_A = """近年来，我市推动建设产业平台。2024年3月，温州市与中国电子信息产业集团有限公司签订战略合作协议。
目前数智港已集聚了星河互联、云栖智造等60家数据企业。"""
DOC_B = """今年5月，瑞安市与中国电子签订合作协议，共建中国（瑞安）数字产业园。"""


def _extract(name: str, text: str):
    return extract_document(Document(name, text, DocumentMeta(date="2024-06-01")))


def test_identity_same_organisation_in_two_documents_is_one_node():
    exs, merges = unify([_extract("a.txt", DOC_A), _extract("b.txt", DOC_B)], AliasTable())
    g = to_networkx(to_dataset(exs))
    cec = [n for n, d in g.nodes(data=True) if "中国电子" in (d["label"], *d["aliases"])]
    assert len(cec) == 1, [g.nodes[n]["label"] for n in cec]
    assert sorted(g.nodes[cec[0]]["documents"]) == ["a.txt", "b.txt"]
    assert merges, "the second naming is logged as a merge"


def test_identity_fullwidth_and_ascii_brackets_give_one_iri():
    a = _extract("a.txt", "推动建设中国（瑞安）数字产业园。")
    b = _extract("b.txt", "推动建设中国(瑞安)数字产业园。")
    g = to_networkx(to_dataset(unify([a, b], AliasTable())[0]))
    parks = [n for n, d in g.nodes(data=True) if d["type"] == "Platform"]
    assert len(parks) == 1


def test_identity_reviewer_correction_is_read_back(tmp_path: Path):
    table_path = tmp_path / "aliases.csv"
    table = AliasTable()
    unify([_extract("b.txt", DOC_B)], table)
    table.write(table_path)
    text = table_path.read_text(encoding="utf-8-sig")
    assert "中国电子" in text
    # a reviewer says 中国电子 should be written as its registered name
    table_path.write_text("alias,canonical,type\n中国电子,中国电子信息产业集团有限公司,Company\n", encoding="utf-8")
    exs, merges = unify([_extract("b.txt", DOC_B)], AliasTable.read(table_path))
    assert any(f.object == "中国电子信息产业集团有限公司" or f.subject == "中国电子信息产业集团有限公司"
               for f in exs[0].facts)
    write_merge_log(merges, tmp_path / "merge-log.csv")
    assert "中国电子信息产业集团有限公司" in (tmp_path / "merge-log.csv").read_text(encoding="utf-8-sig")


def test_identity_self_references_never_join_documents():
    a = _extract("a.txt", "我市与中国联通签订合作协议。温州市推动建设产业园。")
    b = _extract("b.txt", "我市与中国移动签订合作协议。南京市推动建设产业园。")
    exs, _ = unify([a, b], AliasTable())
    names = {e.name for ex in exs for e in ex.entities if e.type == "GovernmentBody"}
    assert len(names) == 2
