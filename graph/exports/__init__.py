"""The exports: the graph as files others read — RDF (Turtle, TriG, N-Quads, JSON-LD), CSV, GraphML/GEXF, Neo4j.

``files`` names the files and is the only writer under exports/; ``rdf_text``, ``tables``, ``graphml``
and ``neo4j`` render the contents (pure, deterministic, no files). A new format is a renderer here and
one line in ``files.EXPORT_FILES``.
"""
from graph.exports.files import EXPORT_FILES, render_exports, write_exports, write_files

__all__ = ["EXPORT_FILES", "render_exports", "write_exports", "write_files"]
