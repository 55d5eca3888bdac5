"""The docstring examples of the analysis modules run (they are the documentation)."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["graph.analysis", "graph.analysis.examples", "graph.analysis.fields", "graph.analysis.status",
           "graph.analysis.metrics", "graph.analysis.centrality", "graph.analysis.gaps", "graph.analysis.compare",
           "graph.analysis.charts", "graph.snapshot", "graph.report"]


@pytest.mark.parametrize("name", MODULES)
def test_docs_examples_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no runnable example"
    assert result.failed == 0
