"""The saved questions (``graph/queries/*.rq``): their header (descriptions, parameters, examples), listed and loaded.

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

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ontology.namespace import ENTITY_CLASSES, PREDICATE_TERMS

__all__ = ["KINDS", "Param", "ParamError", "SavedQuery", "list_queries", "load_query", "parse_query",
           "read_query_file"]

KINDS: dict[str, str] = {
    "entity": "an entity's name or alias (either width of brackets, e.g. 中国(温州)数安港) or its IRI",
    "string": "a plain text value",
    "document": "a document file name (a path is cut to its file name)",
    "class": f"an aikg class: {', '.join(ENTITY_CLASSES)}",
    "predicate": f"an aikg relation: {', '.join(PREDICATE_TERMS)}",
    "iri": "an absolute IRI",
    "integer": "a whole number",
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
