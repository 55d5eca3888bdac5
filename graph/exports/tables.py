"""Render the entity graph as CSV tables (nodes.csv, edges.csv), formula-safe; writes no files.

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

__all__ = ["EDGE_HEADER", "LIST_SEP", "NODE_HEADER", "csv_text", "edges_csv", "joined", "nodes_csv", "safe_cell",
           "sorted_edges"]

LIST_SEP = "|"
NODE_HEADER = ("id", "label", "type", "aliases", "documents")
EDGE_HEADER = ("source", "source_label", "predicate", "target", "target_label", "status", "date",
               "evidence", "document", "start", "end", "rule")
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


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows([safe_cell(v) for v in row] for row in rows)
    return buf.getvalue()


def joined(values: Any) -> str:
    return LIST_SEP.join(values) if isinstance(values, (list, tuple)) else ("" if values is None else str(values))


def sorted_edges(g: nx.MultiDiGraph[str]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Edges in a stable order: source, predicate, target, document, offset, fact id."""
    def key(e: tuple[str, str, str, dict[str, Any]]) -> tuple[object, ...]:
        u, v, k, d = e
        return (u, d.get("predicate", ""), v, d.get("document") or "", d.get("start") or 0, k)
    return sorted(((u, v, str(k), d) for u, v, k, d in g.edges(keys=True, data=True)), key=key)


def nodes_csv(g: nx.MultiDiGraph[str]) -> str:
    """``id, label, type, aliases, documents`` a node, lists joined by ``|``, sorted by id."""
    rows = ((n, d.get("label", n), d.get("type", ""), joined(d.get("aliases")), joined(d.get("documents")))
            for n, d in sorted(g.nodes.items()))
    return csv_text(NODE_HEADER, rows)


def edges_csv(g: nx.MultiDiGraph[str]) -> str:
    """One row a fact, with its provenance (evidence, document, offsets, rule)."""
    label = {n: d.get("label") for n, d in g.nodes.items()}
    rows = ((u, label.get(u, u), d.get("predicate"), v, label.get(v, v), d.get("status"), d.get("date"),
             d.get("evidence"), d.get("document"), d.get("start"), d.get("end"), d.get("rule"))
            for u, v, _, d in sorted_edges(g))
    return csv_text(EDGE_HEADER, rows)
