"""The name grammar: names grown leftwards from a head word (公司, 研究院, 联盟, 中心, 港, 谷 …)."""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

from extract.components.names.candidate import NUMERALS, PUNCT, Candidate
from extract.components.names.gazetteer import _gaz_has
from extract.lexicon import (
    Head,
    _read_lines,
    generic_words,
    heads,
    places,
    stopwords,
)
from extract.segment import Tokens, in_dictionary


@lru_cache(maxsize=1)
def _name_verbs() -> frozenset[str]:
    return frozenset(_read_lines("extract", "data/name_verbs.txt"))



def _is_place(word: str) -> bool:
    return word in places()


@lru_cache(maxsize=1)
def _head_table() -> dict[str, Head]:
    return {h.head: h for h in heads()}


@lru_cache(maxsize=1)
def _head_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for h in heads():
        auto.add_word(h.head, h.head)
    auto.make_automaton()
    return auto


def _head_ends(text: str) -> dict[int, list[str]]:
    """Offsets where head words end, in order, each with those heads, the longest first: only tokens
    ending there can end a name."""
    out: dict[int, list[str]] = {}
    for end, head in _head_automaton().iter(text):
        out.setdefault(end + 1, []).append(head)
    return {e: sorted(out[e], key=len, reverse=True) for e in sorted(out)}


def _head_at(toks: Tokens, i: int, heads_here: list[str]) -> tuple[str, str, bool, int] | None:
    """The head word ending at token ``i`` as (head, type, proper, index of its first token), among the
    head words ending there (``heads_here``, the longest first)."""
    word, start, end = toks.words[i], toks.starts[i], toks.ends[i]
    table = _head_table()
    for head in heads_here:
        h = table[head]
        hs = end - len(head)
        if hs < start:
            first = toks.starting_at(hs)
            if first is not None:  # 界别|组: a head over several tokens, starting on a token start
                return h.head, h.type, h.proper, first
            continue
        if word == h.head:
            return h.head, h.type, h.proper, i
        prefix = word[: len(word) - len(h.head)]
        # 保障局, 数安港 name a unit; 布局, 总部, 公园 (one character before the head) are plain words
        if not in_dictionary(word) or _is_place(prefix) or len(prefix) >= 2:
            return h.head, h.type, h.proper, i
        return None
    return None


def _take_group(words: list[str], j: int, open_: str, close: str, limit: int) -> int | None:
    """Index of the token that opens the group closed at ``words[j]``, or None when it is not short."""
    depth, k, size = 0, j, 0
    while k >= 0:
        t = words[k]
        size += len(t)
        if close in t:
            depth += t.count(close)
        if open_ in t:
            depth -= t.count(open_)
            if depth <= 0:
                return k if size <= limit else None
        if k < j and any(c in t for c in ",。;、\n"):
            return None
        k -= 1
    return None


def grammar_mentions(text: str, toks: Tokens) -> list[Candidate]:
    """Names grown leftwards from a head word (公司, 研究院, 联盟, 中心, 港, 谷 …) until a boundary word."""
    stop, generic = stopwords(), generic_words()
    words, tags, starts, ends = toks.words, toks.tags, toks.starts, toks.ends
    out = []
    for head_end, heads_here in _head_ends(text).items():
        i = toks.ending_at(head_end)
        if i is None:
            continue  # the head word ends inside a token
        word = words[i]
        head = _head_at(toks, i, heads_here)
        if head is None or word in stop:
            continue
        head_word, typ, proper, first = head
        registered = head_word.endswith("有限公司")  # 成都纵横自动化…股份有限公司: brand words may be verbs
        lo = first  # the name is the tokens lo..i, grown leftwards from the head
        j = first - 1
        while j >= 0:
            w = words[j]
            if w in ")" or w == ")":
                k = _take_group(words, j, "(", ")", 8)
                if k is None or k == 0:
                    break
                lo, j = k, k - 1
                continue
            if w == "”":
                k = _take_group(words, j, "“", "”", 14)
                if k is None:
                    break
                lo, j = k, k - 1
                continue
            if w == "·" or w == "和" and typ == "GovernmentBody" and j > 0 and words[j - 1] in _MINISTRY_AND:
                lo, j = j, j - 1  # 经济和信息化局, 发展和改革委员会: 和 inside a department's name
                continue
            role = _role_in_name(w, tags[j])
            if role == _ENDS or role == _VERB and not registered:
                break
            lo, j = j, j - 1
            if ends[i] - starts[lo] > 32:
                break
        while lo <= i and words[lo] in ("·", "(", "“"):
            lo += 1
        if lo > i:
            continue
        parts = range(lo, i + 1)
        start, end = starts[lo], ends[i]
        start = _cut_role_prefix(toks, parts, start)
        name = text[start:end]
        if len(name) - len(head_word) < (1 if proper else 2):
            continue
        if NUMERALS.issuperset(name[: len(name) - len(head_word)]):
            continue  # 一港五谷: a slogan, not a name
        if not proper and not _PHASED.match(text[end:end + 8]):
            # the head inside the last token: its prefix belongs to the modifier
            last_prefix = word[: len(word) - len(head_word)]
            modifiers = [words[p] for p in parts if ends[p] <= end - len(head_word) and p != i] + \
                ([last_prefix] if last_prefix else [])
            if not _specific(name, head_word, modifiers, generic, typ, proper):
                continue  # a kind, not a name (未来技术创新中心(一、二期) is a project: kept)
        if _COUNTED.match(text[end:end + 4]):
            continue  # 省重点企业研究院12家: a count of a kind, not a name
        out.append(Candidate(start, end, name, typ, f"grammar:{head_word}", 50))
    return out


_JOINS, _ENDS, _VERB = "joins", "ends", "verb"


@lru_cache(maxsize=1 << 14)
def _role_in_name(w: str, tag: str) -> str:
    """What a word before a head does to the name being grown: joins it, ends it, or (a verb the
    dictionary knows) ends it unless the name is a registered company's."""
    verbs = _name_verbs()
    if w in stopwords() or any(c in PUNCT for c in w) or not w.strip():
        return _ENDS
    if tag.startswith("q") or tag.startswith("m") and _numeral(w) and not _amount_word(w):
        return _ENDS
    if tag.startswith(("u", "p", "c", "r", "d")) and w not in verbs:
        return _ENDS
    if tag.startswith("nr") and len(w) >= 4:
        return _ENDS  # 高度赞扬/nr: a phrase the HMM took for a name, not part of an organisation
    if tag.startswith("v") and w not in verbs and in_dictionary(w):
        return _VERB
    return _JOINS


_PHASED = re.compile(r"\((?:[一二三四五六七八九十]、?)+期\)")
_COUNTED = re.compile(r"\d+(?:\.\d+)?[家个所项座]")


def _numeral(w: str) -> bool:
    return all(c in NUMERALS for c in w)


def _amount_word(w: str) -> bool:
    """百亿, 千亿: amount words inside fund names (…百亿产业引导基金), unlike 4, 一 or 首批."""
    return len(w) >= 2 and all(c in NUMERALS for c in w) and any(c in "百千万亿" for c in w) \
        and not any(c.isdigit() for c in w)


def _cut_role_prefix(toks: Tokens, parts: range, start: int) -> int:
    """运营方杭州智联…公司 → 杭州智联…公司: drop a short prefix that sits before the first place."""
    words, place_names = toks.words, places()
    for n, p in enumerate(parts[:-1]):
        if words[p] in place_names:     # the first place: the prefix before it holds none
            prefix = "".join(words[q] for q in parts[:n])
            if 0 < len(prefix) <= 3 and not _gaz_has(prefix) and not any(c in PUNCT for c in prefix) \
                    and prefix not in ("中国", "国家", "国际", "全球"):
                return toks.starts[p]
            return start
    return start



_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
_ADMIN_LINKS = frozenset("省市区县级与和及")


def _specific(name: str, head: str, modifiers: list[str], generic: frozenset[str], typ: str, proper: bool) -> bool:
    if proper:
        return True
    if _LATIN_OR_DIGIT.search(name) or "“" in name or "(" in name or "·" in name:
        return True
    if name.startswith("国家") and head in ("先导区", "试验区", "示范区", "实验室", "中心"):
        return True
    for m in modifiers:
        if not m or m in generic:
            continue
        if _ADMIN_LINKS.issuperset(m):
            continue
        return True
    return False


_MINISTRY_AND = frozenset({"经济", "工业", "发展", "人力资源", "住房", "科学", "文化", "卫生", "自然资源",
                           "生态环境", "交通运输", "农业", "商务", "教育"})
