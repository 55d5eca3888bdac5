"""Metrics: numbers with units (家, 个, 亿元, P, 平方米 …) in base units, with subject, status and date."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

_NUM = r"(?P<q1>近|约|超过?|逾)?(?P<num>\d+(?:\.\d+)?)(?P<mult>万亿|亿|千万|万|千)?(?P<q2>余|多)?"
_UNIT = r"(?P<unit>PFlops|PFLOPS|Pflops|P(?![a-zA-Z])|平方公里|平方米|万平方米|亩|家|个|项|所|座|名|人|台|元)"
METRIC_RE = re.compile(_NUM + _UNIT + r"(?P<q3>以上|左右)?")
MULT = {"万亿": 10**12, "亿": 10**8, "千万": 10**7, "万": 10**4, "千": 10**3, None: 1}
COUNT_UNITS = {"家", "个", "项", "所", "座", "名", "人", "台"}


class MetricHit(NamedTuple):
    start: int
    end: int
    value: float
    unit: str
    measure: str
    key: str


_LEAD_FILLER = re.compile(r"^(?:[年月]|全市|我市|本市|全区|目前|其中|累计|截至|截止|共|这个|该|只)+")
_TAIL_FILLER = re.compile(r"(?:已达到?|达到?|为|约|超过?|突破|近|共计|共|有|是|只)+$")
_VERBS_ONLY = re.compile(r"^(?:汇聚|达成|实现|完成|形成|吸引|带动)$")
_VERB_CUT = re.compile(r".*(?:已建立|已建成|建立|建成|拥有|集聚了?|引进|培育|的)")


def _clean(noun: str) -> str:
    noun = _VERB_CUT.sub("", noun.split("等")[-1])
    noun = _TAIL_FILLER.sub("", _LEAD_FILLER.sub("", noun)).lstrip("()")
    if noun.count("(") > noun.count(")"):
        noun += ")"  # 入孵企业(团队)近1500个
    return "" if _VERBS_ONLY.match(noun) else noun


_WORD_AFTER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,14}")
_WORD_BEFORE = re.compile(r"[\u4e00-\u9fffA-Za-z()]{1,16}$")
_DONE_TAIL = re.compile(r"(?:已|将)?(?:上线|建成|投用).*$")
_PER_OR_CAP = re.compile(r"每(?:年|项|个|家|人|月|季|天)|最高|最多|不超过|不低于")


def _measure(text: str, m: re.Match[str], base: int, lo: int) -> tuple[str, str]:
    """The noun the number counts, and a short key for it: 311家数据企业 (after), 创新平台32家 (before)."""
    after = _WORD_AFTER.match(text, base + m.end())
    before = _WORD_BEFORE.search(text, lo, base + m.start())
    if m.group("unit") in COUNT_UNITS and after and not after.group().startswith(("的", "以上", "左右")):
        noun = after.group()
        return noun, noun[:4]
    noun = _clean(before.group()) if before else ""
    if noun:
        return noun, noun[-4:]
    noun = _DONE_TAIL.sub("", after.group()) if after else ""
    return noun, noun[:4]


def find_metrics(text: str, lo: int, hi: int) -> list[MetricHit]:
    """Metrics in ``text[lo:hi]`` (one sentence): rates, shares, caps, sub-counts and dates are left out."""
    out = []
    seg = text[lo:hi]
    for m in METRIC_RE.finditer(seg):
        s, e = lo + m.start(), lo + m.end()
        prev = text[max(lo, s - 1):s]
        nxt = text[e:e + 2]
        if prev.isdigit() or prev in ("第", ".", "-", "/") or (prev.isascii() and prev.isalpha()):
            continue
        if m.group("q3") == "左右" or nxt.startswith(("月", "年", "日", "小时", "天", "多月", "=", "%", "号")):
            continue
        clause_lo = max(text.rfind(x, lo, s) for x in ",;:、") + 1
        clause = text[max(lo, clause_lo):s]
        if _PER_OR_CAP.search(clause):
            continue
        opened = text.rfind("(", lo, s)
        if opened > text.rfind(")", lo, s):
            inner_end = text.find(")", e)
            if inner_end < 0 or text[e:inner_end].strip() or text[opened + 1:s].strip():
                continue  # (包括…12家,…) or (共83项): a breakdown inside brackets
        unit = m.group("unit")
        if unit in COUNT_UNITS and "其中" in clause:
            continue
        v = float(Decimal(m.group("num")) * Decimal(MULT[m.group("mult")]))  # 37.88亿 is 3788000000 exactly
        if unit == "元":
            u = "CNY"
        elif unit.upper().startswith("P"):
            u = "PFLOPS"
        elif unit == "平方公里":
            u, v = "m2", v * 1e6
        elif unit == "万平方米":
            u, v = "m2", v * 1e4
        elif unit == "平方米":
            u = "m2"
        elif unit == "亩":
            u, v = "m2", v * 666.67
        else:
            u = "count"
        if u == "count" and m.group("mult") is None and v >= 1900 and v <= 2100 and nxt.startswith("年"):
            continue
        out.append(MetricHit(s, e, v, u, *_measure(text, m, lo, max(lo, clause_lo))))
    return out
