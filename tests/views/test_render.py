"""Rendering and writing the views: single offline files, escaped data, JSON twins, the CLI command."""
from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from graph.cli import app
from graph.views import (
    all_models,
    ecosystem_model,
    ego_model,
    family_model,
    index_model,
    render_views,
    status_model,
    write_views,
)
from graph.views.jsontext import model_json
from graph.views.render import escape_json_text, render_index, render_view, to_pyvis

EXPECTED_TOP = ["agreements.html", "bridges.html", "clusters.html", "co-building.html", "consortia.html",
                "ecosystem.html", "index.html", "planned-vs-achieved.html"]


@pytest.mark.parametrize("text", [
    "</script><script>alert(1)</script>", "A&B <b>粗</b>", "行\u2028分隔\u2029段", "中国（温州）数安港", "'\"\\",
])
def test_render_json_escaping_round_trips_and_hides_markup(text: str) -> None:
    encoded = escape_json_text(json.dumps({"name": text}, ensure_ascii=False))
    assert not set(encoded) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(encoded) == {"name": text}


@pytest.mark.parametrize("build", [ecosystem_model, status_model, lambda g: family_model(g, "agreements"),
                                   lambda g: ego_model(g, min(g.nodes))])
def test_render_page_is_one_offline_file(sample_graph: nx.MultiDiGraph, build) -> None:
    html = render_view(build(sample_graph))
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "vis-network" in html and "new vis.Network" in html       # vis-network in-lined
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", html, re.IGNORECASE)
    assert "cdnjs" not in html and "jsdelivr" not in html
    assert "bootstrap" not in html.lower()
    assert "default-src 'none'" in html                                 # the page may fetch nothing
    assert html.count("<h1") == 1                                        # pyvis's double heading is gone


def test_render_hostile_names_and_sentences_never_reach_the_page_as_markup(sample_graph: nx.MultiDiGraph,
                                                                          hostile: str) -> None:
    html = render_view(ecosystem_model(sample_graph))
    assert "alert(1)" in html                                 # the name is there, as data
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>坏" not in html
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert all(s in ("<script>", '<script type="application/json" id="aikg-model">',
                     '<script type="application/json" id="aikg-nodes">',
                     '<script type="application/json" id="aikg-edges">',
                     '<script type="application/json" id="aikg-options">') for s in scripts)


def test_render_embedded_model_equals_json_twin(sample_graph: nx.MultiDiGraph) -> None:
    model = ecosystem_model(sample_graph)
    html = render_view(model)
    embedded = re.search(r'<script type="application/json" id="aikg-model">(.*?)</script>', html, re.DOTALL)
    assert embedded and json.loads(embedded.group(1)) == model


def test_render_write_views_writes_every_view_and_its_json_twin(sample_graph: nx.MultiDiGraph, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)                       # pyvis "local" mode would drop lib/ here: it must not
    out = tmp_path / "exports" / "views"
    pages = write_views(sample_graph, out)
    assert sorted(p.name for p in out.glob("*.html")) == EXPECTED_TOP
    orgs = sorted(p.name for p in (out / "org").glob("*.html"))
    assert len(orgs) == 9 and any(n.startswith("中国_温州_数安港-") for n in orgs)
    assert len(pages) == 8 + 9 and all(p.with_suffix(".json").exists() for p in pages)
    assert not (tmp_path / "lib").exists()
    twin = json.loads((out / "ecosystem.json").read_text(encoding="utf-8"))
    assert twin == ecosystem_model(sample_graph)
    assert "温州市" in (out / "ecosystem.html").read_bytes().decode("utf-8")


def test_render_write_views_removes_ego_views_of_vanished_organisations(sample_graph: nx.MultiDiGraph,
                                                                       tmp_path: Path) -> None:
    stale = tmp_path / "org" / "旧机构-00000000.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    stale.with_suffix(".json").write_text("{}", encoding="utf-8")
    (tmp_path / "org" / "notes.txt").write_text("keep", encoding="utf-8")
    write_views(sample_graph, tmp_path)
    assert not stale.exists() and not stale.with_suffix(".json").exists()
    assert (tmp_path / "org" / "notes.txt").exists()


def test_render_write_views_does_not_change_the_graph(sample_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    before = list(sample_graph.nodes(data=True)), list(sample_graph.edges(keys=True, data=True))
    write_views(sample_graph, tmp_path)
    assert (list(sample_graph.nodes(data=True)), list(sample_graph.edges(keys=True, data=True))) == before


@pytest.mark.parametrize("suffix,fmt", [(".trig", "trig"), (".nq", "nquads")])
def test_render_cli_view_reads_an_rdf_file(sample_dataset: Dataset, tmp_path: Path, suffix: str, fmt: str) -> None:
    rdf = tmp_path / f"graph{suffix}"
    sample_dataset.serialize(rdf, format=fmt)
    result = CliRunner().invoke(app, ["view", "--from-ttl", str(rdf), "--out", str(tmp_path / "exports")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "exports" / "views" / "index.html").exists()
    index = json.loads((tmp_path / "exports" / "views" / "index.json").read_text(encoding="utf-8"))
    assert {o["label"] for o in index["organisations"]} >= {"温州市", "中国（温州）数安港"}


@pytest.mark.parametrize("args,message", [
    (["view", "--from-ttl", "missing.trig"], "does not exist"),
    (["view", "--from-ttl", "graph.xyz"], "unknown RDF file type"),
])
def test_render_cli_view_errors_say_what_and_how_to_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "graph.xyz").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output and "fix:" in result.output


def test_render_cli_view_reads_the_store(sample_dataset: Dataset, tmp_path: Path) -> None:
    from graph.rdf.iri import graph_iri
    from graph.store import open_store

    store = tmp_path / "store"
    with open_store(store) as st:
        for doc in ("wenzhou-ai-2024.txt", "wenzhou-ai-2025.txt"):
            st.replace_document(doc, sample_dataset.graph(graph_iri(doc)))
    result = CliRunner().invoke(app, ["view", "--store", str(store), "--out", str(tmp_path / "exports")])
    assert result.exit_code == 0, result.output
    twin = json.loads((tmp_path / "exports" / "views" / "planned-vs-achieved.json").read_text(encoding="utf-8"))
    assert twin["stats"]["facts"] == 10
    assert len(list((tmp_path / "exports" / "views" / "org").glob("*.html"))) == 9


def test_render_cli_view_without_a_built_store_says_how_to_fix(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["view", "--store", str(tmp_path / "nothing"), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "aikg build" in result.output and "--from-ttl" in result.output


def test_render_views_shared_work_gives_the_pages_of_one_view_at_a_time(sample_graph: nx.MultiDiGraph) -> None:
    pages = render_views(sample_graph)           # one memo, one encoder: records built and encoded once
    models = all_models(sample_graph)
    for model in [index_model(sample_graph, models), *models]:
        alone = render_index(model) if model["kind"] == "index" else render_view(model)
        assert pages[model["path"]] == alone, model["path"]
        assert pages[model["path"].removesuffix(".html") + ".json"] == model_json(model)


def test_render_vis_records_carry_what_vis_draws_and_no_more(sample_graph: nx.MultiDiGraph) -> None:
    model = ecosystem_model(sample_graph)
    net = to_pyvis(model)
    records = {r["id"]: r for r in net.edges}
    for e in model["edges"]:
        r = records[e["id"]]
        assert (r["from"], r["to"], r["color"], r["dashes"]) == (e["from"], e["to"], e["color"], e["dashes"])
        assert "predicates" not in r and "status" not in r        # the filters read the model
    nodes = {r["id"]: r for r in net.nodes}
    assert all("label" not in r for r in nodes.values())          # the page draws the labels
    assert {n["id"]: (n["x"], n["y"]) for n in model["nodes"]} == {i: (r["x"], r["y"]) for i, r in nodes.items()}
