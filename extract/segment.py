"""The segmenter: rjieba (Rust jieba) with the gazetteer's names added, giving tokens with offsets and tags."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import rjieba

from extract.lexicon import gazetteer, places
from extract.text import normalise


@dataclass(frozen=True)
class Tok:
    """A token of the normalised text: surface, part-of-speech tag, offsets."""

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


def tokens(text: str) -> list[Tok]:
    """Segment normalised text; the tokens tile the text exactly."""
    out: list[Tok] = []
    pos = 0
    for word, tag in segmenter().tag(text):
        out.append(Tok(word, tag, pos, pos + len(word)))
        pos += len(word)
    return out
