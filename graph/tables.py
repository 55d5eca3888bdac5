"""The graph as pandas tables for notebooks: one import, ``open_graph``, then DataFrames and networkx.

``open_graph`` reads a graph once into memory — a built store (a folder, or a SPARQL server as
``sparql+http://HOST:PORT/PATH``), an RDF file the build exported (``kg.trig``, ``kg.nq``, ``kg.jsonld``),
documents extracted on the spot, or an rdflib Dataset — and returns a ``KnowledgeGraph``: a snapshot that
gives every table as a new DataFrame (change it freely) and answers SPARQL on the same snapshot.

========================  ==================================================================================
``kg.entities()``         name, type, aliases, documents, iri — one row per entity
``kg.relations()``        subject, predicate, object, status, date, evidence, document, start, end (the
                          evidence's character offsets in the document), types, rule, confidence, IRIs
``kg.metrics()``          subject, measure, value, unit, status, date, document, evidence, start, end (the
                          figure's character offsets in the document)
``kg.documents()``        document, 发文字号, date, title, issuer, city, entity/fact/metric counts
``kg.network()``          the networkx MultiDiGraph (entities as nodes, facts as edges), a copy
``kg.dataset``            the rdflib Dataset, for the functions of ``graph.analysis`` (shared: do not change)
``kg.validate()``         the SHACL report (violations; warnings that are gaps)
``kg.query(sparql)``      any SPARQL SELECT/ASK/CONSTRUCT as a DataFrame
``kg.question(name, …)``  a saved question (``aikg query --list``) with its parameters, as a DataFrame
========================  ==================================================================================

>>> from graph.tables import open_graph
>>> from graph.analysis.examples import example_dataset
>>> kg = open_graph(example_dataset())      # in a notebook: open_graph(".aikg/store"), or no argument
>>> kg
<KnowledgeGraph of a Dataset: 1 documents, 11 entities, 6 relations, 2 metrics>
>>> kg.relations().query("predicate == 'signedAgreementWith'")[["subject", "object", "status", "date"]].values.tolist()
[['温州市', '中国联通', 'achieved', '2024-03']]
>>> kg.entities().set_index("name").loc["中国（温州）数安港", "aliases"]
['数安港']
>>> kg.question("partners", org="数安港")[["relation", "partner", "status"]].values.tolist()
[['clusters', '每日互动', 'achieved'], ['clusters', '美团', 'achieved']]
"""
from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import networkx as nx
import pandas as pd
from pyoxigraph import NamedNode, Quad
from rdflib import Dataset

from graph.analysis.compare import document_table
from graph.analysis.corpus import corpus_files, repo_root
from graph.analysis.metrics import metric_table
from graph.network import to_networkx
from graph.queries import list_queries, load_query, run_saved
from graph.rdf.iri import graph_iri
from graph.store import DEFAULT_STORE, QueryResult, Store, StoreError, open_store
from graph.validate import ValidationReport, validate
from ontology.namespace import DATA_IRI

__all__ = ["ENTITY_COLUMNS", "RDF_FILES", "RELATION_COLUMNS", "KnowledgeGraph", "open_graph"]

log = logging.getLogger(__name__)

ENTITY_COLUMNS = ["name", "type", "aliases", "documents", "iri"]
RELATION_COLUMNS = ["subject", "predicate", "object", "status", "date", "evidence", "document", "start", "end",
                    "subject_type", "object_type", "rule", "confidence", "fact", "subject_iri", "object_iri"]
RDF_FILES = {".trig": "TRIG", ".nq": "N_QUADS", ".jsonld": "JSON_LD"}   # the exports that keep the named graphs


def _doc_id(graph: NamedNode) -> str | None:
    """The document whose named graph ``graph`` is (``graph.rdf.iri.graph_iri``), or None for another graph."""
    prefix = f"{DATA_IRI}graph/"
    if not graph.value.startswith(prefix):
        return None
    doc = unquote(graph.value.removeprefix(prefix))
    return doc if str(graph_iri(doc)) == graph.value else None


def _load(quads: Iterable[Any]) -> Store:
    """An in-memory store holding ``quads`` (pyoxigraph Quads or rdflib 4-tuples), one graph a document."""
    by_graph: dict[str, list[Any]] = defaultdict(list)
    for q in quads:
        if isinstance(q, Quad):
            name = q.graph_name.value if isinstance(q.graph_name, NamedNode) else ""
        else:
            ctx = q[3]
            name = str(getattr(ctx, "identifier", ctx) or "")
        by_graph[name].append(q)
    store = open_store(":memory:")
    skipped = 0
    for name, qs in sorted(by_graph.items()):
        doc = _doc_id(NamedNode(name)) if name else None
        if doc is None:
            skipped += len(qs)
            continue
        store.replace_document(doc, qs)
    if skipped:
        log.warning("left out %d quads outside the documents' named graphs (not made by aikg)", skipped)
    return store


def _records(result: QueryResult) -> pd.DataFrame:
    names, _ = result.table()
    return pd.DataFrame(result.records(), columns=list(names))


class KnowledgeGraph:
    """A snapshot of the graph in memory, read once by ``open_graph``: tables, the networkx graph, SPARQL.

    Every table method returns a new DataFrame; ``network()`` returns a new networkx graph each call.
    """

    def __init__(self, store: Store, source: str) -> None:
        self._store = store
        self.source = source

    def __repr__(self) -> str:
        g = self._network
        return (f"<KnowledgeGraph of {self.source}: {len(self._documents)} documents, {g.number_of_nodes()} "
                f"entities, {g.number_of_edges()} relations, {len(self._metrics)} metrics>")

    @cached_property
    def dataset(self) -> Dataset:
        """The graph as an rdflib Dataset (one named graph a document): what ``graph.analysis`` functions
        take. Shared by every call: copy it before changing it."""
        return self._store.to_dataset()

    @cached_property
    def _network(self) -> nx.MultiDiGraph[str]:
        return to_networkx(self._store.quads())

    @cached_property
    def _documents(self) -> pd.DataFrame:
        return document_table(self.dataset)

    @cached_property
    def _metrics(self) -> pd.DataFrame:
        return metric_table(self.dataset)

    def network(self) -> nx.MultiDiGraph[str]:
        """The entity graph: nodes are entity IRIs (``label``, ``type``, ``aliases``, ``documents``), edges
        the facts keyed by fact IRI (``predicate``, ``status``, ``date``, ``evidence``, ``document``,
        ``start``, ``end``, ``rule``, ``confidence``); see ``graph.network``. A copy: change it freely.

        >>> from graph.analysis.examples import example_dataset
        >>> g = open_graph(example_dataset()).network()
        >>> g.number_of_nodes(), g.number_of_edges()
        (11, 6)
        """
        return self._network.copy()

    def entities(self) -> pd.DataFrame:
        """One row per entity: ``name``, ``type`` (Company, Platform, TechField …), ``aliases`` and
        ``documents`` (sorted lists), ``iri``. Sorted by type, then name.

        >>> from graph.analysis.examples import example_dataset
        >>> t = open_graph(example_dataset()).entities()
        >>> t[t["type"] == "Company"]["name"].tolist()
        ['中国联通', '每日互动', '美团']
        """
        g = self._network
        rows = [{"name": d.get("label", v), "type": d.get("type"), "aliases": list(d.get("aliases", [])),
                 "documents": list(d.get("documents", [])), "iri": v} for v, d in g.nodes(data=True)]
        t = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
        return t.sort_values(["type", "name", "iri"]).reset_index(drop=True)

    def relations(self) -> pd.DataFrame:
        """One row per fact: ``subject``, ``predicate``, ``object`` (names), ``status`` (achieved / planned),
        ``date``, ``evidence`` (the sentence that says it), ``document``, ``start`` and ``end`` (the
        evidence's character offsets in the document's text), the two types, ``rule``, ``confidence`` and
        the IRIs of the fact and of both entities. Sorted by subject, predicate, object, document.

        >>> from graph.analysis.examples import example_dataset
        >>> t = open_graph(example_dataset()).relations()
        >>> t[["subject", "predicate", "object", "document", "start", "end"]].values.tolist()[0]
        ['中国（温州）数安港', 'clusters', '每日互动', 'example-letter.txt', 1, 23]
        """
        g = self._network
        rows = [{"subject": g.nodes[s].get("label", s), "predicate": d.get("predicate"),
                 "object": g.nodes[o].get("label", o), "status": d.get("status") or "", "date": d.get("date"),
                 "evidence": d.get("evidence"), "document": d.get("document"), "start": d.get("start"),
                 "end": d.get("end"), "subject_type": g.nodes[s].get("type"), "object_type": g.nodes[o].get("type"),
                 "rule": d.get("rule"), "confidence": d.get("confidence"), "fact": k, "subject_iri": s,
                 "object_iri": o} for s, o, k, d in g.edges(keys=True, data=True)]
        t = pd.DataFrame(rows, columns=RELATION_COLUMNS).astype({"start": "Int64", "end": "Int64"})
        return t.sort_values(["subject", "predicate", "object", "document", "start", "fact"]).reset_index(drop=True)

    def metrics(self) -> pd.DataFrame:
        """One row per metric (a number with its unit): ``subject``, ``measure``, ``value`` (in base units),
        ``unit``, ``status``, ``date``, ``document``, ``evidence`` (the sentence), ``start`` and ``end`` (the
        figure's own characters in the document, e.g. 2000P以上), ``metric`` (IRI);
        ``graph.analysis.metric_progress`` pairs planned with achieved values.

        >>> from graph.analysis.examples import example_dataset
        >>> open_graph(example_dataset()).metrics()[["value", "unit", "status"]].values.tolist()
        [[2000.0, 'PFLOPS', 'planned'], [373.0, 'PFLOPS', 'achieved']]
        """
        return self._metrics.copy()

    def documents(self) -> pd.DataFrame:
        """One row per document: ``document`` (file name), ``doc_number`` (发文字号), ``date``, ``title``,
        ``issuer``, ``city`` (see ``graph.analysis.document_table``), and its ``entities``, ``facts``,
        ``metrics`` counts.

        >>> from graph.analysis.examples import example_dataset
        >>> open_graph(example_dataset()).documents()[["document", "doc_number", "city"]].values.tolist()
        [['example-letter.txt', '温科提复〔2024〕1号', '温州市']]
        """
        return self._documents.copy()

    def validate(self) -> ValidationReport:
        """The SHACL check of the whole snapshot (``graph.validate``): violations, and the warnings that are
        gaps (``graph.analysis.shacl_gaps`` turns them into a table).

        >>> from graph.analysis.examples import example_dataset
        >>> open_graph(example_dataset()).validate().conforms
        True
        """
        return validate(self.dataset)

    def query(self, sparql: str, **bindings: Any) -> pd.DataFrame:
        """Run SPARQL on the snapshot; one column a variable, plain Python values (IRIs and text as str,
        numbers as numbers). ``bindings`` fix variables: a str binds a plain literal, a pyoxigraph term itself
        (``NamedNode(iri)``, ``Literal("美团", language="zh")`` for a name); several terms, any of them. The default graph
        is the union of the documents' graphs, so ``GRAPH ?g`` is not needed. A CONSTRUCT gives
        subject/predicate/object columns, an ASK one ``boolean`` cell.

        >>> from graph.analysis.examples import example_dataset
        >>> kg = open_graph(example_dataset())
        >>> kg.query("PREFIX aikg: <https://w3id.org/aikg/ontology#> "
        ...          "SELECT (COUNT(?f) AS ?n) WHERE { ?f a aikg:Fact }")["n"].tolist()
        [6]
        """
        return _records(self._store.query(sparql, bindings or None))

    def question(self, name: str, **params: str) -> pd.DataFrame:
        """A saved question (``questions()`` lists them; ``aikg query --list``) with its parameters given as
        keywords, e.g. ``kg.question("partners", org="数安港")``: names and aliases are resolved as the
        command does."""
        return _records(run_saved(self._store, load_query(name), params))

    @staticmethod
    def questions() -> pd.DataFrame:
        """The saved questions: ``name``, ``title_zh``, ``title_en``, ``params`` (their names).

        >>> "partners" in KnowledgeGraph.questions()["name"].tolist()
        True
        """
        rows = [{"name": q.name, "title_zh": q.title_zh, "title_en": q.title_en,
                 "params": [p.name for p in q.params]} for q in list_queries()]
        return pd.DataFrame(rows, columns=["name", "title_zh", "title_en", "params"])


def _document_paths(spec: str | Path | Sequence[str | Path]) -> list[Path]:
    parts = [spec] if isinstance(spec, (str, Path)) else list(spec)
    return corpus_files(os.pathsep.join(str(p) for p in parts))


def _root() -> Path:
    try:
        return repo_root()
    except FileNotFoundError:
        return Path(__file__).resolve().parents[1]


def _in_repo(spec: str) -> str:
    """A relative path of ``AIKG_STORE`` or ``AIKG_CORPUS`` as given from the repository when it is not
    found from the working folder (a kernel runs in notebooks/, ``make notebooks`` in the repository)."""
    parts = []
    for part in spec.split(os.pathsep):
        p = Path(part)
        if "://" not in part and not p.is_absolute() and not p.exists() and (_root() / p).exists():
            part = str(_root() / p)
        parts.append(part)
    return os.pathsep.join(parts)


def _default() -> tuple[str | None, str | None]:
    """(store or file, documents) when ``open_graph`` is given nothing: ``AIKG_STORE``, ``AIKG_CORPUS``,
    the project's built store, the bundled corpus — the first that is there."""
    if os.environ.get("AIKG_STORE"):
        return _in_repo(os.environ["AIKG_STORE"]), None
    if os.environ.get("AIKG_CORPUS"):
        return None, _in_repo(os.environ["AIKG_CORPUS"])
    root = _root()
    if (root / DEFAULT_STORE / "CURRENT").is_file():
        return str(root / DEFAULT_STORE), None
    return None, str(root / "corpus")


def open_graph(source: str | Path | Dataset | None = None, *,
               documents: str | Path | Sequence[str | Path] | None = None) -> KnowledgeGraph:
    """Read a graph into memory and return it as a ``KnowledgeGraph`` (tables, networkx, SPARQL).

    ``source`` is a store (a folder such as ``.aikg/store``, read-only; or ``sparql+http://HOST:PORT/PATH``),
    an RDF file with the documents' named graphs (``.trig``, ``.nq``, ``.jsonld``: ``exports/kg.trig``), or
    an rdflib Dataset. ``documents`` (files or folders, a list or an ``os.pathsep``-separated string)
    extracts documents instead, without a store. With neither: ``AIKG_STORE`` if set, else the documents
    of ``AIKG_CORPUS``, else the project's store ``.aikg/store`` once ``aikg build`` has made it, else the
    bundled ``corpus/`` (a relative path in the two variables may be given from the repository, as for
    ``AIKG_STORE=exports/kg.trig make notebooks``). Raises ``StoreError`` (what, why, how to fix) when the
    source cannot be read.

    >>> import tempfile
    >>> from graph.analysis.examples import example_extraction
    >>> from graph.rdf import extraction_quads
    >>> from graph.store import open_store
    >>> folder = Path(tempfile.mkdtemp()) / "store"
    >>> with open_store(folder) as st:                      # what aikg build does, for one document
    ...     st.replace_document("example-letter.txt", extraction_quads(example_extraction()))
    >>> kg = open_graph(folder)
    >>> kg.documents()[["document", "city", "facts", "metrics"]].values.tolist()
    [['example-letter.txt', '温州市', 6, 2]]
    """
    if source is not None and documents is not None:
        raise ValueError("open_graph: give a source (store, RDF file, Dataset) or documents, not both")
    if source is None and documents is None:
        source, documents = _default()
    if documents is not None:
        return _from_documents(_document_paths(documents))
    if isinstance(source, Dataset):
        return KnowledgeGraph(_load(source.quads((None, None, None, None))), "a Dataset")
    spec = str(source)
    if Path(spec).suffix.lower() in RDF_FILES or Path(spec).suffix.lower() in (".ttl", ".nt"):
        return _from_file(Path(spec))
    with open_store(spec, read_only=True) as st:
        quads = list(st.quads())
        expected = st.quad_count()
    if len(quads) < expected:      # a server that caps its results (aikg serve: --max-rows) gave only a part
        raise StoreError(f"read only {len(quads)} of the {expected} quads of {spec}",
                         "the server cuts its results short", "raise its row limit (aikg serve --max-rows), "
                         "or read the store folder or exports/kg.trig instead")
    return KnowledgeGraph(_load(quads), spec)


def _from_file(path: Path) -> KnowledgeGraph:
    import pyoxigraph

    fmt = RDF_FILES.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(f"cannot read {path} as a graph of documents", f"a {path.suffix} file has no named graphs, "
                         "so which document says what is lost", "read kg.trig, kg.nq or kg.jsonld of the exports")
    if not path.is_file():
        raise StoreError(f"no file {path}", "it does not exist", "run `aikg build` (it writes exports/kg.trig) "
                         "or give the path of an export")
    try:
        quads = list(pyoxigraph.parse(path=str(path), format=getattr(pyoxigraph.RdfFormat, fmt)))
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"cannot parse {path}", str(exc), "check that the file is one aikg exported") from exc
    return KnowledgeGraph(_load(quads), str(path))


def _from_documents(paths: list[Path]) -> KnowledgeGraph:
    from extract.ingest import read_document
    from extract.pipeline import extract_document
    from graph.rdf import to_dataset

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise StoreError(f"no document {missing[0]}", "it does not exist", "give existing files or folders")
    ds = to_dataset([extract_document(read_document(p)) for p in paths])
    return KnowledgeGraph(_load(ds.quads((None, None, None, None))), f"{len(paths)} documents extracted")
