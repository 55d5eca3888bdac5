"""The embedded store: a persistent, transactional pyoxigraph (RocksDB) store in a folder."""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import DefaultGraph, NamedNode, Quad

from graph.rdf.iri import graph_iri
from graph.store.interface import META_GRAPH, QueryError, Store, StoreError, document_quads_in_graph
from graph.store.results import QueryResult

log = logging.getLogger(__name__)


def _open_error(path: Path, exc: Exception) -> StoreError:
    """What pyoxigraph's (RocksDB's) refusal to open ``path`` means for the user."""
    msg = str(exc)
    if "lock hold by current process" in msg or ("While lock file" in msg and "temporarily unavailable" in msg):
        return StoreError(f"cannot open the store {path}", "another aikg process (a build or a query) holds "
                          "its write lock", "wait for it to finish or stop it, or pass another --store folder")
    if not isinstance(exc, OSError):       # RuntimeError: "Corruption: …", "Invalid argument: …"
        return StoreError(f"cannot open the store {path}", f"the store files are damaged or not a store ({msg})",
                          f"the documents are the source: move the folder away (mv {path} {path}.broken) and "
                          "run `aikg build` again, or pass --store another folder")
    return StoreError(f"cannot open the store {path}", msg,
                      "pass --store a folder you can write to (default .aikg/store)")


# RocksDB keeps what was written in memory tables until they fill (measured: the process grew by about 1 kB
# a quad written, to 0.8 GB and more over 10⁶ quads); a flush after this many quads keeps it flat (150 MB).
FLUSH_QUADS = 100_000


class EmbeddedStore(Store):
    """pyoxigraph.Store on disk (``path``) or in memory (``path=None``).

    Queries see the union of all named graphs as their default graph, so ad-hoc queries work
    without ``GRAPH``; the saved questions use ``GRAPH ?g`` and so run on any SPARQL server.
    Documents written are flushed to disk every ``FLUSH_QUADS`` quads, so a long build's memory stays flat.
    """

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = path
        self._unflushed = 0
        self.read_only = read_only
        self.spec = str(path) if path is not None else ":memory:"
        if path is None:
            self._store: pyoxigraph.Store | None = pyoxigraph.Store()
            return
        if path.exists() and not path.is_dir():
            raise StoreError(f"cannot open the store {path}", "it is a file, not a folder",
                             "pass --store a folder (it is created when missing), or move the file away")
        if read_only:
            if not (path / "CURRENT").is_file():
                raise StoreError(f"no store at {path}", "nothing has been built there yet",
                                 "run `aikg build` first, or pass --store the folder you built into")
            try:
                self._store = pyoxigraph.Store.read_only(str(path))
            except (OSError, RuntimeError) as exc:
                raise _open_error(path, exc) from exc
            return
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store folder {path}", exc.strerror or str(exc),
                             "pass --store a folder in a place you can write to") from exc
        if not os.access(path, os.W_OK | os.X_OK):
            raise StoreError(f"cannot write to the store {path}", "the folder is read-only for this user",
                             "make it writable (chmod u+w) or pass --store another folder")
        try:
            self._store = pyoxigraph.Store(str(path))
        except (OSError, RuntimeError) as exc:
            raise _open_error(path, exc) from exc

    @property
    def raw(self) -> pyoxigraph.Store:
        if self._store is None:
            raise StoreError(f"the store {self.spec} is closed", "close() was called", "open it again")
        return self._store

    def close(self) -> None:
        if self._store is not None and not self.read_only and self.path is not None:
            self._store.flush()
        self._store = None

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, *,
              max_rows: int | None = None) -> QueryResult:
        text = self.prepare_query(sparql, bindings)
        try:
            res = self.raw.query(text, use_default_graph_as_union=True)
            return QueryResult.from_pyoxigraph(res, max_rows)
        except SyntaxError as exc:
            raise QueryError("the query is not valid SPARQL", str(exc), "fix the query at the position shown") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError("the query failed", str(exc), "check the query") from exc

    def update(self, sparql_update: str) -> None:
        if self.read_only:
            raise StoreError(f"cannot write to {self.spec}", "it was opened read-only",
                             "open it with open_store(spec) (read-write)")
        try:
            self.raw.update(sparql_update)
        except SyntaxError as exc:
            raise QueryError("the update is not valid SPARQL", str(exc), "report this as a bug") from exc
        except OSError as exc:
            raise StoreError(f"cannot write to the store {self.spec}", str(exc),
                             "check free disk space and permissions; nothing was changed") from exc

    def replace_document(self, doc_id: str, quads: Iterable[Any]) -> None:
        """A new document's graph goes in with one transactional ``extend``; a changed one is swapped
        by one SPARQL update (drop and insert in the same transaction)."""
        if self.read_only or self.raw.contains_named_graph(NamedNode(str(graph_iri(doc_id)))):
            data = document_quads_in_graph(doc_id, quads)
            super().replace_document(doc_id, data)
            self._written(len(data))
            return
        data = document_quads_in_graph(doc_id, quads)
        try:
            self.raw.extend(data)
        except OSError as exc:
            raise StoreError(f"cannot write to the store {self.spec}", str(exc),
                             "check free disk space and permissions; nothing was changed") from exc
        self._written(len(data))

    def _written(self, quads: int) -> None:
        """Count the quads written; flush the memory tables to disk every ``FLUSH_QUADS``."""
        self._unflushed += quads
        if self._unflushed >= FLUSH_QUADS and self.path is not None and not self.read_only:
            self.raw.flush()
            self._unflushed = 0

    def load_document(self, doc_id: str, nquads: bytes) -> None:
        """A new document's graph is loaded from the bytes in one transactional ``load`` (parsed in Rust: no
        Python object a quad); a changed one is swapped by one SPARQL update."""
        if self.read_only or self.raw.contains_named_graph(NamedNode(str(graph_iri(doc_id)))):
            super().load_document(doc_id, nquads)
            return
        try:
            self.raw.load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        except OSError as exc:
            raise StoreError(f"cannot write to the store {self.spec}", str(exc),
                             "check free disk space and permissions; nothing was changed") from exc
        self._written(nquads.count(b"\n"))

    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        return list(self.raw.quads_for_pattern(None, None, None, graph))

    def quads(self) -> Iterator[Quad]:
        for q in self.raw.quads_for_pattern(None, None, None, None):
            if q.graph_name != META_GRAPH and not isinstance(q.graph_name, DefaultGraph):
                yield q

    def quads_outside(self, graphs: set[str]) -> Iterator[Quad]:
        for g in self.named_graphs():
            if g.value not in graphs:
                yield from self.raw.quads_for_pattern(None, None, None, g)

    def quad_count(self) -> int:
        store = self.raw
        other = sum(1 for _ in store.quads_for_pattern(None, None, None, META_GRAPH))
        other += sum(1 for _ in store.quads_for_pattern(None, None, None, DefaultGraph()))
        return len(store) - other

    def named_graphs(self) -> list[NamedNode]:
        return sorted((g for g in self.raw.named_graphs() if isinstance(g, NamedNode) and g != META_GRAPH),
                      key=lambda g: g.value)
