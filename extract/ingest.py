"""Read documents from disk into ``Document`` objects (txt for now; other formats follow)."""
from __future__ import annotations

import hashlib
from pathlib import Path

from extract.facts import Document

SUPPORTED_SUFFIXES = (".txt",)


class IngestError(Exception):
    """A document could not be read; the message says what, why and how to fix it."""


def read_document(path: Path) -> Document:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8 and try again") from exc
    return Document(id=path.name, text=text, path=str(path), source_format="txt", encoding="utf-8",
                    sha256=hashlib.sha256(raw).hexdigest())


def iter_paths(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            out.append(p)
    return out
