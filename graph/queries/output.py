"""Query results for a person or a spreadsheet: short readable cells, CSV (formula-safe) and JSON records.

>>> short(NamedNode("https://w3id.org/aikg/ontology#Company"))
'aikg:Company'
"""
from __future__ import annotations

import csv
import io
import json
from urllib.parse import unquote

from pyoxigraph import Literal, NamedNode

from graph.rdf.terms import Term
from graph.store import QueryResult, python_value
from ontology.namespace import AIKG_IRI, DATA_IRI

__all__ = ["short", "to_csv", "to_json"]

_PREFIXES = {
    "aikg:": AIKG_IRI, "d:": DATA_IRI, "rdf:": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs:": "http://www.w3.org/2000/01/rdf-schema#", "skos:": "http://www.w3.org/2004/02/skos/core#",
    "xsd:": "http://www.w3.org/2001/XMLSchema#", "prov:": "http://www.w3.org/ns/prov#",
    "dcterms:": "http://purl.org/dc/terms/",
}
def short(term: Term | None) -> str:
    """A readable cell: prefixed IRIs (data IRIs percent-decoded), literal text."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for prefix, ns in _PREFIXES.items():
            if term.value.startswith(ns):
                return prefix + unquote(term.value[len(ns):])
        return term.value
    return term.value if isinstance(term, Literal) else str(term)


def _csv_cell(term: Term | None) -> object:
    """A cell's text; text that a spreadsheet would run as a formula (= + - @ …) gets a leading apostrophe,
    as in the CSV exports (numbers stay numbers)."""
    from graph.exports.tables import safe_cell  # here: the exports load networkx, a question needs none

    if term is None:
        return ""
    if isinstance(term, Literal) and isinstance(python_value(term), (int, float)):
        return term.value
    return safe_cell(term.value if isinstance(term, (NamedNode, Literal)) else str(term))


def to_csv(result: QueryResult) -> str:
    """Header and rows; IRIs and literal values as plain text, protected against formula injection."""
    names, rows = result.table()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(names)
    for row in rows:
        w.writerow([_csv_cell(t) for t in row])
    return buf.getvalue()


def to_json(result: QueryResult) -> str:
    """A JSON array of records (numbers as numbers), or ``{"boolean": …}`` for an ASK."""
    if result.kind == "ask":
        return json.dumps({"boolean": bool(result.boolean)}) + "\n"
    return json.dumps(result.records(), ensure_ascii=False, indent=2) + "\n"
