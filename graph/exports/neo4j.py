"""Render the entity graph for Neo4j: neo4j-admin import CSVs (nodes, relationships) and a LOAD CSV script.

Labels are the node's aikg class and its superclasses; relationship types are the predicates. The CSV cells
are formula-safe like every export (``graph.exports.tables.safe_cell``).

>>> neo4j_labels("Company")
('Company', 'Entity', 'Organization')
"""
from __future__ import annotations

import networkx as nx

from graph.exports.tables import csv_text, joined, sorted_edges
from ontology import subclass_of

__all__ = ["NEO4J_NODE_HEADER", "NEO4J_REL_HEADER", "import_cypher", "neo4j_labels", "neo4j_nodes_csv",
           "neo4j_relationships_csv"]

NEO4J_NODE_HEADER = ("id:ID", "name", "type", "aliases", "documents", ":LABEL")
NEO4J_REL_HEADER = (":START_ID", ":END_ID", ":TYPE", "fact", "status", "date", "evidence", "document",
                    "start:int", "end:int", "rule", "confidence:float")


def neo4j_labels(type_name: str) -> tuple[str, ...]:
    """The node's class and its aikg superclasses, sorted: ``Lab`` → Entity, Lab, Organization, …"""
    try:
        return tuple(sorted(subclass_of(type_name) | {"Entity"}))
    except ValueError:
        return tuple(sorted({"Entity", type_name} - {""}))


def neo4j_nodes_csv(g: nx.MultiDiGraph[str]) -> str:
    """Nodes in neo4j-admin import format (``id:ID``, ``:LABEL`` with ``;`` between labels)."""
    rows = ((n, d.get("label", n), d.get("type", ""), joined(d.get("aliases")), joined(d.get("documents")),
             ";".join(neo4j_labels(d.get("type", ""))))
            for n, d in sorted(g.nodes.items()))
    return csv_text(NEO4J_NODE_HEADER, rows)


def neo4j_relationships_csv(g: nx.MultiDiGraph[str]) -> str:
    """Facts in neo4j-admin import format (``:START_ID``, ``:END_ID``, ``:TYPE`` = the predicate)."""
    rows = ((u, v, d.get("predicate"), k, d.get("status"), d.get("date"), d.get("evidence"),
             d.get("document"), d.get("start"), d.get("end"), d.get("rule"), d.get("confidence"))
            for u, v, k, d in sorted_edges(g))
    return csv_text(NEO4J_REL_HEADER, rows)


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


def import_cypher(g: nx.MultiDiGraph[str]) -> str:
    """A Cypher script that loads the two Neo4j CSV files with LOAD CSV (labels and types spelled out)."""
    parts = [_CYPHER_HEAD]
    for type_name in sorted({str(t) for _, t in g.nodes(data="type") if t}):
        labels = ":".join(_cypher_name(x) for x in neo4j_labels(type_name) if x != "Entity")
        if labels:
            parts.append(f"MATCH (n:Entity) WHERE n.type = {_cypher_string(type_name)} SET n:{labels};\n")
    for ptype in sorted({str(d["predicate"]) for _, _, d in g.edges(data=True) if d.get("predicate")}):
        parts.append(_CYPHER_REL.format(ptype_text=_cypher_string(ptype), ptype_name=_cypher_name(ptype)))
    return "".join(parts)
