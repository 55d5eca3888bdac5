"""Render the entity graph as CSV tables (plain and Neo4j import) and a LOAD CSV script; writes no files.

Every CSV cell that is text and starts with ``= + - @``, a tab or a carriage return gets a leading
apostrophe, so a spreadsheet shows it as text instead of running it as a formula (CSV injection).
The caller writes the text as UTF-8 with a BOM so Excel reads the Chinese.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from ontology import subclass_of

__all__ = [
    "EDGE_HEADER",
    "NEO4J_NODE_HEADER",
    "NEO4J_REL_HEADER",
    "NODE_HEADER",
    "edges_csv",
    "import_cypher",
    "neo4j_labels",
    "neo4j_nodes_csv",
    "neo4j_relationships_csv",
    "nodes_csv",
    "safe_cell",
]

LIST_SEP = "|"
NODE_HEADER = ("id", "label", "type", "aliases", "documents")
EDGE_HEADER = ("source", "source_label", "predicate", "target", "target_label", "status", "date",
               "evidence", "document", "start", "end", "rule")
NEO4J_NODE_HEADER = ("id:ID", "name", "type", "aliases", "documents", ":LABEL")
NEO4J_REL_HEADER = (":START_ID", ":END_ID", ":TYPE", "fact", "status", "date", "evidence", "document",
                    "start:int", "end:int", "rule", "confidence:float")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula; None becomes an empty cell.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("中电海康"), safe_cell(-3), safe_cell(None)
    ("'=HYPERLINK(1)", '中电海康', -3, '')
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows([safe_cell(v) for v in row] for row in rows)
    return buf.getvalue()


def _joined(values: Any) -> str:
    return LIST_SEP.join(values) if isinstance(values, (list, tuple)) else ("" if values is None else str(values))


def _edges(g: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Edges in a stable order: source, predicate, target, document, offset, fact id."""
    def key(e: tuple[str, str, str, dict[str, Any]]) -> tuple[object, ...]:
        u, v, k, d = e
        return (u, d.get("predicate", ""), v, d.get("document") or "", d.get("start") or 0, k)
    return sorted(((u, v, str(k), d) for u, v, k, d in g.edges(keys=True, data=True)), key=key)


def nodes_csv(g: nx.MultiDiGraph) -> str:
    """``id, label, type, aliases, documents`` a node, lists joined by ``|``, sorted by id."""
    rows = ((n, d.get("label", n), d.get("type", ""), _joined(d.get("aliases")), _joined(d.get("documents")))
            for n, d in sorted(g.nodes(data=True)))
    return _csv(NODE_HEADER, rows)


def edges_csv(g: nx.MultiDiGraph) -> str:
    """One row a fact, with its provenance (evidence, document, offsets, rule)."""
    label = dict(g.nodes(data="label"))
    rows = ((u, label.get(u, u), d.get("predicate"), v, label.get(v, v), d.get("status"), d.get("date"),
             d.get("evidence"), d.get("document"), d.get("start"), d.get("end"), d.get("rule"))
            for u, v, _, d in _edges(g))
    return _csv(EDGE_HEADER, rows)


def neo4j_labels(type_name: str) -> tuple[str, ...]:
    """The node's class and its aikg superclasses, sorted: ``Lab`` → Entity, Lab, Organization, …"""
    try:
        return tuple(sorted(subclass_of(type_name) | {"Entity"}))
    except ValueError:
        return tuple(sorted({"Entity", type_name} - {""}))


def neo4j_nodes_csv(g: nx.MultiDiGraph) -> str:
    """Nodes in neo4j-admin import format (``id:ID``, ``:LABEL`` with ``;`` between labels)."""
    rows = ((n, d.get("label", n), d.get("type", ""), _joined(d.get("aliases")), _joined(d.get("documents")),
             ";".join(neo4j_labels(d.get("type", ""))))
            for n, d in sorted(g.nodes(data=True)))
    return _csv(NEO4J_NODE_HEADER, rows)


def neo4j_relationships_csv(g: nx.MultiDiGraph) -> str:
    """Facts in neo4j-admin import format (``:START_ID``, ``:END_ID``, ``:TYPE`` = the predicate)."""
    rows = ((u, v, d.get("predicate"), k, d.get("status"), d.get("date"), d.get("evidence"),
             d.get("document"), d.get("start"), d.get("end"), d.get("rule"), d.get("confidence"))
            for u, v, k, d in _edges(g))
    return _csv(NEO4J_REL_HEADER, rows)


_CYPHER_HEAD = """\
// aikg: load neo4j/nodes.csv and neo4j/relationships.csv with LOAD CSV, an alternative to
//   neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv
// Copy both CSV files into Neo4j's import directory, then run:  cypher-shell -f import.cypher
// Text cells that began with = + - @ carry a leading apostrophe (spreadsheet formula protection).
CREATE CONSTRAINT aikg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
MERGE (n:Entity {id: row.`id:ID`})
SET n.name = row.name, n.type = row.type, n.aliases = row.aliases, n.documents = row.documents;
"""

_CYPHER_REL = """
LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`:TYPE` = {ptype_text}
MATCH (a:Entity {{id: row.`:START_ID`}}), (b:Entity {{id: row.`:END_ID`}})
MERGE (a)-[r:{ptype_name} {{fact: row.fact}}]->(b)
SET r.status = row.status, r.date = row.date, r.evidence = row.evidence, r.document = row.document,
    r.start = toInteger(row.`start:int`), r.end = toInteger(row.`end:int`), r.rule = row.rule,
    r.confidence = toFloat(row.`confidence:float`);
"""


def _cypher_name(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _cypher_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def import_cypher(g: nx.MultiDiGraph) -> str:
    """A Cypher script that loads the two Neo4j CSV files with LOAD CSV (labels and types spelled out)."""
    parts = [_CYPHER_HEAD]
    for type_name in sorted({str(t) for _, t in g.nodes(data="type") if t}):
        labels = ":".join(_cypher_name(x) for x in neo4j_labels(type_name) if x != "Entity")
        if labels:
            parts.append(f"MATCH (n:Entity) WHERE n.type = {_cypher_string(type_name)} SET n:{labels};\n")
    for ptype in sorted({str(d["predicate"]) for _, _, d in g.edges(data=True) if d.get("predicate")}):
        parts.append(_CYPHER_REL.format(ptype_text=_cypher_string(ptype), ptype_name=_cypher_name(ptype)))
    return "".join(parts)
