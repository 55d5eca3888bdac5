"""Exports written from a store graph by graph are the bytes the in-memory renderers make of the same data."""
from __future__ import annotations

from pathlib import Path

import pytest
from store_samples import load_extractions, sample_extractions

from graph.exports import stream, write_exports
from graph.exports.stream import write_store_exports
from graph.rdf import to_dataset
from graph.store import open_store


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("run_bytes", [stream.RUN_BYTES, 200])     # one sorted run, or many merged
def test_exports_stream_from_the_store_equal_the_in_memory_exports(tmp_path: Path, run_bytes: int,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "RUN_BYTES", run_bytes)
    spec = str(tmp_path / "store")
    load_extractions(spec, sample_extractions())
    write_exports(to_dataset(sample_extractions()), tmp_path / "memory")
    with open_store(spec) as st:
        paths, g = write_store_exports(st, tmp_path / "stream")
    assert _files(tmp_path / "stream") == _files(tmp_path / "memory")
    assert paths == sorted(paths) and len(paths) == 11 and g.number_of_edges() > 0
    assert not [p for p in (tmp_path / "stream").iterdir() if p.name.startswith(".")]    # spill files gone


def test_exports_stream_of_an_empty_store(tmp_path: Path) -> None:
    write_exports(to_dataset([]), tmp_path / "memory")
    with open_store(str(tmp_path / "store")) as st:
        write_store_exports(st, tmp_path / "stream")
    assert _files(tmp_path / "stream") == _files(tmp_path / "memory")
