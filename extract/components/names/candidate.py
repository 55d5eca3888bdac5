"""A mention candidate (what a rule or the learned proposer offers), and overlaps resolved."""
from __future__ import annotations

from typing import NamedTuple

from extract.spans import SpanSet

NUMERALS = set("0123456789一二三四五六七八九十百千万亿两零")
PUNCT = set(",.:;!?、()[]《》“”‘’\"'·/ \n\t-—。…")


class Candidate(NamedTuple):
    """A mention before resolution; ``surface`` is the text between the offsets (a tuple: made for every
    name a rule proposes)."""

    start: int
    end: int
    surface: str
    type: str
    rule: str
    priority: int
    canonical: str | None = None
    aliases: tuple[str, ...] = ()



def resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Keep the outermost, then highest-priority candidate wherever candidates overlap."""
    order = sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[Candidate] = []
    spans = SpanSet()
    for c in order:
        if spans.overlaps(c.start, c.end):
            continue
        taken.append(c)
        spans.add(c.start, c.end)
    return sorted(taken, key=lambda c: c.start)

