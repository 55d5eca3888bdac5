"""Open the store a ``--store`` spec names: a folder (embedded), ``sparql+http(s)://…`` (remote), ``:memory:``.

>>> with open_store(":memory:") as st:
...     st.replace_document("a.txt", [])
...     sorted(st.documents())
[]
"""
from __future__ import annotations

import re
from pathlib import Path

from graph.store.embedded import EmbeddedStore
from graph.store.interface import Store, StoreError
from graph.store.remote import RemoteStore

__all__ = ["DEFAULT_STORE", "is_remote", "open_store"]

DEFAULT_STORE = ".aikg/store"


def is_remote(spec: str) -> bool:
    return spec.startswith(("sparql+http://", "sparql+https://"))


def open_store(spec: str | Path = DEFAULT_STORE, *, read_only: bool = False) -> Store:
    """Open the store named by ``spec``: a folder, ``:memory:`` or ``sparql+http(s)://…``.

    ``read_only`` opens an existing embedded store without taking its write lock (queries, the
    endpoint); it fails with a clear message when nothing has been built there yet.
    """
    spec = str(spec)
    if is_remote(spec):
        return RemoteStore(spec)
    if re.match(r"^[a-z][a-z0-9+.-]*://", spec):
        raise StoreError(f"unknown store {spec!r}", "only folders and sparql+http(s):// URLs are stores",
                         "pass a folder (default .aikg/store) or sparql+http://HOST:PORT/PATH")
    return EmbeddedStore(None if spec == ":memory:" else Path(spec), read_only=read_only)
