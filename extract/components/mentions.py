"""Find entity mentions: gazetteer, book titles, the name grammar over head words, people, lists, fields.

``find_mentions(text)`` is pure: it takes the normalised text and returns non-overlapping candidates.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

from extract.lexicon import (
    Head,
    _read_lines,
    gazetteer,
    generic_words,
    heads,
    places,
    stopwords,
    surnames,
    techfields,
    titles,
)
from extract.segment import Tok, Tokens, in_dictionary, segmenter, tokenize, tokens
from extract.spans import SpanSet
from extract.text import normalise

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


@lru_cache(maxsize=1)
def _name_verbs() -> frozenset[str]:
    return frozenset(_read_lines("extract", "data/name_verbs.txt"))


@lru_cache(maxsize=1)
def _gaz_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    entries: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    for e in gazetteer():
        for form in (e.name, *e.aliases):
            n = normalise(form)
            if len(n) >= 2:
                entries.setdefault(n, []).append((e.name, e.type, e.aliases))
    for form, vals in entries.items():
        auto.add_word(form, (form, vals[0]))
    tf = techfields()
    for form in tf:
        n = normalise(form)
        if n not in entries and len(n) >= 2:
            auto.add_word(n, (n, (form, "TechField", ())))
    if len(auto):
        auto.make_automaton()
    return auto


def gazetteer_mentions(text: str, toks: Tokens) -> list[Candidate]:
    """Well-known names matched on characters, kept when they start and end on token boundaries."""
    auto = _gaz_automaton()
    if not len(auto):
        return []
    bound = toks.is_boundary
    clauses: _Clauses | None = None
    out = []
    for end_idx, (form, (canon, typ, aliases)) in auto.iter(text):
        start, end = end_idx - len(form) + 1, end_idx + 1
        if start > 0 and form[0] in NUMERALS and text[start - 1] in NUMERALS:
            continue  # 一百度电: 百度 here is a number
        if not bound(start) or not bound(end):
            continue
        if in_dictionary(text[max(0, end - 2):end + 2]) and len(text[max(0, end - 2):end + 2]) == 4:
            continue  # 中国电子信息产业: a word (电子信息) runs across the end, so this is not the company
        if typ == "TechField":
            clauses = clauses or _Clauses(text)
            if not _field_context(text, start, end, clauses):
                continue
        prio = 5 if typ == "TechField" else 90
        out.append(Candidate(start, end, text[start:end], typ, "gazetteer", prio, canon, aliases))
    return out


_FIELD_CUES = re.compile(r"聚焦|围绕|专注|布局|领域|方向|赛道|深耕|攻关|特别是|优势|重点发展|产业链|开发")
_UMBRELLA = frozenset({"AI", "人工智能", "新一代人工智能", "数字经济"})


class _Clauses:
    """Where the clauses of a text end (at ``,。;:`` and line breaks): a stretch's clause by bisection."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.delimiters = [m.start() for m in _CLAUSE_END.finditer(text)]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """From after the last delimiter before ``start`` to the first delimiter at or after ``end``."""
        ds = self.delimiters
        i = bisect_left(ds, start)
        j = bisect_left(ds, end, lo=i)
        return (ds[i - 1] + 1 if i else 0), (ds[j] if j < len(ds) else len(self.text))


_CLAUSE_END = re.compile(r"[,。;:\n]")


def _field_context(text: str, start: int, end: int, clauses: _Clauses | None = None) -> bool:
    """A technology field counts where the clause frames it as a field (聚焦…, …领域, …赛道) or lists it."""
    if text[start:end] in _UMBRELLA:
        return False
    lo, hi = (clauses or _Clauses(text)).around(start, end)
    return bool(_FIELD_CUES.search(text[lo:hi])) or text[end:end + 1] == "、" or text[start - 1:start] == "、"


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


@lru_cache(maxsize=1)
def _gaz_forms() -> frozenset[str]:
    return frozenset(f for e in gazetteer() for f in (e.name, *e.aliases))


def _gaz_has(word: str) -> bool:
    return word in _gaz_forms()


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
            pos = trailing.match(text, pos).end()  # type: ignore[union-attr]  (it matches the empty string)
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


_LIST_TAIL = re.compile(r"等(?:首批)?(?:\d+|[一二三四五六七八九十百千]+)?(?:家|个|所|位)?([\u4e00-\u9fff]{0,8}?)(企业|公司|机构|高校|院所|伙伴|单位|集团)")


def list_mentions(text: str, known: list[Candidate]) -> list[Candidate]:
    """Members of an enumeration ``A、B、C等N家企业`` typed by the class noun, or by a named sibling."""
    out = []
    for m in _LIST_TAIL.finditer(text):
        noun = m.group(2)
        typ = {"高校": "ResearchInstitute", "院所": "ResearchInstitute", "平台": "Platform",
               "联盟": "Alliance"}.get(noun, "Company")
        seg_start = max(text.rfind(c, 0, m.start()) for c in ",。;:\n(") + 1
        seg = text[seg_start:m.start()]
        if "、" not in seg:
            continue
        pos = seg_start
        for item in seg.split("、"):
            s = pos + (len(item) - len(item.lstrip()))
            e = pos + len(item.rstrip())
            pos += len(item) + 1
            _list_item(text, s, e, typ, known, out)
    return out


def _list_item(text: str, s: int, e: int, typ: str, known: list[Candidate], out: list[Candidate]) -> None:
    # strip a leading trigger verb from the first item (集聚了A、B…)
    stop = stopwords()
    toks = tokens(text[s:e])
    keep = len(toks)
    while keep > 0:
        t = toks[keep - 1]
        if t.text in stop or any(c in PUNCT for c in t.text):
            break
        keep -= 1
    if keep > 0:
        s += toks[keep - 1].end
        toks = toks[keep:]
    if not toks or not 2 <= e - s <= 14:
        return
    if all(t.text in generic_words() for t in toks):
        return
    if any(k.start <= s and e <= k.end for k in known):
        return
    item = text[s:e]
    if any(c in PUNCT for c in item) or item in generic_words() or _is_place(item):
        return
    out.append(Candidate(s, e, item, typ, "list-member", 40))


_FIELD_LIST = re.compile(
    r"(?:聚焦|围绕|专注|布局|开展|建设|发展|突破)?([^,。;:\n]{2,80}?)等([^,。;:\n等]{0,10}?)(?:方向|领域|赛道|产业|技术|前沿)"
    r"|(?:聚焦|专注于?|围绕)([^,。;:\n]{2,80}?)(?=[,。;:\n]|等)")


_CLAUSE = re.compile(r"[^,。;:\n]+")
_FIELD_TAIL = re.compile(r"等[^,。;:\n等]{0,10}?(?:方向|领域|赛道|产业|技术|前沿)")  # how _FIELD_LIST's lists end
_LAST_LEAD = re.compile(r"(?:聚焦|围绕|专注|开展|建设|布局|以及|包括|如)(?!.*(?:聚焦|围绕|专注|开展|建设|布局|以及|包括|如))")
_ITEM_SEP = re.compile(r"[、]|以及|和|及")
_DIGIT = re.compile(r"\d")


def _field_lists(text: str) -> list[re.Match[str]]:
    """The matches of ``_FIELD_LIST``, looked for only in the clauses that hold one of its cue words.

    No match crosses a clause delimiter (``,。;:`` or a line break), so each clause is searched on its
    own, its delimiter included for the lookahead; a clause has none without 聚焦, 专注, 围绕 or the end
    of a list (等…领域, ``_FIELD_TAIL``).
    """
    out: list[re.Match[str]] = []
    for clause in _CLAUSE.finditer(text):
        seg = clause.group()
        if "聚焦" in seg or "专注" in seg or "围绕" in seg or "等" in seg and _FIELD_TAIL.search(seg):
            out.extend(_FIELD_LIST.finditer(text, clause.start(), clause.end() + 1))
    return out


@lru_cache(maxsize=1)
def _techfield_set() -> frozenset[str]:
    return frozenset(techfields())


def field_mentions(text: str) -> list[Candidate]:
    """Technology fields named in a list before 等…领域/方向/赛道, or after 聚焦."""
    out = []
    for m in _field_lists(text):
        g = 1 if m.group(1) is not None else 3
        seg, base = m.group(g), m.start(g)
        loose = g == 1 and m.group(2) not in ("", "重点")
        if "、" not in seg:
            continue
        lead = _LAST_LEAD.search(seg)
        if lead:
            base += lead.end()
            seg = seg[lead.end():]
        pos = base
        found: list[Candidate] = []
        for item in _ITEM_SEP.split(seg):
            s = pos + len(item) - len(item.lstrip(" ,"))
            pos += len(item)
            pos = text.find(item, pos - len(item)) + len(item) if item else pos
            while pos < len(text) and text[pos] in "、":
                pos += 1
            name = item.strip(" ,")
            if 2 <= len(name) <= 10 and not any(c in PUNCT for c in name) and not _DIGIT.search(name):
                found.append(Candidate(s, s + len(name), name, "TechField", "field-list", 10))
        known = _techfield_set()
        if loose and not any(f.surface in known for f in found):
            continue  # 等方面赋能…产业: a list of tasks, not of fields
        out.extend(found)
    return out


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


def find_mentions(text: str, toks: Sequence[Tok] | None = None) -> list[Candidate]:
    """All mentions of the normalised ``text``, overlaps resolved (``toks``: its tokens, if made already)."""
    toks = Tokens.of(toks) if toks is not None else tokenize(text)
    gaz = gazetteer_mentions(text, toks)
    base = gaz + policy_mentions(text) + grammar_mentions(text, toks) + person_mentions(text, toks)
    persons = {c.surface for c in base if c.type == "Person"}
    base += _propagate_persons(text, persons)
    spans = [(c.start, c.end) for c in base if c.type == "Person"]
    if spans:  # 组长陈联盟: a head word inside a person's name makes no organisation
        base = [c for c in base if c.type == "Person" or not any(c.start < e and s < c.end and e >= c.end
                                                                  for s, e in spans)]
    listed = list_mentions(text, base)
    fields = field_mentions(text)
    if fields:
        named = SpanSet.of((c.start, c.end) for c in base)
        fields = [f for f in fields if not named.overlaps(f.start, f.end)]
    return resolve_overlaps(base + listed + fields)


def _propagate_persons(text: str, persons: set[str]) -> list[Candidate]:
    """Every other occurrence of a name already known as a person (陈联盟强调…) is that person too."""
    return [Candidate(m.start(), m.end(), p, "Person", "person:propagated", 83)
            for p in persons for m in re.finditer(re.escape(p), text)]
