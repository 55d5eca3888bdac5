"""Shared test fixtures (their helpers and sample data live in tests/store_samples.py)."""
from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed (a landing must not depend on luck); locally they explore.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
from store_samples import (
    _free_port,
    _oxigraph_binary,
    _post,
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
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the Oxigraph server binary is missing (pip install oxigraph, the dev extra): "
                    "remote-store tests need it")
    port = _free_port()
    folder = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if proc.poll() is not None:
                pytest.skip(f"the Oxigraph server did not start: {proc.stderr.read().decode()[-500:] if proc.stderr else ''}")
            try:
                _post(f"{base}/query", {"query": "ASK {}"})
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.skip("the Oxigraph server did not answer within 10 s")
        yield f"sparql+{base}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(params=["embedded", pytest.param("remote", marks=pytest.mark.remote)])
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store: an embedded one in tmp_path, or the remote test server (emptied first)."""
    if request.param == "embedded":
        return str(tmp_path / "store")
    return clear_remote(request.getfixturevalue("oxigraph_server"))


@pytest.fixture
def sample_store(store_spec: str) -> str:
    """``store_spec`` holding the two sample documents."""
    load_extractions(store_spec, sample_extractions())
    return store_spec
