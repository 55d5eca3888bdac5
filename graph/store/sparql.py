"""SPARQL text helpers: find a query's form and bind parameters with a VALUES block, safely.

Parameters are never spliced into the query text: their values are RDF terms written in their
N-Triples form (escaped by pyoxigraph) inside one ``VALUES`` block placed at the start of the query's
outermost WHERE group, so every pattern and FILTER of that group sees them. The same text then runs on
the embedded store, on any SPARQL 1.1 server and on rdflib.

>>> bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": [Literal("温州")]})
'SELECT ?x WHERE {\\nVALUES ?o { "温州" }\\n ?x ?p ?o }'
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode

from graph.rdf.terms import Term

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_VAR = re.compile(r"[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+")
_VAR_NAME = re.compile(r"[A-Za-z0-9_\u00b7\u00c0-\uffff]+")


class BindingError(ValueError):
    """Parameters cannot be bound to this query (no WHERE clause, or a bad variable name)."""


@dataclass(frozen=True)
class _Token:
    kind: str      # "word" | "{" | "}"
    text: str
    start: int
    depth: int     # brace depth before the token


def _tokens(query: str) -> Iterator[_Token]:
    """Keywords and braces outside comments, strings and IRIs, with their brace depth."""
    i, n, depth = 0, len(query), 0
    while i < n:
        ch = query[i]
        if ch == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
        elif ch in "\"'":
            quote = query[i:i + 3] if query[i:i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            i = j + len(quote)
        elif ch == "<":
            m = _IRI.match(query, i)
            i = m.end() if m else i + 1
        elif ch in "?$":
            m = _VAR.match(query, i)
            i = m.end() if m else i + 1
        elif ch == "{":
            yield _Token("{", ch, i, depth)
            depth += 1
            i += 1
        elif ch == "}":
            depth -= 1
            yield _Token("}", ch, i, depth)
            i += 1
        elif ch.isalpha() or ch == "_":
            m = _WORD.match(query, i)
            assert m is not None
            end = m.end()
            if end < n and query[end] == ":":          # a prefixed name such as aikg:Company
                while end < n and not query[end].isspace() and query[end] not in "{}()<>,;":
                    end += 1
            else:
                yield _Token("word", m.group().upper(), i, depth)
            i = end
        else:
            i += 1


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, UPDATE (any SPARQL Update operation) or UNKNOWN.

    >>> query_form("PREFIX a: <x:> # SELECT in a comment\\nASK { ?s a:p ?o }")
    'ASK'
    >>> query_form("INSERT DATA { <x:a> <x:b> <x:c> }")
    'UPDATE'
    """
    for tok in _tokens(query):
        if tok.kind != "word" or tok.depth != 0 or tok.text in ("PREFIX", "BASE"):
            continue
        if tok.text in QUERY_FORMS:
            return tok.text
        if tok.text in UPDATE_KEYWORDS:
            return "UPDATE"
        return "UNKNOWN"
    return "UNKNOWN"


def _where_brace(query: str) -> int:
    """Offset of the ``{`` that opens the outermost WHERE group."""
    form = query_form(query)
    if form not in QUERY_FORMS:
        raise BindingError(f"cannot bind parameters to a {form.lower()} request: only queries take parameters")
    saw_where = False
    top_braces: list[int] = []
    for tok in _tokens(query):
        if tok.depth != 0:
            continue
        if tok.kind == "word" and tok.text == "WHERE":
            saw_where = True
        elif tok.kind == "{":
            if saw_where:
                if form == "CONSTRUCT" and not top_braces:
                    raise BindingError("CONSTRUCT WHERE { … } (the short form) cannot take parameters; "
                                       "write CONSTRUCT { template } WHERE { pattern }")
                return tok.start
            top_braces.append(tok.start)
            if form != "CONSTRUCT" or len(top_braces) == 2:
                return tok.start
    raise BindingError(f"the {form} query has no WHERE clause to bind parameters to")


def _check_var(name: str) -> str:
    if not _VAR_NAME.fullmatch(name):
        raise BindingError(f"{name!r} is not a SPARQL variable name (letters, digits and _ only)")
    return name


def _data_value(name: str, term: object) -> Term:
    if isinstance(term, str):
        return Literal(term)
    if isinstance(term, (NamedNode, Literal)):
        return term
    raise BindingError(f"?{name} cannot be bound to {term!r}: give an IRI (NamedNode) or a Literal")


def values_block(bindings: Mapping[str, Sequence[Term]]) -> str:
    """One VALUES block: each variable takes any of its terms (the rows are their combinations)."""
    names = [_check_var(v) for v in bindings]
    columns = [list(bindings[v]) for v in bindings]
    if any(not col for col in columns):
        empty = [v for v, col in zip(names, columns) if not col]
        raise BindingError(f"no value given for {', '.join(empty)}")
    if len(names) == 1:
        return f"VALUES ?{names[0]} {{ {' '.join(str(t) for t in columns[0])} }}"
    rows = " ".join("(" + " ".join(str(t) for t in row) + ")" for row in itertools.product(*columns))
    return f"VALUES ({' '.join('?' + v for v in names)}) {{ {rows} }}"


def bind_values(query: str, bindings: Mapping[str, Term | Sequence[Term]] | None) -> str:
    """The query with ``bindings`` (variable name → term, or several alternative terms) bound."""
    if not bindings:
        return query
    norm: dict[str, Sequence[Term]] = {}
    for name, value in bindings.items():
        terms = [value] if isinstance(value, (str, NamedNode, BlankNode, Literal)) else list(value)
        norm[name.lstrip("?$")] = [_data_value(name, t) for t in terms]
    brace = _where_brace(query)
    return f"{query[:brace + 1]}\n{values_block(norm)}\n{query[brace + 1:]}"
