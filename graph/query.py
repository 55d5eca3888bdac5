"""Saved SPARQL questions (``graph/queries/*.rq``): read their headers, bind parameters, format results.

A question file starts with a comment header: a Chinese and an English description, then its
parameters and examples::

    # 某机构的合作伙伴 …
    # Partners of an organisation …
    # param: org:entity  机构名称、简称或 IRI / organisation name, alias or IRI
    # param: type?:class  实体类型（可选）/ entity type, optional
    # example: aikg query partners --param org=中电海康

``NAME?`` marks an optional parameter (left unbound when not given, so it matches anything);
``:KIND`` says how a value becomes RDF terms (``KINDS``). An ``entity`` value is a name or alias
resolved to the IRIs of the entities that carry it, so a question joins on IRIs (fast, no duplicate
rows per document). Values are bound in a VALUES block (``graph.store.sparql``), never pasted into the
query text.

>>> q = load_query("partners")
>>> [p.name for p in q.params], q.params[0].required
(['org'], True)
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pyoxigraph import Literal, NamedNode

from graph.rdf.terms import Term
from graph.store import QueryResult, Store, python_value
from ontology.namespace import AIKG_IRI, DATA_IRI, ENTITY_CLASSES, PREDICATE_TERMS

KINDS: dict[str, str] = {
    "entity": "an entity's name or alias (either width of brackets, e.g. 中国(温州)数安港) or its IRI",
    "string": "a plain text value",
    "document": "a document file name (a path is cut to its file name)",
    "class": f"an aikg class: {', '.join(ENTITY_CLASSES)}",
    "predicate": f"an aikg relation: {', '.join(PREDICATE_TERMS)}",
    "iri": "an absolute IRI",
    "integer": "a whole number",
}
_CLASS_NAMES = (*ENTITY_CLASSES, "Organization", "University", "Lab", "Park", "Entity",
                "Document", "Fact", "Metric", "Mention")
_PREFIXES = {
    "aikg:": AIKG_IRI, "d:": DATA_IRI, "rdf:": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs:": "http://www.w3.org/2000/01/rdf-schema#", "skos:": "http://www.w3.org/2004/02/skos/core#",
    "xsd:": "http://www.w3.org/2001/XMLSchema#", "prov:": "http://www.w3.org/ns/prov#",
    "dcterms:": "http://purl.org/dc/terms/",
}
_PARAM = re.compile(r"^#\s*param:\s*([A-Za-z_][A-Za-z0-9_]*)(\?)?(?::([a-z]+))?\s*(.*)$")
_EXAMPLE = re.compile(r"^#\s*example:\s*(.*)$")
_CJK = re.compile(r"[\u3400-\u9fff]")


class ParamError(ValueError):
    """A question or parameter the user named does not fit: says what, why and how to fix it."""

    def __init__(self, what: str, why: str, fix: str) -> None:
        super().__init__(f"{what}: {why}; {fix}")
        self.what, self.why, self.fix = what, why, fix


@dataclass(frozen=True)
class Param:
    """One declared parameter of a question."""

    name: str
    kind: str = "string"
    required: bool = True
    description: str = ""


@dataclass(frozen=True)
class SavedQuery:
    """A SPARQL question with its bilingual description and declared parameters."""

    name: str
    text: str
    description_zh: str = ""
    description_en: str = ""
    params: tuple[Param, ...] = ()
    examples: tuple[str, ...] = ()

    @property
    def title_zh(self) -> str:
        return re.split(r"[：:。]", self.description_zh, maxsplit=1)[0]

    @property
    def title_en(self) -> str:
        return re.split(r"[:.]", self.description_en, maxsplit=1)[0]

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """What the endpoint's page lists: name, titles, descriptions, parameters, the query text."""
        return {"name": self.name, "title_zh": self.title_zh, "title_en": self.title_en,
                "description_zh": self.description_zh, "description_en": self.description_en,
                "params": [{"name": p.name, "kind": p.kind, "required": p.required,
                            "description": p.description} for p in self.params],
                "examples": list(self.examples), "text": self.text}


def parse_query(text: str, name: str = "query") -> SavedQuery:
    """Read the comment header of a question (the lines starting with # before the query)."""
    zh: list[str] = []
    en: list[str] = []
    params: list[Param] = []
    examples: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        if m := _PARAM.match(line):
            kind = m.group(3) or "string"
            if kind not in KINDS:
                raise ParamError(f"{name}: parameter {m.group(1)} has an unknown kind {kind!r}",
                                 "the kind says how to turn a value into RDF",
                                 f"use one of {', '.join(KINDS)}")
            params.append(Param(m.group(1), kind, m.group(2) is None, m.group(4).strip()))
        elif m := _EXAMPLE.match(line):
            examples.append(m.group(1).strip())
        else:
            body = line.lstrip("#").strip()
            (zh if _CJK.search(body) else en).append(body)
    return SavedQuery(name, text, " ".join(zh), " ".join(en), tuple(params), tuple(examples))


def _queries_dir() -> Any:
    return resources.files("graph.queries")


def list_queries() -> list[SavedQuery]:
    """Every saved question, sorted by name."""
    files = [f for f in _queries_dir().iterdir() if f.name.endswith(".rq")]
    return [parse_query(f.read_text(encoding="utf-8"), f.name[:-3]) for f in sorted(files, key=lambda f: f.name)]


def load_query(name: str) -> SavedQuery:
    """The saved question ``name`` (file name without ``.rq``)."""
    f = _queries_dir() / f"{name.removesuffix('.rq')}.rq"
    if not re.fullmatch(r"[A-Za-z0-9_\-]+(\.rq)?", name) or not f.is_file():
        names = ", ".join(q.name for q in list_queries())
        raise ParamError(f"no saved question named {name!r}", f"the saved questions are: {names}",
                         "pick one of them (aikg query --list), or run your own with --file Q.rq")
    return parse_query(f.read_text(encoding="utf-8"), f.name[:-3])


def read_query_file(path: Path) -> SavedQuery:
    """A question from the user's own file (its header may declare parameters too)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParamError(f"cannot read {path}", str(exc), "check the path; save the file as UTF-8") from exc
    return parse_query(text, path.stem)


def name_variants(value: str) -> list[str]:
    """Spellings of a name to match: as typed, NFKC (ASCII brackets), full-width brackets, no 《》."""
    v = value.strip()
    nfkc = unicodedata.normalize("NFKC", v)
    wide = nfkc.translate(str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，"}))
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
    from graph.rdf.iri import entity_iri

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
    from graph.rdf.iri import entity_iri

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
    from graph.exports_csv import safe_cell

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


__all__ = ["KINDS", "Param", "ParamError", "Resolver", "SavedQuery", "bind_params", "canonical_resolver",
           "list_queries", "load_query", "name_variants", "param_terms", "parse_param_options", "parse_query",
           "python_value", "read_query_file", "run_saved", "short", "store_resolver", "to_csv", "to_json"]
