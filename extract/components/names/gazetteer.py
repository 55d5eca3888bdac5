"""Well-known names (the gazetteer, matched on characters) and the test that a field is framed as one."""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

import ahocorasick

from extract.components.names.candidate import NUMERALS, Candidate
from extract.lexicon import (
    gazetteer,
    techfields,
)
from extract.segment import Tokens, in_dictionary
from extract.text import normalise


@lru_cache(maxsize=1)
def _gaz_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    entries: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    for e in gazetteer():
        for form in (e.name, *e.aliases):
            n = normalise(form)
            if len(n) >= 2:
                entries.setdefault(n, []).append((e.name, e.type, e.aliases))
    for form, vals in entries.items():
        auto.add_word(form, (form, vals[0]))
    tf = techfields()
    for form in tf:
        n = normalise(form)
        if n not in entries and len(n) >= 2:
            auto.add_word(n, (n, (form, "TechField", ())))
    if len(auto):
        auto.make_automaton()
    return auto


def gazetteer_mentions(text: str, toks: Tokens) -> list[Candidate]:
    """Well-known names matched on characters, kept when they start and end on token boundaries."""
    auto = _gaz_automaton()
    if not len(auto):
        return []
    bound = toks.is_boundary
    clauses: _Clauses | None = None
    out = []
    for end_idx, (form, (canon, typ, aliases)) in auto.iter(text):
        start, end = end_idx - len(form) + 1, end_idx + 1
        if start > 0 and form[0] in NUMERALS and text[start - 1] in NUMERALS:
            continue  # 一百度电: 百度 here is a number
        if not bound(start) or not bound(end):
            continue
        if in_dictionary(text[max(0, end - 2):end + 2]) and len(text[max(0, end - 2):end + 2]) == 4:
            continue  # 中国电子信息产业: a word (电子信息) runs across the end, so this is not the company
        if typ == "TechField":
            clauses = clauses or _Clauses(text)
            if not _field_context(text, start, end, clauses):
                continue
        prio = 5 if typ == "TechField" else 90
        out.append(Candidate(start, end, text[start:end], typ, "gazetteer", prio, canon, aliases))
    return out


_FIELD_CUES = re.compile(r"聚焦|围绕|专注|布局|领域|方向|赛道|深耕|攻关|特别是|优势|重点发展|产业链|开发")
_UMBRELLA = frozenset({"AI", "人工智能", "新一代人工智能", "数字经济"})


class _Clauses:
    """Where the clauses of a text end (at ``,。;:`` and line breaks): a stretch's clause by bisection."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.delimiters = [m.start() for m in _CLAUSE_END.finditer(text)]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """From after the last delimiter before ``start`` to the first delimiter at or after ``end``."""
        ds = self.delimiters
        i = bisect_left(ds, start)
        j = bisect_left(ds, end, lo=i)
        return (ds[i - 1] + 1 if i else 0), (ds[j] if j < len(ds) else len(self.text))


_CLAUSE_END = re.compile(r"[,。;:\n]")


def _field_context(text: str, start: int, end: int, clauses: _Clauses | None = None) -> bool:
    """A technology field counts where the clause frames it as a field (聚焦…, …领域, …赛道) or lists it."""
    if text[start:end] in _UMBRELLA:
        return False
    lo, hi = (clauses or _Clauses(text)).around(start, end)
    return bool(_FIELD_CUES.search(text[lo:hi])) or text[end:end + 1] == "、" or text[start - 1:start] == "、"



@lru_cache(maxsize=1)
def _gaz_forms() -> frozenset[str]:
    return frozenset(f for e in gazetteer() for f in (e.name, *e.aliases))


def _gaz_has(word: str) -> bool:
    return word in _gaz_forms()
