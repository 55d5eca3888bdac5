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
import json
import logging
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.facts import Document
from graph.build.engines import Engine, open_engine
from graph.build.fingerprint import extractor_fingerprint
from graph.build.inputs import read_documents, with_sha
from graph.build.outcome import BuildReport, DocumentOutcome
from graph.build.outputs import write_outputs
from graph.build.work import GraphWork, graph_work
from graph.rdf.identity import AliasTable, Merge, unify, write_merge_log
from graph.store import DEFAULT_STORE, Store, StoreError, open_store
from graph.store.writer import DocumentWriter
from graph.validate import Issue, ValidationReport

__all__ = ["BuildProgress", "alias_table_path", "build"]

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


@dataclass(frozen=True)
class BuildProgress:
    """How far a build is, for a progress bar: ``done`` of ``total`` documents (the last one ``doc_id``, its
    ``status``) while ``stage`` is ``documents``; then ``exports`` and ``views`` while they are written."""

    done: int
    total: int
    doc_id: str = ""
    status: str = ""
    stage: str = "documents"


def _resume_list(store: Store) -> set[str]:
    """The documents an interrupted forced build had still to rebuild (``_checkpoint``)."""
    text = store.get_meta("rebuild")
    return set(json.loads(text)) if text else set()


def _checkpoint(store: Store, aliases: AliasTable, table_path: Path, fingerprint: str, forced: bool,
                todo: list[Document], written: set[str], resume: set[str]) -> None:
    """After an interrupted build: keep what a rerun needs to finish the rest and give what an uninterrupted
    build gives. The alias table as it stands (the names of the documents written so far) and the store's
    bookkeeping that goes with it; after a forced build, the documents it had not rebuilt yet (a rerun builds
    them though their text is unchanged)."""
    try:
        aliases.write(table_path)
        rest = sorted({d.id for d in todo if d.id not in written} | (resume - written)) if forced or resume else []
        store.set_meta("rebuild", json.dumps(rest, ensure_ascii=False))
        store.set_meta("extractor", fingerprint)
        store.set_meta("aliases", _file_sha(table_path))
    except (OSError, StoreError):
        log.warning("could not record where the interrupted build stopped: a rerun rebuilds every document",
                    exc_info=True)


def build(paths: list[Path], out: Path, store_spec: str = DEFAULT_STORE, snapshot: str | None = None, *,
          force: bool = False, prune: bool = False, views: bool = True, validate: bool = True,
          n_process: int = 2, progress: Callable[[BuildProgress], None] | None = None,
          engine: str | Engine = "local", scheduler: str | None = None, workers: int = 2) -> BuildReport:
    """Build the store from the documents under ``paths`` and write the exports into ``out``.

    ``force`` rebuilds every document; ``prune`` removes from the store the documents not found
    under ``paths`` (nothing, with a note, when an input could not be read); ``snapshot`` names a sorted
    N-Quads copy of the store kept after the build (``snapshots/NAME.nq`` beside the store, what
    ``aikg changes --since NAME`` compares with). ``progress`` is called with a ``BuildProgress`` for each
    document once it is in the store (or skipped, or failed), then for each output stage. Raises
    ``StoreError`` when the store cannot be opened (or the snapshot cannot be written), ``EngineError``
    (a ``StoreError``) when the engine cannot go on: the documents written so far stay, and a rerun builds
    the rest.

    ``engine``: ``local`` (``n_process`` processes here) or ``dask`` (a ``LocalCluster`` of ``workers``
    processes, or the cluster of the scheduler at ``scheduler``, ``tcp://HOST:8786``), or an ``Engine``.
    Each document is extracted, turned into quads and checked with the SHACL shapes (``validate``) by the
    engine; this process gives the entities their corpus-wide names in input order and writes each document
    in a transaction of its own. Exports and views are then written from the store, file by file.

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
        resume = _resume_list(store)
        docs = [with_sha(d) for d in docs]
        todo = [d for d in docs if force or d.id in resume or held.get(d.id) != d.sha256]
        wanted = {d.id for d in todo}
        removed, notes = _prune_plan(prune, unread, held, docs)
        violations: list[Issue] = []
        total, count = len(docs), 0

        def report(doc_id: str, status: str) -> None:
            nonlocal count
            count += 1
            if progress is not None:
                progress(BuildProgress(count, total, doc_id, status))

        runner = engine if isinstance(engine, Engine) else None
        writer = DocumentWriter(store, report)
        # documents in input order: (doc, the engine's handle of its graph work or None, its outcome when known)
        pending: deque[tuple[Document, Any, DocumentOutcome | None]] = deque()
        window = 4 * max(1, n_process, workers)

        def drain(everything: bool = False) -> None:
            """Write the documents whose graph is made, in input order (all of them with ``everything``)."""
            assert runner is not None or not any(h is not None for _, h, _ in pending)
            while pending and (everything or len(pending) > window or pending[0][1] is None
                               or (runner is not None and runner.done(pending[0][1]))):
                doc, handle, outcome = pending.popleft()
                if handle is not None and runner is not None:
                    made: GraphWork = runner.result(handle)
                    if made.error is not None:
                        outcome = DocumentOutcome(doc.id, "failed", f"making its graph failed: {made.error}; "
                                                  "the store keeps its previous version", doc.path)
                    else:
                        violations.extend(made.violations or ())
                        writer.add(doc.id, made.nquads)
                        n = made.nquads.count(b"\n")
                        outcomes.append(DocumentOutcome(doc.id, "built", f"{n} triples", doc.path))
                        continue
                assert outcome is not None
                outcomes.append(outcome)
                writer.report(outcome.doc_id, outcome.status)

        try:
            with writer:
                if todo and runner is None:
                    runner = open_engine(str(engine), scheduler=scheduler, workers=workers, n_process=n_process)
                results = runner.results(todo) if runner is not None else iter(())
                for doc in docs:
                    if doc.id not in wanted:
                        pending.append((doc, None, DocumentOutcome(doc.id, "skipped", "unchanged", doc.path)))
                    else:
                        work = next(results)
                        if work.extraction is None:
                            pending.append((doc, None, DocumentOutcome(
                                doc.id, "failed", f"extraction failed: {work.error}; the store keeps its "
                                "previous version", doc.path)))
                        else:
                            (ex,), done = unify([work.extraction], aliases)
                            merges.extend(done)
                            assert runner is not None
                            pending.append((doc, runner.submit(graph_work, ex, validate), None))
                    drain()
                drain(everything=True)
        except BaseException:
            _checkpoint(store, aliases, table_path, fingerprint, force, todo, writer.written, resume)
            raise
        finally:
            if runner is not None and runner is not engine:
                runner.close()
        validation = (ValidationReport(conforms=not violations, violations=tuple(sorted(set(violations))),
                                       warnings=()) if validate and any(o.status == "built" for o in outcomes)
                      else None)
        for doc_id in removed:
            store.remove_document(doc_id)
            outcomes.append(DocumentOutcome(doc_id, "removed", "no longer among the inputs"))
        aliases.write(table_path)
        if not any(o.status == "failed" for o in outcomes):
            store.set_meta("extractor", fingerprint)
            store.set_meta("aliases", _file_sha(table_path))
            if resume:
                store.set_meta("rebuild", "[]")
        files: tuple[Path, ...] = ()
        if validation is not None and not validation.conforms:
            notes.append("exports not written: the documents built break the SHACL shapes (see the violations)")
        else:
            def stage(name: str) -> None:
                if progress is not None:
                    progress(BuildProgress(total, total, stage=name))

            files = write_outputs(store, out, views, stage)
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
