"""PDF: the text layer of each page (pypdf), pages joined by newlines; no text layer means OCR first."""
from __future__ import annotations

import io
import logging
from pathlib import Path

from extract.readers.base import IngestError, ReadResult

logger = logging.getLogger(__name__)

_FIX_OCR = ("run OCR first to add a text layer (e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`), "
            "or export the text from the original document as .docx or UTF-8 .txt")
_FIX_RESAVE = "open it in a PDF viewer and print/save it again as PDF, or export the text as UTF-8 .txt"


def read_pdf(raw: bytes, path: Path) -> ReadResult:
    """Read a PDF's text layer; encrypted (with a password) or image-only PDFs raise ``IngestError``."""
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
            texts.append(page.extract_text() or "")
        except Exception as exc:
            logger.warning("%s: page %d has an unreadable text layer (%s); skipped it", path, number, exc,
                           exc_info=True)
            texts.append("")
    if not any(t.strip() for t in texts):
        raise IngestError(path, "the PDF has no text layer",
                          f"none of its {len(pages)} page(s) holds text; it is probably scanned images", _FIX_OCR)
    title = None
    try:
        title = ((reader.metadata or {}).get("/Title") or "").strip() or None
    except Exception:  # a damaged info dictionary does not stop the read
        logger.debug("%s: unreadable PDF metadata", path, exc_info=True)
    return ReadResult(text="\n".join(texts), encoding=None, source_format="pdf", title=str(title) if title else None)
