"""The SPARQL endpoint: protocol, content negotiation, read-only, timeout, result cap, the query page."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_samples import clear_remote, load_extractions, sample_extractions

from graph.serve import EndpointServer, WorkerError, make_server

TIMEOUT = 2.0
MAX_ROWS = 50
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
COMPANIES = ("SELECT DISTINCT ?name WHERE { GRAPH ?g { ?e a <https://w3id.org/aikg/ontology#Company> ; "
             "<http://www.w3.org/2004/02/skos/core#prefLabel> ?name } } ORDER BY ?name")
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("endpoint") / "store"
    load_extractions(str(store), sample_extractions())
    server = make_server(str(store), port=0, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


def _call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          method: str | None = None) -> tuple[int, str, bytes, dict[str, str]]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with _OPENER.open(req, timeout=60) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read(), dict(exc.headers)


def _get(base: str, query: str, accept: str | None = None) -> tuple[int, str, bytes, dict[str, str]]:
    return _call(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}",
                 headers={"Accept": accept} if accept else None)


def _post_form(base: str, form: dict[str, str], accept: str | None = None) -> tuple[int, str, bytes, dict[str, str]]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return _call(f"{base}/sparql", urllib.parse.urlencode(form).encode(), headers)


def test_server_select_json_by_get_and_post(endpoint: str) -> None:
    for status, ctype, body, _ in (_get(endpoint, COMPANIES), _post_form(endpoint, {"query": COMPANIES})):
        assert status == 200 and ctype.startswith("application/sparql-results+json")
        names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
        assert names == sorted(["中国电子", "中国联通", "中电海康", "浙江长城计算机系统有限公司", "美团"])
        assert json.loads(body)["results"]["bindings"][0]["name"]["xml:lang"] == "zh"


def test_server_query_as_a_sparql_query_body(endpoint: str) -> None:
    status, _, body, _ = _call(f"{endpoint}/sparql", COMPANIES.encode("utf-8"),
                               {"Content-Type": "application/sparql-query"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5


@pytest.mark.parametrize(("accept", "ctype", "check"), [
    ("text/csv", "text/csv", lambda b: b.decode().splitlines()[:2] == ["name", "中国电子"]),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.decode().splitlines()[1] == '"中国电子"@zh'),
    ("application/sparql-results+xml", "application/sparql-results+xml",
     lambda b: '<literal xml:lang="zh">中国电子</literal>' in b.decode()),
    ("application/json", "application/sparql-results+json", lambda b: "bindings" in json.loads(b)["results"]),
    ("text/html, */*;q=0.1", "application/sparql-results+json", lambda b: "head" in json.loads(b)),
])
def test_server_select_content_negotiation(endpoint: str, accept: str, ctype: str, check) -> None:
    status, got, body, _ = _get(endpoint, COMPANIES, accept)
    assert status == 200 and got.startswith(ctype)
    assert check(body)


def test_server_ask(endpoint: str) -> None:
    status, _, body, _ = _get(endpoint, "ASK { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, _, body, _ = _get(endpoint, "ASK { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+xml")
    assert b"<boolean>true</boolean>" in body


@pytest.mark.parametrize(("accept", "ctype", "marker"), [
    (None, "text/turtle", "@prefix aikg:"),
    ("application/n-triples", "application/n-triples", "<https://w3id.org/aikg/ontology#Platform> ."),
])
def test_server_construct_gives_rdf(endpoint: str, accept: str | None, ctype: str, marker: str) -> None:
    q = ("PREFIX aikg: <https://w3id.org/aikg/ontology#> CONSTRUCT { ?p a aikg:Platform } "
         "WHERE { GRAPH ?g { ?p a aikg:Platform } }")
    status, got, body, _ = _get(endpoint, q, accept)
    assert status == 200 and got.startswith(ctype)
    assert marker in body.decode("utf-8")


def test_server_unacceptable_type_is_406(endpoint: str) -> None:
    status, _, body, _ = _get(endpoint, COMPANIES, "image/png")
    assert status == 406 and b"text/csv" in body


@pytest.mark.parametrize("how", ["update form", "update body", "update as query"])
def test_server_refuses_updates(endpoint: str, how: str) -> None:
    update = "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"
    if how == "update form":
        status, _, body, _ = _post_form(endpoint, {"update": update})
    elif how == "update body":
        status, _, body, _ = _call(f"{endpoint}/sparql", update.encode(), {"Content-Type": "application/sparql-update"})
    else:
        status, _, body, _ = _post_form(endpoint, {"query": update})
    assert status == 403 and b"read-only" in body
    status, _, body, _ = _get(endpoint, "ASK { GRAPH ?g { ?s ?p ?o } }")
    assert json.loads(body)["boolean"] is True


def test_server_malformed_query_is_400_with_the_parser_message(endpoint: str) -> None:
    status, _, body, _ = _get(endpoint, "SELECT ?x WHERE { ?x ")
    assert status == 400
    assert b"not valid SPARQL" in body and b"1:" in body


def test_server_missing_query_is_400(endpoint: str) -> None:
    status, _, body, _ = _call(f"{endpoint}/sparql")
    assert status == 400 and b"no query" in body


def test_server_slow_query_is_stopped_with_503_and_the_server_goes_on(endpoint: str) -> None:
    status, _, body, _ = _get(endpoint, SLOW)
    assert status == 503 and b"did not finish" in body
    status, _, body, _ = _get(endpoint, COMPANIES)                 # a fresh worker answers
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5


def test_server_two_slow_queries_at_once_both_stop(endpoint: str) -> None:
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(_get(endpoint, SLOW)[0])) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results == [503, 503]


def test_server_caps_results_and_says_so(endpoint: str) -> None:
    status, _, body, headers = _get(endpoint, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    assert headers.get("X-Result-Truncated") == "true" and headers.get("X-Result-Limit") == str(MAX_ROWS)


def test_server_saved_question_with_parameters(endpoint: str) -> None:
    url = f"{endpoint}/queries/partners?{urllib.parse.urlencode({'org': '华中院'})}"
    status, _, body, _ = _call(url, headers={"Accept": "application/json"})
    assert status == 200
    partners = {b["partner"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert partners == {"中电海康", "温州市"}
    status, _, body, _ = _call(f"{endpoint}/queries/partners")
    assert status == 400 and b"needs --param org" in body
    status, _, body, _ = _call(f"{endpoint}/queries/clusters?format=csv&platform=%E6%95%B0%E5%AE%89%E6%B8%AF")
    assert status == 200 and body.decode().startswith("host,member")


def test_server_lists_saved_questions(endpoint: str) -> None:
    status, ctype, body, _ = _call(f"{endpoint}/queries")
    assert status == 200 and ctype.startswith("application/json")
    listed = {q["name"]: q for q in json.loads(body)}
    assert "partners" in listed and listed["partners"]["params"][0]["name"] == "org"
    assert "合作伙伴" in listed["partners"]["title_zh"]


def test_server_page_is_offline_and_lists_questions(endpoint: str) -> None:
    status, ctype, body, _ = _call(f"{endpoint}/")
    page = body.decode("utf-8")
    assert status == 200 and ctype.startswith("text/html")
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert 'fetch("/queries")' in page and "/sparql" in page
    assert "查询" in page


def test_server_unknown_path_is_404(endpoint: str) -> None:
    assert _call(f"{endpoint}/nothing-here")[0] == 404
    assert _call(f"{endpoint}/queries/no-such-question")[0] == 404


def test_server_binds_to_loopback_by_default(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load_extractions(str(store), sample_extractions())
    server: EndpointServer = make_server(str(store), port=0, workers=1)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_server_without_a_store_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(WorkerError, match="aikg build"):
        make_server(str(tmp_path / "never-built"), port=0)


def test_server_over_a_remote_store(oxigraph_server: str) -> None:
    load_extractions(clear_remote(oxigraph_server), sample_extractions())
    server = make_server(oxigraph_server, port=0, workers=1, timeout=10)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        status, _, body, _ = _get(f"http://{host}:{port}", COMPANIES)
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5
    finally:
        server.shutdown()
        server.server_close()


def test_server_sees_a_rebuilt_store_without_restarting(tmp_path: Path) -> None:
    letter, hust = sample_extractions()
    store = str(tmp_path / "store")
    load_extractions(store, [letter])
    server = make_server(store, port=0, workers=1, timeout=10)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = "http://{}:{}".format(*server.server_address[:2])
    docs = "SELECT ?name WHERE { GRAPH ?g { ?d <https://w3id.org/aikg/ontology#fileName> ?name } }"
    try:
        assert len(json.loads(_get(base, docs)[2])["results"]["bindings"]) == 1
        load_extractions(store, [hust])                  # `aikg build` writes while the endpoint serves
        assert len(json.loads(_get(base, docs)[2])["results"]["bindings"]) == 2
    finally:
        server.shutdown()
        server.server_close()
