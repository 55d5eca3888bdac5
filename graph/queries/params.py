"""A question's parameters bound: raw ``NAME=VALUE`` text → RDF terms (entity names → IRIs), then run.

>>> from graph.queries.saved import load_query
>>> bind_params(load_query("partners"), {"org": "中电海康"})["org"][0].value.startswith("https://")
True
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from graph.queries.saved import KINDS, Param, ParamError, SavedQuery
from graph.rdf.iri import entity_iri
from graph.rdf.terms import Term
from graph.store import QueryResult, Store
from ontology.namespace import AIKG_IRI, ENTITY_CLASSES, PREDICATE_TERMS

__all__ = ["Resolver", "bind_params", "canonical_resolver", "name_variants", "param_terms", "parse_param_options",
           "run_saved", "store_resolver"]

_CLASS_NAMES = (*ENTITY_CLASSES, "Organization", "University", "Lab", "Park", "Entity",
                "Document", "Fact", "Metric", "Mention")
_WIDE = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，"})


def name_variants(value: str) -> list[str]:
    """Spellings of a name to match: as typed, NFKC (ASCII brackets), full-width brackets, no 《》."""
    v = value.strip()
    nfkc = unicodedata.normalize("NFKC", v)
    wide = nfkc.translate(_WIDE)
    out: list[str] = []
    for s in (v, nfkc, wide, v.strip("《》〈〉“”\"")):
        if s and s not in out:
            out.append(s)
    return out


def _aikg_term(value: str, names: tuple[str, ...], what: str) -> NamedNode:
    local = value.strip().strip("<>")
    for prefix in ("aikg:", AIKG_IRI):
        local = local.removeprefix(prefix)
    if local not in names:
        raise ParamError(f"unknown {what} {value!r}", f"the {what}s are: {', '.join(names)}",
                         f"give one of them, e.g. {names[0]}")
    return NamedNode(AIKG_IRI + local)


Resolver = Callable[[str], list[NamedNode]]

_RESOLVE = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity WHERE { GRAPH ?g { ?entity rdfs:label|skos:prefLabel|skos:altLabel ?name } }"""
_EXISTS = "SELECT ?entity WHERE { GRAPH ?g { ?entity a ?type } } LIMIT 1"


def _as_iri(value: str) -> NamedNode | None:
    v = value.strip().strip("<>")
    return NamedNode(v) if re.match(r"^https?://\S+$", v) else None


def store_resolver(store: Store) -> Resolver:
    """Name → entity IRIs, looked up in ``store``: labels and aliases in any spelling, then the
    canonical IRI of the name (``graph.rdf.iri.entity_iri``)."""
    def resolve(value: str) -> list[NamedNode]:
        if (iri := _as_iri(value)) is not None:
            return [iri]
        names = [t for s in name_variants(value) for t in (Literal(s, language="zh"), Literal(s))]
        found = {r[0].value for r in store.query(_RESOLVE, {"name": names}).rows if isinstance(r[0], NamedNode)}
        if not found:
            canon = NamedNode(str(entity_iri(value)))
            found = {r[0].value for r in store.query(_EXISTS, {"entity": canon}).rows if r[0] is not None}
        return [NamedNode(v) for v in sorted(found)]

    return resolve


def canonical_resolver(value: str) -> list[NamedNode]:
    """Name → the canonical entity IRI, without looking at a store (for data made from canonical names)."""
    iri = _as_iri(value)
    return [iri if iri is not None else NamedNode(str(entity_iri(value)))]


def param_terms(param: Param, value: str, resolve: Resolver | None = None) -> list[Term]:
    """The RDF terms a raw value stands for (an entity name: the IRIs of every entity carrying it)."""
    if not value.strip():
        raise ParamError(f"--param {param.name}= is empty", f"{param.name}: {param.description or KINDS[param.kind]}",
                         f"give a value after the =, or leave out --param {param.name}"
                         + ("" if param.required else " (it is optional)"))
    if param.kind == "entity":
        iris = (resolve or canonical_resolver)(value)
        if not iris:
            raise ParamError(f"no entity is called {value!r}", "no name or alias in the store matches it",
                             "check the spelling, or list the names with "
                             "`aikg query organisations-by-type`")
        return list(iris)
    if param.kind == "document":
        return [Literal(Path(value.strip()).name)]
    if param.kind == "class":
        return [_aikg_term(value, _CLASS_NAMES, "class")]
    if param.kind == "predicate":
        return [_aikg_term(value, PREDICATE_TERMS, "relation")]
    if param.kind == "iri":
        iri = value.strip().strip("<>")
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", iri):
            raise ParamError(f"{param.name}={value!r} is not an IRI", "an IRI looks like https://…",
                             "give an absolute IRI")
        return [NamedNode(iri)]
    if param.kind == "integer":
        try:
            return [Literal(str(int(value)), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))]
        except ValueError as exc:
            raise ParamError(f"{param.name}={value!r} is not a whole number", str(exc), "give digits") from exc
    return [Literal(value)]


def bind_params(query: SavedQuery, raw: Mapping[str, str], resolve: Resolver | None = None
                ) -> dict[str, list[Term]]:
    """Check ``raw`` (name → text) against the declared parameters and turn values into terms.

    ``resolve`` turns entity names into IRIs (``store_resolver(store)``; by default the canonical IRI).

    A query without declared parameters takes any: each value becomes a plain literal (or an IRI
    when written ``<…>``).
    """
    declared = {p.name: p for p in query.params}
    out: dict[str, list[Term]] = {}
    for key, value in raw.items():
        param = declared.get(key)
        if param is None and declared:
            usage = ", ".join(f"{p.name}{'' if p.required else '?'}" for p in query.params)
            raise ParamError(f"{query.name} has no parameter {key!r}", f"its parameters are: {usage}",
                             "use --param NAME=VALUE with one of them")
        if param is None:
            v = value.strip()
            out[key] = [NamedNode(v[1:-1])] if v.startswith("<") and v.endswith(">") else [Literal(value)]
            continue
        out[key] = param_terms(param, value, resolve)
    missing = [p for p in query.params if p.required and p.name not in raw]
    if missing:
        p = missing[0]
        raise ParamError(f"{query.name} needs --param {p.name}=…", f"{p.name}: {p.description or p.kind}",
                         f"e.g. {query.examples[0] if query.examples else f'--param {p.name}=VALUE'}")
    return out


def run_saved(store: Store, query: SavedQuery, raw: Mapping[str, str] | None = None, *,
              max_rows: int | None = None) -> QueryResult:
    """Run a question on ``store`` with its parameters bound."""
    return store.query(query.text, bind_params(query, raw or {}, store_resolver(store)), max_rows=max_rows)


def parse_param_options(options: list[str]) -> dict[str, str]:
    """``["org=中电海康", …]`` → ``{"org": "中电海康"}``."""
    out: dict[str, str] = {}
    for opt in options:
        key, sep, value = opt.partition("=")
        if not sep or not key.strip():
            raise ParamError(f"bad --param {opt!r}", "a parameter is written NAME=VALUE",
                             "e.g. --param org=中电海康")
        try:
            opt.encode("utf-8")
        except UnicodeEncodeError as exc:     # bytes the terminal's locale could not decode
            raise ParamError(f"bad --param {key.strip()}", "the value is not valid UTF-8 text",
                             "type it in a UTF-8 terminal (e.g. LANG=C.UTF-8)") from exc
        out[key.strip()] = value
    return out
