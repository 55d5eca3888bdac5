"""Dates in Chinese text resolved against the document's date (今年3月 → 2024-03 in a 2024 letter)."""
from __future__ import annotations

import re

_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
       "十一": 11, "十二": 12}
_M = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
DATE_RE = re.compile(
    rf"(?P<iso>(?<!\d)(?P<iy>20\d\d|19\d\d)-(?P<im>\d\d)-(?P<id>\d\d))"
    rf"|(?P<span>(?P<y1>20\d\d)[-—~至](?P<y2>20\d\d)年)"
    rf"|(?P<ymd>(?P<y>20\d\d|19\d\d)年(?:(?P<m>{_M})月(?:(?P<d>\d{{1,2}})日)?)?(?P<end>底|末)?(?P<half>上半年|下半年)?)"
    rf"|(?P<rel>(?P<rw>今年|去年|明年|前年)(?:(?P<rm>{_M})月(?:(?P<rd>\d{{1,2}})日)?)?(?P<rend>底|末)?)"
    rf"|(?P<md>(?<![\d年])(?P<mm>{_M})月(?P<dd>\d{{1,2}})日)"
    rf"|(?P<past>过去的?一年)"
)


def _month(s: str) -> int:
    return int(s) if s.isdigit() else _CN[s]


def doc_year(doc_date: str | None) -> int | None:
    return int(doc_date[:4]) if doc_date and doc_date[:4].isdigit() else None


def resolve_date(m: re.Match[str], year: int | None) -> str | None:
    """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) for a match of ``DATE_RE``."""
    g = m.groupdict()
    if g["iso"]:
        return f"{g['iy']}-{g['im']}-{g['id']}"
    if g["span"]:
        return g["y2"]
    if g["ymd"]:
        y = g["y"]
        if g["m"]:
            mo = _month(g["m"])
            return f"{y}-{mo:02d}-{int(g['d']):02d}" if g["d"] else f"{y}-{mo:02d}"
        if g["end"]:
            return f"{y}-12"
        return y
    if g["rel"]:
        if year is None:
            return None
        y = year + {"今年": 0, "去年": -1, "明年": 1, "前年": -2}[g["rw"]]
        if g["rm"]:
            mo = _month(g["rm"])
            return f"{y}-{mo:02d}-{int(g['rd']):02d}" if g["rd"] else f"{y}-{mo:02d}"
        return f"{y}-12" if g["rend"] else str(y)
    if g["md"]:
        if year is None:
            return None
        return f"{year}-{_month(g['mm']):02d}-{int(g['dd']):02d}"
    if g["past"]:
        return str(year - 1) if year else None
    return None


_DATE_CUE = re.compile(r"\d|年")  # every form of DATE_RE holds a digit or 年
_DATE_START = re.compile(r"[\d今去明前过一二三四五六七八九十]")  # and begins with one of these (keep in step)


def dates_in(text: str, year: int | None) -> list[tuple[int, str]]:
    """(offset, ISO date) of every date expression in ``text``.

    The matches are those of ``DATE_RE.finditer(text)``: leftmost first, none overlapping. DATE_RE is
    tried only where a match can begin (``_DATE_START``), since it opens with groups and lookbehinds the
    regex engine cannot skip ahead by.
    """
    if not _DATE_CUE.search(text):
        return []
    out = []
    pos = 0
    for c in _DATE_START.finditer(text):
        if c.start() < pos:
            continue
        m = DATE_RE.match(text, c.start())
        if m:
            d = resolve_date(m, year)
            if d:
                out.append((m.start(), d))
            pos = m.end()
    return out


PLANNED = re.compile(r"将|拟|计划|谋划|力争|争取|预计|下一步|打算|筹划|着手|目标|到20\d\d年|期待|希望|考虑|规划建设|推动建设"
                     r"|正在|重点建设|加快[^,。;]{0,20}?建设|已确定入住|全力打造|着力打造|加快打造")


def is_planned(clause: str) -> bool:
    """True when the clause states an intention or target rather than something done."""
    return bool(PLANNED.search(clause))
