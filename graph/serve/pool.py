"""Query processes with a deadline: a query that outlives its time gets its process killed, never the server.

Each worker (``graph.serve.worker``) is a process that opens the store read-only and speaks JSON lines on
its stdin and stdout. ``WorkerPool`` keeps ``size`` of them for the endpoint; ``query_in_worker`` runs one
query in a worker of its own for ``aikg query --timeout``.
"""
from __future__ import annotations

import json
import logging
import os
import queue
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pyoxigraph

from graph.queries import ParamError, load_query
from graph.serve.answer import Answer
from graph.store import QueryError, QueryResult, StoreError
from graph.store.sparql import query_form

__all__ = ["WorkerError", "WorkerPool", "query_in_worker"]

log = logging.getLogger(__name__)


class WorkerError(RuntimeError):
    """A worker could not start (e.g. no store there)."""


class _Worker:
    """One query process speaking JSON lines: request → header line + body bytes."""

    def __init__(self, spec: str, max_rows: int) -> None:
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p))
        self.proc = subprocess.Popen([sys.executable, "-m", "graph.serve.worker", spec, str(max_rows)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self._buf = b""
        ready = self._read_line(time.monotonic() + 60)
        if ready is None:
            self.kill()
            raise WorkerError("the query worker did not start within 60 s")
        info = json.loads(ready)
        if not info.get("ok"):
            self.kill()
            raise WorkerError(info.get("error", "the query worker failed to start"))

    def _read_line(self, deadline: float) -> bytes | None:
        while b"\n" not in self._buf:
            chunk = self._read_some(deadline)
            if chunk is None:
                return None
            self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        return line

    def _read_some(self, deadline: float) -> bytes | None:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return None
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            raise WorkerError("the query worker stopped")
        return chunk

    def ask(self, request: dict[str, Any], timeout: float) -> Answer | None:
        """Send a request; the answer, or None when the deadline passed (the caller kills us)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
        self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        head = self._read_line(deadline)
        if head is None:
            return None
        h = json.loads(head)
        size = int(h["length"])
        while len(self._buf) < size:
            chunk = self._read_some(deadline)
            if chunk is None:
                return None
            self._buf += chunk
        body, self._buf = self._buf[:size], self._buf[size:]
        return Answer(int(h["status"]), h["mime"], body, h.get("headers", {}), h.get("error"))

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            if f is not None:
                f.close()


class WorkerPool:
    """``size`` query processes; a query that outlives ``timeout`` gets its process killed (503)."""

    def __init__(self, spec: str, *, size: int = 2, timeout: float = 10.0, max_rows: int = 10_000) -> None:
        self.spec, self.timeout, self.max_rows = spec, timeout, max_rows
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        first = self._spawn()                     # fail fast: a bad store stops `aikg serve` here
        self._idle.put(first)
        for _ in range(size - 1):
            self._idle.put(None)                  # started on first use

    def _spawn(self) -> _Worker:
        w = _Worker(self.spec, self.max_rows)
        with self._lock:
            self._all.append(w)
        return w

    def _discard(self, w: _Worker | None) -> None:
        """Kill ``w`` and leave a slot that starts a fresh worker when next used."""
        if w is not None:
            w.kill()
            with self._lock:
                if w in self._all:
                    self._all.remove(w)
        self._idle.put(None)

    def run(self, request: dict[str, Any]) -> Answer:
        try:
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer.text(503, f"all query workers are busy; try again in a few seconds "
                                    f"(the limit is {self.timeout:g} s per query)")
        try:
            if w is None or not w.alive():
                w = self._spawn()
            answer = w.ask(request, self.timeout)
        except (WorkerError, OSError, ValueError) as exc:
            log.warning("query worker failed: %s", exc)
            self._discard(w)
            return Answer.text(500, f"the query worker failed: {exc}; try again")
        if answer is None:
            log.warning("query stopped after %.1f s", self.timeout)
            self._discard(w)
            return Answer.text(503, f"the query did not finish within {self.timeout:g} s and was stopped. "
                                    "Make it more selective (bind a parameter, add LIMIT) or start the "
                                    "endpoint with a longer --timeout.")
        self._idle.put(w)
        return answer

    def close(self) -> None:
        with self._lock:
            for w in self._all:
                w.kill()
            self._all.clear()


def query_in_worker(store_spec: str, request: dict[str, Any], timeout: float) -> Any:
    """Run one query in a worker process (the endpoint's mechanism) and return its ``QueryResult``.

    ``request`` is ``{"saved": NAME, "params": {…}}`` or ``{"query": TEXT, "params": {…}, "name": …}``.
    The worker is killed when the query outlives ``timeout`` seconds (``QueryError``); a refused query
    raises ``ParamError`` or ``QueryError`` with the worker's what/why/fix.
    """
    text = load_query(request["saved"]).text if "saved" in request else request["query"]
    graph_form = query_form(text) in ("CONSTRUCT", "DESCRIBE")
    mime = "application/n-triples" if graph_form else "application/sparql-results+json"
    try:
        worker = _Worker(store_spec, 0)
    except WorkerError as exc:
        raise StoreError(f"cannot open the store {store_spec}", str(exc), "check --store") from exc
    try:
        answer = worker.ask({**request, "mime": mime}, timeout)
    except (WorkerError, OSError, ValueError) as exc:
        raise QueryError("the query failed", f"its worker process stopped ({exc})", "try again; if it stops "
                         "again, report the query") from exc
    finally:
        worker.kill()
    if answer is None:
        raise QueryError(f"the query did not finish within {timeout:g} s", "it was stopped (its worker process "
                         "was killed), the store is unchanged", "make it more selective (bind a parameter, add "
                         "LIMIT) or allow more time with --timeout SECONDS (0: no limit)")
    if answer.status != 200:
        err = answer.error or {"what": "the query failed", "why": answer.body.decode("utf-8", "replace").strip(),
                               "fix": "check the query"}
        kind = {"param": ParamError, "store": StoreError}.get(err.get("kind", ""), QueryError)
        raise kind(err["what"], err["why"], err["fix"])
    if graph_form:
        return QueryResult.from_pyoxigraph(pyoxigraph.parse(answer.body, format=pyoxigraph.RdfFormat.N_TRIPLES))
    return QueryResult.from_pyoxigraph(pyoxigraph.parse_query_results(
        answer.body, format=pyoxigraph.QueryResultsFormat.JSON))
