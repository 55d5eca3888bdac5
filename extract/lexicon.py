"""Data files of the extractor (gazetteer, heads, places, titles …), loaded once and cached."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _read_lines(package: str, name: str) -> list[str]:
    try:
        text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _read_tsv(package: str, name: str) -> list[dict[str, str]]:
    try:
        text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    rows = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [{k: (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(rows, delimiter="\t")]


@dataclass(frozen=True)
class GazetteerEntry:
    """A well-known organisation: canonical name, type and aliases (all share ``id``)."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Head:
    head: str
    type: str
    proper: bool


@dataclass(frozen=True)
class Place:
    name: str
    level: str
    parent: str


@lru_cache(maxsize=1)
def gazetteer() -> tuple[GazetteerEntry, ...]:
    out = []
    for r in _read_tsv("extract.components", "gazetteer.tsv"):
        if not r.get("name") or not r.get("type"):
            continue
        aliases = tuple(a.strip() for a in r.get("aliases", "").split("|") if a.strip() and a.strip() != r["name"])
        out.append(GazetteerEntry(r.get("id", r["name"]), r["name"], r["type"], aliases))
    return tuple(out)


@lru_cache(maxsize=1)
def heads() -> tuple[Head, ...]:
    rows = _read_tsv("extract.components", "heads.tsv")
    hs = [Head(r["head"], r["type"], r.get("proper") == "1") for r in rows if r.get("head")]
    return tuple(sorted(hs, key=lambda h: -len(h.head)))


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    out: dict[str, Place] = {}
    for r in _read_tsv("extract", "data/places.tsv"):
        if r.get("name"):
            out.setdefault(r["name"], Place(r["name"], r.get("level", ""), r.get("parent", "")))
    return out


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(_read_lines("extract", "data/surnames.txt"))


@lru_cache(maxsize=1)
def titles() -> tuple[str, ...]:
    return tuple(sorted(set(_read_lines("extract", "data/titles.txt")), key=lambda t: -len(t)))


@lru_cache(maxsize=1)
def techfields() -> tuple[str, ...]:
    return tuple(sorted(set(_read_lines("extract", "data/techfields.txt")), key=lambda t: -len(t)))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(_read_lines("extract", "data/stopwords.txt"))


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    return frozenset(_read_lines("extract", "data/generic_words.txt"))
