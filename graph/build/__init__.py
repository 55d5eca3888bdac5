"""The build: documents → facts → quads → the store (only changed documents) → validated → exports and views.

``run`` is the build step by step (``build``); ``inputs`` reads the documents and extracts them (two
processes), ``outputs`` renders the exports and views in memory and writes them, ``outcome`` is what the
build reports, ``fingerprint`` says when the extractor changed (every document is then built again).
"""
from graph.build.fingerprint import extractor_fingerprint
from graph.build.inputs import document_quads
from graph.build.outcome import BuildReport, DocumentOutcome
from graph.build.run import alias_table_path, build
from graph.store import StoreError

__all__ = ["BuildReport", "DocumentOutcome", "StoreError", "alias_table_path", "build", "document_quads",
           "extractor_fingerprint"]
