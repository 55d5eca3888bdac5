"""The exports written from a store, graph by graph, in memory that does not grow with the store's quads.

The same bytes as ``render_exports`` of the store's quads (``tests/test_exports_stream.py`` holds them to
it): one pass reads the named graphs in the order of their IRIs, each sorted by its N-Quads lines (one graph
in memory at a time); it writes those lines to a spill file (the TriG and JSON-LD order), sorts them in runs
of bounded size into more spill files (merged for N-Quads and Turtle, which are in global line order) and
builds the networkx graph of entities and facts on the way (what CSV, GraphML, GEXF and Neo4j are made
from; it holds no mentions, no metrics and no text). pyoxigraph's serializers stream from the spill files
into the export files, each written under a temporary name and renamed into place.

UTF-8 bytes sort in code-point order, so sorting the lines as bytes gives the order ``SortedQuads`` sorts
its ``str`` lines in.
"""
from __future__ import annotations

import heapq
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from graph.exports.files import EXPORT_FILES, _encode, _folder, _write_atomic
from graph.exports.rdf_text import _PREFIXES, JSONLD_CONTEXT
from graph.network import to_networkx
from graph.store import Store

__all__ = ["RDF_FILES", "write_store_exports"]

log = logging.getLogger(__name__)

RDF_FILES = ("kg.ttl", "kg.trig", "kg.nq", "kg.jsonld")
RUN_BYTES = 64 * 2**20          # lines sorted in memory at a time (then spilled as one sorted run)


class _Spill:
    """The lines of the pass: graph by graph into ``by_graph``, and globally sorted runs into ``runs``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.by_graph = folder / "by-graph.nq"
        self._by_graph: BinaryIO = self.by_graph.open("wb")
        self.runs: list[Path] = []
        self._lines: list[bytes] = []
        self._size = 0

    def add(self, lines: list[bytes]) -> None:
        for line in lines:
            self._by_graph.write(line + b"\n")
        self._lines += lines
        self._size += sum(map(len, lines))
        if self._size >= RUN_BYTES:
            self._spill()

    def _spill(self) -> None:
        if not self._lines:
            return
        run = self.folder / f"run-{len(self.runs):05d}.nq"
        with run.open("wb") as f:
            f.writelines(line + b"\n" for line in sorted(self._lines))
        self.runs.append(run)
        self._lines, self._size = [], 0

    def close(self) -> None:
        self._spill()
        self._by_graph.close()

    def sorted_lines(self) -> Iterator[bytes]:
        """Every line (with its LF), in global order: the runs merged."""
        with ExitStack() as stack:
            files = [stack.enter_context(run.open("rb")) for run in self.runs]
            yield from heapq.merge(*files)


def _graph_lines(quads: list[ox.Quad]) -> tuple[list[ox.Quad], list[bytes]]:
    """The graph's quads sorted by their N-Quads line, each once, and those lines."""
    if not quads:
        return [], []
    lines = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").split(b"\n")[:-1]
    if len(lines) != len(quads):
        raise RuntimeError(f"pyoxigraph wrote {len(lines)} N-Quads lines for {len(quads)} quads")
    out_q: list[ox.Quad] = []
    out_l: list[bytes] = []
    last = None
    for i in sorted(range(len(lines)), key=lines.__getitem__):
        if lines[i] != last:
            last = lines[i]
            out_q.append(quads[i])
            out_l.append(last)
    return out_q, out_l


_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def _canonical(quads: list[ox.Quad]) -> list[ox.Quad]:
    """``quads`` with xsd:decimal literals in their canonical lexical form (``1.0``; the store gives ``1``
    back for the ``1.0`` it was given), as ``rdf_text.canonical`` writes them for any other source."""
    out = quads
    for i, q in enumerate(quads):
        o = q.object
        if isinstance(o, ox.Literal) and o.datatype == _DECIMAL:
            try:
                text = format(Decimal(o.value), "f")
            except InvalidOperation:
                continue
            text = text if "." in text else text + ".0"
            if text != o.value:
                if out is quads:
                    out = list(quads)
                out[i] = ox.Quad(q.subject, q.predicate, ox.Literal(text, datatype=_DECIMAL), q.graph_name)
    return out


def _pass(store: Store, spill: _Spill) -> Iterator[ox.Quad]:
    """The store's quads graph by graph (graphs in the order of their N-Triples IRIs, as ``SortedQuads``),
    each graph's in line order; its lines go to ``spill`` on the way."""
    for graph in sorted(store.named_graphs(), key=lambda g: f"<{g.value}>"):
        quads, lines = _graph_lines(_canonical(store.graph_quads(graph)))
        spill.add(lines)
        yield from quads


def _union_triples(nq: Path) -> Iterator[ox.Triple]:
    """The triples of the line-sorted N-Quads file ``nq``, each once (``SortedQuads.triples``)."""
    last = None
    for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
        t = (q.subject, q.predicate, q.object)
        if t != last:
            last = t
            yield q.triple


def _streamed(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write ``path`` through ``write`` under a temporary name, renamed into place when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("wb") as f:
            write(f)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_store_exports(store: Store, out_dir: Path) -> tuple[list[Path], nx.MultiDiGraph[str]]:
    """Write every export file of the store's data into ``out_dir`` (what ``write_exports`` writes for the
    same quads, byte for byte); the paths written, sorted, and the networkx graph (for the views)."""
    out_dir = _folder(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".aikg-exports-", dir=out_dir))
    written: list[Path] = []
    try:
        spill = _Spill(tmp)
        g = to_networkx(_pass(store, spill))
        spill.close()

        def nquads(f: BinaryIO) -> None:
            f.writelines(spill.sorted_lines())

        nq = _streamed(out_dir / "kg.nq", nquads)

        def turtle(f: BinaryIO) -> None:
            ox.serialize(_union_triples(nq), f, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES)

        def trig(f: BinaryIO) -> None:
            ox.serialize(ox.parse(path=str(spill.by_graph), format=ox.RdfFormat.N_QUADS), f,
                         format=ox.RdfFormat.TRIG, prefixes=_PREFIXES)

        def jsonld(f: BinaryIO) -> None:
            context = json.dumps(JSONLD_CONTEXT, indent=2, sort_keys=True, ensure_ascii=False)
            f.write(f'{{\n"@context": {context},\n"@graph": '.encode())
            f.flush()
            if os.path.getsize(spill.by_graph):
                ox.serialize(ox.parse(path=str(spill.by_graph), format=ox.RdfFormat.N_QUADS), f,
                             format=ox.RdfFormat.JSON_LD)
            else:
                f.write(b"[]")
            f.write(b"\n}\n")

        written = [nq, _streamed(out_dir / "kg.ttl", turtle), _streamed(out_dir / "kg.trig", trig),
                   _streamed(out_dir / "kg.jsonld", jsonld)]
        for name, render in EXPORT_FILES.items():
            if name not in RDF_FILES:
                _write_atomic(out_dir / name, _encode(name, render(None, g)))  # type: ignore[arg-type]
                written.append(out_dir / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("wrote %d export files from %s to %s", len(written), store.spec, out_dir)
    return sorted(written), g
