"""The views of a real build — the seed letter and the shared dev corpus, many cities — as a planner opens
them: unconnected organisations off the canvas, hub labels, the place filter and grouping, the bridges.

Everything asserted holds for any corpus of the genre (many organisations named once and linked to nothing,
documents of several cities, some organisation named in two of them); nothing depends on today's names. The
bridges are checked against the build's own exports (``kg.nq``, ``nodes.csv``, ``edges.csv``), not against
the code that found them. Screenshots go to ``$AIKG_VIEW_SHOTS`` (default: the test's temporary folder).
"""
from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from shared_corpus import DEV, REPO, SEED_LETTER, needs_dev
from test_places import assert_bridges_agree

from graph.network import to_networkx
from graph.places import inside
from graph.views.browser import browser_problem, chromium, offline_page, open_view, wait_ready
from ontology import AIKG

pytestmark = [needs_dev, pytest.mark.xdist_group("browser"), pytest.mark.slow]
needs_browser = pytest.mark.skipif(browser_problem() is not None, reason=browser_problem() or "")

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``aikg build`` of the seed letter and the dev corpus, as a planner runs it."""
    root = tmp_path_factory.mktemp("corpus-build")
    run = subprocess.run([sys.executable, "-m", "graph", "build", str(REPO / "corpus" / SEED_LETTER), str(DEV),
                          "--out", str(root / "exports"), "--store", str(root / "store")],
                         capture_output=True, text=True, timeout=600, check=False, cwd=REPO)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return {"out": root / "exports", "views": root / "exports" / "views", "log": run.stdout}


def _model(views: Path, name: str) -> dict[str, Any]:
    return json.loads((views / f"{name}.json").read_text(encoding="utf-8"))


def _quads(out: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(out / "kg.nq"), format=ox.RdfFormat.N_QUADS))


def city_of_documents(out: Path) -> dict[str, str]:
    """Document file name → the name of its city, read from the exported quads: the place the document is
    about, walked up to its city-level place (or its top place when none is a city)."""
    quads = _quads(out)
    name: dict[str, str] = {}
    level: dict[str, str] = {}
    parent: dict[str, str] = {}
    place: dict[str, str] = {}
    file_name: dict[str, str] = {}
    for q in quads:
        s, p, o = q.subject.value, q.predicate.value, q.object.value
        if p == str(AIKG.place):
            place[s] = o
        elif p == str(AIKG.placeLevel):
            level[s] = o
        elif p == str(AIKG.parentPlace):
            parent[s] = o
        elif p == str(AIKG.fileName):
            file_name[s] = o
        elif p == "http://www.w3.org/2000/01/rdf-schema#label":
            name.setdefault(s, o)
    out_map = {}
    for doc, p in place.items():
        chain = [p]
        while chain[-1] in parent:
            chain.append(parent[chain[-1]])
        city = next((x for x in chain if level.get(x) == "city"), chain[-1])
        out_map[file_name.get(doc, doc)] = name[city]
    return out_map


def documents_naming(out: Path) -> dict[str, set[str]]:
    """Entity IRI → the documents that name it (``nodes.csv``) or state one of its facts (``edges.csv``)."""
    docs: dict[str, set[str]] = defaultdict(set)
    with (out / "nodes.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            docs[row["id"]].update(d for d in row["documents"].split("|") if d)
    with (out / "edges.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            docs[row["source"]].add(row["document"])
            docs[row["target"]].add(row["document"])
    return docs


def facts_between(out: Path) -> dict[frozenset[str], set[str]]:
    """{a, b} → the documents of the facts between them (``edges.csv``)."""
    found: dict[frozenset[str], set[str]] = defaultdict(set)
    with (out / "edges.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            found[frozenset((row["source"], row["target"]))].add(row["document"])
    return found


# ---- the view models of the build -------------------------------------------------------------------

def test_corpus_build_conforms_and_every_network_view_sets_unconnected_nodes_apart(build: dict[str, Any]) -> None:
    assert "0 violations" in build["log"]                  # the place quads pass the shapes
    views = build["views"]
    eco = _model(views, "ecosystem")
    assert eco["stats"]["unconnected"] > 0                 # the genre: many organisations linked to nothing
    for path in sorted(views.glob("*.json")) + sorted((views / "org").glob("*.json")):
        model = json.loads(path.read_text(encoding="utf-8"))
        if model["kind"] == "index":
            continue
        touched = {x for e in model["edges"] for x in (e["from"], e["to"])}
        for n in model["nodes"]:
            if n["unconnected"]:
                assert n["id"] not in touched, path.name
            else:
                assert n["id"] in touched or n["type"] == "Place" or n["id"] == model.get("centre"), path.name
        assert sum(u["count"] for u in model["unconnected"]) == model["stats"]["unconnected"], path.name


def test_corpus_documents_have_places_and_the_views_offer_them(build: dict[str, Any]) -> None:
    cities = city_of_documents(build["out"])
    assert len(set(cities.values())) >= 2                  # the dev corpus holds many cities
    eco = _model(build["views"], "ecosystem")
    assert eco["places"] and len(eco["place_groups"]) >= 3        # two cities at least, and the bridges
    keys = {p["key"] for p in eco["places"]}
    assert all(set(n["places"]) <= keys for n in eco["nodes"])


def test_corpus_bridges_are_named_in_two_cities_by_the_builds_own_exports(build: dict[str, Any]) -> None:
    model = _model(build["views"], "bridges")
    assert model["bridges"], "the dev corpus has organisations named in documents of two cities"
    city = city_of_documents(build["out"])
    naming = documents_naming(build["out"])
    linked = facts_between(build["out"])
    for b in model["bridges"]:
        named_in = {city[d] for d in naming[b["id"]] if d in city}
        assert len(named_in) >= 2, b["label"]
        assert {p["label"] for p in b["places"]} == named_in, b["label"]
        for p in b["places"]:
            assert {city[d] for d in p["documents"]} == {p["label"]}
            for partner in p["partners"]:
                assert any(city.get(d) == p["label"] for d in linked[frozenset((b["id"], partner))])
    bridged = {frozenset((p["a"], p["b"])) for p in model["pairs"]}
    assert all(frozenset(pair) not in bridged for pair in model["no_shared_partner"])
    assert len(model["pairs"]) + len(model["no_shared_partner"]) == model["stats"]["pairs"]


def test_corpus_bridges_tables_give_the_views_numbers(build: dict[str, Any]) -> None:
    from graph.store import open_store

    with open_store(str(build["out"].parent / "store"), read_only=True) as st:
        g = to_networkx(st.to_dataset())
    assert_bridges_agree(_model(build["views"], "bridges"), g)


# ---- in the browser ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    p, refused = offline_page(browser)
    errors: list[str] = []
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    assert refused == [] and errors == []                  # nothing from the network, no script error
    p.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("AIKG_VIEW_SHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shot(page: Any, shots: Path, name: str) -> None:
    page.wait_for_timeout(200)
    path = shots / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 30_000                    # a drawn page, not a blank one


def _drawn(page: Any) -> set[str]:
    return set(page.evaluate("network.body.data.nodes.getIds()"))


@needs_browser
def test_corpus_browser_leaves_unconnected_nodes_off_the_canvas_until_asked(build: dict[str, Any], page: Any,
                                                                           shots: Path) -> None:
    views = build["views"]
    model = _model(views, "ecosystem")
    open_view(page, views / "ecosystem.html")
    connected = {n["id"] for n in model["nodes"] if not n["unconnected"]}
    assert _drawn(page) == connected
    n = model["stats"]["unconnected"]
    assert f"({n})" in str(page.text_content('label:has(#show-unconnected)'))
    _shot(page, shots, "ecosystem")
    # the side panel lists them by type, with counts and a way to each one
    groups = page.locator("#unconnected details")
    assert groups.count() == len(model["unconnected"])
    counts = [int(str(t).strip(" ()")) for t in page.locator("#unconnected summary .count").all_text_contents()]
    assert counts == [u["count"] for u in model["unconnected"]] and sum(counts) == n
    first = page.locator("#unconnected details").first
    first.locator("summary").click()
    assert first.locator("li").count() == model["unconnected"][0]["count"]
    assert first.locator("li button.who").count() == model["unconnected"][0]["count"]
    page.check("#show-unconnected")
    assert _drawn(page) == {n["id"] for n in model["nodes"]}
    assert page.evaluate("network.body.data.edges.length") == len(model["edges"])
    _shot(page, shots, "ecosystem-unconnected")
    page.uncheck("#show-unconnected")
    assert _drawn(page) == connected
    # a name in the list brings its node onto the canvas, selected, with its panel
    wanted = model["unconnected"][0]["ids"][0]
    first.locator(f'button.who[data-id="{wanted}"]').first.click()
    assert wanted in _drawn(page) and page.evaluate("network.getSelectedNodes()") == [wanted]
    assert page.text_content("#panel h2") == next(x["label"] for x in model["nodes"] if x["id"] == wanted)


@needs_browser
def test_corpus_browser_hubs_keep_their_labels_and_others_come_on_hover(build: dict[str, Any], page: Any) -> None:
    views = build["views"]
    model = _model(views, "ecosystem")
    open_view(page, views / "ecosystem.html")
    assert page.evaluate("document.fonts.check('14px \"WenQuanYi Micro Hei\"')")    # Chinese glyphs, not boxes
    hubs = page.evaluate("aikg.shownIds().slice(0, aikg.hubCount())")
    by_rank = sorted((x for x in model["nodes"] if not x["unconnected"]), key=lambda x: x["rank"])
    assert hubs == [x["id"] for x in by_rank[:len(hubs)]] and len(hubs) >= 6
    for scale in (1.0, 0.25, 0.08):                       # default zoom, then far out: the hubs keep theirs
        page.evaluate(f"network.moveTo({{scale: network.getScale() * {scale}, animation: false}})")
        page.wait_for_timeout(50)
        assert set(hubs) <= set(page.evaluate("aikg.labelled()")), scale
    page.evaluate("aikg.setUnconnected(false)")            # fits the view again
    labelled = set(page.evaluate("aikg.labelled()"))
    quiet = next(x for x in by_rank if x["id"] not in labelled)     # a node without a label at this zoom
    page.evaluate(f"network.focus({json.dumps(quiet['id'])}, {{scale: network.getScale(), animation: false}})")
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    assert quiet["id"] in page.evaluate("aikg.labelled()")   # on hover
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    # zoomed in on it, labels that did not fit come
    page.evaluate(f"network.focus({json.dumps(quiet['id'])}, {{scale: network.getScale() * 6, animation: false}})")
    page.wait_for_timeout(100)
    assert quiet["id"] in page.evaluate("aikg.labelled()")


@needs_browser
def test_corpus_browser_place_filter_and_grouping(build: dict[str, Any], page: Any, shots: Path) -> None:
    views = build["views"]
    model = _model(views, "ecosystem")
    open_view(page, views / "ecosystem.html")
    before = _drawn(page)
    choice = max((p for p in model["places"] if p["depth"] == 1), key=lambda p: (p["nodes"], p["key"]))
    page.select_option("#place-filter", choice["key"])
    after = _drawn(page)
    expected = {n["id"] for n in model["nodes"] if not n["unconnected"]
                and any(inside(k, choice["key"]) for k in n["places"])}
    assert after == expected and after != before and after
    assert choice["key"] in page.evaluate("decodeURIComponent(location.hash)")
    # the city is drawn in its own disc, the nodes it shares with other cities just beside it
    disc = next(g for g in model["place_groups"] if g["key"] == choice["key"])
    at = page.evaluate("network.getPositions()")
    assert all(math.hypot(p["x"] - disc["x"], p["y"] - disc["y"]) <= disc["r"] + 400 for p in at.values())
    _shot(page, shots, "ecosystem-place")
    page.select_option("#place-filter", "")
    assert _drawn(page) == before
    page.check("#group-by-place")
    positions = page.evaluate("network.getPositions()")
    grouped = {n["id"]: (n["gx"], n["gy"]) for n in model["nodes"]}
    assert all((round(p["x"]), round(p["y"])) == grouped[i] for i, p in positions.items())
    _shot(page, shots, "ecosystem-grouped")
    page.uncheck("#group-by-place")
    positions = page.evaluate("network.getPositions()")
    assert any((round(p["x"]), round(p["y"])) != grouped[i] for i, p in positions.items())
    # a link with the place and the grouping in it opens the view so
    page.goto((views / "ecosystem.html").resolve().as_uri() + "#group=place&place=" + choice["key"])
    wait_ready(page)
    assert _drawn(page) == expected and page.is_checked("#group-by-place")


@needs_browser
def test_corpus_browser_every_view_filters_by_place(build: dict[str, Any], page: Any) -> None:
    views = build["views"]
    for path in [*sorted(views.glob("*.html")), *sorted((views / "org").glob("*.html"))[:3]]:
        model = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if model["kind"] == "index" or len(model["places"]) < 2:
            continue
        open_view(page, path)
        choice = min(model["places"], key=lambda p: (p["nodes"], p["key"]))
        page.select_option("#place-filter", choice["key"])
        drawn = _drawn(page)
        assert drawn and all(any(inside(k, choice["key"]) for k in n["places"])
                             for n in model["nodes"] if n["id"] in drawn), path.name


@needs_browser
def test_corpus_browser_bridges_view_lists_who_connects_the_cities(build: dict[str, Any], page: Any,
                                                                   shots: Path) -> None:
    views = build["views"]
    model = _model(views, "bridges")
    open_view(page, views / "bridges.html")
    rows = page.locator("#bridges-table tr")
    assert rows.count() - 1 == len(model["bridges"]) >= 1
    first = rows.nth(1).locator("button.who").get_attribute("data-id")
    city = city_of_documents(build["out"])
    assert len({city[d] for d in documents_naming(build["out"])[str(first)] if d in city}) >= 2
    assert page.locator("#unshared-table tr").count() - 1 == len({c for pair in model["no_shared_partner"] for c in pair})
    assert set(page.evaluate("aikg.labelled()")) >= {n["id"] for n in model["nodes"] if n["type"] == "Place"}
    _shot(page, shots, "bridges")
    rows.nth(1).locator("button.who").click()              # the bridge's panel: its cities and partners
    assert page.text_content("#panel h2") == model["bridges"][0]["label"]
    assert "文件提及" in str(page.text_content("#panel-body"))
    open_view(page, views / "bridges.html")
    link = page.locator("#bridges-table a[data-place]").first        # a city opens the ecosystem of it
    key = link.get_attribute("data-place")
    link.click()
    wait_ready(page)
    eco = _model(views, "ecosystem")
    assert page.evaluate("aikg.state.place") == key
    assert _drawn(page) == {n["id"] for n in eco["nodes"] if not n["unconnected"]
                            and any(inside(k, str(key)) for k in n["places"])}
