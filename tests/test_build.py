"""The build: incremental by content hash, one graph per document swapped whole, exports from the store."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from store_samples import HUST_ID, LETTER_ID, sample_extractions
from typer.testing import CliRunner

import extract.pipeline
from extract.facts import Document, Extraction, Fact, Provenance
from graph.build import build
from graph.build import run as build_run
from graph.cli import app
from graph.rdf.iri import graph_iri
from graph.store import StoreError, open_store

NEW_SENTENCE = "温州市与美团签订战略合作协议。"


def fake_extract(doc: Document) -> Extraction:
    """The sample extraction of a known document (plus one fact when the new sentence was added)."""
    base = {ex.document.id: ex for ex in sample_extractions()}.get(doc.id)
    if base is None:
        return Extraction(doc, (), (), ())
    ex = dataclasses.replace(base, document=doc)
    if NEW_SENTENCE in doc.text:
        start = doc.text.index(NEW_SENTENCE)
        fact = Fact("温州市", "signedAgreementWith", "美团", "achieved", None,
                    Provenance(doc.id, start, start + len(NEW_SENTENCE), NEW_SENTENCE, "test"))
        ex = dataclasses.replace(ex, facts=(*ex.facts, fact))
    return ex


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two documents on disk, extracted by ``fake_extract``."""
    monkeypatch.setattr(extract.pipeline, "extract_document", fake_extract)
    folder = tmp_path / "corpus"
    folder.mkdir()
    for ex in sample_extractions():
        (folder / ex.document.id).write_text(ex.document.text, encoding="utf-8")
    return folder


def _graphs(spec: str) -> dict[str, set[tuple[object, ...]]]:
    with open_store(spec, read_only=not spec.startswith(("sparql+", ":"))) as st:
        ds = st.to_dataset()
    return {doc: set(ds.graph(graph_iri(doc))) for doc in (LETTER_ID, HUST_ID)}


def test_build_twice_gives_the_same_quads(corpus: Path, store_spec: str, tmp_path: Path) -> None:
    first = build([corpus], tmp_path / "exports", store_spec)
    assert (first.built, first.skipped, first.failed) == (2, 0, 0)
    second = build([corpus], tmp_path / "exports", store_spec)
    assert (second.built, second.skipped, second.failed) == (0, 2, 0)
    assert second.quads == first.quads > 0
    assert {d.message for d in second.documents} == {"unchanged"}


def test_build_a_changed_document_replaces_only_its_graph(corpus: Path, store_spec: str, tmp_path: Path) -> None:
    build([corpus], tmp_path / "exports", store_spec)
    before = _graphs(store_spec)
    hust = corpus / HUST_ID
    hust.write_text(hust.read_text(encoding="utf-8") + NEW_SENTENCE, encoding="utf-8")
    report = build([corpus], tmp_path / "exports", store_spec)
    assert {d.doc_id: d.status for d in report.documents} == {LETTER_ID: "skipped", HUST_ID: "built"}
    after = _graphs(store_spec)
    assert after[LETTER_ID] == before[LETTER_ID]
    assert after[HUST_ID] != before[HUST_ID]
    assert any("美团" in str(o) for _, _, o in after[HUST_ID])
    fresh = build([corpus], tmp_path / "exports2", str(tmp_path / "fresh-store"))
    assert report.quads == fresh.quads                  # nothing duplicated, nothing left over


def test_build_prune_removes_documents_no_longer_there(corpus: Path, tmp_path: Path) -> None:
    spec = str(tmp_path / "store")
    build([corpus], tmp_path / "exports", spec)
    (corpus / HUST_ID).unlink()
    kept = build([corpus], tmp_path / "exports", spec)
    with open_store(spec, read_only=True) as st:
        assert sorted(st.documents()) == [HUST_ID, LETTER_ID]
    pruned = build([corpus], tmp_path / "exports", spec, prune=True)
    assert [d.doc_id for d in pruned.documents if d.status == "removed"] == [HUST_ID]
    assert pruned.quads < kept.quads
    with open_store(spec, read_only=True) as st:
        assert sorted(st.documents()) == [LETTER_ID]


def test_build_unreadable_inputs_are_skipped_with_a_warning(corpus: Path, tmp_path: Path) -> None:
    old = tmp_path / "旧格式.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0 old word file")
    report = build([corpus, old], tmp_path / "exports", str(tmp_path / "store"))
    assert report.built == 2 and report.failed == 0
    skipped = [d for d in report.documents if d.status == "skipped"]
    assert [d.doc_id for d in skipped] == ["旧格式.doc"] and skipped[0].message.startswith("not read")
    assert report.ok


def test_build_extraction_failure_keeps_the_previous_graph(corpus: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    spec = str(tmp_path / "store")
    build([corpus], tmp_path / "exports", spec)
    before = _graphs(spec)

    def broken(doc: Document) -> Extraction:
        if doc.id == HUST_ID:
            raise ValueError("规则崩溃")
        return fake_extract(doc)

    monkeypatch.setattr(extract.pipeline, "extract_document", broken)
    (corpus / HUST_ID).write_text("华中院改写后的文本。", encoding="utf-8")
    report = build([corpus], tmp_path / "exports", spec)
    failed = [d for d in report.documents if d.status == "failed"]
    assert [d.doc_id for d in failed] == [HUST_ID] and "规则崩溃" in failed[0].message
    assert not report.ok
    assert _graphs(spec) == before


def test_build_a_new_extractor_rebuilds_every_document(corpus: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    spec = str(tmp_path / "store")
    build([corpus], tmp_path / "exports", spec)
    monkeypatch.setattr(build_run, "extractor_fingerprint", lambda: "a new extractor")
    assert build([corpus], tmp_path / "exports", spec).built == 2
    assert build([corpus], tmp_path / "exports", spec).built == 0
    assert build([corpus], tmp_path / "exports", spec, force=True).built == 2


def test_build_counts_entities_and_relations(corpus: Path, tmp_path: Path) -> None:
    report = build([corpus], tmp_path / "exports", str(tmp_path / "store"))
    assert report.entities_by_type["Company"] == 5
    assert report.entities_by_type["Platform"] == 1
    assert report.relations_by_predicate["signedAgreementWith"] == 4
    assert report.relations_by_predicate["coBuilt"] == 3


def test_build_writes_the_exports_from_the_store(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("graph.exports")
    out = tmp_path / "exports"
    report = build([corpus], out, str(tmp_path / "store"))
    assert report.files and all(p.is_file() for p in report.files)
    nq = (out / "kg.nq").read_text(encoding="utf-8")
    assert str(graph_iri(LETTER_ID)) in nq and str(graph_iri(HUST_ID)) in nq
    assert getattr(report.validation, "conforms", True)


def test_build_keeps_a_snapshot_beside_the_store(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("graph.snapshot")
    report = build([corpus], tmp_path / "exports", str(tmp_path / "kg" / "store"), snapshot="v1")
    assert report.snapshot == tmp_path / "kg" / "snapshots" / "v1.nq"
    assert len(report.snapshot.read_text(encoding="utf-8").splitlines()) == report.quads


def test_build_into_a_file_fails_clearly_and_loses_nothing(corpus: Path, tmp_path: Path) -> None:
    not_a_store = tmp_path / "store"
    not_a_store.write_text("我的笔记", encoding="utf-8")
    with pytest.raises(StoreError, match="file, not a folder"):
        build([corpus], tmp_path / "exports", str(not_a_store))
    assert not_a_store.read_text(encoding="utf-8") == "我的笔记"
    assert not (tmp_path / "exports").exists()
    res = CliRunner().invoke(app, ["build", str(corpus), "--store", str(not_a_store), "--out", str(tmp_path / "e")])
    assert res.exit_code == 2 and "file, not a folder" in res.output.replace("\n", "")


def test_build_cli_prints_the_summary_and_how_to_browse(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    res = CliRunner().invoke(app, ["build", str(corpus), "--out", str(out), "--store", str(tmp_path / "store")])
    assert res.exit_code == 0, res.output
    text = res.output.replace("\n", "")                   # rich wraps long lines
    assert "2 built, 0 skipped, 0 failed" in text
    assert "signedAgreementWith" in text and "Company" in text
    assert "views/index.html" in text
    res = CliRunner().invoke(app, ["build", str(corpus), "--out", str(out), "--store", str(tmp_path / "store")])
    assert "0 built, 2 skipped" in res.output


def test_build_cli_missing_input_fails_clearly(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["build", str(tmp_path / "没有这个目录"), "--store", str(tmp_path / "s")])
    assert res.exit_code == 2 and "does not exist" in res.output.replace("\n", "")


def test_build_a_rerun_writes_the_same_exports_from_the_store(corpus: Path, tmp_path: Path) -> None:
    spec = str(tmp_path / "store")
    build([corpus], tmp_path / "first", spec)
    again = build([corpus], tmp_path / "second", spec)
    assert again.built == 0
    first = {p.relative_to(tmp_path / "first"): p.read_bytes() for p in (tmp_path / "first").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "second"): p.read_bytes() for p in (tmp_path / "second").rglob("*")
              if p.is_file()}
    assert first.keys() == second.keys()
    assert {k for k in first if first[k] != second[k]} <= {Path("merge-log.csv")}     # this run's merges only
