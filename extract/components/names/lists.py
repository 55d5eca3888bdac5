"""Members of an enumeration A、B、C等N家企业, typed by the class noun."""
from __future__ import annotations

import re

from extract.components.names.candidate import PUNCT, Candidate
from extract.components.names.grammar import _is_place
from extract.lexicon import (
    generic_words,
    stopwords,
)
from extract.segment import tokens

_LIST_TAIL = re.compile(r"等(?:首批)?(?:\d+|[一二三四五六七八九十百千]+)?(?:家|个|所|位)?([\u4e00-\u9fff]{0,8}?)(企业|公司|机构|高校|院所|伙伴|单位|集团)")


def list_mentions(text: str, known: list[Candidate]) -> list[Candidate]:
    """Members of an enumeration ``A、B、C等N家企业`` typed by the class noun, or by a named sibling."""
    out: list[Candidate] = []
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
