"""Shared test fixtures (their helpers and sample data live in tests/store_samples.py)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed (a landing must not depend on luck); locally they explore.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
import servers
from store_samples import (
    clear_remote,
    load_extractions,
    sample_extractions,
)

from extract.facts import Extraction


@pytest.fixture
def extractions() -> list[Extraction]:
    """The two sample documents' extractions."""
    return sample_extractions()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph SPARQL server on 127.0.0.1 (one per xdist worker); yields its ``--store`` spec."""
    if servers.oxigraph_binary() is None:
        pytest.skip("the Oxigraph server binary is missing (pip install oxigraph, the dev extra): "
                    "remote-store tests need it")
    try:
        server = servers.start_oxigraph(tmp_path_factory.mktemp("oxigraph-server"))
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield server.spec
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Virtuoso on 127.0.0.1 (one per xdist worker, its own virtuoso.ini: free ports, no row cap);
    yields its ``--store`` spec. Skips only when the binary is absent (the set-up installs it as root)."""
    missing = servers.virtuoso_missing()
    if missing:
        pytest.skip(missing)
    try:
        server = servers.start_virtuoso(tmp_path_factory.mktemp("virtuoso-server"))
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield server.spec
    finally:
        server.stop()


@pytest.fixture(params=["oxigraph", "virtuoso"])
def remote_server(request: pytest.FixtureRequest) -> str:
    """Each remote SPARQL server in turn, emptied: Oxigraph's server, then Virtuoso."""
    return clear_remote(request.getfixturevalue(f"{request.param}_server"))


@pytest.fixture(params=["embedded", pytest.param("remote", marks=pytest.mark.remote),
                        pytest.param("virtuoso", marks=pytest.mark.remote)])
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store: an embedded one in tmp_path, or a remote test server (Oxigraph's, Virtuoso), emptied."""
    if request.param == "embedded":
        return str(tmp_path / "store")
    name = "oxigraph_server" if request.param == "remote" else "virtuoso_server"
    return clear_remote(request.getfixturevalue(name))


@pytest.fixture
def sample_store(store_spec: str) -> str:
    """``store_spec`` holding the two sample documents."""
    load_extractions(store_spec, sample_extractions())
    return store_spec
