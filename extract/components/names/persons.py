"""People next to a title (组长陈联盟, 刘小涛书记, 记者 应陶), and their other mentions."""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

from extract.components.names.candidate import PUNCT, Candidate
from extract.components.names.grammar import _is_place
from extract.lexicon import (
    surnames,
    titles,
)
from extract.segment import Tokens, in_dictionary, segmenter

_PERSON_STOP = set("一在等的和与指陪表说强介告向对是为也带率了及同任称")


@lru_cache(maxsize=1)
def _title_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for t in titles():
        auto.add_word(t, t)
    if len(auto):
        auto.make_automaton()
    return auto


_AFTER_TITLE = re.compile(r"[:]?\s*")
_GAP = re.compile(r"[ \u3000]+")


def _titles_in(text: str) -> list[tuple[int, int]]:
    """(start, minus length) of every title in ``text``, sorted: the longest title first at each start."""
    auto = _title_automaton()
    return sorted((end + 1 - len(t), -len(t)) for end, t in auto.iter(text)) if len(auto) else []


def _title_spans(text: str, found: list[tuple[int, int]], trailing: re.Pattern[str] | None = None,
                 ) -> list[tuple[int, int]]:
    """Spans of titles as ``re.finditer`` over their alternation (longest first) finds them: leftmost first,
    the longest title at a position, none overlapping; ``trailing`` (a colon, spaces) extends each span.
    ``found`` is ``_titles_in(text)``."""
    out: list[tuple[int, int]] = []
    pos = 0
    for start, neg_len in found:
        if start < pos:
            continue  # overlaps the title taken before, or is a shorter title at the same place
        pos = start - neg_len
        if trailing is not None:
            grown = trailing.match(text, pos)  # it matches the empty string: never None
            pos = grown.end() if grown else pos
        out.append((start, pos))
    return out


def person_mentions(text: str, toks: Tokens) -> list[Candidate]:
    """People next to a title (组长陈联盟, 刘小涛书记, 联系人：王鹏鸣, 记者 应陶 唐骏垚)."""
    sn = surnames()
    ts = titles()
    if not sn or not ts:
        return []
    out = []
    found = _titles_in(text)
    for title_start, pos in _title_spans(text, found, _AFTER_TITLE):
        title = text[title_start:pos].strip(": ")
        while True:
            name = _name_at(text, pos, sn)
            if not name:
                break
            out.append(Candidate(pos, pos + len(name), name, "Person", "person:title-before", 85))
            gap = _GAP.match(text, pos + len(name))
            if not gap or title not in ("记者", "通讯员", "摄影"):
                break
            pos = gap.end()
    for title_start, _ in _title_spans(text, found):
        for n in (3, 2):
            s = title_start - n
            if s < 0:
                continue
            cand = text[s:title_start]
            if cand[0] in sn and all("\u4e00" <= c <= "\u9fff" for c in cand) and \
                    (s == 0 or text[s - 1] in PUNCT or text[s - 1] in "的") and \
                    not any(c in "的在和与等了是" for c in cand[1:]) and not _is_place(cand) and \
                    _looks_like_name(cand, 1):
                out.append(Candidate(s, title_start, cand, "Person", "person:title-after", 84))
                break
    return out


def _looks_like_name(cand: str, surname_len: int) -> bool:
    """高度重(视) is not a name: the segmenter reads a word, not a surname, at the start."""
    first, tag = segmenter().tag(cand)[0]
    return tag.startswith("nr") or len(first) <= surname_len or not in_dictionary(first)


def _name_at(text: str, pos: int, sn: frozenset[str]) -> str | None:
    toks = segmenter().tag(text[pos:pos + 8]) if text[pos:pos + 1].strip() else []
    if toks and toks[0][1].startswith("nr") and 2 <= len(toks[0][0]) <= 3 and \
            (toks[0][0][0] in sn or toks[0][0][:2] in sn):
        first = toks[0][0]
        nxt = toks[1][0] if len(toks) > 1 else ""
        if len(first) == 2 and len(nxt) == 1 and "\u4e00" <= nxt <= "\u9fff" and nxt not in _PERSON_STOP:
            return first + nxt  # 邵悦|初: a rare last character the segmenter left alone
        return first  # 李明|出席: the segmenter knows where the name ends
    for sl in (2, 1):
        if text[pos:pos + sl] in sn:
            for gl in (2, 1):
                cand = text[pos:pos + sl + gl]
                if len(cand) < sl + gl or not all("\u4e00" <= c <= "\u9fff" for c in cand):
                    continue
                if any(c in _PERSON_STOP for c in cand[sl:]):
                    continue
                nxt = text[pos + sl + gl: pos + sl + gl + 1]
                if (gl == 2 or not nxt or not ("\u4e00" <= nxt <= "\u9fff") or nxt in _PERSON_STOP) and \
                        _looks_like_name(cand, sl):
                    return cand
    return None



def _propagate_persons(text: str, persons: set[str]) -> list[Candidate]:
    """Every other occurrence of a name already known as a person (陈联盟强调…) is that person too."""
    return [Candidate(m.start(), m.end(), p, "Person", "person:propagated", 83)
            for p in persons for m in re.finditer(re.escape(p), text)]
