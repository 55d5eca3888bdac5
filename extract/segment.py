"""The segmenter: rjieba (Rust jieba) with the gazetteer's names added, giving tokens with offsets and tags."""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import rjieba

from extract.lexicon import gazetteer, places
from extract.text import normalise


class Tok(NamedTuple):
    """A token of the normalised text: surface, part-of-speech tag, offsets (a tuple: made by the million)."""

    text: str
    tag: str
    start: int
    end: int


@lru_cache(maxsize=1)
def segmenter() -> rjieba.Jieba:
    """One rjieba instance for the process, with well-known names and places as words."""
    jb = rjieba.Jieba()
    for e in gazetteer():
        for name in (e.name, *e.aliases):
            n = normalise(name)
            if len(n) >= 2 and "(" not in n:
                jb.add_word(n, 50000, "nt")
    for p in places():
        if len(p) >= 2:
            jb.add_word(normalise(p), 20000, "ns")
    return jb


def in_dictionary(word: str) -> bool:
    """True when the base jieba dictionary knows the word (new words found by the HMM are not)."""
    return bool(rjieba.has_word(word))


_NUMERALS = frozenset("0123456789一二三四五六七八九十百千万亿两")
_LEAD = frozenset("获在与和对向为把被从由将已及等的了是以")
_TRAIL = frozenset("有在和与的了是将已等获对向为")


def _split(word: str, tag: str) -> list[tuple[str, str]]:
    """Undo the HMM's new words that swallow a function character (获省 → 获|省, 院有 → 院|有)."""
    if len(word) < 2 or tag == "nt" or not (word[0] in _LEAD or word[-1] in _TRAIL or _NUMERALS & set(word[1:])):
        return [(word, tag)]
    if in_dictionary(word):
        return [(word, tag)]
    if word[0] in _LEAD:
        return [(word[0], "p"), *_split(word[1:], tag)]
    if word[-1] in _TRAIL:
        return [*_split(word[:-1], tag), (word[-1], "v")]
    num = next((i for i, ch in enumerate(word) if ch in _NUMERALS), 0)
    if num > 0:  # 城三大 → 城|三大
        return [(word[:num], tag), (word[num:], "m")]
    return [(word, tag)]


def tokens(text: str) -> list[Tok]:
    """Segment normalised text; the tokens tile the text exactly."""
    out: list[Tok] = []
    append = out.append
    pos = 0
    lead, trail, nums = _LEAD, _TRAIL, _NUMERALS
    for word, tag in segmenter().tag(text):
        n = len(word)
        if n == 1 or tag == "nt" or not (word[0] in lead or word[-1] in trail or not nums.isdisjoint(word[1:])):
            append(Tok(word, tag, pos, pos + n))
            pos += n
            continue
        for w, t in _split(word, tag):
            append(Tok(w, t, pos, pos + len(w)))
            pos += len(w)
    return out
