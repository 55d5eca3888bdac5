"""Where the documents' work runs: two local processes (``local``) or a Dask cluster (``dask``).

``results`` gives the extractions (``graph.build.work.extract_work``) back in input order, with a bounded
number of documents in flight (results must not pile up in memory while the writer catches up); ``submit``
hands the engine the second step (``graph_work``: quads and SHACL of a named extraction) and ``result`` waits
for it. The Dask engine hands each step to the cluster as a task and takes the results as they complete; the
writer then takes them in input order (the corpus-wide names depend on the order), holding at most
``window`` of them meanwhile. A worker that dies
loses nothing: the scheduler runs its tasks again elsewhere (a document whose task killed its worker three
times fails alone). A scheduler that goes away ends the build with an ``EngineError``: what was written stays.
"""
from __future__ import annotations

import asyncio
import importlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Future
from itertools import islice
from typing import Any, Self

from extract import pipeline
from extract.facts import Document
from graph.build.fingerprint import extractor_fingerprint
from graph.build.work import Extracted, extract_work
from graph.store import StoreError

__all__ = ["ENGINES", "DaskEngine", "Engine", "EngineError", "LocalEngine", "open_engine"]

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
Work = Callable[[Document], Extracted]


class EngineError(StoreError):
    """The engine cannot go on (the Dask scheduler cannot be reached or went away): what, why, how to fix."""


class Engine:
    """Runs ``work`` over documents: ``results`` yields one ``Extracted`` a document, in input order;
    ``submit(fn, *args)`` runs one more step where the documents run, ``done`` and ``result`` follow it."""

    name = "engine"

    def results(self, docs: Sequence[Document]) -> Iterator[Extracted]:
        raise NotImplementedError

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` on the engine; a handle for ``done`` and ``result``."""
        done: Future[Any] = Future()
        done.set_result(fn(*args))
        return done

    def done(self, handle: Any) -> bool:
        return bool(handle.done())

    def result(self, handle: Any) -> Any:
        """The result of a submitted step (waits for it)."""
        return handle.result()

    def close(self) -> None:
        """Release the processes or the cluster connection."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalEngine(Engine):
    """``n_process`` forked processes of this machine (in this process when one, or for a few documents)."""

    name = "local"

    def __init__(self, n_process: int = 2, work: Work = extract_work, window: int | None = None) -> None:
        self.n_process, self.work = n_process, work
        self.window = window or 8 * max(1, n_process)
        self._pool: Any = None

    def results(self, docs: Sequence[Document]) -> Iterator[Extracted]:
        if self.n_process <= 1 or len(docs) < 16:
            for doc in docs:
                yield self.work(doc)
            return
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        pipeline.nlp()  # built once here: forked workers inherit it warm
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.n_process, mp_context=ctx,
                                             initializer=_die_with_parent)
        todo = iter(docs)
        pending: deque[Future[Extracted]] = deque(self._pool.submit(self.work, d) for d in islice(todo, self.window))
        while pending:
            result = pending.popleft().result()
            for d in islice(todo, 1):
                pending.append(self._pool.submit(self.work, d))
            yield result

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return super().submit(fn, *args) if self._pool is None else self._pool.submit(fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _die_with_parent() -> None:
    """A worker ends when the build that started it is killed (Linux: PR_SET_PDEATHSIG)."""
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGTERM))
        except OSError:
            pass


_START_FIX = ("start one (`dask scheduler --host HOST`, then `dask worker tcp://HOST:8786` on each machine), "
              "or build without --scheduler (a local cluster) or with --engine local")


class DaskEngine(Engine):
    """The documents' work as tasks on a ``dask.distributed`` cluster: the scheduler at ``scheduler``
    (``tcp://HOST:8786``), or a ``LocalCluster`` of ``workers`` processes of one thread each when None.

    At most ``window`` documents are in flight (sent, or done and waiting to be written in order).
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int = 2, work: Work = extract_work,
                 window: int | None = None, connect_timeout: float = 20.0, lost_after: float = 30.0) -> None:
        try:
            distributed: Any = importlib.import_module("distributed")   # untyped: held as Any
        except ImportError as exc:     # a dependency of aikg: only a broken install lacks it
            raise EngineError("cannot use the Dask engine", f"dask.distributed is not installed ({exc})",
                              "pip install 'dask[distributed]', or build with --engine local") from exc
        self.scheduler, self.work, self.lost_after = scheduler, work, lost_after
        self._quiet_since: float | None = None
        self._cluster: Any = None
        self.client: Any = None
        try:
            if scheduler is None:
                self._cluster = distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                    silence_logs=logging.ERROR)
                self.client = distributed.Client(self._cluster, set_as_default=False)
            else:
                self.client = distributed.Client(scheduler, timeout=connect_timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
            raise EngineError(f"cannot reach {where}", f"{type(exc).__name__}: {exc}".rstrip(": "),
                              _START_FIX if scheduler else "check the free memory and ports, or build with "
                              "--engine local") from exc
        try:
            self.client.wait_for_workers(1, timeout=connect_timeout)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise EngineError(f"no Dask worker is connected to the scheduler at {scheduler}",
                              f"none joined within {connect_timeout:.0f} s",
                              f"start workers: `dask worker {scheduler}` on each machine (aikg installed there, "
                              "the same version)") from exc
        self._check_versions()
        threads = sum(self.client.nthreads().values()) or 1
        self.window = window or max(8, 4 * threads)

    def _check_versions(self) -> None:
        """Every worker runs the same extractor as this process (else the store would mix two versions)."""
        mine = extractor_fingerprint()
        try:
            theirs = self.client.run(extractor_fingerprint)
        except Exception as exc:
            self.close()
            raise EngineError("the Dask workers cannot run aikg", f"{type(exc).__name__}: {exc}",
                              "install aikg (the same version as here) on every worker machine") from exc
        other = sorted(w for w, fp in theirs.items() if fp != mine)
        if other:
            self.close()
            raise EngineError(f"{len(other)} Dask worker(s) run another version of the extractor ({other[0]} …)",
                              "their extract/, ontology/ or graph/rdf/ differ from this machine's, so the store "
                              "would hold documents made by two extractors",
                              "install the same aikg on every worker and restart them")

    def _lost(self, why: str) -> EngineError:
        return EngineError(f"lost the Dask scheduler at {self.scheduler or 'the local cluster'}", why,
                           "the documents written so far are kept: start the scheduler and its workers again "
                           "and run the same `aikg build` (it builds the rest), or build with --engine local")

    def results(self, docs: Sequence[Document]) -> Iterator[Extracted]:
        futures: dict[int, Any] = {}
        done: dict[int, Extracted] = {}
        sent = 0
        token = os.urandom(4).hex()

        def send() -> None:
            nonlocal sent
            while sent < len(docs) and len(futures) + len(done) < self.window:
                futures[sent] = self.client.submit(self.work, docs[sent], key=f"aikg-{token}-{sent}", pure=False)
                sent += 1

        for i in range(len(docs)):
            send()
            while i not in done:
                finished = [k for k, f in futures.items() if f.done()]
                if not finished:
                    self._quiet()
                    continue
                for k in finished:
                    future = futures.pop(k)
                    error = self._error(future)
                    done[k] = Extracted(docs[k].id, None, error) if error else self._fetch(future)
                send()
            yield done.pop(i)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def result(self, handle: Any) -> Any:
        while not handle.done():
            self._quiet()
        error = self._error(handle)
        if error:
            raise EngineError("a step of the build failed on the Dask cluster", error,
                              "see the workers' logs; the documents written so far are kept: run the build again")
        return self._fetch(handle)

    def _fetch(self, future: Any) -> Any:
        """The value of a finished task; ``EngineError`` when the scheduler goes while it is fetched."""
        try:
            return future.result(timeout=self.lost_after)
        except (OSError, TimeoutError, CancelledError, asyncio.CancelledError) as exc:  # CommClosedError is an OSError
            raise self._lost(f"{type(exc).__name__}: {exc}") from exc

    def _quiet(self) -> None:
        """Nothing finished yet: wait a little, and give up when the scheduler has been gone for ``lost_after``."""
        if self.client.status == "running":
            self._quiet_since = None
        elif self._quiet_since is None:
            self._quiet_since = time.monotonic()
        elif time.monotonic() - self._quiet_since >= self.lost_after:
            raise self._lost(f"no answer for {self.lost_after:.0f} s (client {self.client.status})")
        time.sleep(0.02)

    def _error(self, future: Any) -> str | None:
        """None for a finished task; what went wrong for a failed one; ``EngineError`` when the scheduler went."""
        status = future.status
        if status == "finished":
            return None
        if status == "cancelled" or self.client.status != "running":
            raise self._lost(f"its tasks were cancelled (client {self.client.status})")
        try:
            exc = future.exception(timeout=5)
        except Exception as err:
            raise self._lost(f"{type(err).__name__}: {err}") from err
        if type(exc).__name__ == "KilledWorker":
            return "its worker died each time it worked on this document (out of memory, or a crash)"
        return f"{type(exc).__name__}: {exc}"

    def close(self) -> None:
        client = getattr(self, "client", None)
        for thing in (client, self._cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:
                    log.debug("closing %s failed", thing, exc_info=True)
        self.client, self._cluster = None, None


def open_engine(name: str, *, scheduler: str | None = None, workers: int = 2, n_process: int = 2) -> Engine:
    """The engine ``name`` (``local`` or ``dask``); ``scheduler`` (dask only) names a running scheduler."""
    if name == "local":
        if scheduler:
            raise EngineError("--scheduler needs --engine dask", "the local engine runs on this machine only",
                              "add --engine dask, or leave out --scheduler")
        return LocalEngine(n_process)
    if name == "dask":
        return DaskEngine(scheduler, workers)
    raise EngineError(f"unknown engine {name!r}", f"the engines are {', '.join(ENGINES)}",
                      "pass --engine local (two processes here) or --engine dask")
