"""Join hard-wrapped lines back into paragraphs (pure): the lines a PDF or a ``<br>`` broke at the margin.

A PDF's text layer breaks lines wherever the page ran out of width, in the middle of a sentence or a name
(温\\n州市智算中心). ``unwrap`` decides for every line break whether it ends a paragraph or is only a wrap:

A break stays (the line keeps its own line) when

- either line is empty (an empty line separates paragraphs);
- the line ends a sentence: ``。！？；：!?;:``, also followed by closing quotes or brackets (``。”`` ``。）``);
- the next line starts with indentation or an enumeration marker (``一、`` ``（一）`` ``1.`` ``(1)`` ``①``
  ``第一条`` ``•`` …) or a header field (``来源：`` ``发布时间：`` ``抄送：`` …), or is a date line or a
  发文字号 line of its own (``2024年6月27日``, ``温科提复〔2024〕111号``);
- the line is short: narrower than ``SHORT`` of the typical width of a full line (the last line of a
  paragraph, a heading, a signature).

Any other break is a wrap: the two lines are joined with nothing between them (Chinese has no spaces), or
with one space when both sides are ASCII letters or digits and the line's last word is ASCII, i.e. the text
is space-separated (``AI Computing\\nCenter``); ``企业2\\n000家`` is one number that a Chinese line broke
anywhere, and joins as ``2000``.

Widths are display widths (a CJK or full-width character counts 2, ASCII 1). The typical width is the 90th
percentile of the widths of all non-empty lines (``typical_width``); it must be wide enough
(``MIN_WIDTH``) and reached by at least ``MIN_FULL_LINES`` lines, else there is no evidence of wrapping and
nothing is joined — a list of short lines, a two-line page or a table stays as it is.

``mark_gaps`` turns a vertical gap between two lines of a page into an empty line (a PDF's text layer has
no empty lines, only a larger step down the page), and ``drop_page_numbers`` removes the lines of a
page that are only its page number (``- 1 -``, ``第 1 页 共 3 页``, ``2/3``) when they sit at the top or the
bottom of the page, so a paragraph that continues across a page break is joined too.
"""
from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import pairwise

SHORT = 0.8            # a line narrower than this share of the typical width ends its paragraph
PERCENTILE = 0.9       # the typical width: this percentile of the line widths
MIN_WIDTH = 24         # a typical width below this (12 CJK characters) is not a page's measure
MIN_FULL_LINES = 3     # lines at least SHORT of the typical width needed before anything is joined
GAP = 1.4              # a step down the page this many times the line pitch is an empty line (a PDF)

_CLOSERS = "”’\"'）)】」』》〉〕］]"
_SENTENCE_END = re.compile(rf"[。！？；：!?;:][{re.escape(_CLOSERS)}]*$")
_CN_NUM = "〇○零一二三四五六七八九十百"
_ITEM = re.compile(
    rf"""(?:[{_CN_NUM}]+[、.．]                       # 一、 二．
    | [（(][{_CN_NUM}\d]{{1,3}}[）)]                   # （一） (1)
    | \d{{1,2}}[.．、](?!\d)                           # 1. 2、 — not 2.5, nor 021) of (2017-2|021)
    | [\u2460-\u249b\u3251-\u325f\u32b1-\u32bf]         # ① ⑴ ⒈
    | 第[{_CN_NUM}\d]{{1,4}}[条章节篇部分款](?:[\s\u3000]|$)   # 第一条　… (not 第二十一条规定)
    | [•●○◆◇■□▲△★☆▪►▶])""", re.VERBOSE)
_DATE_LINE = re.compile(
    rf"(?:(?:19|20)\d\d|[{_CN_NUM}]{{4}})[ \u3000]*年[ \u3000]*[\d{_CN_NUM}]{{1,2}}[ \u3000]*月"
    rf"(?:[ \u3000]*[\d{_CN_NUM}]{{1,3}}[ \u3000]*日)?"
    r"|(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}")
# header and footer fields that open a line of their own: 来源：… 发布时间：… 抄送：…
_FIELD_START = re.compile(r"(?:来源|信息来源|作者|发布时间|发布日期|发布机构|成文日期|发文机关|发文字号|文号|索引号|"
                          r"主题词|抄送|主送|附件|联系人|联系电话|责任编辑|编辑)[ \u3000]*[:：]")
# the shape of a 发文字号 (extract.metadata reads it): 温科提复〔2024〕111号
_DOC_NUMBER_LINE = re.compile(r"\S{1,12}[ \u3000]*[〔\[(（【［][ \u3000]*(?:19|20)\d\d[ \u3000]*[〕\])）】］]"
                              r"[ \u3000]*第?[ \u3000]*\d{1,5}[ \u3000]*号")
_PAGE_NUMBER = re.compile(
    r"""(?:[-–—―~·•]*[ \u3000]*\d{1,4}[ \u3000]*[-–—―~·•]*             # 3   - 1 -   — 12 —
    | 第[ \u3000]*[\d〇一二三四五六七八九十百]{1,4}[ \u3000]*页
      (?:[ \u3000]*[/,，、]?[ \u3000]*共[ \u3000]*\d{1,4}[ \u3000]*页)?   # 第 1 页 共 3 页
    | 共[ \u3000]*\d{1,4}[ \u3000]*页[ \u3000]*[/,，、]?[ \u3000]*第[ \u3000]*\d{1,4}[ \u3000]*页
    | \d{1,4}[ \u3000]*/[ \u3000]*\d{1,4}                                   # 2/3
    | (?:page|p\.)[ \u3000]*\d{1,4}(?:[ \u3000]*(?:of|/)[ \u3000]*\d{1,4})?)  # Page 1 of 3
    """, re.VERBOSE | re.IGNORECASE)


def display_width(line: str) -> int:
    """The width of a line in columns: CJK and full-width characters count 2, others 1, marks 0.

    >>> display_width("温州AI"), display_width("（1）")
    (6, 5)
    """
    width = 0
    for c in line:
        if unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return width


def typical_width(lines: Iterable[str]) -> int | None:
    """The width of a full line of these lines, or None when they show no sign of being wrapped.

    >>> typical_width(["温州市科学技术局" * 3] * 3 + ["答复函"])
    48
    >>> typical_width(["AI Computing Center", "Page two 2024-06-27"]) is None
    True
    """
    widths = sorted(display_width(line.rstrip()) for line in lines if line.strip())
    if not widths:
        return None
    typical = widths[math.ceil(PERCENTILE * len(widths)) - 1]
    if typical < MIN_WIDTH or sum(w >= SHORT * typical for w in widths) < MIN_FULL_LINES:
        return None
    return typical


def is_paragraph_break(line: str, next_line: str, width: int | None) -> bool:
    """Whether the break between ``line`` and ``next_line`` ends a paragraph (else it is a wrap).

    ``width`` is the typical width of a full line (``typical_width``); None keeps every break.

    >>> is_paragraph_break("推动温州市智算中心建设，温", "州市智算中心已完成项目一期建设。", 26)
    False
    >>> is_paragraph_break("推动温州市智算中心建设完成。", "温州市智算中心已完成项目一期建设。", 26)
    True
    """
    if width is None or not line.strip() or not next_line.strip():
        return True
    end = line.rstrip()
    return bool(
        _SENTENCE_END.search(end)
        or next_line[0].isspace()
        or _ITEM.match(next_line)
        or _FIELD_START.match(next_line)
        or _DATE_LINE.fullmatch(next_line.rstrip())
        or _DOC_NUMBER_LINE.fullmatch(next_line.rstrip())
        or display_width(end) < SHORT * width
    )


def join_separator(line: str, next_line: str) -> str:
    """What joins a wrapped line to the next: a space between two words of space-separated text, else nothing.

    Space-separated text is wrapped at its spaces: the line ends with an ASCII letter or digit, the next
    starts with one, and the line's last word (after its last space) is all ASCII. A word that holds
    Chinese was broken anywhere, like a number inside Chinese text (企业2|000家, 规划(2017-2|021)).

    >>> join_separator("AI Computing", "Center"), join_separator("中国AI", "GC产业联盟")
    (' ', '')
    >>> join_separator("企业2", "000家")
    ''
    >>> join_separator("发展战略规划(2017-2", "021)》等文件")
    ''
    """
    end = line.rstrip()
    if not (end and next_line and _is_ascii_alnum(end[-1]) and _is_ascii_alnum(next_line[0])):
        return ""
    last_word = end.split()[-1]
    return " " if last_word.isascii() else ""


def _is_ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def unwrap(lines: Sequence[str], width: int | None) -> list[str]:
    """Join the wrapped lines of ``lines`` (see the module docstring); other lines are kept verbatim.

    >>> unwrap(["我局推动温州市智算", "中心建设。", "二、加快培育"], 18)
    ['我局推动温州市智算中心建设。', '二、加快培育']
    """
    out: list[str] = []
    for i, line in enumerate(lines):
        if out and not is_paragraph_break(lines[i - 1], line, width):
            out[-1] = out[-1].rstrip() + join_separator(lines[i - 1], line) + line
        else:
            out.append(line)
    return out


def mark_gaps(lines: Sequence[str], baselines: Sequence[float | None]) -> list[str]:
    """``lines`` with an empty line inserted where the step down the page exceeds ``GAP`` line pitches.

    ``baselines`` holds each line's baseline height on the page (PDF units, up is larger), None where
    unknown; the pitch is the median step between neighbouring lines. With fewer than three steps there is
    no pitch to go by and nothing is inserted.

    >>> mark_gaps(["温科提复〔2024〕111号", "关于某提案的", "答 复 函", "余委员：", "您的提案收悉。", "现答复如下："],
    ...           [800.0, 755.0, 735.0, 690.0, 670.0, 650.0])
    ['温科提复〔2024〕111号', '', '关于某提案的', '答 复 函', '', '余委员：', '您的提案收悉。', '现答复如下：']
    """
    steps = {i: above - below for i, (above, below) in enumerate(pairwise(baselines), start=1)
             if above is not None and below is not None and lines[i - 1].strip() and lines[i].strip()}
    pitches = [step for step in steps.values() if step > 0]
    if len(pitches) < 3:
        return list(lines)
    pitch = statistics.median(pitches)
    out: list[str] = []
    for i, line in enumerate(lines):
        if steps.get(i, 0.0) > GAP * pitch:
            out.append("")
        out.append(line)
    return out


def is_page_number(line: str) -> bool:
    """Whether the line holds nothing but a page number (``- 1 -``, ``第 1 页 共 3 页``, ``2/3``, ``7``).

    >>> is_page_number("— 2 —"), is_page_number("第 1 页 共 3 页"), is_page_number("2024年6月27日")
    (True, True, False)
    """
    return bool(_PAGE_NUMBER.fullmatch(line.strip(" \t\u3000\u00a0")))


def drop_page_numbers(page: Sequence[str]) -> list[str]:
    """The lines of one page without blank lines and page-number lines at its top and bottom edges.

    >>> drop_page_numbers(["- 1 -", "正文第一行", "正文第二行", "第 1 页 共 3 页", ""])
    ['正文第一行', '正文第二行']
    """
    lines = list(page)
    for edge in (0, -1):
        while lines and not lines[edge].strip():
            lines.pop(edge)
        if lines and is_page_number(lines[edge]):
            lines.pop(edge)
        while lines and not lines[edge].strip():
            lines.pop(edge)
    return lines


def unwrap_pages(pages: Sequence[str]) -> str:
    """The text of a paged document (one string a page): page numbers dropped, wrapped lines joined.

    The typical width is measured over the whole document, so a short last page is judged by the others.

    >>> unwrap_pages(["我局推动温州市智算中心建设工作，\\n温州市智算中心已完成项目一期建\\n设，数安港集聚了数据企业三百余\\n- 1 -",
    ...               "- 2 -\\n家。"])
    '我局推动温州市智算中心建设工作，温州市智算中心已完成项目一期建设，数安港集聚了数据企业三百余家。'
    """
    lines = [line for page in pages for line in drop_page_numbers(page.split("\n"))]
    return "\n".join(unwrap(lines, typical_width(lines)))


def unwrap_blocks(blocks: Sequence[Sequence[str]]) -> list[str]:
    """Lines of blocks (paragraphs split at manual line breaks: ``<br>``, Word's Shift+Enter), wraps joined.

    A block boundary always stays a break; only the breaks inside a block can be wraps. The typical width
    is measured over the lines of the blocks that hold more than one line.

    >>> unwrap_blocks([["温州市科学技术局关于推进", "温州市智算中心建设工作", "的答复函已经印发至各区", "县。"],
    ...                ["联系人：王鹏鸣"]])
    ['温州市科学技术局关于推进温州市智算中心建设工作的答复函已经印发至各区县。', '联系人：王鹏鸣']
    """
    width = typical_width(line for block in blocks if len(block) > 1 for line in block)
    return [line for block in blocks for line in unwrap(block, width)]
