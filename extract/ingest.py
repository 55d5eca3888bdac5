"""Read documents from disk into ``Document`` objects: txt/md, docx, pdf and html, in any common encoding.

``read_document`` reads one file (by suffix) or raises ``IngestError`` saying what went wrong, why and how
to fix it. ``iter_paths`` expands files and folders into the supported files, sorted, each once.
``read_corpus`` reads them all and goes on past bad documents, listing them as ``IngestProblem``.
"""
from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from extract.facts import Document
from extract.metadata import extract_metadata
from extract.readers.base import IngestError, ReadResult
from extract.readers.html import read_html
from extract.readers.pdf import read_pdf
from extract.readers.txt import chinese_score, read_txt
from extract.readers.word import read_docx
from extract.text import MAX_TEXT_CHARS, replace_lone_surrogates

__all__ = ["SUPPORTED_SUFFIXES", "IngestError", "IngestProblem", "document_id", "iter_paths", "read_corpus",
           "read_document"]

logger = logging.getLogger(__name__)

READERS: dict[str, Callable[[bytes, Path], ReadResult]] = {
    ".txt": read_txt,
    ".md": read_txt,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(READERS))
MAX_BYTES = 256 * 1024 * 1024
# A plain-text file above this size holds more than MAX_TEXT_CHARS characters in any encoding (at most
# 4 bytes a character, plus a BOM): refused before it is read, so memory stays bounded.
MAX_TEXT_FILE_BYTES = 4 * MAX_TEXT_CHARS + 4
_SPLIT_FIX = "split it into smaller documents (e.g. one a chapter) and read those"
# Suffixes people try, with the specific way out.
_CONVERT_HINTS = {
    ".doc": "open it in Word or LibreOffice and save it as .docx",
    ".wps": "open it in WPS and save it as .docx",
    ".rtf": "open it in Word or LibreOffice and save it as .docx",
    ".odt": "open it in LibreOffice and save it as .docx",
    ".xhtml": "rename it to .html",
    ".shtml": "rename it to .html",
}


@dataclass(frozen=True)
class IngestProblem:
    """A file that was skipped while reading a corpus, and why (the message says how to fix it)."""

    path: Path
    message: str


def _supported_list() -> str:
    return ", ".join(SUPPORTED_SUFFIXES)


def _read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The raw bytes of a regular file, or an ``IngestError`` that says why they cannot be had."""
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise IngestError(path, "the file does not exist", "no file has this path (or a link points nowhere)",
                          "check the path") from exc
    except OSError as exc:
        raise IngestError(path, "the file cannot be looked up", f"{exc.strerror or exc}",
                          "check the path and its folder's permissions") from exc
    if stat.S_ISDIR(st.st_mode):
        raise IngestError(path, "this is a folder, not a file", "read_document reads one file",
                          "pass the folder to read_corpus/iter_paths, or name a file inside it")
    if not stat.S_ISREG(st.st_mode):
        raise IngestError(path, "this is not a regular file", "it is a device, pipe or socket",
                          "copy the content into a regular file and read that")
    if st.st_size > MAX_BYTES:
        raise IngestError(path, f"the file is too large ({st.st_size / 2**20:.0f} MiB)",
                          f"documents above {MAX_BYTES // 2**20} MiB are refused to protect memory", _SPLIT_FIX)
    if st.st_size > max_bytes:
        raise IngestError(path, f"the file is too large ({st.st_size / 2**20:.1f} MiB)",
                          f"a text file of more than {max_bytes:,} bytes holds more than {MAX_TEXT_CHARS:,} "
                          "characters, the most aikg extracts from one document; it was not read", _SPLIT_FIX)
    try:
        return path.read_bytes()
    except PermissionError as exc:
        raise IngestError(path, "the file cannot be read", "permission denied",
                          f"give the user running aikg read access (e.g. `chmod a+r '{path}'`)") from exc
    except OSError as exc:
        raise IngestError(path, "the file cannot be read", f"{exc.strerror or exc}",
                          "check the disk and the file, then try again") from exc


def document_id(path: Path) -> str:
    """The document's id: its file name, as text even when the name's bytes are not UTF-8 (a GBK or Big5
    name from a Windows archive is decoded as such; other bytes are written as ``\\xNN``).

    >>> document_id(Path(os.fsdecode("温州报告.txt".encode("gbk"))))
    '温州报告.txt'
    """
    name = path.name
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    candidates = []
    for codec, script in (("gb18030", "gb"), ("big5", "big5")):
        try:
            decoded = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((chinese_score(decoded, script), codec == "gb18030", codec, decoded))
    if not candidates:
        return raw.decode("utf-8", "backslashreplace")
    *_, codec, decoded = max(candidates)
    logger.warning("%r: the file name is not UTF-8; read it as %s: %s", raw, codec, decoded)
    return decoded


def read_document(path: Path) -> Document:
    """Read one document by its suffix (.txt .md .docx .pdf .html .htm) with its metadata.

    Raises ``IngestError`` (never another exception) when the file cannot be read as text.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        fix = _CONVERT_HINTS.get(suffix, f"convert it to one of {_supported_list()}")
        raise IngestError(path, f"unsupported file type {suffix or '(no suffix)'!r}",
                          f"aikg reads {_supported_list()}", fix)
    raw = _read_bytes(path, MAX_TEXT_FILE_BYTES if reader is read_txt else MAX_BYTES)
    if not raw:
        raise IngestError(path, "the file is empty", "it has 0 bytes, so there is no text to extract",
                          "check that the right file was saved or exported")
    try:
        result = reader(raw, path)
    except IngestError:
        raise
    except Exception as exc:  # a reader bug or an exotic file must not surface as a traceback
        logger.warning("%s: unexpected %s while reading", path, type(exc).__name__, exc_info=True)
        raise IngestError(path, f"the {suffix} file could not be read",
                          f"unexpected {type(exc).__name__}: {exc}",
                          "check that the file opens in its usual program; if it does, report this with the "
                          "file attached") from exc
    if len(result.text) > MAX_TEXT_CHARS:
        raise IngestError(path, f"the text is too long ({len(result.text):,} characters)",
                          f"aikg extracts at most {MAX_TEXT_CHARS:,} characters from one document "
                          "(memory and time grow with the length)", _SPLIT_FIX)
    text = replace_lone_surrogates(result.text)
    if text != result.text:
        logger.warning("%s: the text holds lone surrogates (a damaged text layer?); replaced them with U+FFFD",
                       path)
        result = replace(result, text=text)
    meta = extract_metadata(result.text)
    if meta.title is None and result.title:
        meta = replace(meta, title="".join(result.title.split()))
    logger.debug("%s: read %d characters (%s, %s)", path, len(result.text), result.source_format, result.encoding)
    return Document(id=document_id(path), text=result.text, meta=meta, path=str(path),
                    source_format=result.source_format, encoding=result.encoding,
                    sha256=hashlib.sha256(raw).hexdigest())


def _hidden(name: str) -> bool:
    """Dot-files and Office lock files (~$name.docx) found while walking a folder."""
    return name.startswith((".", "~$"))


def _walk(paths: Iterable[Path]) -> tuple[list[Path], list[IngestProblem]]:
    """Supported files under ``paths`` (sorted, each real file once) and the paths that were skipped."""
    found: list[Path] = []
    problems: list[IngestProblem] = []
    seen_dirs: set[str] = set()

    def visit_dir(folder: Path) -> None:
        stack = [folder]
        while stack:
            current = stack.pop()
            real = os.path.realpath(current)
            if real in seen_dirs:
                logger.debug("%s: already visited (symbolic link loop or second path); skipped", current)
                continue
            seen_dirs.add(real)
            try:
                entries = sorted(os.scandir(current), key=lambda e: e.name)
            except OSError as exc:
                problems.append(IngestProblem(current, str(IngestError(
                    current, "the folder cannot be listed", exc.strerror or str(exc),
                    "give the user running aikg read and execute access to it"))))
                continue
            for entry in entries:
                child = Path(entry.path)
                if _hidden(entry.name):
                    continue
                try:
                    is_dir = entry.is_dir()
                    is_file = entry.is_file()
                except OSError:
                    is_dir = is_file = False
                if is_dir:
                    stack.append(child)
                elif is_file:
                    if child.suffix.lower() in READERS:
                        found.append(child)
                elif entry.is_symlink():
                    problems.append(IngestProblem(child, str(IngestError(
                        child, "broken or looping symbolic link", "it points to nothing that can be read",
                        "fix or remove the link"))))
                # sockets, pipes and devices inside folders are not documents: skipped silently

    for p in paths:
        p = Path(p)
        if p.is_dir():
            visit_dir(p)
        elif p.is_file():
            if p.suffix.lower() in READERS:
                found.append(p)
            else:
                problems.append(IngestProblem(p, str(IngestError(
                    p, f"unsupported file type {p.suffix or '(no suffix)'!r}", f"aikg reads {_supported_list()}",
                    _CONVERT_HINTS.get(p.suffix.lower(), f"convert it to one of {_supported_list()}")))))
        else:
            why = "a symbolic link that points nowhere" if p.is_symlink() else "no file or folder has this path"
            if p.exists():
                why = "it is not a regular file or folder"
            problems.append(IngestProblem(p, str(IngestError(p, "cannot read this path", why, "check the path"))))

    unique: list[Path] = []
    seen_files: set[str] = set()
    for f in sorted(found, key=lambda q: q.as_posix()):
        real = os.path.realpath(f)
        if real not in seen_files:
            seen_files.add(real)
            unique.append(f)
    return unique, sorted(problems, key=lambda pr: pr.path.as_posix())


def iter_paths(paths: list[Path]) -> list[Path]:
    """Files and folders → the supported files (folders recursively), sorted, each real file once.

    Symbolic-link loops are visited once; paths that cannot be used are logged as warnings
    (``read_corpus`` returns them as ``IngestProblem``).
    """
    files, problems = _walk(paths)
    for problem in problems:
        logger.warning("skipped %s", problem.message)
    return files


def read_corpus(paths: list[Path]) -> tuple[list[Document], list[IngestProblem]]:
    """Read every supported document under ``paths``; bad ones are skipped and listed, the batch goes on.

    Documents come in path order. Document ids are file names, so a second file with the same name (in
    another folder) is skipped with a problem rather than merged into the first.
    """
    files, problems = _walk(paths)
    docs: list[Document] = []
    by_id: dict[str, Path] = {}
    for f in files:
        try:
            doc = read_document(f)
        except IngestError as exc:
            problems.append(IngestProblem(f, str(exc)))
            continue
        if doc.id in by_id:
            problems.append(IngestProblem(f, str(IngestError(
                f, f"a second document with the id {doc.id!r}", f"document ids are file names and {by_id[doc.id]} "
                "already has this one", "rename one of the two files"))))
            continue
        by_id[doc.id] = f
        docs.append(doc)
    problems.sort(key=lambda pr: pr.path.as_posix())
    logger.info("read %d document(s), skipped %d", len(docs), len(problems))
    return docs, problems
