"""The read-only SPARQL endpoint: ``http`` (routes, negotiation), ``pool`` (query processes with a deadline),
``worker`` (the process itself), ``answer`` (one request on an open store, rows capped), ``page`` (the query page).

    aikg serve --store .aikg/store --port 7878     # then open http://127.0.0.1:7878/
"""
from graph.serve.answer import Answer
from graph.serve.http import EndpointServer, make_server
from graph.serve.pool import WorkerError, WorkerPool, query_in_worker

__all__ = ["Answer", "EndpointServer", "WorkerError", "WorkerPool", "make_server", "query_in_worker"]
