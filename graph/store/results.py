"""What a query returned, materialised: the rows of a SELECT, the boolean of an ASK, or triples.

>>> python_value(Literal("3", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
3
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode, QueryBoolean, QuerySolutions, QueryTriples, Triple

from graph.rdf.terms import Term, rdf11

__all__ = ["QueryResult", "python_value"]


@dataclass
class QueryResult:
    """What a query returned, materialised: rows of a SELECT, the boolean of an ASK, or triples."""

    kind: str                                       # "select" | "ask" | "graph"
    variables: tuple[str, ...] = ()
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    truncated: bool = False                         # True when max_rows cut the result

    @classmethod
    def from_pyoxigraph(cls, res: Any, max_rows: int | None = None) -> QueryResult:
        if isinstance(res, QueryBoolean):
            return cls(kind="ask", boolean=bool(res))
        if isinstance(res, QuerySolutions):
            names = tuple(v.value for v in res.variables)
            out = cls(kind="select", variables=names)
            for sol in res:
                if max_rows is not None and len(out.rows) >= max_rows:
                    out.truncated = True
                    break
                out.rows.append(tuple(sol[i] for i in range(len(names))))
            return out
        if isinstance(res, (QueryTriples, Iterable)):
            out = cls(kind="graph", variables=("subject", "predicate", "object"))
            for t in res:
                if max_rows is not None and len(out.triples) >= max_rows:
                    out.truncated = True
                    break
                out.triples.append(t if isinstance(t, Triple) else Triple(t.subject, t.predicate, t.object))
            return out
        raise TypeError(f"not a query result: {type(res).__name__}")

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)

    def table(self) -> tuple[tuple[str, ...], list[tuple[Term | None, ...]]]:
        """Column names and rows whatever the kind (an ASK gives one ``boolean`` cell)."""
        if self.kind == "ask":
            return ("boolean",), [(Literal(str(bool(self.boolean)).lower(),
                                           datatype=NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),)]
        if self.kind == "graph":
            return self.variables, [(rdf11(t.subject), t.predicate, rdf11(t.object)) for t in self.triples]
        return self.variables, self.rows

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (numbers for numeric literals), for JSON and pandas."""
        names, rows = self.table()
        return [{n: python_value(v) for n, v in zip(names, row)} for row in rows]


_NUMERIC = re.compile(r"#(integer|int|long|short|decimal|double|float|nonNegativeInteger|positiveInteger)$")


def python_value(term: Term | None) -> Any:
    """The plain value of a term: IRI and string text, int/float for numbers, bool for booleans."""
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = term.datatype.value
        if _NUMERIC.search(dt):
            try:
                num = float(term.value)
            except ValueError:
                return term.value
            return int(num) if dt.endswith(("integer", "int", "long", "short")) and num.is_integer() else num
        if dt.endswith("#boolean"):
            return term.value in ("true", "1")
        return term.value
    return term.value if isinstance(term, NamedNode) else str(term)
