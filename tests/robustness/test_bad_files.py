"""Bad input never surfaces as a traceback: each case is an IngestError (or a read_corpus problem) that says
what went wrong, why, and how to fix it."""
from __future__ import annotations

import io
import logging
import os
import zipfile
from pathlib import Path

import pytest
from robustness_helpers import ZH, ZH_TW, make_docx, make_pdf

from extract.ingest import IngestError, read_corpus, read_document

LETTER = "温科提复〔2024〕111号\n\n余向前委员：\n我局与中国联通签订战略合作协议。\n2024年6月27日\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def refused(path: Path, *words: str) -> str:
    """read_document(path) raises IngestError whose message names what, why and how to fix."""
    with pytest.raises(IngestError) as info:
        read_document(path)
    err = info.value
    message = str(err)
    assert err.what and err.why and err.fix, message
    assert str(path) in message and "How to fix:" in message
    for word in words:
        assert word in message, message
    return message


# --- plain text -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "words"), [
    ("empty.txt", b"", ("empty",)),
    ("blank.txt", b" \n\t\r\n  \n", ("only whitespace",)),
    ("blank-utf16.txt", b"\xff\xfe" + " \n ".encode("utf-16-le"), ("only whitespace",)),
    ("empty.html", b"", ("empty",)),
    ("empty.docx", b"", ("empty",)),
    ("empty.pdf", b"", ("empty",)),
    ("nul.txt", b"\x00\x01\x02binary\x00data" * 50, ("binary", "NUL")),
    ("noise.txt", bytes(range(1, 32)) * 40, ("binary", "control characters")),
    ("utf16-no-bom.txt", "AI report".encode("utf-16-le"), ("NUL", "UTF-16")),
    ("png.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, ("PNG image", "OCR")),
    ("zip.txt", b"PK\x03\x04" + b"\x00" * 40, ("ZIP archive", ".docx")),
    ("mixed.txt", LETTER.encode("utf-8") + "东阳市人民政府".encode("gb18030") + LETTER.encode("utf-8"),
     ("cannot tell the text encoding", "UTF-8")),
    ("bad-bom.txt", b"\xff\xfe" + b"\x00\xd8\x41\x00" * 3, ("byte-order mark", "UTF-8")),
])
def test_bad_files_text_refused_with_what_why_fix(tmp_path: Path, name: str, data: bytes,
                                                  words: tuple[str, ...]) -> None:
    refused(write(tmp_path, name, data), *words)


def test_bad_files_random_bytes_never_traceback(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    for i in range(30):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        for suffix in (".txt", ".html", ".docx", ".pdf"):
            path = write(tmp_path, f"random{i}{suffix}", data)
            try:
                read_document(path)
            except IngestError as exc:
                assert "How to fix:" in str(exc)


def test_bad_files_truncated_utf8_is_decoded_with_a_warning(tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    """Decision: a file cut off inside its last character keeps everything before that character, and the
    cut is logged as a warning that says what was dropped; the rest of the text stays verbatim."""
    raw = LETTER.encode("utf-8") + "温州".encode()[:4]      # 温 complete, 州 cut after 1 of 3 bytes
    with caplog.at_level(logging.WARNING, logger="extract.readers.txt"):
        doc = read_document(write(tmp_path, "cut.txt", raw))
    assert doc.text == LETTER + "温"
    assert "cut off" in caplog.text and "dropped the last 1 byte" in caplog.text


def test_bad_files_invalid_utf8_inside_the_text_is_refused(tmp_path: Path) -> None:
    raw = LETTER.encode("utf-8")
    refused(write(tmp_path, "broken.txt", raw[:10] + b"\xff\xfe\xfd" + raw[10:]), "not UTF-8", "save it as UTF-8")


# --- docx -------------------------------------------------------------------------------------------------

def test_bad_files_zip_renamed_docx(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("photos/a.jpg", b"\xff\xd8\xff")
        z.writestr("readme.txt", "温州")
    refused(write(tmp_path, "archive.docx", buf.getvalue()), "not a Word document", "word/document.xml")


def test_bad_files_corrupt_docx(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx").read_bytes()
    refused(write(tmp_path, "truncated.docx", good[: len(good) // 2]), "corrupt", "save it again")
    damaged = bytearray(good)
    damaged[len(good) // 3: len(good) // 3 + 200] = b"\x00" * 200        # inside a compressed part
    refused(write(tmp_path, "damaged.docx", bytes(damaged)), "corrupt")


def test_bad_files_docx_with_broken_xml(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<w:document><unclosed" if item.filename == "word/document.xml" else data)
    refused(write(tmp_path, "badxml.docx", buf.getvalue()), "corrupt", "python-docx")


@pytest.mark.parametrize(("data", "words"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ("old binary Word file", "save it as .docx")),
    ("温州市人民政府".encode(), ("not a .docx", "ZIP")),
])
def test_bad_files_not_a_docx(tmp_path: Path, data: bytes, words: tuple[str, ...]) -> None:
    refused(write(tmp_path, "report.docx", data), *words)


def test_bad_files_docx_without_text(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("")
    d.save(str(tmp_path / "blank.docx"))
    refused(tmp_path / "blank.docx", "no text", "OCR")


# --- pdf --------------------------------------------------------------------------------------------------

def test_bad_files_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf")
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with open(tmp_path / "locked.pdf", "wb") as fh:
        writer.write(fh)
    refused(tmp_path / "locked.pdf", "encrypted", "password", "unencrypted copy")


def test_bad_files_pdf_encrypted_with_empty_password_is_read(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(make_pdf(tmp_path / "plain.pdf")))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")   # "no copying" only
    with open(tmp_path / "restricted.pdf", "wb") as fh:
        writer.write(fh)
    assert read_document(tmp_path / "restricted.pdf").text == "AI Computing Center"


def test_bad_files_image_only_pdf(tmp_path: Path) -> None:
    refused(make_pdf(tmp_path / "scan.pdf", text=None, image=True), "no text layer", "OCR")


@pytest.mark.parametrize(("data", "words"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog", ("corrupt",)),
    (b"<html>not a pdf</html>", ("not a PDF",)),
])
def test_bad_files_broken_pdf(tmp_path: Path, data: bytes, words: tuple[str, ...]) -> None:
    refused(write(tmp_path, "broken.pdf", data), *words)


def test_bad_files_truncated_pdf(tmp_path: Path) -> None:
    good = make_pdf(tmp_path / "good.pdf").read_bytes()
    path = write(tmp_path, "cut.pdf", good[: len(good) // 3])
    try:
        doc = read_document(path)          # pypdf may recover the text from a truncated file …
    except IngestError as exc:             # … or say why it cannot
        assert "How to fix:" in str(exc)
    else:
        assert doc.text.strip()


# --- html -------------------------------------------------------------------------------------------------

def test_bad_files_html_of_only_scripts(tmp_path: Path) -> None:
    html = ("<html><head><script src='app.js'></script><style>p{}</style></head><body>"
            "<nav>首页 新闻</nav><div id='app'></div><script>render('正文')</script>"
            "<noscript>请启用 JavaScript</noscript></body></html>")
    refused(write(tmp_path, "app.html", html.encode()), "no text", "JavaScript", "browser")


def test_bad_files_html_wrong_meta_charset_falls_back_to_detection(tmp_path: Path) -> None:
    html = '<html><head><meta charset="utf-8"></head><body><p>东阳市推动人工智能创新发展</p></body></html>'
    doc = read_document(write(tmp_path, "page.html", html.encode("gb18030")))
    assert doc.text == "东阳市推动人工智能创新发展"


# --- paths and folders ------------------------------------------------------------------------------------

def test_bad_files_missing_file(tmp_path: Path) -> None:
    refused(tmp_path / "nowhere.txt", "does not exist", "check the path")


def test_bad_files_folder_named_like_a_document(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").mkdir()
    refused(tmp_path / "notes.txt", "folder, not a file", "read_corpus")


def test_bad_files_fifo_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    refused(tmp_path / "pipe.txt", "not a regular file")          # reading it would block forever


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_bad_files_unreadable_file_in_a_folder(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", LETTER.encode())
    locked = write(tmp_path, "b.txt", LETTER.encode())
    locked.chmod(0)
    try:
        docs, problems = read_corpus([tmp_path])
    finally:
        locked.chmod(0o644)
    assert [d.id for d in docs] == ["a.txt"]
    assert [p.path.name for p in problems] == ["b.txt"] and "permission denied" in problems[0].message


def test_bad_files_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same case for root (who can read chmod 000 files): the read itself fails with EACCES."""
    write(tmp_path, "a.txt", LETTER.encode())
    write(tmp_path, "b.txt", LETTER.encode())
    (tmp_path / "c.txt").mkdir()                      # a folder named like a document is walked, not read
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "b.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    docs, problems = read_corpus([tmp_path])
    assert [d.id for d in docs] == ["a.txt"]
    assert [p.path.name for p in problems] == ["b.txt"]
    assert "permission denied" in problems[0].message and "chmod" in problems[0].message


def test_bad_files_symlink_loop_in_a_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "2024").mkdir(parents=True)
    write(corpus / "2024", "letter.txt", LETTER.encode())
    (corpus / "2024" / "again").symlink_to(corpus)                 # corpus/2024/again/2024/again/…
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")          # a link to itself
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    docs, problems = read_corpus([corpus])
    assert [d.id for d in docs] == ["letter.txt"]
    assert sorted(p.path.name for p in problems) == ["dangling.txt", "loop.txt"]
    assert all("symbolic link" in p.message for p in problems)


def test_bad_files_unlistable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    """A folder that cannot be listed (no read permission) is a problem; its siblings are still read."""
    from extract import ingest
    from extract.ingest import iter_paths

    write(tmp_path, "a.txt", LETTER.encode())
    (tmp_path / "locked").mkdir()
    write(tmp_path / "locked", "b.txt", LETTER.encode())
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]):  # type: ignore[no-untyped-def]
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest.os, "scandir", scandir)
    docs, problems = read_corpus([tmp_path])
    assert [d.id for d in docs] == ["a.txt"]
    assert [p.path.name for p in problems] == ["locked"] and "cannot be listed" in problems[0].message
    with caplog.at_level(logging.WARNING, logger="extract.ingest"):
        assert [p.name for p in iter_paths([tmp_path])] == ["a.txt"]
    assert "cannot be listed" in caplog.text


def test_bad_files_html_nested_chrome(tmp_path: Path) -> None:
    html = ("<body><nav><nav>菜单</nav></nav><div hidden><div hidden>隐藏</div></div>"
            "<div style='display: none'><script>x()</script></div><p>正文内容</p></body>")
    assert read_document(write(tmp_path, "nested.html", html.encode())).text == "正文内容"


def test_bad_files_error_keeps_what_why_fix_and_pickles(tmp_path: Path) -> None:
    import pickle

    with pytest.raises(IngestError) as info:
        read_document(write(tmp_path, "empty.txt", b""))
    again = pickle.loads(pickle.dumps(info.value))          # crosses process boundaries intact
    assert (again.what, again.why, again.fix, str(again)) == (
        info.value.what, info.value.why, info.value.fix, str(info.value))
    assert str(pickle.loads(pickle.dumps(IngestError("a whole message")))) == "a whole message"


# --- encodings and sizes ----------------------------------------------------------------------------------



@pytest.mark.parametrize(("name", "data", "text", "encoding"), [
    ("gb18030.txt", ZH.encode("gb18030"), ZH, "gb18030"),
    ("big5.txt", ZH_TW.encode("big5"), ZH_TW, "big5"),
    ("utf16-le-bom.txt", ZH.encode("utf-16"), ZH, "utf-16"),
    ("utf16-be-bom.txt", b"\xfe\xff" + ZH.encode("utf-16-be"), ZH, "utf-16"),
    ("utf8-bom.txt", b"\xef\xbb\xbf" + ZH.encode(), ZH, "utf-8-sig"),
    ("gb18030.html", f"<html><body><p>{ZH}</p></body></html>".encode("gb18030"), ZH.strip(), "gb18030"),
])
def test_bad_files_chinese_encodings_are_read_verbatim(tmp_path: Path, name: str, data: bytes, text: str,
                                                        encoding: str) -> None:
    doc = read_document(write(tmp_path, name, data))
    assert (doc.text, doc.encoding) == (text, encoding)


def test_bad_files_100_mb_text_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Decision: a text file too big to hold at most MAX_TEXT_CHARS characters is refused from its size alone,
    so memory stays bounded whatever the size (the CLI test measures the process)."""
    from extract.text import MAX_TEXT_CHARS

    huge = tmp_path / "huge.txt"
    line = (ZH * 20).encode("utf-8")
    with huge.open("wb") as fh:
        for _ in range(100 * 2**20 // len(line) + 1):
            fh.write(line)
    assert huge.stat().st_size >= 100 * 2**20

    def no_read(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    message = refused(huge, "too large", "100.0 MiB", f"{MAX_TEXT_CHARS:,} characters", "split it")
    assert "not read" in message or "was not read" in message


def test_bad_files_text_longer_than_the_extractor_takes_is_refused(tmp_path: Path) -> None:
    from extract.text import MAX_TEXT_CHARS

    refused(write(tmp_path, "long.txt", b"a" * (MAX_TEXT_CHARS + 1)), "too long", f"{MAX_TEXT_CHARS + 1:,} characters",
            "split it")
    assert len(read_document(write(tmp_path, "limit.txt", b"a" * MAX_TEXT_CHARS)).text) == MAX_TEXT_CHARS


def test_bad_files_lone_surrogates_from_a_reader_become_replacement_characters(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A damaged PDF text layer can yield lone surrogates, which no file can hold: each becomes U+FFFD."""
    from extract import ingest
    from extract.readers.base import ReadResult

    monkeypatch.setitem(ingest.READERS, ".pdf", lambda raw, path: ReadResult("温\ud800州数安港", None, "pdf"))
    with caplog.at_level(logging.WARNING, logger="extract.ingest"):
        doc = read_document(write(tmp_path, "broken-cmap.pdf", b"%PDF-1.7 whatever"))
    assert doc.text == "温\ufffd州数安港" and "lone surrogates" in caplog.text
    doc.text.encode("utf-8")
