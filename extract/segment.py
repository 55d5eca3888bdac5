"""The segmenter: rjieba (Rust jieba) with the gazetteer's names added, giving tokens with offsets and tags."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate, compress
from operator import itemgetter
from typing import NamedTuple, TypeVar, overload

import rjieba

from extract.lexicon import gazetteer, places
from extract.text import normalise


class Tok(NamedTuple):
    """A token of the normalised text: surface, part-of-speech tag, offsets (a tuple: made by the million)."""

    text: str
    tag: str
    start: int
    end: int


V = TypeVar("V")

# ``Tok`` from a 4-tuple without the Python-level ``__new__`` of a named tuple (what ``Tok._make`` does in C)
_new_tok = partial(tuple.__new__, Tok)
_word, _tag = itemgetter(0), itemgetter(1)


@dataclass(frozen=True)
class Tokens(Sequence[Tok]):
    """The tokens of a text as columns: words, tags, start and end offsets (cheap to make by the hundred
    thousand); ``tokens[i]`` is the ``Tok`` at ``i``, and offsets find their token by bisection.

    >>> ts = Tokens.of([Tok("温州", "ns", 0, 2), Tok("市", "n", 2, 3)])
    >>> ts[1], ts.ending_at(2), ts.starting_at(1)
    (Tok(text='市', tag='n', start=2, end=3), 0, None)
    """

    words: list[str]
    tags: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, toks: Sequence[Tok]) -> Tokens:
        """Columns of tokens that tile a text."""
        if isinstance(toks, Tokens):
            return toks
        return cls([t.text for t in toks], [t.tag for t in toks], [t.start for t in toks],
                   [t.end for t in toks])

    def __len__(self) -> int:
        return len(self.words)

    @overload
    def __getitem__(self, i: int) -> Tok: ...
    @overload
    def __getitem__(self, i: slice) -> list[Tok]: ...
    def __getitem__(self, i: int | slice) -> Tok | list[Tok]:
        if isinstance(i, slice):
            return list(map(_new_tok, zip(self.words[i], self.tags[i], self.starts[i], self.ends[i])))
        return _new_tok((self.words[i], self.tags[i], self.starts[i], self.ends[i]))

    def __iter__(self) -> Iterator[Tok]:
        return map(_new_tok, zip(self.words, self.tags, self.starts, self.ends))

    def starting_at(self, pos: int) -> int | None:
        """The index of the token that starts at ``pos``, or None when ``pos`` is inside a token."""
        i = bisect_left(self.starts, pos)
        return i if i < len(self.starts) and self.starts[i] == pos else None

    def ending_at(self, pos: int) -> int | None:
        """The index of the token that ends at ``pos``, or None when ``pos`` is inside a token."""
        i = bisect_left(self.ends, pos)
        return i if i < len(self.ends) and self.ends[i] == pos else None

    def is_boundary(self, pos: int) -> bool:
        """True where a token starts or the last one ends (the tokens tile the text)."""
        return self.starting_at(pos) is not None or (pos == self.ends[-1] if self.ends else pos == 0)


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


@lru_cache(maxsize=1 << 16)
def in_dictionary(word: str) -> bool:
    """True when the base jieba dictionary knows the word (new words found by the HMM are not)."""
    return bool(rjieba.has_word(word))


_NUMERALS = frozenset("0123456789一二三四五六七八九十百千万亿两")
_LEAD = frozenset("获在与和对向为把被从由将已及等的了是以")
_TRAIL = frozenset("有在和与的了是将已等获对向为")


def _may_split(word: str) -> bool:
    """A word of two or more characters with a function character at an edge or a numeral inside."""
    return len(word) > 1 and (word[0] in _LEAD or word[-1] in _TRAIL or not _NUMERALS.isdisjoint(word[1:]))


class Memo(dict[str, V]):
    """``fn`` of each word, remembered: ``map(memo.__getitem__, words)`` runs in C for the words seen before.
    Past ``limit`` words it starts afresh, a bound on memory over a long run of new words (the values are
    cheap to compute again).

    >>> lengths = Memo(len, limit=2)
    >>> [lengths[w] for w in ("温州", "市", "温州")], len(lengths)
    ([2, 1, 2], 2)
    """

    def __init__(self, fn: Callable[[str], V], limit: int) -> None:
        super().__init__()
        self.fn, self.limit = fn, limit

    def __missing__(self, word: str) -> V:
        if len(self) >= self.limit:
            self.clear()
        v = self[word] = self.fn(word)
        return v


_may_split_cache = Memo(_may_split, limit=1 << 18)


def _split(word: str, tag: str) -> list[tuple[str, str]]:
    """Undo the HMM's new words that swallow a function character (获省 → 获|省, 院有 → 院|有)."""
    if tag == "nt" or not _may_split(word) or in_dictionary(word):
        return [(word, tag)]
    if word[0] in _LEAD:
        return [(word[0], "p"), *_split(word[1:], tag)]
    if word[-1] in _TRAIL:
        return [*_split(word[:-1], tag), (word[-1], "v")]
    num = next((i for i, ch in enumerate(word) if ch in _NUMERALS), 0)
    if num > 0:  # 城三大 → 城|三大
        return [(word[:num], tag), (word[num:], "m")]
    return [(word, tag)]


@lru_cache(maxsize=1 << 14)
def _pieces(word: str, tag: str) -> tuple[tuple[str, str], ...]:
    return tuple(_split(word, tag))


def tagged(text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs of normalised text, the HMM's glued words split; the words tile the text."""
    pairs: list[tuple[str, str]] = segmenter().tag(text)
    suspects = list(compress(range(len(pairs)), map(_may_split_cache.__getitem__, map(_word, pairs))))
    if not suspects:
        return pairs
    out: list[tuple[str, str]] = []
    prev = 0
    for i in suspects:
        out += pairs[prev:i]
        out += _pieces(*pairs[i])
        prev = i + 1
    out += pairs[prev:]
    return out


def tokenize(text: str) -> Tokens:
    """Segment normalised text into token columns; the tokens tile the text exactly."""
    pairs = tagged(text)
    words = list(map(_word, pairs))
    ends = list(accumulate(map(len, words)))
    return Tokens(words, list(map(_tag, pairs)), [0, *ends[:-1]], ends)


def tokens(text: str) -> list[Tok]:
    """Segment normalised text; the tokens tile the text exactly."""
    return list(tokenize(text))
