"""PDF: the text layer of its pages (pypdf) as paragraphs, wraps joined; no text layer means OCR first.

pypdf gives one line a printed line, so sentences and names break at the right margin (温州市智\\n算中心).
``read_pdf`` drops the page numbers at the top and bottom of each page (``- 1 -``, ``第 1 页 共 3 页``) and
joins the lines that were only wrapped, also across a page break; a line that ends a sentence (。！？；：),
a short line (a paragraph's last line, a heading, a signature, a date), an empty line (a vertical gap on
the page becomes one) and a line before an enumeration marker (一、 （一） 1.) or an indented line keep
their break. ``extract.readers.layout`` holds
the rule. ``ReadResult.text`` is the joined text: every offset of a fact points into it.
"""
from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from extract.readers.base import IngestError, ReadResult
from extract.readers.layout import mark_gaps, unwrap_pages

logger = logging.getLogger(__name__)

_FIX_OCR = ("run OCR first to add a text layer (e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`), "
            "or export the text from the original document as .docx or UTF-8 .txt")
_FIX_RESAVE = "open it in a PDF viewer and print/save it again as PDF, or export the text as UTF-8 .txt"


def page_text(page: Any) -> str:
    """A page's text layer (pypdf), with an empty line where a vertical gap separates two lines.

    The baselines come from pypdf's text visitor, whose pieces make up the extracted text exactly; if they
    do not (another pypdf), the text is returned without gaps.
    """
    pieces: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: Any) -> None:
        pieces.append((text, tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))   # the baseline's height on the page

    text: str = page.extract_text(visitor_text=visit) or ""
    if "".join(piece for piece, _ in pieces) != text:
        return text
    baselines: list[float | None] = [None]
    for piece, baseline in pieces:
        for k, part in enumerate(piece.split("\n")):
            if k:
                baselines.append(None)
            if part.strip() and baselines[-1] is None:
                baselines[-1] = baseline
    return "\n".join(mark_gaps(text.split("\n"), baselines))


def read_pdf(raw: bytes, path: Path) -> ReadResult:
    """Read a PDF's text layer as paragraphs; encrypted (password) or image-only PDFs raise ``IngestError``.

    The text is the joined text of ``page_text`` of every page (see the module docstring).
    """
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    if b"%PDF-" not in raw[:1024]:
        raise IngestError(path, "this is not a PDF file", "it does not start with the %PDF- signature",
                          "give the file its real suffix, or save the document as PDF again")
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError as exc:
                raise IngestError(path, "the PDF is encrypted with AES", f"decrypting it needs a crypto library "
                                  f"({exc})", "install it with `.venv/bin/pip install cryptography`, or save an "
                                  "unencrypted copy of the PDF") from exc
            if opened == PasswordType.NOT_DECRYPTED:
                raise IngestError(path, "the PDF is encrypted", "it needs a password to open",
                                  "save an unencrypted copy (e.g. `qpdf --decrypt --password=PW in.pdf out.pdf`) "
                                  "and read that")
        pages = list(reader.pages)
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises PdfReadError, ValueError, KeyError … on damaged files
        raise IngestError(path, "the PDF is corrupt", f"pypdf could not open it ({type(exc).__name__}: {exc})",
                          _FIX_RESAVE) from exc
    texts: list[str] = []
    for number, page in enumerate(pages, start=1):
        try:
            texts.append(page_text(page))
        except Exception as exc:
            logger.warning("%s: page %d has an unreadable text layer (%s); skipped it", path, number, exc,
                           exc_info=True)
            texts.append("")
    if not any(t.strip() for t in texts):
        raise IngestError(path, "the PDF has no text layer",
                          f"none of its {len(pages)} page(s) holds text; it is probably scanned images", _FIX_OCR)
    title = None
    try:
        info = reader.metadata
        title = (str(info.get("/Title") or "").strip() or None) if info is not None else None
    except Exception:  # a damaged info dictionary does not stop the read
        logger.debug("%s: unreadable PDF metadata", path, exc_info=True)
    return ReadResult(text=unwrap_pages(texts), encoding=None, source_format="pdf",
                      title=str(title) if title else None)
