"""The build's background store writer (graph.store.writer): order, completeness, failures."""
from __future__ import annotations

import pytest
from pyoxigraph import NamedNode

from graph.store import Store, StoreError, open_store
from graph.store.writer import DocumentWriter


def _quads(doc: str, n: int = 3) -> list[tuple[NamedNode, NamedNode, NamedNode]]:
    return [(NamedNode(f"urn:x:{doc}:{i}"), NamedNode("urn:x:p"), NamedNode("urn:x:o")) for i in range(n)]


def test_store_writer_reports_documents_in_input_order_once_written() -> None:
    seen: list[tuple[str, str]] = []
    with open_store(":memory:") as st:
        written_when_reported = []

        def progress(doc: str, status: str) -> None:
            seen.append((doc, status))
            written_when_reported.append(st.quad_count())

        with DocumentWriter(st, progress) as w:
            for i in range(20):
                if i % 5 == 4:
                    w.report(f"d{i}.txt", "skipped")
                else:
                    w.add(f"d{i}.txt", _quads(f"d{i}"))
        assert st.quad_count() == 16 * 3
    assert [d for d, _ in seen] == [f"d{i}.txt" for i in range(20)]
    assert [s for _, s in seen].count("skipped") == 4
    built = [n for (_, s), n in zip(seen, written_when_reported) if s == "built"]
    assert built == sorted(built) and all(n >= 3 * (k + 1) for k, n in enumerate(built))


class _FailingStore:
    """Writes into a real store until the document named ``fail`` comes, which raises."""

    def __init__(self, inner: Store, fail: str) -> None:
        self.inner, self.fail, self.written = inner, fail, []

    def replace_document(self, doc_id: str, quads: list) -> None:  # type: ignore[type-arg]
        if doc_id == self.fail:
            raise StoreError(f"cannot write to the store for {doc_id}", "the disk is full", "free some space")
        self.inner.replace_document(doc_id, quads)
        self.written.append(doc_id)


def test_store_writer_raises_a_failed_write_and_writes_nothing_after_it() -> None:
    seen: list[str] = []
    with open_store(":memory:") as st:
        failing = _FailingStore(st, "d3.txt")
        writer = DocumentWriter(failing, lambda d, s: seen.append(d))  # type: ignore[arg-type]
        with pytest.raises(StoreError, match="disk is full"), writer as w:
            for i in range(10):
                w.add(f"d{i}.txt", _quads(f"d{i}"))
        assert failing.written == ["d0.txt", "d1.txt", "d2.txt"]
        assert st.quad_count() == 9
    assert "d3.txt" not in seen and set(seen) <= {"d0.txt", "d1.txt", "d2.txt"}
