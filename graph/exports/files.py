"""Write the export files: the only module that writes under exports/ (RDF, CSV, GraphML/GEXF, Neo4j).

The renderers (``rdf_text``, ``tables``, ``graphml``, ``neo4j`` beside it) are pure and return
text or bytes; this module names the files and writes each one atomically (a temporary file renamed
into place), so a failed run never leaves half a file behind.

>>> import tempfile
>>> from graph.rdf import new_dataset
>>> [p.name for p in write_exports(new_dataset(), Path(tempfile.mkdtemp()))][:3]
['edges.csv', 'kg.gexf', 'kg.graphml']
"""
from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset

from graph.exports import graphml, neo4j, rdf_text, tables
from graph.network import to_networkx

__all__ = ["EXPORT_FILES", "render_exports", "write_exports", "write_files"]

log = logging.getLogger(__name__)

Renderer = Callable[[rdf_text.SortedQuads, "nx.MultiDiGraph[str]"], "str | bytes"]

# file (relative to the output folder) → what renders it. CSV text gets a UTF-8 BOM for Excel.
EXPORT_FILES: dict[str, Renderer] = {
    "kg.ttl": lambda ds, g: rdf_text.turtle(ds),
    "kg.trig": lambda ds, g: rdf_text.trig(ds),
    "kg.nq": lambda ds, g: rdf_text.nquads(ds),
    "kg.jsonld": lambda ds, g: rdf_text.jsonld(ds),
    "nodes.csv": lambda ds, g: tables.nodes_csv(g),
    "edges.csv": lambda ds, g: tables.edges_csv(g),
    "kg.graphml": lambda ds, g: graphml.graphml(g),
    "kg.gexf": lambda ds, g: graphml.gexf(g),
    "neo4j/nodes.csv": lambda ds, g: neo4j.neo4j_nodes_csv(g),
    "neo4j/relationships.csv": lambda ds, g: neo4j.neo4j_relationships_csv(g),
    "neo4j/import.cypher": lambda ds, g: neo4j.import_cypher(g),
}


def _encode(name: str, content: str | bytes) -> bytes:
    if isinstance(content, bytes):
        return content
    return content.encode("utf-8-sig" if name.endswith(".csv") else "utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _folder(out_dir: Path) -> Path:
    """``out_dir`` as a Path; refused when it is a file."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"cannot write exports into {out_dir}: it is a file, not a folder; "
                                 "pass a folder path (it is created if missing)")
    return out_dir


Source = Dataset | Mapping[str, list[Any]] | list[Any]


def render_exports(ds: Source, g: nx.MultiDiGraph[str] | None = None) -> dict[str, bytes]:
    """Every export of ``ds`` as file name (relative to the output folder) → content; writes nothing.

    ``ds`` is an rdflib Dataset, pyoxigraph quads, or a mapping graph IRI → that graph's pyoxigraph quads
    (what the build passes, with the networkx graph ``g`` it already made). The same data gives the same
    bytes.
    """
    if g is None:
        g = to_networkx(itertools.chain.from_iterable(ds.values()) if isinstance(ds, Mapping) else ds)
    quads = rdf_text.ox_quads(ds)     # sorted once for every RDF file
    return {name: _encode(name, render(quads, g)) for name, render in EXPORT_FILES.items()}


def write_files(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (relative name → content) under ``out_dir``, each atomically; the paths, sorted."""
    out_dir = _folder(out_dir)
    written = []
    for name, data in files.items():
        _write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    return sorted(written)


def write_exports(ds: Source, out_dir: Path, g: nx.MultiDiGraph[str] | None = None) -> list[Path]:
    """Write every export format of ``ds`` into ``out_dir``; return the written paths, sorted.

    Files: kg.ttl (union graph), kg.trig, kg.nq, kg.jsonld (a named graph per document), nodes.csv,
    edges.csv, kg.graphml, kg.gexf, neo4j/nodes.csv, neo4j/relationships.csv, neo4j/import.cypher
    (see ``render_exports``). Writing the same data twice gives byte-identical files.
    """
    out_dir = _folder(out_dir)                          # before the work, not after
    written = write_files(out_dir, render_exports(ds, g))
    log.info("wrote %d export files to %s", len(written), out_dir)
    return written
