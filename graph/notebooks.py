"""Executed copies of the notebooks: each ``notebooks/NN_*.py`` run on a graph, written as ``.ipynb`` and ``.html``.

The jupytext percent files are the source; ``write_notebooks`` runs each in a fresh kernel (nbclient) with
``AIKG_STORE`` set to the graph to read (a store, or an RDF file of the exports), and writes into a folder
``NAME.ipynb`` (outputs kept: opens in Jupyter with the results shown) and ``NAME.html`` (one file, charts
inline, no script or style loaded from anywhere, readable offline). ``aikg report --notebooks`` calls it.
A notebook that fails is written too, with its error in the cell that raised it; ``NotebookError`` then
names the notebooks that failed. Needs the ``notebooks`` extra (nbclient, nbconvert, jupytext, ipykernel).
"""
from __future__ import annotations

import logging
import os
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.analysis.corpus import repo_root

__all__ = ["NotebookError", "NotebookRun", "html_of", "notebook_sources", "run_notebook", "write_notebooks"]

log = logging.getLogger(__name__)

PATTERN = "[0-9][0-9]_*.py"
KERNEL = "python3"
CELL_TIMEOUT = 600          # seconds a cell may take
# The lab template without what it would load from a CDN (require.js, MathJax, mermaid): the notebooks
# need none of them, and an exported page must open offline. Chinese first in the font list.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
:root { --jp-ui-font-family: system-ui, "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
        --jp-content-font-family: system-ui, "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei",
                                  sans-serif; }
</style>
{%- endblock extra_css -%}
"""


class NotebookError(RuntimeError):
    """A notebook could not be run, or raised: says which, why, and how to fix it."""

    def __init__(self, what: str, why: str, fix: str) -> None:
        super().__init__(f"{what}: {why}; {fix}")
        self.what, self.why, self.fix = what, why, fix


@dataclass(frozen=True)
class NotebookRun:
    """One notebook run: its source, the copies written, how long it took, the error it raised (or "")."""

    source: Path
    ipynb: Path
    html: Path
    seconds: float
    error: str = ""


def _modules() -> Any:
    try:
        import jupytext
        import nbclient
        import nbconvert
        import nbformat
    except ImportError as exc:
        raise NotebookError("cannot run the notebooks", f"{exc.name} is not installed",
                            "install the notebooks extra: .venv/bin/pip install -e '.[notebooks]' (make venv does)"
                            ) from exc
    return jupytext, nbclient, nbconvert, nbformat


def notebook_sources(folder: Path | None = None) -> list[Path]:
    """The notebooks (``NN_name.py``) of ``folder``, by default ``notebooks/`` of the repository."""
    if folder is None:
        try:
            folder = repo_root() / "notebooks"
        except FileNotFoundError:
            folder = Path(__file__).resolve().parents[1] / "notebooks"
    found = sorted(Path(folder).glob(PATTERN))
    if not found:
        raise NotebookError(f"no notebooks in {folder}", f"the notebooks are jupytext files named {PATTERN}",
                            "run aikg from the repository (the notebooks are not installed with the package)")
    return found


def html_of(nb: Any, name: str) -> str:
    """The executed notebook ``nb`` as one self-contained HTML page (outputs and charts inline)."""
    from jinja2 import DictLoader

    _, _, nbconvert, _ = _modules()
    exporter = nbconvert.HTMLExporter(template_name="lab", extra_loaders=[DictLoader({"aikg.html.j2": _TEMPLATE})],
                                      template_file="aikg.html.j2")
    exporter.language_code = "zh-CN"
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    return str(body)


def run_notebook(source: Path, graph: str, timeout: int = CELL_TIMEOUT) -> tuple[Any, str]:
    """Run the jupytext notebook ``source`` on ``graph`` (what ``AIKG_STORE`` names); returns the executed
    notebook and the error text ("" when every cell ran). The kernel starts in the notebook's folder."""
    jupytext, nbclient, _, _ = _modules()
    nb = jupytext.read(source)
    env = {k: v for k, v in os.environ.items() if k not in ("AIKG_CORPUS", "AIKG_STORE")}
    env.update(AIKG_STORE=graph, MPLBACKEND="module://matplotlib_inline.backend_inline")
    client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name=KERNEL,
                                     resources={"metadata": {"path": str(source.parent)}})
    # the kernel's own stderr (its start-up notices) is kept aside, and shown only when the kernel dies
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as kernel_err:
        try:
            client.execute(env=env, stderr=kernel_err)
        except nbclient.exceptions.CellExecutionError as exc:
            return client.nb, str(exc)
        except (nbclient.exceptions.DeadKernelError, nbclient.exceptions.CellTimeoutError, RuntimeError) as exc:
            kernel_err.seek(0)
            return client.nb, f"{type(exc).__name__}: {exc}\n{kernel_err.read()[-2000:]}"
    return client.nb, ""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_notebooks(graph: str | Path, out_dir: Path | str, *, sources: Sequence[Path] | None = None,
                    timeout: int = CELL_TIMEOUT, progress: Callable[[str], None] | None = None) -> list[NotebookRun]:
    """Run every notebook on ``graph`` (a store folder or URL, or an RDF file) and write its executed copies
    ``NAME.ipynb`` and ``NAME.html`` into ``out_dir``; raises ``NotebookError`` naming those that failed
    (after writing every copy). A relative folder or file is taken from the working folder."""
    _, _, _, nbformat = _modules()
    spec = str(graph)
    if "://" not in spec and spec != ":memory:":
        spec = str(Path(spec).resolve())
    out = Path(out_dir)
    runs = []
    for source in sources if sources is not None else notebook_sources():
        if progress:
            progress(source.stem)
        started = time.perf_counter()
        nb, error = run_notebook(source, spec, timeout)
        ipynb, html = out / f"{source.stem}.ipynb", out / f"{source.stem}.html"
        _write(ipynb, nbformat.writes(nb))
        _write(html, html_of(nb, source.stem))
        runs.append(NotebookRun(source, ipynb, html, round(time.perf_counter() - started, 1), error))
        log.info("%s: %s in %.1f s", source.name, "failed" if error else "ran", runs[-1].seconds)
    failed = [r for r in runs if r.error]
    if failed:
        first = re.sub(r"\x1b\[[0-9;]*m", "", failed[0].error).strip().splitlines()   # no terminal colours
        raise NotebookError(f"{len(failed)} of {len(runs)} notebooks failed: "
                            + ", ".join(r.source.name for r in failed),
                            first[-1] if first else "a cell raised",
                            f"open {failed[0].html} to see the cell that raised (the copies were written)")
    return runs
