"""Word .docx: paragraphs and table cells in document order, one per line, without Word artefacts.

A paragraph mark always ends a line. The manual line breaks inside a paragraph (Shift+Enter, ``<w:br/>``;
a document converted from a PDF often has one a printed line) are joined when they are only wraps, by the
rule of ``extract.readers.layout`` (温州市智<w:br/>算中心 → 温州市智算中心); the others stay line breaks.
"""
from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extract.readers.base import IngestError, ReadResult
from extract.readers.layout import unwrap_blocks

logger = logging.getLogger(__name__)

# Markers that converters leave in the text: [bookmark: _Hlk168950452], [bookmark: _GoBack], [footnoteRef:1]
ARTEFACT = re.compile(r"\[(?:bookmark|footnoteRef|endnoteRef|annotationRef|comment)\s*:?[^\]\n]{0,80}\]")
_FIX_RESAVE = "open it in Word or LibreOffice and save it again as .docx (or export it as UTF-8 .txt)"


def strip_artefacts(text: str) -> str:
    """Remove Word bookmark/footnote markers such as ``[bookmark: _Hlk168950452]``."""
    return ARTEFACT.sub("", text)


def _check_container(raw: bytes, path: Path) -> None:
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(path, "this is an old binary Word file (.doc) or an encrypted .docx, not a .docx",
                          "it is an OLE compound file, which python-docx cannot read",
                          "open it in Word or LibreOffice and save it as .docx (remove any password)")
    if not raw.startswith(b"PK"):
        raise IngestError(path, "this is not a .docx file", "a .docx is a ZIP archive and this file is not one",
                          f"{_FIX_RESAVE}, or give the file its real suffix")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = set(z.namelist())
            bad = z.testzip()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise IngestError(path, "the .docx file is corrupt", f"its ZIP container cannot be opened ({exc})",
                          _FIX_RESAVE) from exc
    if bad is not None:
        raise IngestError(path, "the .docx file is corrupt", f"the part {bad} fails its checksum", _FIX_RESAVE)
    if "word/document.xml" not in names:
        sample = ", ".join(sorted(names)[:5]) or "nothing"
        raise IngestError(path, "this ZIP archive is not a Word document",
                          f"it has no word/document.xml (it holds {sample})",
                          "give the file its real suffix, or save the document from Word as .docx")


def _lines(container: Any) -> Iterator[str]:
    """Paragraph texts and table-cell texts of a document or a cell, in order (nested tables too)."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:          # a merged cell repeats across the columns it spans
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _lines(cell)
        else:
            yield block.text


def read_docx(raw: bytes, path: Path) -> ReadResult:
    """Read a .docx with python-docx; manual line breaks that only wrap a paragraph are joined."""
    import docx

    _check_container(raw, path)
    try:
        document = docx.Document(io.BytesIO(raw))
        blocks = [paragraph.split("\n") for paragraph in _lines(document)]
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors … on damaged parts
        raise IngestError(path, "the .docx file is corrupt or not a Word document",
                          f"python-docx could not read it ({type(exc).__name__}: {exc})", _FIX_RESAVE) from exc
    text = strip_artefacts("\n".join(unwrap_blocks(blocks)))     # artefact text took its room on the line
    if not text.strip():
        raise IngestError(path, "the .docx file has no text",
                          "its paragraphs and tables are empty (the text may be in images or text boxes)",
                          "check the document; if it holds scans, run OCR on them")
    title = (document.core_properties.title or "").strip() or None
    return ReadResult(text=text, encoding=None, source_format="docx", title=title)
