"""The build: documents → facts → quads → the store (only changed documents) → validated → exports and views.

``run`` is the build step by step (``build``); ``inputs`` reads the documents, ``work`` is one document's
work (extraction, quads, SHACL check) and ``engines`` where it runs (two local processes, or a Dask
cluster), ``outputs`` writes the exports and views from the store, ``outcome`` is what the build reports,
``fingerprint`` says when the extractor changed (every document is then built again).
"""
from graph.build.engines import ENGINES, DaskEngine, Engine, EngineError, LocalEngine
from graph.build.fingerprint import extractor_fingerprint
from graph.build.inputs import document_quads
from graph.build.outcome import BuildReport, DocumentOutcome
from graph.build.run import BuildProgress, alias_table_path, build
from graph.store import StoreError

__all__ = ["ENGINES", "BuildProgress", "BuildReport", "DaskEngine", "DocumentOutcome", "Engine", "EngineError",
           "LocalEngine", "StoreError", "alias_table_path", "build", "document_quads", "extractor_fingerprint"]
