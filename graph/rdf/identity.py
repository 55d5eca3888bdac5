"""Identity across documents: one organisation, one canonical name, one IRI.

Every entity's forms (name and aliases, compared as ``canonical_key``) are looked up in an alias
table; a form already known maps the entity to that canonical name, otherwise the entity's own name
becomes canonical and its forms are registered. The table is a CSV a reviewer can read and correct
(``alias,canonical,type``); the next build reads it back, so a correction sticks. Each merge is logged.
"""
from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extract.facts import Entity, Extraction, Fact
from graph.rdf.iri import canonical_key

ALIAS_HEADER = ("alias", "canonical", "type")
LOG_HEADER = ("document", "name", "canonical", "type", "via")
_LOCAL_PREFIXES = ("我", "本", "该", "贵", "全")


@dataclass(frozen=True)
class Merge:
    """One entity of one document mapped onto a canonical name chosen elsewhere."""

    document: str
    name: str
    canonical: str
    type: str
    via: str


class AliasTable:
    """canonical_key(form) → (canonical name, type); read from and written to a CSV."""

    def __init__(self) -> None:
        self._map: dict[str, tuple[str, str]] = {}     # canonical_key(form) → (canonical, type)
        self._rows: dict[str, tuple[str, str]] = {}    # form as written → (canonical, type)
        self._pinned: set[str] = set()                 # keys a reviewer set: never overwritten

    @classmethod
    def read(cls, path: Path) -> AliasTable:
        """The table a previous build wrote (and a reviewer may have corrected); empty if absent."""
        t = cls()
        if path.exists():
            with path.open(encoding="utf-8-sig", newline="") as f:
                for row in csv.DictReader(f):
                    alias, canon = (row.get("alias") or "").strip(), (row.get("canonical") or "").strip()
                    if alias and canon:
                        k = canonical_key(alias)
                        t._map[k] = (canon, (row.get("type") or "").strip())
                        t._rows[alias] = t._map[k]
                        t._pinned.add(k)
        return t

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = sorted(((a, c, ty) for a, (c, ty) in self._rows.items()), key=lambda r: (r[1], r[0]))
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(ALIAS_HEADER)
            w.writerows(rows)
        tmp.replace(path)

    def lookup(self, form: str, typ: str) -> str | None:
        hit = self._map.get(canonical_key(form))
        if hit and (not hit[1] or hit[1] == typ):
            return hit[0]
        return None

    def register(self, form: str, canonical: str, typ: str) -> None:
        k = canonical_key(form)
        if k not in self._pinned:
            self._map.setdefault(k, (canonical, typ))
        self._rows.setdefault(form, self._map[k])


def _global_forms(e: Entity) -> list[str]:
    """Forms that name the entity anywhere, not only in its own document (not 我市, 全市, 该区)."""
    return [f for f in (e.name, *e.aliases) if f and not f.startswith(_LOCAL_PREFIXES) and len(f) >= 2]


def unify(extractions: Iterable[Extraction], table: AliasTable) -> tuple[list[Extraction], list[Merge]]:
    """Rename entities to their corpus-wide canonical names; facts and metrics follow."""
    out: list[Extraction] = []
    merges: list[Merge] = []
    for ex in extractions:
        rename: dict[str, str] = {}
        for e in ex.entities:
            forms = _global_forms(e)
            canon, via = None, ""
            for f in forms:
                canon = table.lookup(f, e.type)
                if canon:
                    via = f
                    break
            canon = canon or e.name
            for f in forms:
                table.register(f, canon, e.type)
            if canon != e.name:
                rename[e.name] = canon
                merges.append(Merge(ex.document.id, e.name, canon, e.type, via))
        out.append(_renamed(ex, rename) if rename else ex)
    return out, merges


def _renamed(ex: Extraction, rename: dict[str, str]) -> Extraction:
    def r(n: str) -> str:
        return rename.get(n, n)

    ents: dict[str, Entity] = {}
    for e in ex.entities:
        name = r(e.name)
        aliases = tuple(sorted({*e.aliases, e.name} - {name}))
        if name in ents:
            prev = ents[name]
            ents[name] = dataclasses.replace(prev, aliases=tuple(sorted(set(prev.aliases) | set(aliases))),
                                             mentions=prev.mentions + e.mentions)
        else:
            ents[name] = dataclasses.replace(e, name=name, aliases=aliases)
    facts = tuple(Fact(r(f.subject), f.predicate, r(f.object), f.status, f.date, f.provenance) for f in ex.facts)
    metrics = tuple(dataclasses.replace(m, subject=r(m.subject)) for m in ex.metrics)
    place = dataclasses.replace(ex.place, source=r(ex.place.source)) if ex.place else None
    return Extraction(ex.document, tuple(ents.values()), facts, metrics, place)


def write_merge_log(merges: list[Merge], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(LOG_HEADER)
        for m in sorted(merges, key=lambda m: (m.canonical, m.document, m.name)):
            w.writerow((m.document, m.name, m.canonical, m.type, m.via))
