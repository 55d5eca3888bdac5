"""The features the name scorer reads for a candidate span: who proposed it, its head, its edges, its context.

No feature holds a name: they are sources, head words (heads.tsv, proposal_heads.tsv), part-of-speech
tags, character classes, lengths, closed lists of function words and trigger verbs, place levels, and
counts — what a span looks like, so that the scorer learns shapes of names, not names.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from extract.components.names.grammar import _name_verbs
from extract.components.names.proposals import NAME_TAGS, LacWord, Proposal, head_of, head_types
from extract.lexicon import _read_lines, generic_words, places, stopwords, surnames
from extract.segment import Tokens

Features = dict[str, float]
_FUNCTION_CHARS = frozenset("在与和及对向为把被从由将已等的了是以于并也就都还又其该这那各个我贵本全")
_PUNCT_CLASS = frozenset(",。;:!?、()《》“”·—-\n ")

_INSIDE = (("与", "yu"), ("和", "he"), ("及", "ji"), ("、", "dun"), ("(", "paren"), ("“", "quote"),
           ("·", "dot"), ("—", "dash"), ("-", "hyphen"), ("的", "de"), ("暨", "ji2"))
_QUANTIFIER_BEFORE = re.compile(r"一批|多个|各类|一系列|若干|一些|各级")
_COUNT_AFTER = re.compile(r"等\d*[一二三四五六七八九十百千]*[家个所项座批]")
_HELD_AFTER = re.compile(r"[^,。;]{0,12}?(?:举行|召开|举办|开幕|启动|落幕|闭幕)")
_DATE_BEFORE = re.compile(r"\d+月\d+日[上下]?午?,?$|\d+日[上下]?午?,?$")
_INNER_TAGS = frozenset({"v", "vd", "p", "c", "u", "d", "r", "m", "q", "w", "f"})
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
_CLAUSE_EDGE = ",。;:\n"


def char_class(c: str) -> str:
    """A character as the scorer sees it: function characters and punctuation as themselves, else a class."""
    if not c:
        return "EDGE"
    if c in _FUNCTION_CHARS or c in _PUNCT_CLASS:
        return c
    if c.isdigit():
        return "DIG"
    if c.isascii() and c.isalpha():
        return "LAT"
    return "HAN" if "\u4e00" <= c <= "\u9fff" else "OTH"


@lru_cache(maxsize=1)
def _context_verbs() -> frozenset[str]:
    return frozenset(_read_lines("extract", "data/context_verbs.txt"))


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-7" if n <= 7 else \
        "8-12" if n <= 12 else "13-20" if n <= 20 else "21+"


@lru_cache(maxsize=1)
def _name_verb_set() -> frozenset[str]:
    return _name_verbs()


class DocView:
    """One document as the features read it: text, segmenter tokens, LAC words, indexes by offset."""

    def __init__(self, text: str, toks: Tokens, words: Sequence[LacWord],
                 proposals: dict[tuple[int, int], Proposal]) -> None:
        self.text, self.toks, self.words, self.proposals = text, toks, list(words), proposals
        self.word_at = {s: (w, t) for w, t, s, _ in self.words}
        self.word_starts = [s for _, _, s, _ in self.words]
        self.word_before = {e: (w, t) for w, t, _, e in self.words}
        self.names = {(s, e): t for _, t, s, e in self.words if t in NAME_TAGS}
        self.name_spans = sorted(self.names)
        self.tok_start = {s: i for i, s in enumerate(toks.starts)}
        self.tok_end = {e: i for i, e in enumerate(toks.ends)}
        self.counts: Counter[str] = Counter()
        for s, e in proposals:
            form = text[s:e]
            if form not in self.counts:
                self.counts[form] = text.count(form)
        head_spans = sorted(k for k, p in proposals.items() if "head" in p.sources)
        self.head_spans = head_spans
        self.head_starts = [s for s, _ in head_spans]

    def lac_before(self, pos: int) -> tuple[str, str]:
        return self.word_before.get(pos, ("", "NONE"))

    def lac_at(self, pos: int) -> tuple[str, str]:
        return self.word_at.get(pos, ("", "NONE"))

    def token_before(self, pos: int) -> tuple[str, str]:
        i = self.tok_end.get(pos)
        return (self.toks.words[i], self.toks.tags[i]) if i is not None else ("", "NONE")

    def heads_around(self, s: int, e: int) -> tuple[bool, bool, bool]:
        """Whether a longer head-anchored span starts at ``s``, ends at ``e``, or holds [s, e) inside."""
        prefix = suffix = inside = False
        hi = bisect_left(self.head_starts, s + 1)
        for a, b in self.head_spans[:hi]:  # spans starting at or before s
            if b < e or (a, b) == (s, e):
                continue
            if a == s:
                prefix = True
            elif b == e:
                suffix = True
            elif b > e:
                inside = True
        return prefix, suffix, inside

    def names_inside(self, s: int, e: int) -> set[str]:
        i = bisect_left(self.name_spans, (s, -1))
        out = set()
        for a, b in self.name_spans[i:]:
            if a >= e:
                break
            if b <= e and (a, b) != (s, e):
                out.add(self.names[(a, b)])
        return out

    def tags_inside(self, s: int, e: int) -> set[str]:
        """LAC's function-word tags (verb, preposition, conjunction …) of the words inside [s, e)."""
        i = bisect_left(self.word_starts, s)
        out = set()
        for w, t, a, b in self.words[i:]:
            if b > e:
                break
            if t in _INNER_TAGS:
                out.add(t)
        return out

    def trigger_inside(self, s: int, e: int) -> bool:
        """True when a segmenter word inside [s, e), not its first, is a verb that acts on names (共建, 签署)."""
        toks = self.toks
        i = bisect_left(toks.starts, s + 1)
        verbs = _context_verbs()
        while i < len(toks) and toks.ends[i] <= e:
            if len(toks.words[i]) >= 2 and toks.words[i] in verbs:
                return True
            i += 1
        return False

    def cuts_a_name(self, s: int) -> bool:
        """True when ``s`` falls inside a name LAC found (the span starts in the middle of it)."""
        i = bisect_left(self.name_spans, (s, -1))
        return any(a < s < b for a, b in self.name_spans[max(0, i - 3):i])


def features(v: DocView, p: Proposal) -> Features:
    """The features of one proposal in its document."""
    text, s, e = v.text, p.start, p.end
    surf = text[s:e]
    f: Features = {"bias": 1.0}
    for src in p.sources:
        f["src=" + src] = 1.0
    f["nsrc=" + str(min(len(p.sources), 4))] = 1.0
    head = head_of(surf)
    f["head=" + (head or "NONE")] = 1.0
    f["htype=" + (head_types()[head] if head else "None")] = 1.0
    if head:
        f["headfrac=" + _bucket(len(surf) - len(head))] = 1.0
    f["len=" + _bucket(len(surf))] = 1.0
    before, after = text[s - 1:s] if s else "", text[e:e + 1]
    f["pc=" + char_class(before)] = 1.0
    f["nc=" + char_class(after)] = 1.0
    pw, pt = v.lac_before(s)
    f["plac=" + pt] = 1.0
    f["nlac=" + v.lac_at(e)[1]] = 1.0
    f["plac2=" + (v.lac_before(s - len(pw))[1] if pw else "NONE")] = 1.0
    jw, jt = v.token_before(s)
    f["pjt=" + (jt[:1] if jt else "NONE")] = 1.0
    if jw in stopwords():
        f["pstop"] = 1.0
    if jw in _context_verbs():
        f["prev_trigger"] = 1.0
    if jw in _name_verb_set():
        f["prev_nameverb"] = 1.0
    f[f"startlac={int(s in v.word_at)}"] = 1.0
    f[f"endlac={int(e in v.word_before)}"] = 1.0
    f[f"starttok={int(s in v.tok_start)}"] = 1.0
    f[f"endtok={int(e in v.tok_end)}"] = 1.0
    f["lacexact=" + str(v.names.get((s, e)))] = 1.0
    fw, ft = v.lac_at(s)
    f["firstlac=" + ft] = 1.0
    if fw in places() or surf[:2] in places() or surf[:3] in places():
        f["firstplace"] = 1.0
    if fw in stopwords():
        f["firststop"] = 1.0
    for t in v.names_inside(s, e):
        f["inner=" + t] = 1.0
    for t in v.tags_inside(s, e):
        f["inner_tag=" + t] = 1.0
    if v.trigger_inside(s, e):
        f["inner_trigger"] = 1.0
    if v.cuts_a_name(s):
        f["cutlac"] = 1.0
    for ch, label in _INSIDE:
        if ch in surf:
            f["has=" + label] = 1.0
    if _DIGIT.search(surf):
        f["has=digit"] = 1.0
    if _LATIN.search(surf):
        f["has=latin"] = 1.0
    n = v.counts.get(surf, 1)
    f["count=" + ("1" if n <= 1 else "2" if n == 2 else "3+")] = 1.0
    if surf[0] in surnames():
        f["surname"] = 1.0
    if surf in generic_words():
        f["generic"] = 1.0
    for t in p.types:
        f["rtype=" + t] = 1.0
    if p.rule is not None:
        f["rule=" + p.rule.rule.split(":")[0]] = 1.0
    if head:
        _modifier(v, s, e - len(head), f)
    place = places().get(surf)
    f["place_level=" + (place.level if place else "none")] = 1.0
    _context(v, s, e, f)
    prefix, suffix, inside = v.heads_around(s, e)
    if prefix:
        f["prefix_of_head"] = 1.0
    if suffix:
        f["suffix_of_head"] = 1.0
    if inside:
        f["inside_head"] = 1.0
    f[f"x:src_head={','.join(sorted(p.sources))}|{bool(head)}"] = 1.0
    f[f"x:plac_src={pt}|{'head' in p.sources}"] = 1.0
    return f


def _modifier(v: DocView, s: int, e: int, f: Features) -> None:
    """What the part before the head is made of: generic words, places, names LAC found."""
    toks = v.toks
    lo, hi = bisect_left(toks.starts, s), bisect_left(toks.ends, e + 1)
    words = [toks.words[i] for i in range(lo, hi) if toks.ends[i] <= e]
    generic = sum(1 for w in words if w in generic_words())
    f["mod_generic=" + ("all" if words and generic == len(words) else
                        "most" if words and generic * 2 >= len(words) else "few")] = 1.0
    i = bisect_left(v.name_spans, (s, -1))
    for a, b in v.name_spans[i:]:
        if a >= e:
            break
        if b <= e:
            f["mod_has=" + v.names[(a, b)]] = 1.0
    if any(w in places() for w in words):
        f["mod_place"] = 1.0
    f["mod_ntok=" + _bucket(len(words))] = 1.0


def _context(v: DocView, s: int, e: int, f: Features) -> None:
    """The words around: quantifiers (一批 → a kind), counts (等12家), events held, dates, list siblings."""
    text = v.text
    if _QUANTIFIER_BEFORE.search(text, max(0, s - 4), s):
        f["prev_quantifier"] = 1.0
    if _COUNT_AFTER.match(text, e, e + 20):
        f["next_count"] = 1.0
    if _HELD_AFTER.match(text, e, e + 20):
        f["next_held"] = 1.0
    if _DATE_BEFORE.search(text[max(0, s - 12):s]):
        f["prev_date"] = 1.0
    seg_s = max(text.rfind(x, 0, s) for x in _CLAUSE_EDGE) + 1
    seg_e = min([i for i in (text.find(x, e) for x in _CLAUSE_EDGE) if i >= 0] or [len(text)])
    listed = text[s - 1:s] == "、" or text[e:e + 1] in ("、", "等")
    if listed and "、" in text[seg_s:seg_e]:
        f["in_list"] = 1.0
        sib = sum(1 for a, b in v.head_spans if seg_s <= a and b <= seg_e and (a, b) != (s, e)
                  and (text[a - 1:a] == "、" or text[b:b + 1] in ("、", "等")))
        f["list_head_sibs=" + ("0" if not sib else "1" if sib == 1 else "2+")] = 1.0
