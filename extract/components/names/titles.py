"""Policies and events named in 《》, proposals (关于…的建议) and quoted programmes (“…工程”)."""
from __future__ import annotations

import re

from extract.components.names.candidate import Candidate

_BOOK = re.compile(r"《([^《》\n]{2,80})》")
_ABOUT = re.compile(r"关于[^,。;:\n《》]{4,40}?的(?:提案|建议|意见|决定|报告)")
_QUOTED_POLICY = re.compile(r"“([^“”\n]{2,16}(?:工程|计划|行动|战略|专项))”")


def policy_mentions(text: str) -> list[Candidate]:
    out = []
    for m in _BOOK.finditer(text):
        inner = m.group(1)
        typ = "Event" if inner.endswith(("峰会", "论坛", "大会")) else "Policy"
        out.append(Candidate(m.start(1), m.end(1), inner, typ, "book-title", 80))
    for m in _ABOUT.finditer(text):
        out.append(Candidate(m.start(), m.end(), m.group(), "Policy", "about-proposal", 70))
    for m in _QUOTED_POLICY.finditer(text):
        out.append(Candidate(m.start(1), m.end(1), m.group(1), "Policy", "quoted-programme", 60))
    return out
