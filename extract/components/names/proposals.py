"""Candidate spans for the learned name scorer: what the rules find, LAC's names, head-anchored spans, list items.

Every span is proposed with the set of sources that proposed it (``r:grammar``, ``lac:ORG``, ``head`` …);
the scorer (``scorer.py``) reads those sources and the context (``features.py``) to decide which spans are
names. Proposing is generous on purpose: a head word (公司, 平台, 仪式 …) proposes a span for every word
boundary to its left within the clause, so the scorer, not a grammar, picks the left edge.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

from extract.components.names.candidate import Candidate
from extract.components.names.gazetteer import gazetteer_mentions
from extract.components.names.grammar import grammar_mentions
from extract.components.names.lists import list_mentions
from extract.components.names.persons import _propagate_persons, person_mentions
from extract.components.names.titles import policy_mentions
from extract.lexicon import _read_tsv, heads
from extract.segment import Tokens

LacWord = tuple[str, str, int, int]       # (word, tag, start, end) as extract.lac gives them
NAME_TAGS = frozenset({"ORG", "PER", "LOC", "nz", "nw"})
MAX_SPAN = 40            # characters: no name of the genre is longer (the longest gold name has 37)
HEAD_REACH = 30          # how far left of a head word a name may start
LIST_ITEM = 16           # the longest list item proposed
_CLAUSE_STOP = frozenset(",。;:!?、\n《》")
# self-references and bare heads are resolved to their entity (resolve.py), never names of their own
SELF_REFERENCES = frozenset({
    "我市", "全市", "本市", "我区", "全区", "本区", "该区", "我县", "全县", "该市", "我局", "本局", "我院", "本院",
    "我省", "全省", "本省", "该省", "贵组", "贵单位", "贵委", "市政府", "省政府", "区政府", "县政府", "新区", "该园区",
    "园区"})
_LIST_SEGMENT = re.compile(r"[^,。;:!?\n()《》“”]+")


@dataclass
class Proposal:
    """A span and who proposed it: the sources, the types they gave, the best rule candidate."""

    start: int
    end: int
    sources: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    rule: Candidate | None = None

    def add(self, source: str, typ: str | None = None, rule: Candidate | None = None) -> None:
        self.sources.add(source)
        if typ:
            self.types.add(typ)
        if rule is not None and (self.rule is None or rule.priority > self.rule.priority):
            self.rule = rule


@lru_cache(maxsize=1)
def head_types() -> dict[str, str]:
    """Head word → entity type: the grammar's heads (heads.tsv) and the heads only the scorer uses
    (proposal_heads.tsv: 平台, 仪式, 工程 … which name a kind as often as a thing)."""
    out = {h.head: h.type for h in heads()}
    for row in _read_tsv("extract.components.names", "proposal_heads.tsv"):
        out.setdefault(row["head"], row["type"])
    return out


@lru_cache(maxsize=1)
def _head_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for h in head_types():
        auto.add_word(h, h)
    auto.make_automaton()
    return auto


@lru_cache(maxsize=1)
def _longest_head() -> int:
    return max(map(len, head_types()))


def head_of(name: str) -> str | None:
    """The longest head word ``name`` ends with."""
    table = head_types()
    for k in range(min(len(name), _longest_head()), 0, -1):
        if name[-k:] in table:
            return name[-k:]
    return None


def rule_candidates(text: str, toks: Tokens) -> list[Candidate]:
    """What every rule family proposes, overlaps kept (the scorer weighs them)."""
    base = gazetteer_mentions(text, toks) + policy_mentions(text) + grammar_mentions(text, toks) + \
        person_mentions(text, toks)
    base += _propagate_persons(text, {c.surface for c in base if c.type == "Person"})
    return base + list_mentions(text, base)


def _balanced(seg: str) -> bool:
    return seg.count("“") == seg.count("”") and seg.count("(") == seg.count(")")


def propose(text: str, toks: Tokens, words: list[LacWord], rules: list[Candidate],
            selected: list[Candidate]) -> dict[tuple[int, int], Proposal]:
    """Every candidate span of ``text`` with its sources; ``rules`` are the rule families' candidates and
    ``selected`` what the rules alone would keep (overlaps resolved)."""
    out: dict[tuple[int, int], Proposal] = {}

    def add(s: int, e: int, source: str, typ: str | None = None, rule: Candidate | None = None) -> None:
        if 2 <= e - s <= MAX_SPAN:
            out.setdefault((s, e), Proposal(s, e)).add(source, typ, rule)

    for c in rules:
        add(c.start, c.end, "r:" + c.rule.split(":")[0], c.type, c)
    for c in selected:
        if c.type != "TechField":
            add(c.start, c.end, "r:selected", c.type, c)
    for _, tag, s, e in words:
        if tag in NAME_TAGS:
            add(s, e, "lac:" + tag)
    starts = set(toks.starts) | {s for _, _, s, _ in words}
    ends = set(toks.ends) | {e for _, _, _, e in words}
    types = head_types()
    for end, head in _head_automaton().iter(text):
        e = end + 1
        if e not in ends:
            continue
        hs = e - len(head)
        for s in range(max(0, e - HEAD_REACH), hs):
            seg = text[s:e]
            if s in starts and not _CLAUSE_STOP.intersection(seg) and _balanced(seg):
                add(s, e, "head", types[head])
    _list_siblings(text, starts, ends, out, add)
    word_tag = {s: t for _, t, s, _ in words}
    for k in [k for k, p in out.items() if text[k[0]:k[1]] in SELF_REFERENCES or _hopeless(p, word_tag)]:
        del out[k]
    return out


# LAC tags no name starts with: prepositions, punctuation, particles, conjunctions, adverbs, pronouns, numerals,
# measure words, localisers, times
_NO_NAME_STARTS = frozenset({"p", "w", "u", "c", "d", "r", "m", "q", "f", "xc", "vd", "ad", "TIME"})


def _hopeless(p: Proposal, word_tag: dict[int, str]) -> bool:
    """A span only the head-word or list generator proposed, starting where no name starts: inside one of
    LAC's words, or on a function word (the scorer would turn it down; it is not worth weighing)."""
    if not p.sources <= {"head", "list-sibling"}:
        return False
    tag = word_tag.get(p.start)
    return tag is None or tag in _NO_NAME_STARTS


def _list_siblings(text: str, starts: set[int], ends: set[int], out: dict[tuple[int, int], Proposal],
                   add: object) -> None:
    """Items of a 、-list with a proposed item: every item is proposed (the first may carry a lead verb,
    汇聚了A, the last a tail, B等企业, so their edges are tried at every word boundary)."""
    assert callable(add)
    for m in _LIST_SEGMENT.finditer(text):
        seg = m.group()
        if "、" not in seg:
            continue
        pos = m.start()
        items = []
        for part in seg.split("、"):
            items.append((pos, pos + len(part)))
            pos += len(part) + 1
        if not any(a <= x and y <= b and y - x >= 2 for a, b in items for (x, y) in out):
            continue
        last = len(items) - 1
        for k, (a, b) in enumerate(items):
            lefts = [a] if k else [x for x in range(a, b) if x in starts]
            rights = [b] if k < last else [y for y in range(a + 2, b + 1) if y in ends]
            for x in lefts:
                for y in rights:
                    if 2 <= y - x <= LIST_ITEM:
                        add(x, y, "list-sibling")
