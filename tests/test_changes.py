"""What changed: snapshots (N-Quads) and new, removed and changed facts between two graphs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from extract.facts import Document, DocumentMeta, Entity, Extraction, Fact, Provenance
from graph.cli import app
from graph.rdf import to_dataset
from graph.snapshot import (
    SnapshotError,
    changes,
    default_snapshot_root,
    latest_snapshot,
    list_snapshots,
    load_snapshot,
    take_snapshot,
)
from graph.validate import union_graph

D = "wenzhou-notice.txt"


def _fact(s: str, p: str, o: str, status: str, sentence: str, start: int, doc: str = D) -> Fact:
    return Fact(s, p, o, status, None, Provenance(doc, start, start + len(sentence), sentence, f"test.{p}"))


def _dataset(*facts: Fact, entities: tuple[tuple[str, str], ...] = (), doc: str = D) -> Dataset:
    names = {(f.subject, "") for f in facts} | {(f.object, "") for f in facts}
    types = dict(entities)
    ents = tuple(Entity(n, types.get(n, "Company" if n != "温州市" else "GovernmentBody")) for n, _ in sorted(names))
    ents += tuple(Entity(n, t) for n, t in entities if n not in {e.name for e in ents})
    return to_dataset([Extraction(Document(doc, "…", DocumentMeta()), ents, tuple(facts), ())])


SIGN_UNICOM = _fact("温州市", "signedAgreementWith", "中国联通", "achieved", "今年3月，我市与中国联通签订战略合作协议。", 0)
PLAN_GREATWALL = _fact("温州市", "signedAgreementWith", "浙江长城计算机系统有限公司", "planned", "下一步，我市将与浙江长城计算机系统有限公司签订合作协议。", 30)
DONE_GREATWALL = _fact("温州市", "signedAgreementWith", "浙江长城计算机系统有限公司", "achieved", "今年5月，我市与浙江长城计算机系统有限公司签订合作协议。", 30)
CLUSTER_MEITUAN = _fact("中国（温州）数安港", "clusters", "美团", "achieved", "数安港已集聚了美团等数据企业。", 60)


def _rows(t) -> set[tuple]:
    return set(map(tuple, t[["change", "subject", "predicate", "object", "status_before", "status_after"]]
                   .astype(object).where(t.notna(), None).values))


def test_changes_new_removed_and_planned_to_achieved() -> None:
    old = _dataset(SIGN_UNICOM, PLAN_GREATWALL, entities=(("中国（温州）数安港", "Platform"),))
    new = _dataset(DONE_GREATWALL, CLUSTER_MEITUAN, entities=(("中国（温州）数安港", "Platform"),))
    assert _rows(changes(old, new)) == {
        ("new", "中国（温州）数安港", "clusters", "美团", None, "achieved"),
        ("new", "美团", "type", "Company", None, None),
        ("changed", "温州市", "signedAgreementWith", "浙江长城计算机系统有限公司", "planned", "achieved"),
        ("removed", "温州市", "signedAgreementWith", "中国联通", "achieved", None),
        ("removed", "中国联通", "type", "Company", None, None),
    }


def test_changes_rows_carry_evidence_and_sort_new_changed_removed() -> None:
    t = changes(_dataset(SIGN_UNICOM, PLAN_GREATWALL), _dataset(DONE_GREATWALL, CLUSTER_MEITUAN))
    assert list(t["change"]) == sorted(t["change"], key=["new", "changed", "removed"].index)
    changed = t[t["change"] == "changed"].iloc[0]
    assert (changed["document"], changed["evidence"]) == (D, DONE_GREATWALL.provenance.sentence)
    removed = t[(t["change"] == "removed") & (t["predicate"] != "type")].iloc[0]
    assert removed["evidence"] == SIGN_UNICOM.provenance.sentence


def test_changes_same_graph_has_none() -> None:
    assert changes(_dataset(SIGN_UNICOM), _dataset(SIGN_UNICOM)).empty


def test_changes_symmetric_relation_in_other_direction_is_no_change() -> None:
    flipped = _fact("中国联通", "signedAgreementWith", "温州市", "achieved", "中国联通与我市签订战略合作协议。", 5)
    assert changes(_dataset(SIGN_UNICOM), _dataset(flipped)).empty


def test_changes_fact_moved_to_another_document_is_no_change() -> None:
    moved = _fact("温州市", "signedAgreementWith", "中国联通", "achieved", "我市与中国联通签约。", 0, doc="other.txt")
    assert changes(_dataset(SIGN_UNICOM), _dataset(moved, doc="other.txt")).empty


def test_changes_snapshot_round_trip(tmp_path: Path) -> None:
    ds = _dataset(SIGN_UNICOM, CLUSTER_MEITUAN)
    path = take_snapshot(ds, "2024-06", tmp_path)
    assert path == tmp_path / "2024-06.nq"
    back = load_snapshot("2024-06", tmp_path)
    assert isomorphic(union_graph(back), union_graph(ds))
    assert changes(back, ds).empty
    assert take_snapshot(ds, "again", tmp_path).read_bytes() == path.read_bytes()   # deterministic text
    assert [p.stem for p in list_snapshots(tmp_path)] == ["2024-06", "again"]
    assert latest_snapshot(tmp_path) == tmp_path / "again.nq"


@pytest.mark.parametrize("name", ["../escape", "a/b", ".hidden", "", "x.nq"])
def test_changes_snapshot_rejects_bad_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(SnapshotError, match="bad snapshot name"):
        take_snapshot(_dataset(SIGN_UNICOM), name, tmp_path)


def test_changes_missing_snapshot_says_which_exist(tmp_path: Path) -> None:
    take_snapshot(_dataset(SIGN_UNICOM), "v1", tmp_path)
    with pytest.raises(SnapshotError, match="snapshots there: v1"):
        load_snapshot("v2", tmp_path)


@pytest.mark.parametrize("spec,root", [(".aikg/store", Path(".aikg/snapshots")), ("/x/y/store", Path("/x/y/snapshots")),
                                       (":memory:", Path(".aikg/snapshots")),
                                       ("sparql+http://127.0.0.1:7878/query", Path(".aikg/snapshots"))])
def test_changes_default_snapshot_root(spec: str, root: Path) -> None:
    assert default_snapshot_root(spec) == root


V1 = """温州市科学技术局关于人工智能产业发展情况的通报

今年3月，我市与中国联通签订战略合作协议。目前中国（温州）数安港已集聚了美团、每日互动等数据企业。下一步，我市将与浙江长城计算机系统有限公司签订合作协议。
"""
V2 = """温州市科学技术局关于人工智能产业发展情况的通报

目前中国（温州）数安港已集聚了美团、每日互动、联仁健康等数据企业。今年5月，我市与浙江长城计算机系统有限公司签订合作协议。我市已建成温州市智算中心。
"""


def test_changes_build_edit_rebuild_shows_exactly_the_difference(tmp_path: Path) -> None:
    from graph.build import build

    docs, store = tmp_path / "docs", str(tmp_path / "aikg" / "store")
    docs.mkdir()
    (docs / "notice.txt").write_text(V1, encoding="utf-8")
    build([docs], tmp_path / "exports", store)
    none_yet = CliRunner().invoke(app, ["changes", "--since", "v0", "--store", store])
    assert none_yet.exit_code == 2 and "no snapshot" in none_yet.output
    from graph.store import open_store

    with open_store(store) as st:
        take_snapshot(st, "v1", default_snapshot_root(store))
    (docs / "notice.txt").write_text(V2, encoding="utf-8")
    build([docs], tmp_path / "exports", store, snapshot="v2")      # the build's own snapshot reads back too
    assert CliRunner().invoke(app, ["changes", "--since", "v2", "--store", store]).output.startswith("no changes")
    res = CliRunner().invoke(app, ["changes", "--since", "v1", "--store", store, "--format", "json"])
    assert res.exit_code == 0, res.output
    got = {(r["change"], r["subject"], r["predicate"], r["object"], r["status_before"], r["status_after"])
           for r in json.loads(res.stdout)}
    assert got == {
        ("new", "中国(温州)数安港", "clusters", "联仁健康", None, "achieved"),
        ("new", "温州市", "established", "温州市智算中心", None, "achieved"),
        ("new", "联仁健康", "type", "Company", None, None),
        ("new", "温州市智算中心", "type", "Platform", None, None),
        ("changed", "温州市", "signedAgreementWith", "浙江长城计算机系统有限公司", "planned", "achieved"),
        ("removed", "温州市", "signedAgreementWith", "中国联通", "achieved", None),
        ("removed", "中国联通", "type", "Company", None, None),
    }
    table = CliRunner().invoke(app, ["changes", "--from", str(default_snapshot_root(store) / "v1.nq"), "--to", store])
    assert table.exit_code == 0 and "7 changes" in table.output


@pytest.mark.parametrize("args", [[], ["--since", "v1", "--from", "a", "--to", "b"], ["--from", "a"]])
def test_changes_cli_asks_for_what_to_compare(args: list[str]) -> None:
    res = CliRunner().invoke(app, ["changes", *args])
    assert res.exit_code == 2 and "say what to compare" in res.output
