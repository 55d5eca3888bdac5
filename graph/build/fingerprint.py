"""The extractor's fingerprint: a sha256 over the code and data that decide what a document becomes in RDF.

The store keeps the fingerprint of its last build; a build that finds another one rebuilds every document.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["extractor_fingerprint"]

_FINGERPRINTED = ("extract", "ontology", "graph/rdf")     # what a document becomes in RDF
_DATA_SUFFIXES = (".py", ".ttl", ".jsonl", ".tsv", ".json", ".txt", ".csv")


def extractor_fingerprint() -> str:
    """sha256 over the code and data that decide what a document becomes in RDF."""
    root = Path(__file__).resolve().parents[2]
    files: list[Path] = []
    for pkg in _FINGERPRINTED:
        files += [p for p in (root / pkg).rglob("*") if p.is_file() and p.suffix in _DATA_SUFFIXES
                  and "__pycache__" not in p.parts]
    h = hashlib.sha256()
    for f in sorted(set(files)):
        if f.is_file():
            h.update(f.relative_to(root).as_posix().encode("utf-8") + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()
