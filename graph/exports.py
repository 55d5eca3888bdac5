"""Write the export files: the only module that writes under exports/ (RDF, CSV, GraphML/GEXF, Neo4j).

The renderers (``graph.exports_rdf``, ``graph.exports_csv``, ``graph.exports_nx``) are pure and return
text or bytes; this module names the files and writes each one atomically (a temporary file renamed
into place), so a failed run never leaves half a file behind.

>>> import tempfile
>>> from graph.rdf import new_dataset
>>> [p.name for p in write_exports(new_dataset(), Path(tempfile.mkdtemp()))][:3]
['edges.csv', 'kg.gexf', 'kg.graphml']
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset

from graph import exports_csv, exports_nx, exports_rdf
from graph.network import to_networkx
from graph.store import rdflib_quads

__all__ = ["EXPORT_FILES", "write_exports"]

log = logging.getLogger(__name__)

Renderer = Callable[[Dataset, nx.MultiDiGraph], "str | bytes"]

# file (relative to the output folder) → what renders it. CSV text gets a UTF-8 BOM for Excel.
EXPORT_FILES: dict[str, Renderer] = {
    "kg.ttl": lambda ds, g: exports_rdf.turtle(ds),
    "kg.trig": lambda ds, g: exports_rdf.trig(ds),
    "kg.nq": lambda ds, g: exports_rdf.nquads(ds),
    "kg.jsonld": lambda ds, g: exports_rdf.jsonld(ds),
    "nodes.csv": lambda ds, g: exports_csv.nodes_csv(g),
    "edges.csv": lambda ds, g: exports_csv.edges_csv(g),
    "kg.graphml": lambda ds, g: exports_nx.graphml(g),
    "kg.gexf": lambda ds, g: exports_nx.gexf(g),
    "neo4j/nodes.csv": lambda ds, g: exports_csv.neo4j_nodes_csv(g),
    "neo4j/relationships.csv": lambda ds, g: exports_csv.neo4j_relationships_csv(g),
    "neo4j/import.cypher": lambda ds, g: exports_csv.import_cypher(g),
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


def write_exports(ds: Dataset | list[Any], out_dir: Path, g: nx.MultiDiGraph | None = None) -> list[Path]:
    """Write every export format of ``ds`` into ``out_dir``; return the written paths, sorted.

    ``ds`` is an rdflib Dataset or the store's pyoxigraph quads (the build passes those, with the
    networkx graph it already made). Files: kg.ttl (union graph), kg.trig, kg.nq, kg.jsonld (a named graph per document),
    nodes.csv, edges.csv, kg.graphml, kg.gexf, neo4j/nodes.csv, neo4j/relationships.csv,
    neo4j/import.cypher. Writing the same data twice gives byte-identical files.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"cannot write exports into {out_dir}: it is a file, not a folder; "
                                 "pass a folder path (it is created if missing)")
    if g is None:
        g = to_networkx(ds if isinstance(ds, Dataset) else rdflib_quads(ds))
    written = []
    for name, render in EXPORT_FILES.items():
        path = out_dir / name
        _write_atomic(path, _encode(name, render(ds, g)))
        written.append(path)
    log.info("wrote %d export files (%d nodes, %d edges) to %s",
             len(written), g.number_of_nodes(), g.number_of_edges(), out_dir)
    return sorted(written)
