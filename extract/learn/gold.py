"""The annotated documents: each gold file of ``eval/gold`` with its document and its batch.

A batch is the group a document came in: the letter and the first round (names starting with a digit)
are batch ``0``; the later rounds' documents carry their batch as the first letter of the file name
(``a04_…`` is batch ``a``). Held-out measurements leave whole batches out.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.evaluate import norm


@dataclass(frozen=True)
class Annotated:
    """One gold file and the document it annotates."""

    stem: str
    path: Path
    gold: dict[str, Any]

    @property
    def batch(self) -> str:
        return batch_of(self.stem)


def batch_of(stem: str) -> str:
    """``a04_guangdong…`` → ``a``; the first round (``02_…``) and the seed letter → ``0``.

    >>> batch_of("a04_guangdong"), batch_of("02_wenzhou"), batch_of("wenzhou-2024-111-reply-letter")
    ('a', '0', '0')
    """
    first = stem[:1]
    if first.isascii() and first.isalpha() and len(stem) > 1 and stem[1].isdigit():
        return first
    return "0"


def annotated(gold_dir: Path, docs_dir: Path) -> list[Annotated]:
    """Every gold file of ``gold_dir`` whose document (same stem) lies under ``docs_dir``, in name order."""
    docs = {p.stem: p for p in sorted(Path(docs_dir).rglob("*")) if p.is_file() and p.suffix != ".json"}
    out = []
    for gp in sorted(Path(gold_dir).glob("*.json")):
        if gp.stem in docs:
            out.append(Annotated(gp.stem, docs[gp.stem], json.loads(gp.read_text(encoding="utf-8"))))
    return out


def forms(entity: dict[str, Any]) -> set[str]:
    """The normalised forms of a gold entity: its name, aliases and the forms the text uses."""
    out = {norm(entity.get("name", ""))}
    out |= {norm(a) for a in entity.get("aliases", []) or []}
    out |= {norm(a) for a in entity.get("in_text", []) or []}
    out.discard("")
    return out


def name_forms(gold: dict[str, Any]) -> tuple[dict[str, str], set[str]]:
    """Core form → type, and the forms that count neither way (optional entities, technology fields)."""
    core: dict[str, str] = {}
    neutral: set[str] = set()
    for e in gold.get("entities", []):
        if e.get("tier") == "core":
            for f in forms(e):
                core[f] = e["type"]
        else:
            neutral |= forms(e)
    neutral |= {norm(t) for t in gold.get("tech_fields", [])}
    return core, neutral - set(core)
