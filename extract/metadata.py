"""What a Chinese government document says about itself: 发文字号, date, issuer, recipient, title (pure).

``extract_metadata(text)`` reads the head and the foot of a document the way a clerk would:

>>> m = extract_metadata("温科提复〔2024〕111号\\n\\n关于某提案的\\n答 复 函\\n\\n余委员：\\n正文。\\n  2024年6月27日\\n")
>>> (m.doc_number, m.date, m.recipient, m.title)
('温科提复〔2024〕111号', '2024-06-27', '余委员', '关于某提案的答复函')

Nothing here touches files; ``extract.ingest.read_document`` calls it on the decoded text.
"""
from __future__ import annotations

import re
from datetime import date as _date

from extract.facts import DocumentMeta

HEAD_LINES = 25          # non-empty lines that count as "the head" of a document
HEAD_CHARS = 1500        # ... and at most this many characters of it
MAX_TITLE_CHARS = 80     # a longer line is body text, not a heading
MAX_SALUTATION_CHARS = 80

_SPACES = " \t\u00a0\u3000\u2002\u2003\u2009\ufeff?？"   # ? is what a lost NBSP often turns into
_CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_OPEN = "〔\\[(（【［"
_CLOSE = "〕\\])）】］"

# 温科提复〔2024〕111号, 东政发[2026]1号, 国办发(2017)35号; the prefix is the issuer's short code.
_DOC_NUMBER = re.compile(
    rf"(?P<prefix>[{_CJK}]{{1,12}})[ \u3000]*[{_OPEN}][ \u3000]*(?P<year>(?:19|20)\d\d)[ \u3000]*[{_CLOSE}]"
    rf"[ \u3000]*(?P<di>第?)[ \u3000]*(?P<num>\d{{1,5}})[ \u3000]*号"
)
_CITING_WORDS = re.compile(r"^(?:根据|按照|依据|依照|参照|对照|贯彻|落实|印发|转发|见|经)")
_DOC_NUMBER_LABEL = re.compile(r"(?:发文字号|文号|发文号)[ \u3000]*[:：][ \u3000]*")

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "〇○零ＯO一二三四五六七八九十"
_YMD_CN = re.compile(
    rf"(?P<y>(?:19|20)\d\d|[{_CN_NUM}]{{4}})[ \u3000]*年[ \u3000]*(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,2}})[ \u3000]*月"
    rf"(?:[ \u3000]*(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})[ \u3000]*[日号])?"
)
_YMD_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?(?!\d)")

# Header fields.  Order matters: 成文日期 is the signing date by definition, 发布 dates come after it.
_SIGNED_LABELS = ("成文日期", "印发日期", "签发日期", "发文日期")
_PUBLISHED_LABELS = ("发布日期", "发布时间", "公开日期", "发表时间", "发表日期", "日期", "时间")
_ISSUER_LABELS = ("发布机构", "发文机关", "发文单位", "发布单位", "来源", "信息来源", "文章来源")
_FIELD_LABELS = (
    _SIGNED_LABELS + _PUBLISHED_LABELS + _ISSUER_LABELS
    + ("索引号", "主题分类", "文号", "发文字号", "文件登记号", "有效性", "浏览次数", "访问次数", "字号",
       "视力保护色", "分类", "主题词", "作者", "编辑", "责任编辑", "点击数", "阅读", "附件", "抄送",
       "联系人", "联系电话", "生效日期", "废止日期", "所属机构", "公开方式", "公开范围", "体裁分类", "组配分类")
)
_FIELD = re.compile(
    r"(?P<label>" + "|".join(sorted(map(re.escape, _FIELD_LABELS), key=len, reverse=True)) + r")"
    r"[ \u3000]*[:：][ \u3000]*"
)
_PAGE_MARK = re.compile(r"^\d{1,5}版[:：]")                  # 00001版:一版要闻 (newspaper page header)
_SENTENCE_END = re.compile(r"[。！？!；;]")


def extract_metadata(text: str) -> DocumentMeta:
    """Read 发文字号, ISO date, issuer, recipient and title from a document's text (pure)."""
    lines = [_clean(line) for line in text.splitlines()]
    head = _head(lines)
    return DocumentMeta(
        doc_number=find_doc_number(head),
        date=find_date(lines, head),
        issuer=find_field(head, _ISSUER_LABELS),
        recipient=find_recipient(head),
        title=find_title(lines),
    )


def _clean(line: str) -> str:
    return line.strip(_SPACES + "\r\n\f\v")


def _head(lines: list[str]) -> list[str]:
    out: list[str] = []
    chars = 0
    for line in lines:
        if not line:
            continue
        out.append(line)
        chars += len(line)
        if len(out) >= HEAD_LINES or chars >= HEAD_CHARS:
            break
    return out


# --- 发文字号 ---------------------------------------------------------------------------------------------

def _format_doc_number(m: re.Match[str]) -> str:
    """The canonical written form: 〔〕 brackets (GB/T 9704), no spaces."""
    prefix = _CITING_WORDS.sub("", m["prefix"]) or m["prefix"]
    return f"{prefix}〔{m['year']}〕{m['di']}{m['num']}号"


def _is_citation(line: str, m: re.Match[str]) -> bool:
    """A number in parentheses after a quoted title cites another document: 《…》(金政发〔2025〕12号)."""
    before = line[: m.start()].rstrip(" \u3000")
    return before.endswith(("(", "（", "》")) or bool(_CITING_WORDS.match(m["prefix"]))


def find_doc_number(head: list[str]) -> str | None:
    """The document's own 发文字号: after 文号:, else a line of its own, else the first uncited one."""
    for line in head:
        label = _DOC_NUMBER_LABEL.search(line)
        if label:
            m = _DOC_NUMBER.match(line, label.end())
            if m:
                return _format_doc_number(m)
    for line in head:
        m = _DOC_NUMBER.fullmatch(line)
        if m:
            return _format_doc_number(m)
    for line in head:
        for m in _DOC_NUMBER.finditer(line):
            if not _is_citation(line, m):
                return _format_doc_number(m)
    return None


# --- dates ----------------------------------------------------------------------------------------------

def _cn_int(s: str) -> int | None:
    """'2024' → 2024, '二〇二四' → 2024, '十二' → 12, '二十七' → 27."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_DIGITS.get(tens, -1) if tens else 1
        o = _CN_DIGITS.get(ones, -1) if ones else 0
        return None if t < 0 or o < 0 else t * 10 + o
    digits = [_CN_DIGITS.get(c) for c in s]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _iso(m: re.Match[str]) -> str | None:
    """An ISO date (YYYY-MM-DD or YYYY-MM) from a match with groups y, m, d; None if not a real date."""
    y, mo = _cn_int(m["y"]), _cn_int(m["m"])
    d = _cn_int(m["d"]) if m["d"] else None
    if y is None or mo is None or not 1900 <= y <= 2100 or not 1 <= mo <= 12:
        return None
    if d is None:
        return f"{y:04d}-{mo:02d}"
    try:
        return _date(y, mo, d).isoformat()
    except ValueError:
        return None


def parse_date(s: str) -> str | None:
    """The first date in ``s`` as ISO (2024年6月27日, 二〇二四年六月二十七日, 2023-07-25 09:35, 2026/1/15)."""
    found = [m for m in (_YMD_ISO.search(s), _YMD_CN.search(s)) if m]
    for m in sorted(found, key=lambda m: m.start()):
        iso = _iso(m)
        if iso:
            return iso
    return None


def _date_only(line: str) -> str | None:
    """The date if the line is nothing but a date (a signing date line), else None."""
    if not line or not (line[0].isdigit() or line[0] in _CN_DIGITS):
        return None
    m = _YMD_CN.fullmatch(line) or _YMD_ISO.fullmatch(line)
    return _iso(m) if m else None


def find_field(head: list[str], labels: tuple[str, ...]) -> str | None:
    """The value of the first header field among ``labels`` (in the order given), up to the next space."""
    for wanted in labels:
        for line in head:
            for m in _FIELD.finditer(line):
                if m["label"] != wanted:
                    continue
                value = re.split(r"[ \t\u3000]{1,}", line[m.end():].strip(), maxsplit=1)[0]
                value = value.strip(_SPACES + "，,。")
                if value and not _FIELD.match(value):
                    return value
    return None


def _field_date(head: list[str], labels: tuple[str, ...]) -> str | None:
    for wanted in labels:
        for line in head:
            for m in _FIELD.finditer(line):
                if m["label"] == wanted:
                    iso = parse_date(line[m.end(): m.end() + 30])
                    if iso:
                        return iso
    return None


def _dateline(head: list[str]) -> str | None:
    """A short line near the top with a date and little else: ``封面新闻 2021-06-09 21:24``."""
    for line in head[:8]:
        if len(line) > 40 or _SENTENCE_END.search(line) or "，" in line:
            continue
        iso = parse_date(line)
        if iso:
            return iso
    return None


def find_date(lines: list[str], head: list[str]) -> str | None:
    """成文日期, else the last date-only line (the signature), else 发布日期/时间, else a dateline."""
    signed = _field_date(head, _SIGNED_LABELS)
    if signed:
        return signed
    signature = next((iso for iso in map(_date_only, reversed(lines)) if iso), None)   # the last one
    return signature or _field_date(head, _PUBLISHED_LABELS) or _dateline(head)


# --- recipient and title --------------------------------------------------------------------------------

def _is_field_line(line: str) -> bool:
    return bool(_FIELD.search(line)) or bool(_PAGE_MARK.match(line))


def find_recipient(head: list[str]) -> str | None:
    """The salutation (主送机关) near the top: a short line ending with a colon, e.g. ``余向前委员：``."""
    for line in head:
        if not line.endswith((":", "：")) or len(line) > MAX_SALUTATION_CHARS:
            continue
        if _is_field_line(line) or _SENTENCE_END.search(line) or "如下" in line:
            continue
        name = line.rstrip(":：").strip(_SPACES)
        if name and re.search(f"[{_CJK}]", name):
            return name
    return None


def _skippable(line: str) -> bool:
    """Head lines that are not the title: fields, doc numbers, dates, page marks."""
    return (_is_field_line(line) or bool(_DOC_NUMBER.fullmatch(line)) or _date_only(line) is not None
            or (len(line) <= 40 and parse_date(line) is not None and not re.search(f"[{_CJK}]{{6}}", line)))


def _heading_like(line: str) -> bool:
    return (0 < len(line) <= MAX_TITLE_CHARS and not _SENTENCE_END.search(line)
            and not line.endswith((":", "：", "，", ",")) and bool(re.search(f"[{_CJK}A-Za-z]", line)))


def find_title(lines: list[str]) -> str | None:
    """The first heading line at the top, joined with heading lines right below it, spaces removed."""
    i, seen = 0, 0
    while i < len(lines) and seen < HEAD_LINES:
        line = lines[i]
        if not line or _skippable(line):
            seen += bool(line)
            i += 1
            continue
        if not _heading_like(line):
            return None          # body text or a salutation comes before any heading: no title
        parts = [line]
        j = i + 1
        while j < len(lines) and lines[j] and _heading_like(lines[j]) and not _skippable(lines[j]):
            if sum(map(len, parts)) + len(lines[j]) > MAX_TITLE_CHARS:
                break
            parts.append(lines[j])
            j += 1
        return re.sub(r"\s+", "", "".join(parts)).strip(_SPACES) or None
    return None
