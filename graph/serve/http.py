"""The endpoint's HTTP side: SPARQL 1.1 Protocol at ``/sparql``, saved questions, a query page at ``/``.

Routes, request bodies and content negotiation live here. Queries run in worker processes
(``graph.serve.pool``) that open the store read-only; a query past its deadline gets its worker killed
and answers 503, so a runaway query never blocks the server. Results are capped at ``max_rows`` (the
answer then carries ``X-Result-Truncated: true``). Updates are refused with 403.

    aikg serve --store .aikg/store --port 7878     # then open http://127.0.0.1:7878/
"""
from __future__ import annotations

import ipaddress
import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from graph.queries import ParamError, load_query
from graph.serve.answer import Answer
from graph.serve.page import page, saved_questions
from graph.serve.pool import WorkerPool
from graph.store.formats import GRAPH_TYPES, RESULT_TYPES, content_type, negotiate
from graph.store.sparql import query_form

__all__ = ["EndpointServer", "Handler", "make_server"]

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20
READ_ONLY = ("this endpoint is read-only: SPARQL updates are refused. "
             "Change the data with `aikg build` (or write to the store directly).")


class _BadRequest(Exception):
    """A request the endpoint cannot even read (a malformed header)."""


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
            self._send(Answer(200, "text/html", page()))
        elif path == "/sparql":
            self._send(self._sparql(params, ctype, body))
        elif path == "/queries":
            self._send(Answer(200, "application/json", saved_questions()))
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

    @property
    def host_port(self) -> tuple[str, int]:
        """The address it listens on (the port the system picked, for port 0)."""
        host, port = self.server_address[:2]
        return (host.decode("ascii") if isinstance(host, bytes) else str(host)), int(port)

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
