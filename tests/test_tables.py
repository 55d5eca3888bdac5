"""graph.tables: one import gives the graph of a store, a SPARQL server, an export file or documents as tables."""
from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import pytest
from pyoxigraph import Literal
from store_samples import HUST_ID, LETTER_ID, load_extractions, sample_extractions

from extract.ingest import read_document
from graph.exports import write_exports
from graph.network import to_networkx
from graph.rdf import to_dataset
from graph.serve import make_server
from graph.store import StoreError, open_store
from graph.tables import ENTITY_COLUMNS, RELATION_COLUMNS, KnowledgeGraph, open_graph

REPO = Path(__file__).resolve().parents[1]
LETTER = REPO / "corpus" / LETTER_ID


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False)


def test_tables_a_store_embedded_or_remote_gives_every_table(sample_store: str) -> None:
    kg = open_graph(sample_store)
    g = to_networkx(to_dataset(sample_extractions()))
    ents, rels = kg.entities(), kg.relations()
    assert list(ents.columns) == ENTITY_COLUMNS and list(rels.columns) == RELATION_COLUMNS
    assert len(ents) == g.number_of_nodes() and len(rels) == g.number_of_edges()
    assert ents.set_index("name").loc["中国（温州）数安港", "aliases"] == ["数安港"]
    assert ents.set_index("name").loc["中电海康", "documents"] == sorted([HUST_ID, LETTER_ID])
    signed = rels[(rels["subject"] == "温州市") & (rels["predicate"] == "signedAgreementWith")]
    assert set(signed["object"]) == {"中国联通", "浙江长城计算机系统有限公司", "中国AIGC产业联盟"}
    assert set(signed["status"]) == {"achieved"} and set(signed["date"]) == {"2024-03"}
    assert (signed["document"] == LETTER_ID).all() and signed["evidence"].str.contains("签订合作协议").all()
    assert kg.documents()["document"].tolist() == sorted([HUST_ID, LETTER_ID])
    power = kg.metrics().query("unit == 'PFLOPS'").sort_values("value")
    assert power[["value", "status"]].values.tolist() == [[373.0, "achieved"], [2000.0, "planned"]]
    assert kg.network().number_of_edges() == g.number_of_edges()
    assert kg.source == sample_store


def test_tables_offsets_point_at_the_evidence_in_the_document() -> None:
    kg = open_graph(documents=LETTER)
    text = read_document(LETTER).text
    rels, metrics = kg.relations(), kg.metrics()
    assert len(rels) > 10 and len(metrics) > 5
    assert all(text[s:e] == ev for s, e, ev in rels[["start", "end", "evidence"]].values)
    # a metric's offsets are those of the figure itself, inside its evidence sentence
    assert all(text[s:e] and text[s:e] in ev for s, e, ev in metrics[["start", "end", "evidence"]].values)
    assert "373P" in text[slice(*metrics.query("value == 373")[["start", "end"]].values[0])]


def test_tables_every_source_gives_the_same_tables(tmp_path: Path) -> None:
    exs = sample_extractions()
    store = str(tmp_path / "store")
    load_extractions(store, exs)
    write_exports(to_dataset(exs), tmp_path / "exports")
    graphs = [open_graph(store), open_graph(to_dataset(exs)), open_graph(tmp_path / "exports" / "kg.trig"),
              open_graph(str(tmp_path / "exports" / "kg.nq")), open_graph(tmp_path / "exports" / "kg.jsonld")]
    first = graphs[0]
    for kg in graphs[1:]:
        for table in ("entities", "relations", "metrics", "documents"):
            _same(getattr(first, table)(), getattr(kg, table)())


def test_tables_sparql_and_saved_questions_as_dataframes(tmp_path: Path) -> None:
    kg = open_graph(to_dataset(sample_extractions()))
    n = kg.query("PREFIX aikg: <https://w3id.org/aikg/ontology#> SELECT (COUNT(?f) AS ?n) WHERE { ?f a aikg:Fact }")
    assert n["n"].tolist() == [len(kg.relations())]
    named = kg.query("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                     "SELECT ?e WHERE { ?e skos:prefLabel ?name }", name=Literal("美团", language="zh"))
    assert len(named) == 1 and named["e"].iloc[0].startswith("https://")
    partners = kg.question("partners", org="数安港")           # an alias, resolved as `aikg query` does
    assert {"中国电子", "美团"} <= set(partners["partner"])
    assert "partners" in KnowledgeGraph.questions()["name"].tolist()
    ask = kg.query("ASK { ?s ?p ?o }")
    assert ask["boolean"].tolist() == [True]


def test_tables_are_copies_the_caller_may_change() -> None:
    kg = open_graph(to_dataset(sample_extractions()))
    ents, docs = kg.entities(), kg.documents()
    ents.loc[:, "name"] = "x"
    ents.loc[ents.index[0], "aliases"].append("x")
    docs.loc[:, "city"] = "x"
    g = kg.network()
    g.remove_nodes_from(list(g.nodes))
    assert len(kg.relations()) == kg.network().number_of_edges() > 0
    assert "美团" in set(kg.entities()["name"]) and "x" not in kg.entities()["aliases"].iloc[0]
    assert set(kg.documents()["city"]) == {"温州市"}


def test_tables_default_source_is_the_environment_then_the_project(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    store = str(tmp_path / "store")
    load_extractions(store, sample_extractions()[1:])
    monkeypatch.setenv("AIKG_STORE", store)
    monkeypatch.setenv("AIKG_CORPUS", str(LETTER))
    assert open_graph().documents()["document"].tolist() == [HUST_ID], "AIKG_STORE first"
    monkeypatch.delenv("AIKG_STORE")
    assert open_graph().documents()["document"].tolist() == [LETTER_ID], "then AIKG_CORPUS"
    monkeypatch.chdir(REPO / "notebooks")      # where a notebook's kernel runs
    monkeypatch.setenv("AIKG_CORPUS", f"corpus/{LETTER_ID}")
    assert open_graph().documents()["document"].tolist() == [LETTER_ID], "a path from the repository"
    monkeypatch.delenv("AIKG_CORPUS")          # then the project's store, or corpus/
    kg = open_graph()
    assert LETTER_ID in kg.documents()["document"].tolist()
    assert kg.source == str(REPO / ".aikg" / "store") or kg.source.endswith("documents extracted")


@pytest.mark.parametrize(("source", "message"), [
    ("kg.ttl", "has no named graphs"),
    ("missing.trig", "no file"),
    ("no-store-here", "no store at"),
    ("ftp://host/kg", "unknown store"),
])
def test_tables_a_source_that_cannot_be_read_says_why(source: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "kg.ttl").write_text("", encoding="utf-8")
    spec = source if "://" in source else str(tmp_path / source)
    with pytest.raises(StoreError, match=message):
        open_graph(spec)


def test_tables_source_and_documents_are_one_or_the_other() -> None:
    with pytest.raises(ValueError, match="not both"):
        open_graph(":memory:", documents=LETTER)
    with pytest.raises(StoreError, match="no document"):
        open_graph(documents=[REPO / "corpus" / "nothing-here.txt"])


def test_tables_an_empty_store_gives_empty_tables(tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as st:
        st.replace_document("empty.txt", [])
    kg = open_graph(tmp_path / "store")
    assert kg.entities().empty and kg.relations().empty and kg.metrics().empty and kg.documents().empty
    assert list(kg.relations().columns) == RELATION_COLUMNS


def test_tables_a_server_that_cuts_results_short_is_refused(tmp_path: Path) -> None:
    """``aikg serve`` caps every result at --max-rows: a graph read from it in part would be wrong, not small."""
    store = str(tmp_path / "store")
    load_extractions(store, sample_extractions())
    for max_rows in (50, 100_000):
        server = make_server(store, port=0, max_rows=max_rows, workers=1)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        host, port = server.server_address[:2]
        try:
            spec = f"sparql+http://{host}:{port}?query=/sparql"        # aikg serve answers at /sparql
            if max_rows == 50:
                with pytest.raises(StoreError, match="cuts its results short"):
                    open_graph(spec)
            else:
                _same(open_graph(spec).relations(), open_graph(store).relations())
        finally:
            server.shutdown()
            server.server_close()


def test_tables_the_readme_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**The table API.**"):]
    code = section[section.index("```python\n") + len("```python\n"):section.index("```\n", 10)]
    monkeypatch.setenv("AIKG_CORPUS", str(LETTER))
    monkeypatch.delenv("AIKG_STORE", raising=False)
    scope: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), scope)       # noqa: S102 - the README's own example
    signed, partners, n = scope["signed"], scope["partners"], scope["n"]
    assert isinstance(signed, pd.DataFrame) and {"中国联通", "中国AIGC产业联盟"} <= set(signed["object"])
    assert isinstance(partners, pd.DataFrame) and len(partners) > 0
    assert isinstance(n, pd.DataFrame) and int(n["n"].iloc[0]) > 100
    assert isinstance(scope["cities"], pd.DataFrame) and scope["cities"]["city"].tolist() == ["温州市"]
