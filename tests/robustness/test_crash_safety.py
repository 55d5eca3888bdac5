"""Crash safety: ``aikg build`` killed with SIGKILL part-way through 100 documents leaves a store that reopens
(RocksDB's LOCK file left behind is no obstacle) and holds only whole document graphs; the rerun completes it
to exactly what an uninterrupted build gives."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from robustness_helpers import ROOT, aikg, store_digest, write_corpus

from graph.rdf.iri import graph_iri
from graph.store import open_store

N_DOCS = 100
N_WRITTEN = 30_000
AIKG = "https://w3id.org/aikg/ontology#"
DOCUMENTS = f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH ?g {{ ?d a <{AIKG}Document> }} }}"
# per named graph: its Document nodes and file names (a whole graph has exactly one of each)
PER_GRAPH = f"""SELECT ?g (COUNT(DISTINCT ?d) AS ?docs) (COUNT(DISTINCT ?name) AS ?names) (SAMPLE(?name) AS ?file)
WHERE {{ GRAPH ?g {{ ?s ?p ?o OPTIONAL {{ ?d a <{AIKG}Document> ; <{AIKG}fileName> ?name }} }}
        FILTER(?g != <urn:aikg:store>) }} GROUP BY ?g"""
# facts lacking any piece of their provenance, or pointing at another document than their graph's
BROKEN_FACTS = f"""PREFIX aikg: <{AIKG}> PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?f WHERE {{ GRAPH ?g {{ ?f a aikg:Fact . ?d a aikg:Document .
  FILTER NOT EXISTS {{ ?f aikg:document ?d ; prov:wasDerivedFrom ?d ; aikg:evidence ?e ; aikg:startOffset ?s ;
                       aikg:endOffset ?end ; aikg:rule ?r ; aikg:status ?st }} }} }}"""

pytestmark = pytest.mark.xdist_group("crash-safety")


def _held(store: Path) -> int | None:
    """Documents a read-only look at the store sees now (None while it cannot be opened)."""
    try:
        with open_store(str(store), read_only=True) as st:
            rows = st.query(DOCUMENTS).rows
    except Exception:  # noqa: BLE001 - the writer may be between files; look again
        return None
    return int(rows[0][0].value) if rows and rows[0][0] is not None else 0


def _check_whole(store: Path, names: set[str] | None = None) -> int:
    """Every named graph is one whole document (one Document node, its facts with provenance); returns
    how many documents; with ``names``, they are exactly those file names, each once."""
    with open_store(str(store), read_only=True) as st:
        per_graph = st.query(PER_GRAPH).rows
        broken = st.query(BROKEN_FACTS).rows
    files = []
    for g, docs, file_names, file in per_graph:
        assert (int(docs.value), int(file_names.value)) == (1, 1), f"graph {g.value} is partial or mixed"
        assert g.value.endswith("/graph/" + file.value), g.value
        files.append(file.value)
    assert broken == [], f"{len(broken)} facts without their provenance"
    assert len(files) == len(set(files)), "a document is held twice"
    if names is not None:
        assert set(files) == names
    return len(files)


def test_crash_safety_build_killed_part_way_resumes_to_a_whole_store(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    names = {p.name for p in write_corpus(corpus, N_DOCS)}
    store = tmp_path / ".aikg" / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "graph", "build", str(corpus), "--store", str(store), "--out",
                             str(tmp_path / "exports")], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = 0
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            seen = _held(store) or 0
            if seen >= 10:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the build ended before it could be killed"
        assert seen < N_DOCS, "every document was in before the kill: the test needs a slower build"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    assert (store / "LOCK").exists()                 # RocksDB's lock file stays behind …
    with open_store(str(store)) as st:               # … and is no obstacle: read-write opens again
        assert st.quad_count() > 0
    killed = _check_whole(store)
    assert seen <= killed < N_DOCS

    run = aikg("build", corpus, "--store", store, "--out", tmp_path / "exports", cwd=tmp_path)
    assert run.code == 0 and "Traceback" not in run.output, run.output
    assert _check_whole(store, names) == N_DOCS

    assert store_digest(store) == store_digest(_uninterrupted(corpus, tmp_path / "clean" / "store"))


def _uninterrupted(corpus: Path, store: Path) -> Path:
    """The document graphs an uninterrupted build writes (its loop, without validation and exports)."""
    from extract.ingest import read_corpus
    from graph.build import document_quads
    from graph.rdf.identity import AliasTable

    docs, problems = read_corpus([corpus])
    assert problems == []
    aliases = AliasTable.read(store.parent / "aliases.csv")
    with open_store(str(store)) as st:
        for doc in docs:
            st.replace_document(doc.id, document_quads(doc, aliases, []))
    return store


# the two writes replace_document makes: a changed document's graph swapped by one SPARQL update, a new
# document's graph added by one transactional extend
_WRITES = {   # (the data prepared beforehand, the one write that stores it)
    "update": ("replace_graph_update(NamedNode(str(g)), document_triples(doc, quads))", "st.raw.update(data)"),
    "extend": ("[Quad(t.subject, t.predicate, t.object, NamedNode(str(g))) for t in document_triples(doc, quads)]",
               "st.raw.extend(data)"),
}


@pytest.mark.parametrize(("write", "doc"), [("update", "wenzhou-2024-111-reply-letter.txt"), ("extend", "新文件.txt")])
def test_crash_safety_writer_killed_inside_a_transaction_changes_nothing(tmp_path: Path, write: str,
                                                                         doc: str) -> None:
    """Killed while a document's graph is being written, the store holds the old graph (none for a new
    document) or the whole new one, never a mix; the other documents are untouched."""
    from store_samples import load_extractions, sample_extractions

    store = tmp_path / "store"
    load_extractions(str(store), sample_extractions())
    before = _graphs(store)
    code = (
        "import sys\n"
        "from pyoxigraph import NamedNode, Quad\n"
        "from rdflib import Literal, URIRef\n"
        "from graph.rdf.iri import graph_iri\n"
        "from graph.store import document_triples, open_store, replace_graph_update\n"
        "doc = sys.argv[2]\n"
        "g = graph_iri(doc)\n"
        f"quads = [(URIRef(f'urn:x:{{i}}'), URIRef('urn:p'), Literal('新' * 100), g) for i in range({N_WRITTEN})]\n"
        "st = open_store(sys.argv[1])\n"
        f"data = {_WRITES[write][0]}\n"
        "print('writing', flush=True)\n"
        f"{_WRITES[write][1]}\n"
        "print('written', flush=True)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(store), doc], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
    time.sleep(0.3)                                   # inside the one write
    proc.send_signal(signal.SIGKILL)
    rest = proc.stdout.read()
    proc.wait()
    after = _graphs(store)
    target = str(graph_iri(doc))
    assert {k: v for k, v in after.items() if k != target} == {k: v for k, v in before.items() if k != target}
    if after.get(target) != before.get(target) or "written" in rest:    # the write went in: all of it
        assert after[target][0] == N_WRITTEN


def _graphs(store: Path) -> dict[str, tuple[int, str]]:
    """(quad count, sha256 of the sorted quads) per named graph, the bookkeeping graph left out."""
    import hashlib
    from collections import defaultdict

    lines: dict[str, list[str]] = defaultdict(list)
    with open_store(str(store), read_only=True) as st:
        for q in st.quads():
            lines[q.graph_name.value].append(f"{q.subject} {q.predicate} {q.object}")
    return {g: (len(ls), hashlib.sha256("\n".join(sorted(ls)).encode()).hexdigest()) for g, ls in lines.items()}
