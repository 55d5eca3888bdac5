"""The read-only SPARQL endpoint: SPARQL 1.1 Protocol at ``/sparql``, saved questions, a query page at ``/``.

Queries run in worker processes (``python -m graph.server --worker SPEC``) that open the store
read-only; a query past its deadline gets its worker killed and answers 503, so a runaway query
never blocks the server. Results are capped at ``max_rows`` (the answer then carries
``X-Result-Truncated: true``). Updates are refused with 403.

    aikg serve --store .aikg/store --port 7878     # then open http://127.0.0.1:7878/
"""
from __future__ import annotations

import ipaddress
import json
import logging
import os
import queue
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from graph.store.formats import GRAPH_TYPES, RESULT_TYPES, content_type, negotiate
from graph.store.sparql import query_form

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20
READ_ONLY = ("this endpoint is read-only: SPARQL updates are refused. "
             "Change the data with `aikg build` (or write to the store directly).")


@dataclass
class Answer:
    """An HTTP answer: status, media type, body and extra headers."""

    status: int
    mime: str = "text/plain"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: dict[str, str] | None = None       # what/why/fix of a refused query (worker → caller, not HTTP)

    @classmethod
    def text(cls, status: int, message: str) -> Answer:
        return cls(status, "text/plain", (message.rstrip() + "\n").encode("utf-8"))


class WorkerError(RuntimeError):
    """A worker could not start (e.g. no store there)."""


class _Worker:
    """One query process speaking JSON lines: request → header line + body bytes."""

    def __init__(self, spec: str, max_rows: int) -> None:
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p))
        self.proc = subprocess.Popen([sys.executable, "-m", "graph.server", "--worker", spec, str(max_rows)],
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


class _BadRequest(Exception):
    """A request the endpoint cannot even read (a malformed header)."""


def query_in_worker(store_spec: str, request: dict[str, Any], timeout: float) -> Any:
    """Run one query in a worker process (the endpoint's mechanism) and return its ``QueryResult``.

    ``request`` is ``{"saved": NAME, "params": {…}}`` or ``{"query": TEXT, "params": {…}, "name": …}``.
    The worker is killed when the query outlives ``timeout`` seconds (``QueryError``); a refused query
    raises ``ParamError`` or ``QueryError`` with the worker's what/why/fix.
    """
    import pyoxigraph

    from graph.queries import ParamError, load_query
    from graph.store import QueryError, QueryResult, StoreError

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


def _page() -> bytes:
    return (resources.files("graph") / "server_page.html").read_bytes()


class Handler(BaseHTTPRequestHandler):
    """Routes: ``/`` page, ``/sparql`` protocol, ``/queries`` list, ``/queries/NAME`` a saved question."""

    server: EndpointServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # headers and body go in two writes: without TCP_NODELAY a keep-alive
                                     # client waits ~40 ms (delayed ACK) for every answer

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def _send(self, a: Answer) -> None:
        self.send_response(a.status)
        self.send_header("Content-Type", content_type(a.mime))
        self.send_header("Content-Length", str(len(a.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in a.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(a.body)

    def _form(self) -> tuple[dict[str, list[str]], str, bytes]:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if self.command != "POST":
            return params, "", b""
        try:
            size = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            size = -1
        if size < 0:
            raise _BadRequest("the Content-Length header is not a byte count")
        if size > MAX_BODY:
            raise ValueError("too large")
        body = self.rfile.read(size) if size else b""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        return params, ctype, body

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def _route(self) -> None:
        path = urlsplit(self.path).path.rstrip("/") or "/"
        try:
            params, ctype, body = self._form()
        except _BadRequest as exc:
            self.close_connection = True
            self._send(Answer.text(400, str(exc)))
            return
        except ValueError:
            self.close_connection = True                       # the unread body would follow
            self._send(Answer.text(413, f"the request body is larger than {MAX_BODY} bytes"))
            return
        if path == "/":
            self._send(Answer(200, "text/html", _page()))
        elif path == "/sparql":
            self._send(self._sparql(params, ctype, body))
        elif path == "/queries":
            from graph.queries import list_queries

            data = [q.to_json() for q in list_queries()]
            self._send(Answer(200, "application/json", json.dumps(data, ensure_ascii=False).encode("utf-8")))
        elif path.startswith("/queries/"):
            self._send(self._saved(path.removeprefix("/queries/"), params))
        else:
            self._send(Answer.text(404, f"nothing at {path}: try / (the page), /sparql or /queries"))

    def _sparql(self, params: dict[str, list[str]], ctype: str, body: bytes) -> Answer:
        if ctype == "application/sparql-update" or "update" in params:
            return Answer.text(403, READ_ONLY)
        if ctype == "application/sparql-query":
            text = body.decode("utf-8", "replace")
        elif params.get("query"):
            text = params["query"][0]
        else:
            return Answer.text(400, "no query: send ?query=… (GET), a form with query=… (POST) or a body "
                                    "of type application/sparql-query")
        form = query_form(text)
        if form == "UPDATE":
            return Answer.text(403, READ_ONLY)
        return self._run({"query": text}, form, params)

    def _saved(self, name: str, params: dict[str, list[str]]) -> Answer:
        from graph.queries import ParamError, load_query

        try:
            q = load_query(name)
        except ParamError as exc:
            return Answer.text(404, str(exc))
        values = {k: v[0] for k, v in params.items() if k != "format" and v and v[0] != ""}
        return self._run({"saved": q.name, "params": values}, query_form(q.text), params)

    def _run(self, request: dict[str, Any], form: str, params: dict[str, list[str]]) -> Answer:
        fmt = params.get("format", [None])[0]
        mime = negotiate(self.headers.get("Accept"), form, fmt)
        if mime is None:
            offered = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
            return Answer.text(406, f"cannot answer a {form} query in the requested type; "
                                    f"ask for one of: {', '.join(offered)}")
        return self.server.pool.run({**request, "mime": mime})


class EndpointServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that owns the worker pool."""

    daemon_threads = True
    request_queue_size = 128       # listen backlog (socketserver's default, 5, resets clients that connect together)

    def __init__(self, address: tuple[str, int], pool: WorkerPool) -> None:
        self.pool = pool
        super().__init__(address, Handler)

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def make_server(store_spec: str, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 10.0,
                max_rows: int = 10_000, workers: int = 2) -> EndpointServer:
    """Start the workers and bind the endpoint (``port=0`` picks a free port); call ``serve_forever``."""
    try:
        if not ipaddress.ip_address(host).is_loopback:
            log.warning("serving on %s: anyone who can reach this address can query the graph", host)
    except ValueError:
        if host != "localhost":
            log.warning("serving on %s: anyone who can reach this address can query the graph", host)
    pool = WorkerPool(store_spec, size=max(1, workers), timeout=timeout, max_rows=max_rows)
    try:
        return EndpointServer((host, port), pool)
    except OSError:
        pool.close()
        raise


# ---- the worker process -------------------------------------------------------------------------

def _store_signature(spec: str) -> tuple[tuple[str, int, int], ...]:
    p = Path(spec)
    if not p.is_dir():
        return ()
    return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(p)
                        if e.name.startswith(("CURRENT", "MANIFEST")) or e.name.endswith(".log")))


def _answer(store: Any, request: dict[str, Any], max_rows: int) -> Answer:
    from graph.queries import ParamError, bind_params, load_query, parse_query, store_resolver
    from graph.store import StoreError
    from graph.store.formats import serialize

    mime = request["mime"]
    try:
        if "saved" in request:
            q = load_query(request["saved"])
            text, bindings = q.text, bind_params(q, request.get("params", {}), store_resolver(store))
        elif "params" in request:           # the user's own question, its header may declare parameters
            q = parse_query(request["query"], request.get("name", "query"))
            text, bindings = q.text, bind_params(q, request["params"], store_resolver(store))
        else:
            text, bindings = request["query"], None
        result = store.query(text, bindings, max_rows=max_rows if max_rows > 0 else None)
    except (ParamError, StoreError) as exc:        # QueryError is a StoreError the user can fix: 400
        kind = "param" if isinstance(exc, ParamError) else "store" if type(exc) is StoreError else "query"
        message = str(exc) if kind == "param" else f"{exc.what}: {exc.why}"
        return Answer(500 if kind == "store" else 400, "text/plain", (message + "\n").encode("utf-8"),
                      error={"what": exc.what, "why": exc.why, "fix": exc.fix, "kind": kind})
    headers = {"X-Result-Limit": str(max_rows)} if max_rows > 0 else {}
    if result.truncated:
        headers["X-Result-Truncated"] = "true"
    if result.kind == "graph" and mime not in GRAPH_TYPES:
        mime = "text/turtle"
    return Answer(200, mime, serialize(result, mime), headers)


def worker_main(spec: str, max_rows: int) -> None:
    """Serve requests from stdin until it closes (one JSON line in, a header line and a body out)."""
    from graph.store import StoreError, is_remote, open_store

    out = sys.stdout.buffer
    try:
        store = open_store(spec, read_only=True)
    except StoreError as exc:
        out.write(json.dumps({"ok": False, "error": str(exc)}).encode("utf-8") + b"\n")
        out.flush()
        return
    signature = () if is_remote(spec) else _store_signature(spec)
    out.write(b'{"ok": true}\n')
    out.flush()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        if signature and (now := _store_signature(spec)) != signature:   # rebuilt since: reopen
            store.close()
            store, signature = open_store(spec, read_only=True), now
        try:
            a = _answer(store, request, max_rows)
        except Exception as exc:
            log.exception("query failed")
            a = Answer.text(500, f"the query failed: {type(exc).__name__}: {exc}")
        head = {"status": a.status, "mime": a.mime, "length": len(a.body), "headers": a.headers}
        if a.error:
            head["error"] = a.error
        out.write(json.dumps(head).encode("utf-8") + b"\n" + a.body)
        out.flush()


if __name__ == "__main__" and len(sys.argv) >= 4 and sys.argv[1] == "--worker":
    worker_main(sys.argv[2], int(sys.argv[3]))
