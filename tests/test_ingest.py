"""read_document / iter_paths / read_corpus: every format and encoding a user hands us, on fixtures we write."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from shared_corpus import CORPUS as SHARED
from shared_corpus import SEED_LETTER, needs_corpus

from extract.ingest import SUPPORTED_SUFFIXES, IngestError, iter_paths, read_corpus, read_document

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

LETTER = (
    "温科提复〔2024〕111号\n\n"
    "关于市政协十二届三次会议5号提案的\n答 复 函\n\n"
    "张明委员：\n"
    "您提出的关于加快算力中心建设的提案收悉。现答复如下：\n"
    "我局与中国联通签订战略合作协议，共建温州智算中心。\n"
    "                    2024年6月27日\n"
)
TRADITIONAL = "溫州市人工智慧產業發展報告\n\n本局與中華電信簽訂戰略合作協議，共建智慧運算中心。\n2024年6月27日\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# --- plain text -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("label", "data", "text", "encoding"), [
    ("utf-8", LETTER.encode("utf-8"), LETTER, "utf-8"),
    ("utf-8 BOM", b"\xef\xbb\xbf" + LETTER.encode("utf-8"), LETTER, "utf-8-sig"),
    ("utf-16 LE BOM", b"\xff\xfe" + LETTER.encode("utf-16-le"), LETTER, "utf-16"),
    ("utf-16 BE BOM", b"\xfe\xff" + LETTER.encode("utf-16-be"), LETTER, "utf-16"),
    ("utf-32 LE BOM", b"\xff\xfe\x00\x00" + LETTER.encode("utf-32-le"), LETTER, "utf-32"),
    ("gb18030", LETTER.encode("gb18030"), LETTER, "gb18030"),
    ("gbk", LETTER.encode("gbk"), LETTER, "gb18030"),
    ("gb18030 beyond gbk", ("数据要素𠀀" + LETTER).encode("gb18030"), "数据要素𠀀" + LETTER, "gb18030"),
    ("big5", TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
])
def test_ingest_txt_decodes_every_encoding_verbatim(tmp_path: Path, label: str, data: bytes, text: str,
                                                    encoding: str) -> None:
    doc = read_document(write(tmp_path, "letter.txt", data))
    assert doc.text == text, label
    assert doc.encoding == encoding
    assert data.decode(doc.encoding) == doc.text      # the codec name reproduces the text from the bytes
    assert doc.source_format == "txt"


@pytest.mark.parametrize(("text", "codec", "expected"), [
    ("温州", "gb18030", "gb18030"),           # charset-normalizer alone calls these two bytes Big5
    ("我们", "gb18030", "gb18030"),
    ("算力中心", "gb18030", "gb18030"),
    ("臺灣", "big5", "big5"),
    ("溫州", "big5", "big5"),
])
def test_ingest_txt_short_chinese_legacy_encodings(tmp_path: Path, text: str, codec: str, expected: str) -> None:
    doc = read_document(write(tmp_path, "short.txt", text.encode(codec)))
    assert (doc.text, doc.encoding) == (text, expected)


def test_ingest_txt_keeps_line_ends_indentation_and_artefacts(tmp_path: Path) -> None:
    text = "  温科提复〔2024〕111号\r\n\r\n[bookmark: _Hlk1]正文，末尾有空格。 \r\n\u3000\u3000第二段。\r\n"
    doc = read_document(write(tmp_path, "crlf.txt", text.encode("utf-8")))
    assert doc.text == text          # offsets of facts point into this exact string


def test_ingest_document_fields(tmp_path: Path) -> None:
    raw = LETTER.encode("gb18030")
    path = write(tmp_path, "温科提复-2024-111.txt", raw)
    doc = read_document(path)
    assert doc.id == "温科提复-2024-111.txt"
    assert doc.path == str(path)
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.meta.doc_number == "温科提复〔2024〕111号"
    assert doc.meta.date == "2024-06-27"
    assert doc.meta.recipient == "张明委员"
    assert doc.meta.title == "关于市政协十二届三次会议5号提案的答复函"


def test_ingest_markdown_is_read_as_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "note.md", "# 东阳市算力规划\n\n到2027年建成智算中心。\n".encode()))
    assert doc.text.startswith("# 东阳市算力规划")
    assert doc.source_format == "txt"


def test_ingest_suffix_is_case_insensitive(tmp_path: Path) -> None:
    assert read_document(write(tmp_path, "LETTER.TXT", LETTER.encode())).text == LETTER


# --- docx -------------------------------------------------------------------------------------------------

def make_docx(path: Path) -> Path:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_paragraph("温科提复〔2024〕111号")
    d.add_paragraph("关于市政协十二届三次会议5号提案的答复函")
    d.add_paragraph("张明委员：")
    p = d.add_paragraph("[bookmark: _Hlk168950452]您提出的提案收悉。")
    start = OxmlElement("w:bookmarkStart")          # a real Word bookmark: no text of its own
    start.set(qn("w:id"), "0")
    start.set(qn("w:name"), "_Hlk168950452")
    p._p.insert(0, start)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "单位", "算力"
    table.cell(1, 0).text, table.cell(1, 1).text = "温州智算中心", "500PFLOPS"
    merged = d.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合并单元格"
    d.add_paragraph("[bookmark: _GoBack]2024年6月27日")
    d.save(str(path))
    return path


def test_ingest_docx_paragraphs_tables_and_no_bookmark_artefacts(tmp_path: Path) -> None:
    doc = read_document(make_docx(tmp_path / "reply.docx"))
    assert doc.text.split("\n") == [
        "温科提复〔2024〕111号", "关于市政协十二届三次会议5号提案的答复函", "张明委员：", "您提出的提案收悉。",
        "单位", "算力", "温州智算中心", "500PFLOPS", "合并单元格", "2024年6月27日",
    ]
    assert "bookmark" not in doc.text
    assert (doc.source_format, doc.encoding) == ("docx", None)
    assert (doc.meta.doc_number, doc.meta.date, doc.meta.recipient) == ("温科提复〔2024〕111号", "2024-06-27", "张明委员")


# --- pdf --------------------------------------------------------------------------------------------------

def make_pdf(path: Path, pages: list[str], font: Path | None = None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    if font is not None:
        pdf.add_font("cjk", fname=str(font))
    for text in pages:
        pdf.add_page()
        pdf.set_font("cjk" if font is not None else "helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


@pytest.mark.skipif(not CJK_FONT.exists(), reason="needs the WenQuanYi Micro Hei font (Debian fonts-wqy-microhei)")
def test_ingest_pdf_chinese_text_layer(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "reply.pdf", ["温科提复〔2024〕111号\n张明委员：\n我局与中国联通签订战略合作协议。",
                                               "2024年6月27日"], font=CJK_FONT)
    doc = read_document(path)
    assert "我局与中国联通签订战略合作协议。" in doc.text
    assert doc.text.index("合作协议") < doc.text.index("2024年6月27日")    # pages in order
    assert (doc.meta.doc_number, doc.meta.date) == ("温科提复〔2024〕111号", "2024-06-27")
    assert doc.source_format == "pdf"


def test_ingest_pdf_ascii_text_layer(tmp_path: Path) -> None:
    doc = read_document(make_pdf(tmp_path / "report.pdf", ["AI Computing Center", "Page two 2024-06-27"]))
    assert doc.text.split("\n") == ["AI Computing Center", "Page two 2024-06-27"]


# --- html -------------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>临平算力小镇_浙江日报</title>
<style>body {{ color: red }}</style><script>var nav = "首页";</script></head>
<body><header><a href="/">首页</a> 浙江日报 数字报纸</header>
<nav><ul><li>首页</li><li>要闻</li></ul></nav>
<main><article><header><h1>临平前瞻布局发力打造算力全产业链</h1></header>
<p>发布时间:2024-09-01 08:00 来源:浙江日报</p>
<p>本报讯  算力小镇集聚企业<b>1700余家</b>。</p>
<table><tr><td>指标</td><td>数值</td></tr><tr><td>算力</td><td>3000P</td></tr></table>
<script>track("x")</script><noscript>请启用脚本</noscript><div hidden>隐藏内容</div>
<p>第二段<br>换行</p></article><aside>相关阅读</aside></main>
<footer>版权所有 浙江日报</footer></body></html>"""


def test_ingest_html_keeps_main_text_drops_navigation_and_scripts(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "page.html", PAGE.format(charset="utf-8").encode()))
    assert doc.text.split("\n") == [
        "临平前瞻布局发力打造算力全产业链", "发布时间:2024-09-01 08:00 来源:浙江日报",
        "本报讯 算力小镇集聚企业1700余家。", "指标 数值", "算力 3000P", "第二段", "换行",
    ]
    for junk in ("首页", "var nav", "track", "请启用脚本", "隐藏内容", "相关阅读", "版权所有", "color"):
        assert junk not in doc.text
    assert (doc.meta.date, doc.meta.issuer, doc.meta.title) == ("2024-09-01", "浙江日报", "临平前瞻布局发力打造算力全产业链")
    assert (doc.source_format, doc.encoding) == ("html", "utf-8")


@pytest.mark.parametrize(("charset", "codec", "expected"), [
    ("gb2312", "gb18030", "gb18030"),
    ("GBK", "gbk", "gb18030"),
    ("big5", "big5", "cp950"),
])
def test_ingest_html_declared_charset(tmp_path: Path, charset: str, codec: str, expected: str) -> None:
    body = "算力小镇集聚企业" if codec != "big5" else "算力小鎮集聚企業"
    html = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>' \
           f"<body><p>{body}</p></body></html>"
    doc = read_document(write(tmp_path, "page.htm", html.encode(codec)))
    assert (doc.text, doc.encoding) == (body, expected)


def test_ingest_html_without_declaration_is_detected(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "page.html", "<p>东阳市推动人工智能创新发展</p>".encode("gb18030")))
    assert (doc.text, doc.encoding) == ("东阳市推动人工智能创新发展", "gb18030")


def test_ingest_html_bom_beats_a_wrong_meta_charset(tmp_path: Path) -> None:
    html = '<meta charset="gb2312"><p>东阳市人民政府</p>'
    doc = read_document(write(tmp_path, "page.html", b"\xef\xbb\xbf" + html.encode("utf-8")))
    assert doc.text == "东阳市人民政府"


def test_ingest_html_title_element_is_the_fallback_title(tmp_path: Path) -> None:
    html = "<html><head><title>成都 智算中心 开工</title></head><body><p>6月9日,项目开工。</p></body></html>"
    doc = read_document(write(tmp_path, "news.html", html.encode()))
    assert doc.meta.title == "成都智算中心开工"


# --- unsupported ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "hint"), [("old.doc", "save it as .docx"), ("sheet.xlsx", ".txt"),
                                            ("README", "(no suffix)")])
def test_ingest_unknown_suffix_lists_supported_ones(tmp_path: Path, name: str, hint: str) -> None:
    with pytest.raises(IngestError) as info:
        read_document(write(tmp_path, name, b"data"))
    message = str(info.value)
    assert hint in message
    assert all(s in message for s in SUPPORTED_SUFFIXES)


# --- folders ----------------------------------------------------------------------------------------------

def test_iter_paths_recursive_sorted_each_file_once(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    files = ["a.txt", "b/deep/z.pdf", "b/c.docx", "b/d.HTML", "e.md", "f.htm"]
    for name in files + ["notes.xlsx", ".hidden.txt", "b/~$c.docx"]:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "b" / "link.txt").symlink_to(tmp_path / "a.txt")   # the same file twice
    got = iter_paths([tmp_path / "b", tmp_path, tmp_path / "a.txt"])
    assert [p.relative_to(tmp_path).as_posix() for p in got] == sorted(files)


def test_iter_paths_symlink_loop_terminates(tmp_path: Path) -> None:
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / "sub" / "a.txt").write_text("温州", encoding="utf-8")
    (tmp_path / "docs" / "sub" / "up").symlink_to(tmp_path / "docs")       # sub/up → docs → sub → …
    (tmp_path / "docs" / "self").symlink_to(tmp_path / "docs" / "self")    # a link to itself
    got = iter_paths([tmp_path / "docs"])
    assert [p.name for p in got] == ["a.txt"]


def test_read_corpus_goes_on_past_bad_documents(tmp_path: Path) -> None:
    write(tmp_path, "01_good.txt", LETTER.encode("utf-8"))
    write(tmp_path, "02_empty.txt", b"")
    write(tmp_path, "03_binary.txt", bytes(range(256)) * 4)
    write(tmp_path, "04_good.txt", TRADITIONAL.encode("big5"))
    write(tmp_path, "05_fake.docx", b"not a zip at all")
    docs, problems = read_corpus([tmp_path, tmp_path / "missing.txt", tmp_path / "table.xlsx"])
    assert [d.id for d in docs] == ["01_good.txt", "04_good.txt"]
    assert [p.path.name for p in problems] == ["02_empty.txt", "03_binary.txt", "05_fake.docx", "missing.txt",
                                            "table.xlsx"]
    assert all("How to fix:" in p.message for p in problems)


def test_read_corpus_refuses_a_second_document_with_the_same_id(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write(tmp_path / "a", "same.txt", "第一份".encode())
    write(tmp_path / "b", "same.txt", "第二份".encode())
    docs, problems = read_corpus([tmp_path])
    assert [d.text for d in docs] == ["第一份"]
    assert len(problems) == 1 and "rename" in problems[0].message


def test_read_corpus_of_explicit_unsupported_file_reports_it(tmp_path: Path) -> None:
    docs, problems = read_corpus([write(tmp_path, "table.xlsx", b"PK\x03\x04")])
    assert docs == [] and "unsupported file type '.xlsx'" in problems[0].message


# --- the shared corpus (skips when /work/shared is absent) --------------------------------------------------

@needs_corpus
def test_ingest_reads_the_shared_corpus() -> None:
    """Every document of the shared corpus reads (it grows every round), with its text intact."""
    docs, problems = read_corpus([SHARED])
    assert problems == []
    assert len({d.id for d in docs}) == len(docs) == len(list(iter_paths([SHARED])))
    assert all(d.text.strip() and d.sha256 for d in docs)
    by_id = {d.id: d for d in docs}
    seed = by_id[SEED_LETTER]
    assert seed.text == (SHARED / seed.id).read_text(encoding="utf-8")
    assert (seed.meta.doc_number, seed.meta.date) == ("温科提复〔2024〕111号", "2024-06-27")