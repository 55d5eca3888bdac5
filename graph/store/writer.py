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
    """Writes documents' graphs one after the other on one background thread. At most ``bound`` documents
    wait to be written: ``add`` blocks (for the oldest write) beyond that, so that a build whose extraction
    is faster than its store holds a bounded number of graphs in memory."""

    def __init__(self, store: Store, progress: Progress | None = None, bound: int = 64) -> None:
        self.store, self.progress, self.bound = store, progress, bound
        # (the write, or None for a document that writes nothing; doc id; status), oldest first
        self._pending: deque[tuple[Future[None] | None, str, str]] = deque()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aikg-store-writer")
        self._failed = False
        self.written: set[str] = set()          # the documents whose write is done (in the store)

    def _write(self, doc_id: str, quads: list[Any] | bytes) -> None:
        """On the writer thread: one document, unless a write before it failed."""
        if self._failed:
            raise _NotWritten(doc_id)
        try:
            if isinstance(quads, bytes):
                self.store.load_document(doc_id, quads)
            else:
                self.store.replace_document(doc_id, quads)
        except BaseException:
            self._failed = True
            raise
        self.written.add(doc_id)

    def add(self, doc_id: str, quads: list[Any] | bytes, status: str = "built") -> None:
        """Queue the document's graph (``quads``, or their N-Quads) for writing."""
        self._pending.append((self._pool.submit(self._write, doc_id, quads), doc_id, status))
        self._collect(block=False)
        while len(self._pending) > self.bound:
            self._collect(block=True, one=True)

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

    def _collect(self, *, block: bool, one: bool = False) -> None:
        """Report what is written, oldest first; raise a failed write's error. ``block`` waits for the
        oldest write (``one``: and reports only up to it)."""
        while self._pending:
            future, doc_id, status = self._pending[0]
            if future is not None:
                if not (block or future.done()):
                    return
                future.result()                 # raises the write's error here, in the build's thread
                if one and not block:
                    return
                block = False
            self._pending.popleft()
            if self.progress is not None:
                self.progress(doc_id, status)
