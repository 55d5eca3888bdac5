"""The notebooks execute (on the bundled letter, and on the dev corpus when present) and assert their facts.

The jupytext ``.py`` files are the source: each test converts one to ``.ipynb`` in tmp_path and runs it
with nbclient on the venv's kernel.
"""
from __future__ import annotations

import os
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from shared_corpus import DEV

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.py"))
CORPORA = {
    "letter": str(REPO / "corpus"),
    "letter+dev": os.pathsep.join([str(REPO / "corpus"), str(DEV)]),
    "dev": str(DEV),
}


def test_notebooks_found() -> None:
    assert [p.name for p in NOTEBOOKS] == ["01_explore_ecosystem.py", "02_gap_analysis.py"]


@pytest.mark.slow
@pytest.mark.parametrize("corpus", sorted(CORPORA))
@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_execute(source: Path, corpus: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if "dev" in corpus and not DEV.is_dir():
        pytest.skip(f"{DEV} is absent")
    nb = jupytext.read(source)
    ipynb = tmp_path / source.with_suffix(".ipynb").name
    nbformat.write(nb, ipynb)
    monkeypatch.setenv("AIKG_CORPUS", CORPORA[corpus])
    monkeypatch.delenv("AIKG_STORE", raising=False)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = NotebookClient(nbformat.read(ipynb, as_version=4), timeout=240, kernel_name="python3",
                            resources={"metadata": {"path": str(REPO / "notebooks")}})
    try:
        done = client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{source.name} on the {corpus} corpus failed:\n{exc}")
    outputs = [o for c in done.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the notebook draws its charts"
    assert any("text/html" in o.get("data", {}) for o in outputs), "the notebook shows pandas tables"
