"""The build: documents → facts → one named graph per document in the store → exports from the store.

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

import dataclasses
import gc
import hashlib
import itertools
import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract import ingest, pipeline
from extract.facts import Document
from graph.rdf import extraction_quads
from graph.rdf.identity import AliasTable, Merge, unify, write_merge_log
from graph.rdf.iri import graph_iri
from graph.store import DEFAULT_STORE, Store, StoreError, open_store
from graph.store.writer import DocumentWriter

log = logging.getLogger(__name__)

_COUNT_ENTITIES = """PREFIX aikg: <https://w3id.org/aikg/ontology#>
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  GRAPH ?g { ?e a ?type }
  FILTER(STRSTARTS(STR(?type), STR(aikg:)) && ?type NOT IN (aikg:Document, aikg:Fact, aikg:Metric, aikg:Mention))
} GROUP BY ?type"""
_COUNT_RELATIONS = """PREFIX aikg: <https://w3id.org/aikg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?p (COUNT(?f) AS ?n) WHERE { GRAPH ?g { ?f a aikg:Fact ; rdf:predicate ?p } } GROUP BY ?p"""
_FINGERPRINTED = ("extract", "ontology", "graph/rdf")     # what a document becomes in RDF
_DATA_SUFFIXES = (".py", ".ttl", ".jsonl", ".tsv", ".json", ".txt", ".csv")


@dataclass(frozen=True)
class DocumentOutcome:
    """What happened to one input: ``built``; ``skipped`` (unchanged, or not readable: the message says);
    ``failed`` (extraction raised; the store keeps the previous version); ``removed`` (pruned)."""

    doc_id: str
    status: str
    message: str = ""
    path: str | None = None


@dataclass(frozen=True)
class BuildReport:
    """The summary ``aikg build`` prints."""

    store: str
    out: Path
    documents: tuple[DocumentOutcome, ...] = ()
    entities_by_type: dict[str, int] = field(default_factory=dict)
    relations_by_predicate: dict[str, int] = field(default_factory=dict)
    quads: int = 0
    files: tuple[Path, ...] = ()
    validation: Any = None                 # graph.validate.ValidationReport, when validation ran
    snapshot: Path | None = None
    notes: tuple[str, ...] = ()

    def _count(self, status: str) -> int:
        return sum(1 for d in self.documents if d.status == status)

    @property
    def built(self) -> int:
        return self._count("built")

    @property
    def skipped(self) -> int:
        return self._count("skipped")

    @property
    def failed(self) -> int:
        return self._count("failed")

    @property
    def removed(self) -> int:
        return self._count("removed")

    @property
    def ok(self) -> bool:
        """No document failed and the graph conforms to the shapes (when validated)."""
        return self.failed == 0 and getattr(self.validation, "conforms", True)


def extractor_fingerprint() -> str:
    """sha256 over the code and data that decide what a document becomes in RDF."""
    root = Path(__file__).resolve().parent.parent
    files: list[Path] = []
    for pkg in _FINGERPRINTED:
        files += [p for p in (root / pkg).rglob("*") if p.is_file() and p.suffix in _DATA_SUFFIXES
                  and "__pycache__" not in p.parts]
    h = hashlib.sha256()
    for f in sorted(set(files)):
        if f.is_file():
            h.update(f.relative_to(root).as_posix().encode("utf-8") + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _read(paths: Sequence[Path]) -> tuple[list[Document], list[DocumentOutcome]]:
    """Documents under ``paths``, and the inputs that could not be read (``skipped``, "not read: …")."""
    read_corpus: Callable[..., Any] | None = getattr(ingest, "read_corpus", None)
    if read_corpus is not None:
        docs, problems = read_corpus(list(paths))
        skipped = [DocumentOutcome(Path(getattr(p, "path", "")).name or str(p), "skipped",
                                   f"not read: {getattr(p, 'message', p)}", str(getattr(p, "path", "")) or None)
                   for p in problems]
        return list(docs), skipped
    docs, failed, seen = [], [], set()
    for f in ingest.iter_paths(list(paths)):
        try:
            doc = ingest.read_document(f)
        except (ingest.IngestError, OSError) as exc:
            failed.append(DocumentOutcome(f.name, "skipped", f"not read: {exc}", str(f)))
            continue
        if doc.id in seen:
            failed.append(DocumentOutcome(doc.id, "skipped", "not read: a second document with this file "
                                          "name; document ids are file names: rename one", str(f)))
            continue
        seen.add(doc.id)
        docs.append(doc)
    return docs, failed


def _with_sha(doc: Document) -> Document:
    if doc.sha256:
        return doc
    return dataclasses.replace(doc, sha256=hashlib.sha256(doc.text.encode("utf-8")).hexdigest())


def document_quads(doc: Document, aliases: AliasTable | None = None,
                   merges: list[Merge] | None = None) -> list[Any]:
    """Extract ``doc`` and return the quads of its named graph (pyoxigraph terms).

    With an alias table, entities take their corpus-wide canonical names (one IRI across documents);
    the merges made are appended to ``merges``.
    """
    return _graph_quads(pipeline.extract_document(doc), aliases, merges)


def _graph_quads(ex: Any, aliases: AliasTable | None, merges: list[Merge] | None) -> list[Any]:
    """The quads of an extraction's named graph, entities renamed to their corpus-wide canonical names."""
    if aliases is not None:
        (ex,), done = unify([ex], aliases)
        if merges is not None:
            merges.extend(done)
    return extraction_quads(ex)


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


def _validate(built: dict[str, list[Any]]) -> Any:
    """SHACL violations among the documents built in this run (their graphs were checked when built
    before; the gaps, which need the whole graph, are ``aikg validate``'s and the report's job)."""
    from graph.validate import validate

    return validate(itertools.chain.from_iterable(built.values()), warnings=False)


@dataclass(frozen=True)
class _Outputs:
    """The exports and views of a build, rendered in memory (written once the store holds the build)."""

    exports: dict[str, bytes]
    views: dict[str, str] | None

    def write(self, out: Path) -> tuple[Path, ...]:
        from graph.exports import write_files
        from graph.views import write_views

        files = tuple(write_files(out, self.exports))
        if self.views is not None:
            files += (out / "views" / "index.html",) if write_views(self.views, out / "views") else ()
        return files


def _render(store: Store, built: dict[str, list[Any]], dropped: set[str], views: bool) -> _Outputs:
    """The exports and (with ``views``) the planner views of every document graph the store holds once
    the build is done: the graphs of this run as they are being written (``built``), the others read
    back from the store, those of ``dropped`` (graph IRIs the build removes) left out."""
    from graph.exports import render_exports
    from graph.network import to_networkx

    graphs = dict(built)
    for q in store.quads_outside(set(built) | dropped):
        graphs.setdefault(q.graph_name.value, []).append(q)
    g = to_networkx(itertools.chain.from_iterable(graphs.values()))
    exports = render_exports(graphs, g)
    if not views:
        return _Outputs(exports, None)
    from graph.views import render_views

    return _Outputs(exports, render_views(g))


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


def _extract_one(doc: Document) -> tuple[Any, str | None]:
    try:
        return pipeline.extract_document(doc), None
    except Exception as exc:  # a bad document fails alone; the build goes on
        log.exception("extraction failed for %s", doc.id)
        return None, f"{type(exc).__name__}: {exc}"


def _extractions(docs: list[Document], n_process: int) -> Iterator[tuple[Any, str | None]]:
    """Extractions in document order; over two processes when there are enough documents."""
    if n_process <= 1 or len(docs) < 16:
        yield from map(_extract_one, docs)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    pipeline.nlp()  # built once here: forked workers inherit it warm
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=n_process, mp_context=ctx, initializer=_die_with_parent) as pool:
        yield from pool.map(_extract_one, docs, chunksize=8)


def _die_with_parent() -> None:
    """A worker ends when the build that started it is killed (Linux: PR_SET_PDEATHSIG)."""
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGTERM))
        except OSError:
            pass


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
        docs, outcomes = _read(paths)
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
        docs = [_with_sha(d) for d in docs]
        todo = [d for d in docs if force or held.get(d.id) != d.sha256]
        results = _extractions(todo, n_process)
        built: dict[str, list[Any]] = {}      # graph IRI → the quads written for it in this run
        removed, notes = _prune_plan(prune, unread, held, docs)
        with DocumentWriter(store, progress) as writer:
            for doc in docs:
                if not force and held.get(doc.id) == doc.sha256:
                    outcome = DocumentOutcome(doc.id, "skipped", "unchanged", doc.path)
                else:
                    ex, error = next(results)
                    if error is not None:
                        outcome = DocumentOutcome(doc.id, "failed", f"extraction failed: {error}; the store "
                                                  "keeps its previous version", doc.path)
                    else:
                        quads = _graph_quads(ex, aliases, merges)
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
                rendered: _Outputs | None = _render(store, built, {str(graph_iri(d)) for d in removed}, views)
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


__all__ = ["BuildReport", "DocumentOutcome", "StoreError", "build", "document_quads", "extractor_fingerprint"]
