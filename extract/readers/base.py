"""What every reader shares: the error that says what/why/how-to-fix, and the result of a read."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class IngestError(Exception):
    """A document could not be read; the message says what happened, why, and how to fix it.

    ``what``, ``why`` and ``fix`` are kept as attributes so a CLI can lay them out on their own lines.
    ``IngestError("a whole message")`` also works (``what`` is then the message, ``why``/``fix`` empty).
    """

    def __init__(self, path: Path | str | None, what: str | None = None, why: str = "", fix: str = "") -> None:
        if what is None:                       # the one-argument form: a complete message
            self.path, self.what, self.why, self.fix = None, str(path), why, fix
            super().__init__(self.what)
            return
        self.path = Path(path) if path is not None else None
        self.what, self.why, self.fix = what, why, fix
        where = f"{self.path}: " if self.path is not None else ""
        super().__init__(f"{where}{what}: {why}. How to fix: {fix}")

    def __reduce__(self) -> tuple[type[IngestError], tuple[Path | str | None, ...]]:
        if self.args == (self.what,):          # the one-argument form
            return (type(self), (self.what,))
        return (type(self), (self.path, self.what, self.why, self.fix))


@dataclass(frozen=True)
class ReadResult:
    """What a reader found: the text, the encoding it decoded (if any) and a title the format declares."""

    text: str
    encoding: str | None
    source_format: str
    title: str | None = None
