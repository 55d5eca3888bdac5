"""The build, step by step: documents → facts → one named graph per document in the store → exports from the store.

Incremental: a document whose sha256 (``aikg:sha256``, held in the store) is unchanged is skipped; a
changed one replaces its own named graph in one transaction, so nothing is duplicated and a crash
never leaves half a graph. When the extractor or the RDF model changes (their source files are
fingerprinted, the fingerprint is kept in the store), every document is built again.

>>> import tempfile
>>> report = build([], Path(tempfile.mkdtemp()) / "exports", ":memory:")
>>> report.built, report.skipped, report.failed
(0, 0, 0)
"""
from __future__ import annotations

import gc
import hashlib
import itertools
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import Quad

from extract.facts import Document
from graph.build.fingerprint import extractor_fingerprint
from graph.build.inputs import extractions, graph_quads, read_documents, with_sha
from graph.build.outcome import BuildReport, DocumentOutcome
from graph.build.outputs import Outputs, render
from graph.rdf.identity import AliasTable, Merge, write_merge_log
from graph.rdf.iri import graph_iri
from graph.store import DEFAULT_STORE, Store, StoreError, open_store
from graph.store.writer import DocumentWriter
from graph.validate import ValidationReport
from graph.validate import validate as shacl_validate

__all__ = ["alias_table_path", "build"]

log = logging.getLogger(__name__)

_COUNT_ENTITIES = """PREFIX aikg: <https://w3id.org/aikg/ontology#>
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  GRAPH ?g { ?e a ?type }
  FILTER(STRSTARTS(STR(?type), STR(aikg:))
         && ?type NOT IN (aikg:Document, aikg:Fact, aikg:Metric, aikg:Mention, aikg:Place, aikg:PlaceStatement))
} GROUP BY ?type"""
_COUNT_RELATIONS = """PREFIX aikg: <https://w3id.org/aikg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?p (COUNT(?f) AS ?n) WHERE { GRAPH ?g { ?f a aikg:Fact ; rdf:predicate ?p } } GROUP BY ?p"""


def alias_table_path(store_spec: str) -> Path:
    """Where the alias table lives: beside a folder store (``.aikg/aliases.csv``), else in ``.aikg/``."""
    if "://" in store_spec or store_spec == ":memory:":
        return Path(DEFAULT_STORE).parent / "aliases.csv"
    return Path(store_spec).parent / "aliases.csv"


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _counts(store: Store, query: str) -> dict[str, int]:
    out = {}
    for key, n in store.query(query).rows:
        if key is not None and n is not None:
            out[key.value.rsplit("#", 1)[-1]] = int(n.value)
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def _check_snapshot_name(name: str) -> None:
    """Refuse a bad snapshot name before the build changes anything."""
    from graph.snapshot import SnapshotError, _check_name

    try:
        _check_name(name)
    except SnapshotError as exc:
        raise StoreError(exc.what, exc.why, exc.fix) from exc


def _take_snapshot(store: Store, name: str) -> Path:
    """Keep the store as ``snapshots/NAME.nq`` beside it (see ``graph.snapshot``)."""
    from graph.snapshot import SnapshotError, default_snapshot_root, take_snapshot

    try:
        return take_snapshot(store, name, default_snapshot_root(store.spec))
    except SnapshotError as exc:
        raise StoreError(exc.what, exc.why, exc.fix) from exc


def _validate(built: dict[str, list[Quad]]) -> ValidationReport:
    """SHACL violations among the documents built in this run (their graphs were checked when built
    before; the gaps, which need the whole graph, are ``aikg validate``'s and the report's job)."""
    return shacl_validate(itertools.chain.from_iterable(built.values()), warnings=False)


def _prune_plan(prune: bool, unread: list[DocumentOutcome], held: dict[str, str],
                docs: list[Document]) -> tuple[list[str], list[str]]:
    """The held documents ``--prune`` removes, and the notes to print (nothing when an input could not be
    read: an unreadable input may be a held document, and nothing is deleted on a guess)."""
    if not prune:
        return [], []
    if unread:
        names = ", ".join(o.doc_id for o in unread[:5]) + (", …" if len(unread) > 5 else "")
        note = (f"nothing pruned: {len(unread)} input(s) could not be read ({names}); "
                "fix or remove them, then build with --prune again")
        return [], [note]
    return sorted(set(held) - {d.id for d in docs}), []


@contextmanager
def _few_collections(gen0: int = 200_000) -> Iterator[None]:
    """Python's cyclic garbage collector runs after every 700 new objects by default; a build makes
    millions (terms, quads) that live until its end, and each collection walks them again (measured:
    making a quad took 5 µs instead of 2). The build has no reference cycles to reclaim, so collect
    seldom while it runs, and as usual after."""
    before = gc.get_threshold()
    gc.set_threshold(gen0, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def build(paths: list[Path], out: Path, store_spec: str = DEFAULT_STORE, snapshot: str | None = None, *,
          force: bool = False, prune: bool = False, views: bool = True, validate: bool = True,
          n_process: int = 2, progress: Callable[[str, str], None] | None = None) -> BuildReport:
    """Build the store from the documents under ``paths`` and write the exports into ``out``.

    ``force`` rebuilds every document; ``prune`` removes from the store the documents not found
    under ``paths`` (nothing, with a note, when an input could not be read); ``snapshot`` names a sorted N-Quads copy of the store kept after the build
    (``snapshots/NAME.nq`` beside the store, what ``aikg changes --since NAME`` compares with).
    ``progress(doc_id, status)`` is called for each document. Raises ``StoreError`` when the store
    cannot be opened (or the snapshot cannot be written).

    Identity across documents: the alias table beside the store (``alias_table_path``) maps every
    name and alias to one canonical name; it is read at the start, written back at the end (a
    reviewer may correct it: a changed table rebuilds every document), and copied with the merge
    log into ``out``. ``views`` also writes the planner views into ``out/views``.
    """
    if snapshot is not None:
        _check_snapshot_name(snapshot)
    store = open_store(store_spec)
    with store, _few_collections():
        docs, outcomes = read_documents(paths)
        unread = list(outcomes)
        held = store.documents()
        table_path = alias_table_path(store.spec)
        aliases = AliasTable.read(table_path)
        merges: list[Merge] = []
        fingerprint = extractor_fingerprint()
        if not force and held and store.get_meta("extractor") != fingerprint:
            log.info("the extractor changed since the last build: rebuilding every document")
            force = True
        if not force and held and store.get_meta("aliases") != _file_sha(table_path):
            log.info("the alias table was edited since the last build: rebuilding every document")
            force = True
        docs = [with_sha(d) for d in docs]
        todo = [d for d in docs if force or held.get(d.id) != d.sha256]
        results = extractions(todo, n_process)
        built: dict[str, list[Quad]] = {}     # graph IRI → the quads written for it in this run
        removed, notes = _prune_plan(prune, unread, held, docs)
        with DocumentWriter(store, progress) as writer:
            for doc in docs:
                if not force and held.get(doc.id) == doc.sha256:
                    outcome = DocumentOutcome(doc.id, "skipped", "unchanged", doc.path)
                else:
                    ex = next(results)
                    if isinstance(ex, str):
                        outcome = DocumentOutcome(doc.id, "failed", f"extraction failed: {ex}; the store "
                                                  "keeps its previous version", doc.path)
                    else:
                        quads = graph_quads(ex, aliases, merges)
                        built[str(graph_iri(doc.id))] = quads
                        outcome = DocumentOutcome(doc.id, "built", f"{len(quads)} triples", doc.path)
                        writer.add(doc.id, quads)
                        outcomes.append(outcome)
                        continue
                outcomes.append(outcome)
                writer.report(outcome.doc_id, outcome.status)
            # while the last documents are being written: the SHACL check (rudof, which frees the GIL,
            # on a thread of its own) and the outputs, in memory
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="aikg-shacl") as pool:
                checking = pool.submit(_validate, built) if validate and built else None
                rendered: Outputs | None = render(store, built, {str(graph_iri(d)) for d in removed}, views)
                validation = checking.result() if checking is not None else None
            if validation is not None and not validation.conforms:
                rendered = None
                notes.append("exports not written: the documents built break the SHACL shapes (see the violations)")
        for doc_id in removed:
            store.remove_document(doc_id)
            outcomes.append(DocumentOutcome(doc_id, "removed", "no longer among the inputs"))
        aliases.write(table_path)
        if not any(o.status == "failed" for o in outcomes):
            store.set_meta("extractor", fingerprint)
            store.set_meta("aliases", _file_sha(table_path))
        files = rendered.write(out) if rendered is not None else ()
        if not validate:
            notes.append("SHACL validation skipped (--no-validate): run `aikg validate` to check the graph")
        if files:
            out.mkdir(parents=True, exist_ok=True)
            aliases.write(out / "aliases.csv")
            write_merge_log(merges, out / "merge-log.csv")
            files += (out / "aliases.csv", out / "merge-log.csv")
        snap = _take_snapshot(store, snapshot) if snapshot else None
        return BuildReport(store=store.spec, out=out, documents=tuple(outcomes),
                           entities_by_type=_counts(store, _COUNT_ENTITIES),
                           relations_by_predicate=_counts(store, _COUNT_RELATIONS), quads=store.quad_count(),
                           files=files, validation=validation, snapshot=snap, notes=tuple(notes))
