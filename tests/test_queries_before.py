"""The saved questions rewritten for speed at 10⁶ triples (issue 18) give the answers of their previous text
(``tests/queries_before/``) on the test graphs: the two sample documents, and a build of the bundled letter
with the dev documents."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from shared_corpus import DEV

from graph.build import build
from graph.queries import bind_params, list_queries
from graph.queries.saved import SavedQuery
from graph.store import open_store

BEFORE = Path(__file__).with_name("queries_before")
REPO = Path(__file__).resolve().parents[1]
REWRITTEN = sorted(p.stem for p in BEFORE.glob("*.rq"))
PARAMS: dict[str, list[dict[str, str]]] = {
    "brokers": [{}, {"type": "ResearchInstitute"}, {"type": "GovernmentBody"}],
    "innovation-consortia": [{}, {"org": "华中院"}, {"org": "中电海康"}, {"org": "温州市"}],
    "paths": [{"from": "中国联通", "to": "美团"}, {"from": "华中院", "to": "温州市"}, {"from": "温州市", "to": "中电海康"},
              {"from": "中国电子", "to": "中电海康"}],
}


FREE_ORDER = {"partnerKinds"}      # GROUP_CONCAT: the order of its items is the engine's


def _rows(spec: str, q: SavedQuery, params: dict[str, str]) -> list[tuple[str | None, ...]]:
    with open_store(spec, read_only=not spec.startswith(("sparql+", ":"))) as st:
        res = st.query(q.text, bind_params(q, params))
    return [tuple(None if v is None else " ".join(sorted(v.value.split())) if name in FREE_ORDER else str(v)
                  for name, v in zip(res.variables, row)) for row in res.rows]


def _pair(name: str) -> tuple[SavedQuery, SavedQuery]:
    now = {q.name: q for q in list_queries()}[name]
    before = dataclasses.replace(now, text=(BEFORE / f"{name}.rq").read_text(encoding="utf-8"))
    return now, before


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("queries-corpus")
    shutil.copy(REPO / "corpus" / "wenzhou-2024-111-reply-letter.txt", folder)
    if DEV.is_dir():
        for p in sorted(DEV.glob("*.txt")):
            shutil.copy(p, folder)
    root = tmp_path_factory.mktemp("queries-store")
    build([folder], root / "exports", str(root / "store"), views=False, validate=False)
    return str(root / "store")


@pytest.mark.parametrize("name", REWRITTEN)
def test_queries_before_same_answers_on_the_samples(name: str, sample_store: str) -> None:
    now, before = _pair(name)
    for params in PARAMS[name]:
        assert _rows(sample_store, now, params) == _rows(sample_store, before, params), params


@pytest.mark.slow
@pytest.mark.parametrize("name", REWRITTEN)
def test_queries_before_same_answers_on_a_built_corpus(name: str, dev_store: str) -> None:
    now, before = _pair(name)
    with open_store(dev_store, read_only=True) as st:
        orgs = [r[0].value for r in st.query(
            "PREFIX aikg: <https://w3id.org/aikg/ontology#> SELECT ?n (COUNT(*) AS ?c) WHERE { GRAPH ?g { ?f "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?e . ?e <http://www.w3.org/2004/02/skos/core#"
            "prefLabel> ?n } } GROUP BY ?n ORDER BY DESC(?c) ?n LIMIT 6").rows]
    cases = PARAMS[name] if name != "paths" else [{"from": a, "to": b} for a in orgs[:3] for b in orgs[3:]]
    for params in cases:
        assert _rows(dev_store, now, params) == _rows(dev_store, before, params), params
