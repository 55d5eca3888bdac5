"""One request run on an open store: a query or a saved question → an HTTP-shaped ``Answer``, rows capped.

A refused query (bad SPARQL, a parameter that does not fit) answers 400 and carries its what/why/fix;
a store failure 500. ``max_rows`` caps a result (``X-Result-Limit``; ``X-Result-Truncated: true`` when
it cut). This runs inside a query worker (``graph.serve.worker``).

>>> from graph.store import open_store
>>> with open_store(":memory:") as st:
...     run_request(st, {"query": "ASK {}", "mime": "application/sparql-results+json"}, 10).body
b'{"head": {}, "boolean": true}'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.queries import ParamError, bind_params, load_query, parse_query, store_resolver
from graph.store import Store, StoreError
from graph.store.formats import GRAPH_TYPES, serialize

__all__ = ["Answer", "run_request"]


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


def run_request(store: Store, request: dict[str, Any], max_rows: int) -> Answer:
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
