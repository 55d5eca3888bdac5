"""Wrapped lines join into paragraphs: the rule on small inputs, and one letter as PDF, docx, html and txt.

The fixtures are written here: the bundled seed letter laid out as a PDF (fpdf2, the CJK font, lines
wrapped at the page width, page numbers in header and footer), as a .docx whose paragraphs hold a manual
line break at every printed line, and as HTML pages with hard-wrapped lines inside ``<p>`` or ``<br>``.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest
from shared_corpus import DEV, REPO, SEED_LETTER, needs_dev

from extract.facts import Document, Extraction
from extract.ingest import read_document
from extract.pipeline import extract_document
from extract.readers.layout import (
    is_page_number,
    mark_gaps,
    typical_width,
    unwrap,
    unwrap_blocks,
    unwrap_pages,
)

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_font = pytest.mark.skipif(not CJK_FONT.exists(),
                                reason=f"needs the CJK font {CJK_FONT} (`make system` installs it)")
LETTER = REPO / "corpus" / SEED_LETTER
WIDTH = 44                         # the typical width of the hand-written inputs: 22 CJK characters
FULL = "我局与中国联通签订战略合作协议，共建温州市智"    # a full line (22 characters) that ends inside a name
NEXT = "算中心已完成项目一期建设。"                      # ... and the rest of the sentence


# --- the rule on small inputs ------------------------------------------------------------------------------

@pytest.mark.parametrize(("lines", "expected"), [
    pytest.param(["我局与中国联通签订战略合作协议，共建温州市智", "算中心。"],
                 ["我局与中国联通签订战略合作协议，共建温州市智算中心。"], id="a wrap inside a name joins"),
    pytest.param(["我局与中国联通签订战略合作协议，共建智算中心。", "温州市智算中心已完成项目一期建设。"],
                 None, id="a line ending in 。 stays"),
    pytest.param(["负责人说：“我局与中国联通共建了智算中心。”", "温州市智算中心已完成项目一期建设。"],
                 None, id="。 and a closing quote stay"),
    pytest.param(["下一步，我们将重点做好以下几方面工作：", "一是培育一批科技企业。"], None, id="a colon stays"),
    pytest.param([FULL, "二、加快培育一批人工智能科技企业"], None, id="二、 stays on its own line"),
    pytest.param([FULL, "（一）加快培育一批人工智能科技企业"], None, id="（一） stays"),
    pytest.param([FULL, "1.培育一批AI科技企业"], None, id="1. stays"),
    pytest.param([FULL, "(2)实施一批技术攻关项目"], None, id="(2) stays"),
    pytest.param([FULL, "第一条　为了推进人工智能产业发展"], None, id="第一条 stays"),
    pytest.param([FULL, "　　近年来，我市深入实施数字经济创新"], None, id="an indented line stays"),
    pytest.param(["关于加快布局人工智能产业的", "我局与中国联通签订战略合作协议共建智算"], None,
                 id="a short heading stays"),
    pytest.param([FULL, "2024年6月27日"], None, id="a date line stays"),
    pytest.param([FULL, "温科提复〔2024〕111号"], None, id="a 发文字号 line stays"),
    pytest.param([FULL, "来源：温州日报"], None, id="a header field stays"),
    pytest.param([FULL, "", "温州市智算中心已完成项目一期建设"], None, id="an empty line stays"),
    pytest.param(["The Wenzhou AI Computing Center and the", "Data Port were founded in 2023."],
                 ["The Wenzhou AI Computing Center and the Data Port were founded in 2023."],
                 id="ASCII words join with a space"),
    pytest.param(["每年新增国家高新技术企业，新增省级科技型企业2", "000家左右。"],
                 ["每年新增国家高新技术企业，新增省级科技型企业2000家左右。"], id="a number in Chinese joins"),
    pytest.param(["出台了《西安经济技术开发区产业发展规划(2017-2", "021)》等文件"],
                 ["出台了《西安经济技术开发区产业发展规划(2017-2021)》等文件"], id="a year range joins"),
    pytest.param(["推动中国（温州）数安港和温州智算中心建设（", "温州）数安港已集聚了数据企业。"],
                 ["推动中国（温州）数安港和温州智算中心建设（温州）数安港已集聚了数据企业。"],
                 id="a wrap after an opening bracket joins"),
])
def test_layout_unwrap_rule(lines: list[str], expected: list[str] | None) -> None:
    assert unwrap(lines, WIDTH) == (lines if expected is None else expected)


def test_layout_without_a_typical_width_nothing_joins() -> None:
    lines = ["AI Computing Center", "Page two 2024-06-27"]
    assert typical_width(lines) is None
    assert unwrap(lines, typical_width(lines)) == lines


@pytest.mark.parametrize("lines", [
    pytest.param(["联系人：张三", "联系人：李四", "联系人：王五", "联系人：赵六"], id="a list of short lines"),
    pytest.param([FULL, FULL + "。"], id="two full lines are no evidence"),
])
def test_layout_typical_width_needs_evidence_of_wrapping(lines: list[str]) -> None:
    assert typical_width(lines) is None


@pytest.mark.parametrize("number", ["- 1 -", "— 1 —", "-1-", "1", "第 1 页 共 3 页", "第1页/共3页", "共3页 第1页",
                                    "1 / 3", "Page 1 of 3", "　— 12 —　"])
def test_layout_page_number_lines_are_dropped_at_the_page_edges(number: str) -> None:
    pages = [f"{number}\n{FULL}\n{FULL}\n{FULL}\n{number}", f"{number}\n{NEXT}\n{number}"]
    assert is_page_number(number)
    assert unwrap_pages(pages) == FULL * 3 + NEXT


def test_layout_a_number_inside_a_page_is_kept() -> None:
    text = f"{FULL}。\n12\n{FULL}。\n{FULL}。\n{FULL}。"
    assert unwrap_pages([text]) == text


@pytest.mark.parametrize("line", ["2024年6月27日", "温科提复〔2024〕111号", "2号提案", "第二章"])
def test_layout_is_page_number_refuses_text(line: str) -> None:
    assert not is_page_number(line)


def test_layout_mark_gaps_needs_a_line_pitch() -> None:
    assert mark_gaps(["标题", "正文"], [800.0, 700.0]) == ["标题", "正文"]


def test_layout_unwrap_blocks_never_joins_across_blocks() -> None:
    blocks = [[FULL], [FULL], [FULL, FULL, FULL, NEXT], [FULL]]
    assert unwrap_blocks(blocks) == [FULL, FULL, FULL * 3 + NEXT, FULL]


# --- html and docx on small inputs -------------------------------------------------------------------------

def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("body", "expected"), [
    pytest.param("<p>温州市智\n    算中心已完成项目一期建设。</p>", ["温州市智算中心已完成项目一期建设。"],
                 id="a source newline between Chinese characters is nothing"),
    pytest.param("<p>中国<b>AIGC</b>\n产业联盟</p>", ["中国AIGC产业联盟"], id="a source newline beside Chinese"),
    pytest.param("<p>AI Computing\n  Center</p>", ["AI Computing Center"], id="a source newline between words"),
    pytest.param(f"<p>{FULL}<br>{FULL}<br>{FULL}<br>{NEXT}</p>", [FULL * 3 + NEXT], id="<br> wraps join"),
    pytest.param(f"<p>{FULL}<br>{FULL}<br>{FULL}<br>\n  温州市智算中心已完成</p>", [FULL * 3 + "温州市智算中心已完成"],
                 id="source white space after <br> is no indentation"),
    pytest.param(f"<p>{FULL}<br>{FULL}<br>{FULL}<br>&nbsp;&nbsp;温州市智算中心</p>", [FULL * 3, "温州市智算中心"],
                 id="&nbsp; indentation after <br> keeps the break"),
    pytest.param(f"<p>{FULL}<br>{FULL}<br>{FULL}<br><br>温州市智算中心</p>", [FULL * 3, "温州市智算中心"],
                 id="<br><br> keeps the break"),
    pytest.param(f"<p>{FULL}</p><p>{FULL}</p><p>{FULL}</p><p>温州市智算中心</p>", [FULL, FULL, FULL, "温州市智算中心"],
                 id="paragraphs never join"),
])
def test_readers_html_joins_wrapped_lines(tmp_path: Path, body: str, expected: list[str]) -> None:
    doc = read_document(write(tmp_path, "page.html", f"<html><body>{body}</body></html>".encode()))
    assert doc.text.split("\n") == expected


def test_readers_docx_joins_manual_line_breaks_that_wrap(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    wrapped = d.add_paragraph()
    for i, line in enumerate([FULL, FULL, FULL, NEXT, "二、下一步工作"]):
        run = wrapped.add_run(line)
        if i < 4:
            run.add_break()
    for _ in range(3):
        d.add_paragraph(FULL)          # full-width paragraphs: a paragraph mark always ends a line
    d.save(str(tmp_path / "wrapped.docx"))
    doc = read_document(tmp_path / "wrapped.docx")
    assert doc.text.split("\n") == [FULL * 3 + NEXT, "二、下一步工作", FULL, FULL, FULL]


# --- the seed letter as PDF, docx and html gives the facts of the txt -------------------------------------

def columns(c: str) -> int:
    """The fixtures' own measure of a character (wide from U+2E80 on), independent of the reader's."""
    return 2 if ord(c) >= 0x2E80 else 1


def wrap(line: str, width: int = 76) -> list[str]:
    """``line`` broken anywhere at ``width`` columns, the way a CJK typesetter fills a line."""
    out, current, used = [], "", 0
    for c in line:
        if current and used + columns(c) > width:
            out.append(current)
            current, used = "", 0
        current += c
        used += columns(c)
    return [*out, current]


def write_pdf(path: Path, text: str, wrapmode: str) -> Path:
    from fpdf import FPDF
    from fpdf.enums import WrapMode

    class Paged(FPDF):
        def header(self) -> None:
            self.set_font("cjk", size=9)
            self.cell(0, 6, f"第 {self.page_no()} 页 共 {{nb}} 页", align="C", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 6, f"- {self.page_no()} -", align="C")

    pdf = Paged()
    pdf.add_font("cjk", fname=str(CJK_FONT))
    pdf.add_page()
    pdf.set_font("cjk", size=12)
    pdf.multi_cell(0, 8, text, wrapmode=WrapMode[wrapmode])       # wraps at the page width, breaks pages
    pdf.output(str(path))
    return path


def write_docx(path: Path, text: str) -> Path:
    import docx

    d = docx.Document()
    for line in text.split("\n"):
        paragraph = d.add_paragraph()
        printed = wrap(line)
        for i, part in enumerate(printed):
            run = paragraph.add_run(part)
            if i < len(printed) - 1:
                run.add_break()                                   # Shift+Enter at every printed line
    d.save(str(path))
    return path


def write_html(path: Path, text: str, separator: str) -> Path:
    """One ``<p>`` a line of the letter, its printed lines joined by ``separator`` (a newline or ``<br>``)."""
    paragraphs = (f"<p>{separator.join(html.escape(part) for part in wrap(line))}</p>" for line in text.split("\n"))
    page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n" + "\n".join(paragraphs) + "</body></html>"
    path.write_text(page, encoding="utf-8")
    return path


WRITERS: dict[str, Callable[[Path, str], Path]] = {
    "pdf": lambda folder, text: write_pdf(folder / "letter.pdf", text, "WORD"),
    "pdf-cjk-wrap": lambda folder, text: write_pdf(folder / "letter-cjk-wrap.pdf", text, "CHAR"),
    "docx": lambda folder, text: write_docx(folder / "letter.docx", text),
    "html": lambda folder, text: write_html(folder / "letter.html", text, "\n"),
    "html-br": lambda folder, text: write_html(folder / "letter-br.html", text, "<br>"),
}


def facts(ex: Extraction) -> tuple[set[tuple[str, str, tuple[str, ...]]], set[tuple[str, str, str, str]]]:
    """The entities (name, type, aliases) and relations (subject, predicate, object, status) of an extraction."""
    return ({(e.name, e.type, e.aliases) for e in ex.entities},
            {(f.subject, f.predicate, f.object, f.status) for f in ex.facts})


@pytest.fixture(scope="module")
def letter_txt() -> tuple[Document, Extraction]:
    doc = read_document(LETTER)
    return doc, extract_document(doc)


@pytest.mark.parametrize("fmt", [pytest.param("pdf", marks=needs_font), pytest.param("pdf-cjk-wrap", marks=needs_font),
                                 "docx", "html", "html-br"])
def test_readers_letter_in_every_format_gives_the_facts_of_the_txt(
        tmp_path: Path, letter_txt: tuple[Document, Extraction], fmt: str) -> None:
    txt_doc, txt_ex = letter_txt
    doc = read_document(WRITERS[fmt](tmp_path, txt_doc.text))
    ex = extract_document(doc)
    entities, relations = facts(ex)
    txt_entities, txt_relations = facts(txt_ex)
    assert len(txt_entities) >= 40 and len(txt_relations) >= 20           # the letter's facts, as a .txt
    assert sorted(entities ^ txt_entities) == []
    assert sorted(relations ^ txt_relations) == []
    assert doc.meta == txt_doc.meta
    assert "\n" in doc.text.strip()                                       # paragraphs kept, not one line
    for entity in ex.entities:                                            # offsets point into the joined text
        assert all(doc.text[m.start:m.end] == m.surface for m in entity.mentions)
    for fact in ex.facts:
        assert fact.provenance.sentence in doc.text


@needs_font
def test_readers_pdf_fixture_breaks_names_and_pages(tmp_path: Path, letter_txt: tuple[Document, Extraction]) -> None:
    """The PDF fixture is a hard case: names broken across lines, pages with numbers; the reader mends both."""
    from pypdf import PdfReader

    txt_doc, txt_ex = letter_txt
    path = write_pdf(tmp_path / "letter.pdf", txt_doc.text, "WORD")
    pages = [page.extract_text() for page in PdfReader(path).pages]
    raw = "\n".join(pages)
    names = [e.name for e in txt_ex.entities if e.name in txt_doc.text]
    broken = [n for n in names if n not in raw and n in raw.replace("\n", "")]
    assert len(pages) >= 3 and len(broken) >= 3
    assert any(is_page_number(line) for line in raw.split("\n"))
    doc = read_document(path)
    assert all(name in doc.text for name in broken)
    assert not any(is_page_number(line) for line in doc.text.split("\n"))
    assert "答 复 函" in doc.text.split("\n") and "温科提复〔2024〕111号" in doc.text.split("\n")[0]


# --- txt is read as it is -------------------------------------------------------------------------------

def _is_verbatim(path: Path) -> bool:
    doc = read_document(path)
    return doc.encoding is not None and path.read_bytes().decode(doc.encoding) == doc.text


def test_readers_txt_keeps_its_lines() -> None:
    assert _is_verbatim(LETTER)


@needs_dev
def test_readers_dev_txt_keep_their_lines() -> None:
    """News text has one paragraph a line: a .txt is never joined, whatever its line widths."""
    paths = sorted(DEV.glob("*.txt"))
    assert paths
    assert [p.name for p in paths if not _is_verbatim(p)] == []
