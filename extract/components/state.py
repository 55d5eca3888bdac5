"""The per-document state the components share, kept in one idempotently registered Doc extension."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from extract.facts import Document, DocumentMeta, Metric

if TYPE_CHECKING:
    from extract.components.names import Candidate
    from extract.components.relations import M, RelationHit
    from extract.components.resolve import Resolution
    from extract.segment import Tokens
    from extract.text import Span


@dataclass
class DocState:
    """Working state of one document inside the pipeline."""

    document: Document | None = None
    norm: str = ""
    tokens: Tokens | None = None
    sentences: list[Span] = field(default_factory=list)
    words: list[tuple[str, str, int, int]] | None = None  # LAC's (word, tag, start, end), when it ran
    candidates: list[Candidate] = field(default_factory=list)
    resolution: Resolution | None = None
    resolved: list[M] = field(default_factory=list)  # the resolution's mentions, in text order
    relations: list[RelationHit] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)

    @property
    def meta(self) -> DocumentMeta:
        return self.document.meta if self.document else DocumentMeta()


if not Doc.has_extension("aikg"):
    Doc.set_extension("aikg", default=None)


def state(doc: Doc) -> DocState:
    """The state of ``doc``, created on first use."""
    st = doc._.aikg
    if not isinstance(st, DocState):
        st = DocState()
        doc._.aikg = st
    return st
