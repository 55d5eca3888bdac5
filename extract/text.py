"""Character-level helpers: offset-preserving normalisation and sentences."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Full-width → ASCII, one character for one character, so offsets stay valid.
_FW = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FW.update({"\u3000": " ", "〔": "[", "〕": "]", "【": "[", "】": "]", "﹝": "[", "﹞": "]"})
_FW_TABLE = str.maketrans(_FW)


def normalise(text: str) -> str:
    """Map full-width ASCII and brackets to ASCII; ``len(normalise(t)) == len(t)``.

    >>> normalise("中国（温州）数安港，美团")
    '中国(温州)数安港,美团'
    """
    return text.translate(_FW_TABLE)


@dataclass(frozen=True)
class Span:
    """A stretch of text with its offsets into the document."""

    start: int
    end: int
    text: str


_SENT_END = re.compile(r"[。!?;\n]+|(?<=[。!?])[”’\"]")


def sentences(text: str) -> list[Span]:
    """Split normalised text into sentences at 。！？； and line breaks (offsets kept, blanks dropped)."""
    out: list[Span] = []
    start = 0
    for m in _SENT_END.finditer(text):
        _add(out, text, start, m.end())
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Span], text: str, start: int, end: int) -> None:
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if seg:
        out.append(Span(start + lead, start + lead + len(seg), seg))


# The longest text extraction takes (spaCy's ``max_length``): about 0.5 GB and 45 s on this machine.
MAX_TEXT_CHARS = 1_000_000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> str:
    """Lone surrogates (no file encoding can hold them; a broken PDF text layer can yield them) become
    U+FFFD, one character for one, so offsets stay valid.

    >>> replace_lone_surrogates("温\\ud800州")
    '温\\ufffd州'
    """
    return _LONE_SURROGATE.sub("\ufffd", text)
