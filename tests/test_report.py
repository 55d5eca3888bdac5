"""The report: offline UTF-8 HTML with inline charts and a Markdown twin; `aikg report`; the page in Chromium."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from graph.analysis.examples import example_dataset, example_extraction
from graph.cli import app
from graph.exports import write_exports
from graph.rdf import to_dataset
from graph.report import build_report, write_report
from graph.snapshot import changes, take_snapshot
from graph.views.browser import browser_problem, chromium, offline_page

SECTIONS = ["summary", "fields", "metrics", "status", "network", "ties", "shacl", "documents"]


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return example_dataset()


def test_report_html_is_offline_with_inline_charts(ds: Dataset) -> None:
    html = build_report(ds).html
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert len(re.findall(r'<img class="chart" alt="\w+" src="data:image/png;base64,', html)) >= 6
    assert not re.search(r'(src|href)="(https?:)?//', html), "the report must not load anything from the network"
    for sec in SECTIONS:
        assert f'<section id="{sec}">' in html
    assert 'id="changes"' not in html


@pytest.mark.parametrize("text", ["18.65 %", "芯片设计", "中国（温州）数安港", "温州市 plansCooperationWith 上海人工智能实验室"])
def test_report_states_the_gaps(ds: Dataset, text: str) -> None:
    rep = build_report(ds)
    assert text in rep.html and text in rep.markdown


def test_report_escapes_names(ds: Dataset) -> None:
    from extract.facts import Entity, Extraction

    ex = example_extraction()
    hostile = Extraction(ex.document, ex.entities + (Entity("<script>alert(1)</script>", "Platform"),), ex.facts, ex.metrics)
    html = build_report(to_dataset([hostile])).html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_report_includes_changes_when_given(ds: Dataset) -> None:
    from graph.rdf import new_dataset

    rep = build_report(ds, changes=changes(new_dataset(), ds), since="v0")
    assert '<section id="changes">' in rep.html and "since snapshot v0" in rep.html


def test_report_is_deterministic(ds: Dataset) -> None:
    assert build_report(ds, seed=3).html == build_report(ds, seed=3).html


def test_report_write_files_and_views_link(ds: Dataset, tmp_path: Path) -> None:
    paths = write_report(ds, tmp_path / "exports")
    names = sorted(p.relative_to(tmp_path / "exports").as_posix() for p in paths)
    assert names[:2] == ["report-charts/centrality.png", "report-charts/communities.png"]
    assert {"report.html", "report.md"} <= set(names)
    html = (tmp_path / "exports" / "report.html").read_text(encoding="utf-8")
    assert 'href="views/index.html"' in html
    md = (tmp_path / "exports" / "report.md").read_text(encoding="utf-8")
    assert "![fields](report-charts/fields.png)" in md and "| field |" in md


def test_report_cli_from_rdf_file_with_latest_snapshot(ds: Dataset, tmp_path: Path) -> None:
    kg = write_exports(ds, tmp_path / "kg")
    trig = next(p for p in kg if p.name == "kg.trig")
    from graph.rdf import new_dataset

    take_snapshot(new_dataset(), "empty", tmp_path / "snaps")
    res = CliRunner().invoke(app, ["report", "--from-ttl", str(trig), "--out", str(tmp_path / "out"),
                                   "--snapshots", str(tmp_path / "snaps")])
    assert res.exit_code == 0, res.output
    assert "changes since snapshot empty" in res.output and "no change" not in res.output
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert '<section id="changes">' in html and "中国联通" in html


def test_report_cli_refuses_a_file_as_out(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    res = CliRunner().invoke(app, ["report", "--from-ttl", str(f), "--out", str(f)])
    assert res.exit_code == 2 and "why: the report is written into a folder" in res.output


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.skipif(browser_problem() is not None, reason=browser_problem() or "")
def test_report_in_chromium_shows_charts_offline(ds: Dataset, tmp_path: Path) -> None:
    write_report(ds, tmp_path)
    with chromium() as browser:
        page, refused = offline_page(browser)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((tmp_path / "report.html").resolve().as_uri())
        page.wait_for_load_state("load")
        images = page.evaluate("Array.from(document.querySelectorAll('img.chart'))"
                               ".map(i => [i.alt, i.complete, i.naturalWidth])")
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        title = page.title()
    assert len(images) >= 6 and all(ok and width > 0 for _, ok, width in images), images
    assert refused == [] and errors == []
    assert "缺口分析" in title
    assert (tmp_path / "report.png").stat().st_size > 10_000
