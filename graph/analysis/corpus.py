"""The graph a notebook analyses: the store named by ``AIKG_STORE``, else the documents of ``AIKG_CORPUS``.

``AIKG_CORPUS`` is a path list (``os.pathsep``-separated files or folders); by default the repository's
bundled ``corpus/``. Used by the notebooks, so they read the same data the same way.
"""
from __future__ import annotations

import os
from pathlib import Path

from rdflib import Dataset

SUFFIXES = (".txt", ".docx", ".pdf", ".html")


def repo_root(start: Path | None = None) -> Path:
    """The aikg repository above ``start`` (default: the working folder)."""
    here = (start or Path.cwd()).resolve()
    for p in [here, *here.parents]:
        if (p / "pyproject.toml").exists() and (p / "corpus").is_dir():
            return p
    raise FileNotFoundError("cannot find the aikg repository above the working folder; set AIKG_CORPUS")


def corpus_files(spec: str | None = None) -> list[Path]:
    """The documents named by ``spec`` (or ``AIKG_CORPUS``, or the bundled corpus)."""
    spec = spec or os.environ.get("AIKG_CORPUS") or str(repo_root() / "corpus")
    files: list[Path] = []
    for part in spec.split(os.pathsep):
        p = Path(part)
        files += sorted(q for q in p.iterdir() if q.suffix in SUFFIXES) if p.is_dir() else [p]
    return files


def load_dataset() -> Dataset:
    """The graph to analyse: the store of ``AIKG_STORE`` if set, else the extracted corpus."""
    if os.environ.get("AIKG_STORE"):
        from graph.store import open_store

        with open_store(os.environ["AIKG_STORE"], read_only=True) as st:
            return st.to_dataset()
    from extract.ingest import read_document
    from extract.pipeline import extract_document
    from graph.rdf import to_dataset

    return to_dataset([extract_document(read_document(p)) for p in corpus_files()])
