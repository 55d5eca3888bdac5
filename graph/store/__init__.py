"""The knowledge store: one interface over the embedded pyoxigraph store and a remote SPARQL server.

``open_store(spec)`` picks the backend from ``--store``: a folder (default ``.aikg/store``) opens the
embedded, persistent, transactional store (``embedded``); ``sparql+http://HOST:PORT/PATH`` any SPARQL 1.1
Query/Update server (``remote``); ``:memory:`` a throw-away in-memory store. ``interface`` is what every
backend does, ``results`` what a query returns, ``sparql`` the query text helpers (form, parameters),
``formats`` the SPARQL result formats, ``writer`` the background writer of a build.

This package is the store's public face: code outside it imports from ``graph.store``.
"""
from graph.store.interface import (
    META_GRAPH,
    QueryError,
    Store,
    StoreError,
    document_quads_in_graph,
    document_triples,
    replace_graph_update,
)
from graph.store.results import QueryResult, python_value
from graph.store.spec import DEFAULT_STORE, is_remote, open_store

__all__ = ["DEFAULT_STORE", "META_GRAPH", "QueryError", "QueryResult", "Store", "StoreError",
           "document_quads_in_graph", "document_triples", "is_remote", "open_store", "python_value",
           "replace_graph_update"]
