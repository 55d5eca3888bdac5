"""The knowledge store: embedded and remote behave the same; graphs swap whole; bad stores fail clearly."""
from __future__ import annotations

import os
from decimal import Decimal

import pytest
from pyoxigraph import Literal, NamedNode
from rdflib import XSD, Graph, URIRef
from rdflib import Literal as RLiteral
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from store_samples import HUST_ID, LETTER_ID, load_extractions, sample_extractions

from graph.rdf import to_dataset
from graph.rdf.iri import document_iri, graph_iri
from graph.store import QueryError, StoreError, open_store
from graph.store.sparql import BindingError, bind_values, query_form
from ontology.namespace import AIKG

DOC = URIRef(document_iri("测试文件.txt"))


def _doc_quads(sha: str, title: str) -> list[tuple[URIRef, URIRef, object]]:
    return [(DOC, URIRef(str(AIKG.fileName)), RLiteral("测试文件.txt")),
            (DOC, URIRef(str(AIKG.sha256)), RLiteral(sha)),
            (DOC, URIRef("http://purl.org/dc/terms/title"), RLiteral(title, lang="zh"))]


def _rows(spec: str, sparql: str) -> list[tuple[object, ...]]:
    with open_store(spec, read_only=True) as st:
        return [tuple(None if t is None else t.value for t in row) for row in st.query(sparql).rows]


_DOC_TYPE = [(DOC, URIRef(str(AIKG["Document"])), None)]


@pytest.mark.parametrize("title", ["温州市人工智能产业实施方案", "含\"引号\"与 } 括号的标题"])
def test_store_replace_document_swaps_the_whole_graph(store_spec: str, title: str) -> None:
    from rdflib import RDF

    with open_store(store_spec) as st:
        st.replace_document("测试文件.txt", [*_doc_quads("aaa", "旧标题"), (DOC, RDF.type, URIRef(str(AIKG.Document)))])
        st.replace_document("测试文件.txt", [*_doc_quads("bbb", title), (DOC, RDF.type, URIRef(str(AIKG.Document)))])
        assert st.documents() == {"测试文件.txt": "bbb"}
        assert st.quad_count() == 4
        titles = [r[0].value for r in st.query(
            "SELECT ?t WHERE { GRAPH ?g { ?d <http://purl.org/dc/terms/title> ?t } }").rows]
        assert titles == [title]


def test_store_documents_and_remove(sample_store: str) -> None:
    with open_store(sample_store) as st:
        docs = st.documents()
        assert sorted(docs) == [HUST_ID, LETTER_ID]
        st.remove_document(HUST_ID)
        st.remove_document("从未存在.txt")                       # absent: nothing happens
        assert sorted(st.documents()) == [LETTER_ID]


def _decimals_canonical(g: Graph) -> Graph:
    """The store writes xsd:decimal in canonical form ("1.0" → "1"): compare values, not spellings."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, RLiteral) and o.datatype == XSD.decimal:
            o = RLiteral(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def test_store_to_dataset_gives_back_every_named_graph(sample_store: str) -> None:
    expected = to_dataset(sample_extractions())
    with open_store(sample_store, read_only=True) as st:
        got = st.to_dataset()
        assert st.quad_count() == len(list(expected.quads((None, None, None, None))))
    for ex in sample_extractions():
        g = graph_iri(ex.document.id)
        a = to_isomorphic(_decimals_canonical(expected.graph(g)))
        b = to_isomorphic(_decimals_canonical(got.graph(g)))
        if not isomorphic(a, b):
            _, only_expected, only_got = graph_diff(a, b)
            pytest.fail(f"{ex.document.id}: missing {sorted(only_expected)[:5]}, extra {sorted(only_got)[:5]}")


def test_store_meta_is_kept_out_of_the_data(store_spec: str) -> None:
    with open_store(store_spec) as st:
        assert st.get_meta("extractor") is None
        st.set_meta("extractor", "v1")
        st.set_meta("extractor", "v2")
        assert st.get_meta("extractor") == "v2"
        assert st.quad_count() == 0 and list(st.quads()) == [] and len(st.to_dataset()) == 0


def test_store_an_update_that_fails_changes_nothing(sample_store: str) -> None:
    g = NamedNode(str(graph_iri(LETTER_ID)))
    with open_store(sample_store) as st:
        before = st.quad_count()
        with pytest.raises(StoreError):
            st.update(f"DROP GRAPH {g} ; INSERT DATA {{ GRAPH {g} {{ <urn:x> <urn:y> \"z\" }} }} ; "
                      f"LOAD <http://127.0.0.1:1/nothing.ttl> INTO GRAPH {g}")
        assert st.quad_count() == before
        assert LETTER_ID in st.documents()


@pytest.mark.parametrize("value", ['温州" } ; DROP ALL ; #', "中国（温州）数安港\\", "<urn:x>"])
def test_store_bound_values_are_data_not_query_text(sample_store: str, value: str) -> None:
    with open_store(sample_store, read_only=sample_store.startswith("/")) as st:
        res = st.query("SELECT ?e WHERE { GRAPH ?g { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?name } }",
                       {"name": Literal(value, language="zh")})
        assert res.rows == []
        assert sorted(st.documents()) == [HUST_ID, LETTER_ID]


def test_store_binding_several_values_matches_any(sample_store: str) -> None:
    with open_store(sample_store, read_only=sample_store.startswith("/")) as st:
        res = st.query("SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e <http://www.w3.org/2004/02/skos/core#altLabel> ?n } }",
                       {"n": [Literal("数安港", language="zh"), Literal("华中院", language="zh")]})
        assert len(res.rows) == 2


def test_store_refuses_updates_as_queries(sample_store: str) -> None:
    with open_store(sample_store, read_only=sample_store.startswith("/")) as st:
        with pytest.raises(QueryError, match="update"):
            st.query("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert st.quad_count() > 0


def test_store_malformed_query_says_where(store_spec: str) -> None:
    with open_store(store_spec) as st, pytest.raises(QueryError) as info:
        st.query("SELECT ?x WHERE { ?x ")
    assert "1:" in info.value.why                      # the parser's line:column


def test_store_kinds_of_results(sample_store: str) -> None:
    with open_store(sample_store, read_only=sample_store.startswith("/")) as st:
        assert st.query("ASK { GRAPH ?g { ?s a <https://w3id.org/aikg/ontology#Platform> } }").boolean is True
        triples = st.query("CONSTRUCT { ?s a ?t } WHERE { GRAPH ?g { ?s a ?t } }", max_rows=3)
        assert triples.kind == "graph" and len(triples) == 3 and triples.truncated
        rows = st.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", max_rows=5)
        assert len(rows) == 5 and rows.truncated


def test_store_read_only_embedded_store_cannot_be_written(tmp_path) -> None:
    load_extractions(str(tmp_path / "s"), sample_extractions())
    with open_store(tmp_path / "s", read_only=True) as st, pytest.raises(StoreError, match="read-only"):
        st.remove_document(LETTER_ID)


def test_store_bad_paths_fail_clearly(tmp_path) -> None:
    a_file = tmp_path / "store.txt"
    a_file.write_text("不是仓库", encoding="utf-8")
    with pytest.raises(StoreError, match="file, not a folder"):
        open_store(a_file)
    assert a_file.read_text(encoding="utf-8") == "不是仓库"
    with pytest.raises(StoreError, match="aikg build"):
        open_store(tmp_path / "never-built", read_only=True)
    with pytest.raises(StoreError, match="sparql\\+http"):
        open_store("http://127.0.0.1:1/sparql")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_store_read_only_folder_fails_clearly(tmp_path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="read-only|cannot"):
            open_store(folder / "store")
    finally:
        folder.chmod(0o755)


def test_store_a_second_writer_is_told_the_store_is_busy(tmp_path) -> None:
    with open_store(tmp_path / "s"):
        with pytest.raises(StoreError, match="write lock"):
            open_store(tmp_path / "s")
        with open_store(tmp_path / "s", read_only=True) as reader:     # readers are welcome
            assert reader.quad_count() == 0


def test_store_unreachable_server_fails_clearly() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreError, match="cannot reach"):
        open_store(f"sparql+http://127.0.0.1:{port}")


@pytest.mark.parametrize(("query", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX a: <urn:a#>\n# ASK in a comment\nselect ?x { ?x a:p 1 }", "SELECT"),
    ("ASK { ?s ?p ?o }", "ASK"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <urn:x>", "DESCRIBE"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "UPDATE"),
    ("PREFIX a: <urn:a#> DELETE WHERE { ?s a:p ?o }", "UPDATE"),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "UPDATE"),
])
def test_store_sparql_query_form(query: str, form: str) -> None:
    assert query_form(query) == form


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE {\nVALUES ?o { \"温州\" }\n ?x ?p ?o }"),
    ("SELECT ?x { ?x ?p ?o }", "SELECT ?x {\nVALUES ?o { \"温州\" }\n ?x ?p ?o }"),
    ('# WHERE { in a comment\nSELECT ("{" AS ?b) ?x WHERE { ?x ?p ?o }',
     '# WHERE { in a comment\nSELECT ("{" AS ?b) ?x WHERE {\nVALUES ?o { "温州" }\n ?x ?p ?o }'),
    ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", "CONSTRUCT { ?x ?p ?o } WHERE {\nVALUES ?o { \"温州\" }\n ?x ?p ?o }"),
    ("CONSTRUCT { ?x ?p ?o } { ?x ?p ?o }", "CONSTRUCT { ?x ?p ?o } {\nVALUES ?o { \"温州\" }\n ?x ?p ?o }"),
    ("PREFIX w: <urn:WHERE#>\nASK { ?x w:p ?o }", "PREFIX w: <urn:WHERE#>\nASK {\nVALUES ?o { \"温州\" }\n ?x w:p ?o }"),
])
def test_store_sparql_values_go_at_the_start_of_the_where_group(query: str, expected: str) -> None:
    assert bind_values(query, {"o": Literal("温州")}) == expected


@pytest.mark.parametrize("query", ["DESCRIBE <urn:x>", "CONSTRUCT WHERE { ?s ?p ?o }", "INSERT DATA { <a:b> <a:b> 1 }"])
def test_store_sparql_unbindable_queries_are_refused(query: str) -> None:
    with pytest.raises(BindingError):
        bind_values(query, {"o": Literal("x")})


def test_store_sparql_bad_variable_names_are_refused() -> None:
    with pytest.raises(BindingError):
        bind_values("SELECT * { ?s ?p ?o }", {"o } DROP": Literal("x")})
