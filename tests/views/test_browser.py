"""The views in headless Chromium: offline, no console error, search, filters, evidence panel, escaping."""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph.views import write_views
from graph.views.browser import browser_problem, chromium, offline_page, open_view, wait_ready

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.skipif(browser_problem() is not None, reason=browser_problem() or ""),
]


class Tab:
    """A page that records console errors, page errors, dialogs and refused (non-file) requests."""

    def __init__(self, browser: Any) -> None:
        self.page, self.refused = offline_page(browser)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _dialog(self, d: Any) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def open(self, path: Path) -> Any:
        open_view(self.page, path)
        return self.page

    def text(self, selector: str) -> str:
        return str(self.page.text_content(selector) or "")

    def visible_counts(self) -> tuple[int, int]:
        return tuple(self.page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]"))

    def click_canvas(self, x: float, y: float) -> None:
        """Click at a point of the network given in canvas (model) coordinates."""
        dom = self.page.evaluate("([x, y]) => network.canvasToDOM({x: x, y: y})", [x, y])
        box = self.page.locator("#mynetwork").bounding_box()
        self.page.mouse.click(box["x"] + dom["x"], box["y"] + dom["y"])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, make_sample_graph: Any) -> Path:
    out = tmp_path_factory.mktemp("views")
    write_views(make_sample_graph(), out)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    t = Tab(browser)
    yield t
    t.page.close()


def _pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html")) + sorted((site / "org").glob("*.html"))


def _model(path: Path) -> dict[str, Any]:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def _ego(site: Path, name: str) -> Path:
    return next(p for p in (site / "org").glob("*.html") if _model(p)["title"] == name)


def test_browser_every_view_opens_offline_and_draws_all_connected_nodes(site: Path, tab: Tab) -> None:
    pages = _pages(site)
    assert len(pages) == 17
    for path in pages:
        tab.open(path)
        model = _model(path)
        if model["kind"] != "index":
            connected = [n for n in model["nodes"] if not n["unconnected"]]
            assert tab.visible_counts() == (len(connected), len(model["edges"])), path.name
            assert tab.page.evaluate("network.physics.physicsEnabled") is False   # settled, then stopped
    assert tab.errors == [] and tab.refused == [] and tab.dialogs == []


@pytest.mark.parametrize("query,found", [
    ("数安港", "中国（温州）数安港"),           # alias
    ("华中院", "华中科技大学温州先进制造技术研究院"),
    ("中国(温州)", "中国（温州）数安港"),        # ASCII brackets find the full-width name (NFKC)
    ("联通", "中国联通"),
    ("智算中心", "温州市智算中心"),
])
def test_browser_search_finds_chinese_names_and_aliases(site: Path, tab: Tab, query: str, found: str) -> None:
    page = tab.open(site / "ecosystem.html")
    page.fill("#search", query)
    first = page.locator("#results button").first
    assert found in str(first.text_content())
    first.click()
    assert tab.text("#panel h2") == found
    assert page.evaluate("network.getSelectedNodes().length") == 1


def test_browser_filters_by_class_predicate_and_status(site: Path, tab: Tab) -> None:
    model = _model(site / "ecosystem.json")
    page = tab.open(site / "ecosystem.html")
    nodes, edges = tab.visible_counts()
    companies = {n["id"] for n in model["nodes"] if n["type"] == "Company"}
    page.check('input[data-filter="types"][data-value="Company"]')
    page.uncheck('input[data-filter="types"][data-value="Company"]')
    touching = [e for e in model["edges"] if e["from"] in companies or e["to"] in companies]
    assert tab.visible_counts() == (nodes - len(companies), edges - len(touching))
    page.check('input[data-filter="types"][data-value="Company"]')
    page.uncheck('input[data-filter="statuses"][data-value="planned"]')
    planned = sum(e["status"] == "planned" for e in model["edges"])
    assert tab.visible_counts() == (nodes, edges - planned)
    page.uncheck('input[data-filter="predicates"][data-value="signedAgreementWith"]')
    signed = sum(e["predicate"] == "signedAgreementWith" for e in model["edges"])
    assert tab.visible_counts() == (nodes, edges - planned - signed)


def test_browser_click_node_shows_its_evidence_and_sources(site: Path, tab: Tab) -> None:
    path = _ego(site, "中国（温州）数安港")
    tab.open(path)
    tab.page.evaluate("network.moveTo({position: {x: 0, y: 0}, scale: 1, animation: false})")
    tab.click_canvas(300, 300)                               # empty canvas: back to the overview
    assert "点击节点" in tab.text("#panel-body")
    tab.click_canvas(0, 0)                                   # the organisation sits in the centre
    assert tab.text("#panel h2") == "中国（温州）数安港"
    panel = tab.text("#panel-body")
    assert "简称 Aliases：数安港" in panel
    assert "美团等企业已入驻数安港。" in panel and "wenzhou-ai-2024.txt" in panel


def test_browser_click_edge_shows_the_sentence_that_says_so(site: Path, tab: Tab) -> None:
    path = _ego(site, "温州市")
    model = _model(path)
    tab.open(path)
    tab.page.evaluate("network.moveTo({position: {x: 0, y: 0}, scale: 1, animation: false})")
    pos = {n["label"]: (n["x"], n["y"]) for n in model["nodes"]}
    (x1, y1), (x2, y2) = pos["温州市"], pos["上海人工智能实验室"]
    tab.click_canvas(x1 + 0.6 * (x2 - x1), y1 + 0.6 * (y2 - y1))
    assert tab.text("#panel h2") == "温州市 → 上海人工智能实验室"
    panel = tab.text("#panel-body")
    assert "计划中" in panel and "下一步，我市将积极对接上海人工智能实验室，推动大模型合作。" in panel


def test_browser_hostile_name_shows_as_text(site: Path, tab: Tab, hostile: str) -> None:
    page = tab.open(site / "ecosystem.html")
    page.fill("#search", "<script>")
    first = page.locator("#results button").first
    assert hostile in str(first.text_content())
    first.click()
    assert tab.text("#panel h2") == hostile
    assert "<img src=x onerror=alert(2)>" in tab.text("#panel-body")
    assert page.evaluate("document.querySelectorAll('#panel script, #panel img, #panel b, #results b').length") == 0
    tab.open(_ego(site, hostile))
    tab.open(site / "index.html").fill("#search", "<b>")
    assert hostile in tab.text("#orgs tbody")
    assert tab.dialogs == [] and tab.errors == []


def test_browser_index_finds_an_organisation_and_opens_its_view(site: Path, tab: Tab) -> None:
    page = tab.open(site / "index.html")
    page.fill("#search", "华中院")
    rows = page.locator("#orgs tbody tr:visible")
    assert rows.count() == 1
    rows.first.locator("a").click()
    wait_ready(page)
    assert tab.text("#panel h2") == "华中科技大学温州先进制造技术研究院"
    assert tab.refused == [] and tab.errors == []


def test_browser_aggregated_overview_still_finds_members(tmp_path: Path, tab: Tab, sample_graph: nx.MultiDiGraph) -> None:
    write_views(sample_graph, tmp_path, aggregate_above=3)
    page = tab.open(tmp_path / "ecosystem.html")
    model = _model(tmp_path / "ecosystem.html")
    assert model["aggregated"] and tab.visible_counts()[0] == sum(not n["unconnected"] for n in model["nodes"])
    page.fill("#search", "数安港")
    page.locator("#results button").first.click()
    assert tab.text("#panel h2") == "中国（温州）数安港"
    page.locator("#panel a").first.click()
    wait_ready(page)
    assert tab.text("#panel h2") == "中国（温州）数安港" and tab.errors == []


def test_browser_cli_view_saves_a_screenshot_beside_every_view(sample_dataset: Any, tmp_path: Path) -> None:
    # a separate process, as a planner runs it (and playwright's sync API allows one instance per thread)
    rdf = tmp_path / "graph.trig"
    sample_dataset.serialize(rdf, format="trig")
    result = subprocess.run([sys.executable, "-m", "graph", "view", "--from-ttl", str(rdf), "--out", str(tmp_path),
                             "--screenshots"], capture_output=True, text=True, timeout=240, check=False,
                            cwd=Path(__file__).parents[2])
    assert result.returncode == 0, result.stderr
    views = tmp_path / "views"
    pages = sorted(views.glob("*.html")) + sorted((views / "org").glob("*.html"))
    assert pages and all(p.with_suffix(".png").stat().st_size > 10_000 for p in pages)
    assert (views / "ecosystem.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "open " in result.stdout and "index.html" in result.stdout


def test_browser_cli_view_screenshots_fail_clearly_without_chromium(sample_dataset: Any, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import graph.views.browser as browser_module
    from graph.cli import app

    monkeypatch.setattr(browser_module, "CHROMIUM", tmp_path / "no-chromium")
    rdf = tmp_path / "graph.trig"
    sample_dataset.serialize(rdf, format="trig")
    result = CliRunner().invoke(app, ["view", "--from-ttl", str(rdf), "--out", str(tmp_path), "--screenshots"])
    assert result.exit_code == 2
    assert "cannot take screenshots" in result.output and "apt-get install chromium" in result.output
    assert not (tmp_path / "views").exists()          # nothing half-done


def test_browser_edge_colour_is_the_same_plain_highlighted_and_hovered(site: Path, tab: Tab) -> None:
    model = _model(site / "ecosystem.json")
    tab.open(site / "ecosystem.html")
    colours = tab.page.evaluate("Object.values(network.body.edges).map(e => [e.id, e.options.color])")
    expected = {e["id"]: e["color"] for e in model["edges"]}
    assert colours and all(c["color"] == c["highlight"] == c["hover"] == expected[i] and c["inherit"] is False
                           for i, c in colours)
