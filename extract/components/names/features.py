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
from extract.components.names.proposals import MAX_SPAN, NAME_TAGS, LacWord, Proposal, head_of, head_types
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
        self.edges = [i for i, ch in enumerate(text) if ch in _CLAUSE_EDGE]  # where clauses end
        self._left: dict[int, tuple[str, ...]] = {}
        self._right: dict[int, tuple[str, ...]] = {}
        self._span: dict[tuple[int, int], tuple[str, ...]] = {}

    def left(self, s: int) -> tuple[str, ...]:
        out = self._left.get(s)
        if out is None:
            out = self._left[s] = _left(self, s)
        return out

    def right(self, e: int) -> tuple[str, ...]:
        out = self._right.get(e)
        if out is None:
            out = self._right[e] = _right(self, e)
        return out

    def span(self, s: int, e: int) -> tuple[str, ...]:
        out = self._span.get((s, e))
        if out is None:
            out = self._span[(s, e)] = _span(self, s, e)
        return out

    def head(self, s: int, e: int) -> str | None:
        """The longest head word the span [s, e) ends with."""
        return head_of(self.text[s:e])

    def clause(self, s: int, e: int) -> tuple[int, int]:
        """The clause around [s, e): after the last clause edge before ``s``, up to the first at or after ``e``."""
        i = bisect_left(self.edges, s)
        j = bisect_left(self.edges, e)
        return (self.edges[i - 1] + 1 if i else 0), (self.edges[j] if j < len(self.edges) else len(self.text))

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
        lo = bisect_left(self.head_starts, e - MAX_SPAN)  # no span is longer
        hi = bisect_left(self.head_starts, s + 1)
        for a, b in self.head_spans[lo:hi]:  # spans starting at or before s
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
    """The features of one proposal in its document (all binary: a key is there or not)."""
    s, e = p.start, p.end
    f: Features = dict.fromkeys(v.left(s), 1.0)
    f.update(dict.fromkeys(v.right(e), 1.0))
    f.update(dict.fromkeys(v.span(s, e), 1.0))
    f["bias"] = 1.0
    for src in p.sources:
        f["src=" + src] = 1.0
    f["nsrc=" + str(min(len(p.sources), 4))] = 1.0
    for t in p.types:
        f["rtype=" + t] = 1.0
    if p.rule is not None:
        f["rule=" + p.rule.rule.split(":")[0]] = 1.0
    head = v.head(s, e)
    f[f"x:src_head={','.join(sorted(p.sources))}|{bool(head)}"] = 1.0
    f[f"x:plac_src={v.lac_before(s)[1]}|{'head' in p.sources}"] = 1.0
    return f


def _left(v: DocView, s: int) -> tuple[str, ...]:
    """The features of a left edge: the character and words before it, the first word, what precedes."""
    text = v.text
    out = ["pc=" + char_class(text[s - 1:s] if s else "")]
    pw, pt = v.lac_before(s)
    out += ["plac=" + pt, "plac2=" + (v.lac_before(s - len(pw))[1] if pw else "NONE")]
    jw, jt = v.token_before(s)
    out.append("pjt=" + (jt[:1] if jt else "NONE"))
    if jw in stopwords():
        out.append("pstop")
    if jw in _context_verbs():
        out.append("prev_trigger")
    if jw in _name_verb_set():
        out.append("prev_nameverb")
    out += [f"startlac={int(s in v.word_at)}", f"starttok={int(s in v.tok_start)}"]
    fw, ft = v.lac_at(s)
    out.append("firstlac=" + ft)
    if fw in stopwords():
        out.append("firststop")
    if v.cuts_a_name(s):
        out.append("cutlac")
    if _QUANTIFIER_BEFORE.search(text, max(0, s - 4), s):
        out.append("prev_quantifier")
    if _DATE_BEFORE.search(text[max(0, s - 12):s]):
        out.append("prev_date")
    return tuple(out)


def _right(v: DocView, e: int) -> tuple[str, ...]:
    """The features of a right edge: the character and word after it, counts and events that follow."""
    text = v.text
    out = ["nc=" + char_class(text[e:e + 1]), "nlac=" + v.lac_at(e)[1], f"endlac={int(e in v.word_before)}",
           f"endtok={int(e in v.tok_end)}"]
    if _COUNT_AFTER.match(text, e, e + 20):
        out.append("next_count")
    if _HELD_AFTER.match(text, e, e + 20):
        out.append("next_held")
    return tuple(out)


def _span(v: DocView, s: int, e: int) -> tuple[str, ...]:
    """The features of the span itself: head, length, what lies inside, how often it occurs, its list."""
    text = v.text
    surf = text[s:e]
    f: Features = {}
    head = v.head(s, e)
    f["head=" + (head or "NONE")] = 1.0
    f["htype=" + (head_types()[head] if head else "None")] = 1.0
    if head:
        f["headfrac=" + _bucket(len(surf) - len(head))] = 1.0
    f["len=" + _bucket(len(surf))] = 1.0
    f["lacexact=" + str(v.names.get((s, e)))] = 1.0
    fw, _ = v.lac_at(s)
    if fw in places() or surf[:2] in places() or surf[:3] in places():
        f["firstplace"] = 1.0
    for t in v.names_inside(s, e):
        f["inner=" + t] = 1.0
    for t in v.tags_inside(s, e):
        f["inner_tag=" + t] = 1.0
    if v.trigger_inside(s, e):
        f["inner_trigger"] = 1.0
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
    if head:
        _modifier(v, s, e - len(head), f)
    place = places().get(surf)
    f["place_level=" + (place.level if place else "none")] = 1.0
    _list(v, s, e, f)
    prefix, suffix, inside = v.heads_around(s, e)
    if prefix:
        f["prefix_of_head"] = 1.0
    if suffix:
        f["suffix_of_head"] = 1.0
    if inside:
        f["inside_head"] = 1.0
    return tuple(f)


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


def _list(v: DocView, s: int, e: int, f: Features) -> None:
    """Whether the span is an item of a 、-list, and how many of its siblings are head-anchored spans."""
    text = v.text
    listed = text[s - 1:s] == "、" or text[e:e + 1] in ("、", "等")
    if not listed:
        return
    seg_s, seg_e = v.clause(s, e)
    if "、" in text[seg_s:seg_e]:
        f["in_list"] = 1.0
        lo, hi = bisect_left(v.head_starts, seg_s), bisect_left(v.head_starts, seg_e)
        sib = sum(1 for a, b in v.head_spans[lo:hi] if b <= seg_e and (a, b) != (s, e)
                  and (text[a - 1:a] == "、" or text[b:b + 1] in ("、", "等")))
        f["list_head_sibs=" + ("0" if not sib else "1" if sib == 1 else "2+")] = 1.0
