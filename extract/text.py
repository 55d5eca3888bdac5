"""Character-level helpers: offset-preserving normalisation and sentences."""
from __future__ import annotations

import re
from typing import NamedTuple

# Full-width → ASCII, one character for one character, so offsets stay valid.
_FW = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FW.update({"\u3000": " ", "〔": "[", "〕": "]", "【": "[", "】": "]", "﹝": "[", "﹞": "]"})
_FW_CHARS = re.compile("[" + re.escape("".join(sorted(_FW))) + "]")
_fw_ascii = _FW.__getitem__


def _ascii_of(m: re.Match[str]) -> str:
    return _fw_ascii(m.group())


def normalise(text: str) -> str:
    """Map full-width ASCII and brackets to ASCII; ``len(normalise(t)) == len(t)``.

    >>> normalise("中国（温州）数安港，美团")
    '中国(温州)数安港,美团'
    """
    return _FW_CHARS.sub(_ascii_of, text)  # faster than str.translate, which looks up every character


def full_width_offsets(text: str) -> list[int]:
    """Where ``normalise`` changes ``text``: the offsets of its full-width characters.

    >>> full_width_offsets("温州（数安港）")
    [2, 6]
    """
    return [m.start() for m in _FW_CHARS.finditer(text)]


class Span(NamedTuple):
    """A stretch of text with its offsets into the document (a tuple: one for every sentence)."""

    start: int
    end: int
    text: str


# a closing quote right after 。!? ends the sentence too; the lookbehind sits after the quote so that every
# alternative begins with a character class and the regex engine skips to those characters
_SENT_END = re.compile(r"[。!?;\n]+|[”’\"](?<=[。!?][”’\"])")


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
