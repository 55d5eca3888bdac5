"""Technology fields named in a list before 等…领域/方向/赛道, or after 聚焦."""
from __future__ import annotations

import re
from functools import lru_cache

from extract.components.names.candidate import PUNCT, Candidate
from extract.lexicon import (
    techfields,
)

_FIELD_LIST = re.compile(
    r"(?:聚焦|围绕|专注|布局|开展|建设|发展|突破)?([^,。;:\n]{2,80}?)等([^,。;:\n等]{0,10}?)(?:方向|领域|赛道|产业|技术|前沿)"
    r"|(?:聚焦|专注于?|围绕)([^,。;:\n]{2,80}?)(?=[,。;:\n]|等)")


_CLAUSE = re.compile(r"[^,。;:\n]+")
_FIELD_TAIL = re.compile(r"等[^,。;:\n等]{0,10}?(?:方向|领域|赛道|产业|技术|前沿)")  # how _FIELD_LIST's lists end
_LAST_LEAD = re.compile(r"(?:聚焦|围绕|专注|开展|建设|布局|以及|包括|如)(?!.*(?:聚焦|围绕|专注|开展|建设|布局|以及|包括|如))")
_ITEM_SEP = re.compile(r"[、]|以及|和|及")
_DIGIT = re.compile(r"\d")


def _field_lists(text: str) -> list[re.Match[str]]:
    """The matches of ``_FIELD_LIST``, looked for only in the clauses that hold one of its cue words.

    No match crosses a clause delimiter (``,。;:`` or a line break), so each clause is searched on its
    own, its delimiter included for the lookahead; a clause has none without 聚焦, 专注, 围绕 or the end
    of a list (等…领域, ``_FIELD_TAIL``).
    """
    out: list[re.Match[str]] = []
    for clause in _CLAUSE.finditer(text):
        seg = clause.group()
        if "聚焦" in seg or "专注" in seg or "围绕" in seg or "等" in seg and _FIELD_TAIL.search(seg):
            out.extend(_FIELD_LIST.finditer(text, clause.start(), clause.end() + 1))
    return out


@lru_cache(maxsize=1)
def _techfield_set() -> frozenset[str]:
    return frozenset(techfields())


def field_mentions(text: str) -> list[Candidate]:
    """Technology fields named in a list before 等…领域/方向/赛道, or after 聚焦."""
    out = []
    for m in _field_lists(text):
        g = 1 if m.group(1) is not None else 3
        seg, base = m.group(g), m.start(g)
        loose = g == 1 and m.group(2) not in ("", "重点")
        if "、" not in seg:
            continue
        lead = _LAST_LEAD.search(seg)
        if lead:
            base += lead.end()
            seg = seg[lead.end():]
        pos = base
        found: list[Candidate] = []
        for item in _ITEM_SEP.split(seg):
            s = pos + len(item) - len(item.lstrip(" ,"))
            pos += len(item)
            pos = text.find(item, pos - len(item)) + len(item) if item else pos
            while pos < len(text) and text[pos] in "、":
                pos += 1
            name = item.strip(" ,")
            if 2 <= len(name) <= 10 and not any(c in PUNCT for c in name) and not _DIGIT.search(name):
                found.append(Candidate(s, s + len(name), name, "TechField", "field-list", 10))
        known = _techfield_set()
        if loose and not any(f.surface in known for f in found):
            continue  # 等方面赋能…产业: a list of tasks, not of fields
        out.extend(found)
    return out
