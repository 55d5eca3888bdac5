"""What a build says it did: one ``DocumentOutcome`` an input, the ``BuildReport`` that ``aikg build`` prints."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph.validate import ValidationReport

__all__ = ["BuildReport", "DocumentOutcome"]


@dataclass(frozen=True)
class DocumentOutcome:
    """What happened to one input: ``built``; ``skipped`` (unchanged, or not readable: the message says);
    ``failed`` (extraction raised; the store keeps the previous version); ``removed`` (pruned)."""

    doc_id: str
    status: str
    message: str = ""
    path: str | None = None


@dataclass(frozen=True)
class BuildReport:
    """The summary ``aikg build`` prints."""

    store: str
    out: Path
    documents: tuple[DocumentOutcome, ...] = ()
    entities_by_type: dict[str, int] = field(default_factory=dict)
    relations_by_predicate: dict[str, int] = field(default_factory=dict)
    quads: int = 0
    files: tuple[Path, ...] = ()
    validation: ValidationReport | None = None     # when validation ran
    snapshot: Path | None = None
    notes: tuple[str, ...] = ()

    def _count(self, status: str) -> int:
        return sum(1 for d in self.documents if d.status == status)

    @property
    def built(self) -> int:
        return self._count("built")

    @property
    def skipped(self) -> int:
        return self._count("skipped")

    @property
    def failed(self) -> int:
        return self._count("failed")

    @property
    def removed(self) -> int:
        return self._count("removed")

    @property
    def ok(self) -> bool:
        """No document failed and the graph conforms to the shapes (when validated)."""
        return self.failed == 0 and (self.validation is None or self.validation.conforms)
