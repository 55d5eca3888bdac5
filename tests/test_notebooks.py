"""The notebooks execute (on the bundled letter, and on the dev corpus when present) and assert their facts;
``make notebooks`` serves them in JupyterLab; ``aikg report --notebooks`` writes executed copies to read.

The jupytext ``.py`` files are the source: each test converts one to ``.ipynb`` in tmp_path and runs it
with nbclient on the venv's kernel. On the letter alone the kernel extracts it (``AIKG_CORPUS``); the dev
corpora are extracted once for the session and read from a store (``AIKG_STORE``), the same graph.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from shared_corpus import DEV
from store_samples import _free_port
from typer.testing import CliRunner

from graph.analysis.charts import CJK_FONTS
from graph.cli import app
from graph.views.browser import browser_problem, chromium, offline_page

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.py"))
CORPORA = {
    "letter": str(REPO / "corpus"),
    "letter+dev": os.pathsep.join([str(REPO / "corpus"), str(DEV)]),
    "dev": str(DEV),
}
# every notebook on the letter alone and on letter+dev; the first two on the dev documents alone too
RUNS = [(nb, corpus) for nb in NOTEBOOKS for corpus in sorted(CORPORA)
        if corpus != "dev" or nb.stem in ("01_explore_ecosystem", "02_gap_analysis")]


def test_notebooks_found() -> None:
    assert [p.name for p in NOTEBOOKS] == ["01_explore_ecosystem.py", "02_gap_analysis.py", "03_cities.py"]


@pytest.fixture(scope="session")
def dev_stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The dev corpora as stores: every document extracted once here, instead of in each notebook's kernel
    (the notebooks read them with AIKG_STORE; on the letter alone they extract it themselves, AIKG_CORPUS)."""
    from extract.ingest import read_document
    from extract.pipeline import extract_document
    from graph.analysis.corpus import corpus_files
    from graph.rdf import extraction_quads
    from graph.store import open_store

    extractions = {p: extract_document(read_document(p)) for p in corpus_files(CORPORA["letter+dev"])}
    stores = {}
    for corpus in ("dev", "letter+dev"):
        folder = tmp_path_factory.mktemp(corpus.replace("+", "-")) / "store"
        with open_store(folder) as st:
            for path in corpus_files(CORPORA[corpus]):
                ex = extractions[path]
                st.replace_document(ex.document.id, extraction_quads(ex))
        stores[corpus] = str(folder)
    return stores


@pytest.mark.slow
@pytest.mark.parametrize(("source", "corpus"), RUNS, ids=[f"{nb.stem}-{corpus}" for nb, corpus in RUNS])
def test_notebooks_execute(source: Path, corpus: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           request: pytest.FixtureRequest) -> None:
    if "dev" in corpus and not DEV.is_dir():
        pytest.skip(f"{DEV} is absent")
    if corpus == "letter":
        monkeypatch.setenv("AIKG_CORPUS", CORPORA[corpus])
        monkeypatch.delenv("AIKG_STORE", raising=False)
    else:
        monkeypatch.setenv("AIKG_STORE", request.getfixturevalue("dev_stores")[corpus])
        monkeypatch.delenv("AIKG_CORPUS", raising=False)
    nb = jupytext.read(source)
    ipynb = tmp_path / source.with_suffix(".ipynb").name
    nbformat.write(nb, ipynb)
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


# --- make notebooks: JupyterLab with jupytext on notebooks/ -------------------------------------------------

def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:          # 127.0.0.1 only
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_make_notebooks_sets_up_jupyterlab_and_jupytext() -> None:
    """The target exists, its set-up is make run's (the venv with the notebooks extra, the system packages),
    and the notebooks extra holds JupyterLab and jupytext."""
    dry = subprocess.run(["make", "-n", "-B", "notebooks", "VENV=/nonexistent/venv"], cwd=REPO, check=True,
                         capture_output=True, text=True).stdout
    assert "pip install -q -e '.[dev,notebooks]'" in dry and "scripts/system-deps.sh" in dry, dry
    assert "jupyter lab --ServerApp.root_dir=notebooks --ServerApp.ip=127.0.0.1" in dry, dry
    assert "http://127.0.0.1:" in dry, "it prints the URL"
    extra = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {re.split(r"[<>=\[ ]", d)[0] for d in extra["notebooks"]}
    assert {"jupyterlab", "jupytext", "ipykernel", "nbclient", "nbconvert"} <= names, names


@pytest.mark.slow
def test_make_notebooks_serves_jupyterlab_on_127_0_0_1_with_the_notebooks_as_notebooks() -> None:
    port, token = _free_port(), secrets.token_hex(8)
    venv = Path(sys.prefix)
    env = {**os.environ, "JUPYTER_TOKEN": token}
    # -o: the venv is the one running these tests, already set up; make must not reinstall it here
    proc = subprocess.Popen(["make", "-o", str(venv / ".installed"), "notebooks", f"VENV={venv}",
                             f"NOTEBOOKS_PORT={port}"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            assert proc.poll() is None, f"make notebooks stopped: {proc.stdout.read() if proc.stdout else ''}"
            try:
                status, body = _get(f"{base}/api/status?token={token}")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("JupyterLab did not answer within 30 s")
        assert status == 200 and "started" in json.loads(body)
        assert _get(f"{base}/api/status")[0] == 403, "the token guards it"
        # jupytext's contents manager gives the .py files as notebooks
        status, body = _get(f"{base}/api/contents/03_cities.py?type=notebook&content=1&token={token}")
        assert status == 200, body[:500]
        nb = json.loads(body)["content"]
        assert nb["nbformat"] == 4 and sum(c["cell_type"] == "code" for c in nb["cells"]) > 5
        # and a click on one opens it as a notebook (the default viewer of .py files)
        status, body = _get(f"{base}/lab/api/settings/@jupyterlab/docmanager-extension:plugin?token={token}")
        viewers = json.loads(body)["schema"]["properties"]["defaultViewers"]["default"]
        assert viewers.get("python") == "Jupytext Notebook", viewers
        listed = json.loads(_get(f"{base}/api/contents?token={token}")[1])["content"]
        assert {"01_explore_ecosystem.py", "02_gap_analysis.py", "03_cities.py"} <= {f["name"] for f in listed}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)          # make and JupyterLab: the session this test started
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
    assert f"http://127.0.0.1:{port}/lab?token={token}" in out, "make notebooks prints the URL"


# --- aikg report --notebooks: the executed copies --------------------------------------------------------

def _execute_on_the_letter(root: Path) -> tuple[Path, str]:
    """The letter built into a store, then ``aikg report --notebooks``: (the notebooks folder, the output)."""
    from graph.build import build

    out, store = root / "exports", str(root / "store")
    build([REPO / "corpus"], out, store, views=False)
    run = subprocess.run([sys.executable, "-m", "graph", "report", "--store", store, "--out", str(out),
                          "--notebooks"], cwd=root, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    return out / "notebooks", run.stdout


def _check_copies(folder: Path, printed: str) -> None:
    """Every notebook written as .ipynb with all its outputs and as one self-contained .html."""
    names = [p.stem for p in NOTEBOOKS]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.{x}" for n in names for x in ("html", "ipynb"))
    for name in names:
        assert re.search(rf"ran {name}\.py in \d+\.\d s", printed), printed
        nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.get("execution_count") for c in code), f"{name}: every cell ran"
        outputs = [o for c in code for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error"]
        assert any("image/png" in o.get("data", {}) for o in outputs), f"{name} keeps its charts"
        assert any("text/html" in o.get("data", {}) for o in outputs), f"{name} keeps its tables"
        streams = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
        assert "missing from font" not in streams, f"{name}: a chart lacks glyphs for its Chinese labels"
        html = (folder / f"{name}.html").read_text(encoding="utf-8")
        assert not re.search(r"<(script|link)[^>]+(src|href)=\"(https?:)?//", html), "nothing loaded from outside"
        assert html.count("data:image/png;base64,") >= 1 and "温州" in html
    assert "温州市" in (folder / "03_cities.html").read_text(encoding="utf-8")


def _check_in_chromium(folder: Path) -> None:
    """Each page opens in headless Chromium with nothing fetched, every chart drawn, and the Chinese of its
    tables drawn with a CJK font (the fonts Chromium used for the text, from the DevTools protocol);
    screenshots beside the pages: NAME.png (the top), NAME-chart.png (the first chart)."""
    with chromium() as browser:
        for source in NOTEBOOKS:
            page, refused = offline_page(browser)
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            page.goto((folder / f"{source.stem}.html").resolve().as_uri())
            page.wait_for_load_state("load")
            images = page.evaluate("[...document.images].map(i => [i.complete, i.naturalWidth])")
            page.screenshot(path=str(folder / f"{source.stem}.png"))                      # the top: tables
            page.locator("img").first.screenshot(path=str(folder / f"{source.stem}-chart.png"))  # a chart
            cdp = page.context.new_cdp_session(page)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            cells = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": ".jp-RenderedHTMLCommon td"})
            fonts: set[str] = set()
            chinese = 0
            for node in cells["nodeIds"][:200]:
                text = cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"]
                if re.search(r"[\u4e00-\u9fff]", text):
                    chinese += 1
                    fonts |= {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode",
                                                                {"nodeId": node})["fonts"] if f["glyphCount"]}
            page.close()
            assert refused == [] and errors == [], (source.stem, refused, errors)
            assert images and all(ok and width > 0 for ok, width in images), (source.stem, images)
            assert chinese > 0, f"{source.stem}: no table cell in Chinese"
            assert fonts & set(CJK_FONTS), f"{source.stem}: Chinese drawn with {fonts}, no CJK font"
            assert (folder / f"{source.stem}.png").stat().st_size > 20_000
            assert (folder / f"{source.stem}-chart.png").stat().st_size > 5_000


@pytest.mark.slow
@pytest.mark.browser
def test_report_notebooks_writes_executed_copies_that_open_offline_with_chinese_readable(tmp_path: Path) -> None:
    """``aikg report --notebooks`` on the letter's store: the copies hold their outputs and open in Chromium.

    One test, not two sharing a fixture: pytest-xdist 3.8's ``loadgroup`` does not group tests under pytest
    9.2 (it renames ``item._nodeid``, which pytest 9.2 no longer reads), so a shared fixture would run twice."""
    folder, printed = _execute_on_the_letter(tmp_path)
    _check_copies(folder, printed)
    if problem := browser_problem():
        pytest.skip(f"the copies are right; the browser part needs Chromium: {problem}")
    _check_in_chromium(folder)


def test_report_notebooks_a_failing_notebook_is_written_and_named(tmp_path: Path) -> None:
    from graph.notebooks import NotebookError, write_notebooks

    source = tmp_path / "09_broken.py"
    source.write_text('# %%\nprint("read", __import__("os").environ["AIKG_STORE"])\n\n# %%\nraise ValueError("boom")\n',
                      encoding="utf-8")
    with pytest.raises(NotebookError, match=r"1 of 1 notebooks failed: 09_broken.py") as err:
        write_notebooks(tmp_path / "some-store", tmp_path / "out", sources=[source])
    assert "ValueError: boom" in err.value.why and "09_broken.html" in err.value.fix
    nb = nbformat.read(tmp_path / "out" / "09_broken.ipynb", as_version=4)
    first, second = (c.get("outputs", []) for c in nb.cells)
    assert str(tmp_path / "some-store") in first[0]["text"], "the kernel reads the graph it was given, absolute"
    assert second[0]["output_type"] == "error" and second[0]["ename"] == "ValueError"
    assert "boom" in (tmp_path / "out" / "09_broken.html").read_text(encoding="utf-8")


def test_report_notebooks_need_the_named_graphs(tmp_path: Path) -> None:
    ttl = tmp_path / "kg.ttl"
    ttl.write_text("", encoding="utf-8")
    run = CliRunner().invoke(app, ["report", "--from-ttl", str(ttl), "--out", str(tmp_path / "out"), "--notebooks"])
    assert run.exit_code == 2 and "no named graphs" in run.output and run.exception is not None, run.output
    assert isinstance(run.exception, SystemExit), "a clear message, no traceback"
    assert not (tmp_path / "out").exists(), "refused before anything is written"


def test_report_notebooks_without_notebooks_says_where_they_are(tmp_path: Path) -> None:
    from graph.notebooks import NotebookError, notebook_sources

    with pytest.raises(NotebookError, match="no notebooks in"):
        notebook_sources(tmp_path)
    assert [p.name for p in notebook_sources()] == [p.name for p in NOTEBOOKS]
