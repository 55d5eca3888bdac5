"""The remote store: any SPARQL 1.1 Query/Update server, named ``sparql+http://HOST:PORT/PATH``.

The query, update and Graph Store Protocol endpoints default to ``PATH/query``, ``PATH/update`` and
``PATH/store`` (Oxigraph's layout; Fuseki's too with PATH the dataset). Override them with URL parameters,
e.g. ``sparql+http://127.0.0.1:8890/?query=/sparql&update=/sparql&gsp=/sparql-graph-crud`` for Virtuoso
(``VIRTUOSO_PARAMS``). A document's graph is written with one Graph Store Protocol PUT of its triples (the
bulk path: no SPARQL to parse, the server replaces the graph whole); a server without one (``gsp=`` empty, or
a 404/405 answer) gets one Update request (DROP + INSERT DATA), which SPARQL 1.1 servers run atomically.
"""
from __future__ import annotations

import ipaddress
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from typing import Any

import pyoxigraph
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, QueryResultsFormat, RdfFormat

from graph.rdf.iri import graph_iri
from graph.rdf.terms import ox_quad
from graph.store.interface import QueryError, Store, StoreError
from graph.store.results import QueryResult
from graph.store.sparql import query_form
from ontology.namespace import DATA_IRI

log = logging.getLogger(__name__)

_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
           "application/sparql-results+xml;q=0.5")
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RDF_TYPES = {"application/n-triples": RdfFormat.N_TRIPLES, "text/turtle": RdfFormat.TURTLE,
              "application/rdf+xml": RdfFormat.RDF_XML, "application/n-quads": RdfFormat.N_QUADS}
_RESULT_TYPES = {"application/sparql-results+json": QueryResultsFormat.JSON,
                 "application/json": QueryResultsFormat.JSON,
                 "application/sparql-results+xml": QueryResultsFormat.XML,
                 "text/tab-separated-values": QueryResultsFormat.TSV}
# the data: the documents' graphs (a server such as Virtuoso holds graphs of its own beside them)
_DATA = f'FILTER(STRSTARTS(STR(?g), "{DATA_IRI}graph/"))'
_QUADS = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_DATA} }}"
_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_DATA} }}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RemoteStore(Store):
    """A SPARQL 1.1 server reached over HTTP; ``timeout`` bounds every request (seconds)."""

    def __init__(self, spec: str, *, timeout: float = 120.0) -> None:
        self.spec = spec
        self.timeout = timeout
        url = urllib.parse.urlsplit(spec.removeprefix("sparql+"))
        if not url.hostname:
            raise StoreError(f"bad store URL {spec!r}", "it names no host",
                             "write sparql+http://HOST:PORT/PATH, e.g. sparql+http://127.0.0.1:7878")
        base = f"{url.scheme}://{url.netloc}{url.path.rstrip('/')}"
        params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        root = f"{url.scheme}://{url.netloc}"

        def endpoint(name: str) -> str:
            given = params.get(name)
            if not given:
                return f"{base}/{name}"
            return given if "://" in given else root + "/" + given.lstrip("/")

        self.query_url, self.update_url = endpoint("query"), endpoint("update")
        gsp = params.get("gsp")
        self.gsp_url: str | None = f"{base}/store" if gsp is None else (endpoint("gsp") if gsp else None)
        self.graph_param = params.get("graph-param", "graph")
        handlers = [urllib.request.ProxyHandler({})] if _is_loopback(url.hostname) else []
        self._opener = urllib.request.build_opener(*handlers)
        self._post(self.query_url, {"query": "ASK {}"}, _ACCEPT)   # fail early when unreachable

    def _post(self, url: str, form: dict[str, str], accept: str) -> tuple[str, bytes]:
        data = urllib.parse.urlencode(form).encode("utf-8")
        req = urllib.request.Request(url, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": accept})
        return self._send(req, url)

    def _send(self, req: urllib.request.Request, url: str) -> tuple[str, bytes]:
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                return resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()[:2000]
            if exc.code == 400:
                what = "the query is not valid SPARQL" if url == self.query_url else "the request was refused"
                raise QueryError(what, f"{body or exc.reason} (said the SPARQL server at {url})",
                                 "fix the query at the position shown") from exc
            raise StoreError(f"the SPARQL server at {url} answered {exc.code} {exc.reason}", body or "no message",
                             "check the server's log and the endpoint paths in --store") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach the SPARQL server at {url}", str(reason),
                             "start it (e.g. `oxigraph serve --location DIR --bind 127.0.0.1:7878`) "
                             "or check the host, port and path in --store") from exc

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, *,
              max_rows: int | None = None) -> QueryResult:
        text = self.prepare_query(sparql, bindings)
        # a graph result asked for as RDF only: Virtuoso answers CONSTRUCT with a JSON table when it may
        accept = _GRAPH_ACCEPT if query_form(text) in ("CONSTRUCT", "DESCRIBE") else _ACCEPT
        ctype, body = self._post(self.query_url, {"query": text}, accept)
        mime = ctype.split(";")[0].strip().lower()
        try:
            if mime in _RESULT_TYPES:
                return QueryResult.from_pyoxigraph(
                    pyoxigraph.parse_query_results(body, format=_RESULT_TYPES[mime]), max_rows)
            if mime in _RDF_TYPES:
                return QueryResult.from_pyoxigraph(pyoxigraph.parse(body, format=_RDF_TYPES[mime]), max_rows)
        except SyntaxError as exc:
            raise StoreError(f"cannot read the answer of {self.query_url}", str(exc),
                             "check that --store points to a SPARQL 1.1 query endpoint") from exc
        raise StoreError(f"unexpected answer from {self.query_url}", f"content type {ctype!r}",
                         "check that --store points to a SPARQL 1.1 query endpoint")

    def update(self, sparql_update: str) -> None:
        self._post(self.update_url, {"update": sparql_update}, "*/*")

    def load_document(self, doc_id: str, nquads: bytes) -> None:
        """One Graph Store Protocol PUT of the document's triples (N-Triples): the server replaces the graph."""
        if self.gsp_url is None:
            super().load_document(doc_id, nquads)
            return
        triples = pyoxigraph.serialize((q.triple for q in pyoxigraph.parse(nquads, format=RdfFormat.N_QUADS)),
                                       format=RdfFormat.N_TRIPLES) or b""
        query = urllib.parse.urlencode({self.graph_param: str(graph_iri(doc_id))})
        url = f"{self.gsp_url}?{query}"
        req = urllib.request.Request(url, data=triples, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
        try:
            self._send(req, self.gsp_url)
        except StoreError as exc:
            if " answered 404 " not in exc.what and " answered 405 " not in exc.what:
                raise
            log.info("%s has no Graph Store Protocol endpoint (%s): writing with SPARQL Update", self.spec, exc.what)
            self.gsp_url = None
            super().load_document(doc_id, nquads)

    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        rows = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}").rows
        return [ox_quad(s, p, o, graph) for s, p, o in rows]

    def quads(self) -> Iterator[Quad]:
        for s, p, o, g in self.query(_QUADS).rows:
            yield ox_quad(s, p, o, g if isinstance(g, (NamedNode, BlankNode)) else DefaultGraph())

    def quad_count(self) -> int:
        rows = self.query(_COUNT).rows
        return int(rows[0][0].value) if rows and rows[0][0] is not None else 0

    def named_graphs(self) -> list[NamedNode]:
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_DATA} }}").rows
        return sorted((r[0] for r in rows if isinstance(r[0], NamedNode)), key=lambda g: g.value)

