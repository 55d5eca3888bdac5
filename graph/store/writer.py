"""Document graphs written to the store on a background thread while the build goes on.

pyoxigraph releases the GIL while it writes, so the thread's RocksDB work overlaps with the build's
Python work (unifying names, making quads, reading the extractions). Each document is still one
``Store.replace_document`` call, one transaction: the store never holds half a document (measured:
gathering several documents into one transaction makes no write cheaper). A document is reported to
``progress`` once it is in the store, in input order; a failed write is raised in the build's thread at
the next call, and nothing after it is written.

>>> from pyoxigraph import NamedNode as N
>>> from graph.store.spec import open_store
>>> seen = []
>>> with open_store(":memory:") as st:
...     with DocumentWriter(st, lambda doc, status: seen.append((doc, status))) as w:
...         w.add("a.txt", [(N("urn:x:s"), N("urn:x:p"), N("urn:x:o"))])
...         w.report("b.txt", "skipped")
...     st.quad_count()
1
>>> seen
[('a.txt', 'built'), ('b.txt', 'skipped')]
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any, Self

from graph.store.interface import Store

Progress = Callable[[str, str], None]


class _NotWritten(Exception):
    """A document left out because a write before it failed (that failure is what the build raises)."""


class DocumentWriter:
    """Writes documents' graphs one after the other on one background thread. The queue is not bounded:
    the build keeps every graph it makes until its exports are rendered anyway, and the writing is the
    slowest part of a build (RocksDB, about 45 µs a quad here), so the build goes on to render the
    exports while the writer catches up."""

    def __init__(self, store: Store, progress: Progress | None = None) -> None:
        self.store, self.progress = store, progress
        # (the write, or None for a document that writes nothing; doc id; status), oldest first
        self._pending: deque[tuple[Future[None] | None, str, str]] = deque()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aikg-store-writer")
        self._failed = False

    def _write(self, doc_id: str, quads: list[Any]) -> None:
        """On the writer thread: one document, unless a write before it failed."""
        if self._failed:
            raise _NotWritten(doc_id)
        try:
            self.store.replace_document(doc_id, quads)
        except BaseException:
            self._failed = True
            raise

    def add(self, doc_id: str, quads: list[Any], status: str = "built") -> None:
        """Queue the document's graph (``quads``) for writing."""
        self._pending.append((self._pool.submit(self._write, doc_id, quads), doc_id, status))
        self._collect(block=False)

    def report(self, doc_id: str, status: str) -> None:
        """A document that writes nothing (skipped, failed): reported in order with the written ones."""
        self._pending.append((None, doc_id, status))
        self._collect(block=False)

    def close(self) -> None:
        """Wait for every write; raises the first failed write's error."""
        try:
            while self._pending:
                self._collect(block=True)
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is None:
            self.close()
        else:                                   # the build failed: finish the write under way, no more
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _collect(self, *, block: bool) -> None:
        """Report what is written, oldest first; raise a failed write's error. ``block`` waits for the
        oldest write."""
        while self._pending:
            future, doc_id, status = self._pending[0]
            if future is not None:
                if not (block or future.done()):
                    return
                future.result()                 # raises the write's error here, in the build's thread
                block = False
            self._pending.popleft()
            if self.progress is not None:
                self.progress(doc_id, status)
