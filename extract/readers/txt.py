"""Plain text: decide the encoding of raw bytes and decode them verbatim (only a BOM is removed).

Order of evidence: a byte-order mark; strict UTF-8; then the Chinese legacy encodings GB18030 and Big5,
arbitrated by how common the decoded characters are (charset-normalizer alone mistakes short Chinese
texts); then charset-normalizer's best guess for anything else. Binary data and undecidable bytes raise
``IngestError``. ``raw.decode(result.encoding)`` gives back ``result.text`` (unless a truncated tail
was dropped, which is logged as a warning).
"""
from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from extract.readers.base import IngestError, ReadResult

logger = logging.getLogger(__name__)

BOMS: tuple[tuple[bytes, str], ...] = (   # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Signatures of files that are not text at all, with the format to name in the message.
MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .zip)", "give it its real suffix, e.g. .docx"),
    (b"%PDF-", "a PDF file", "rename it to .pdf"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls)", "open it in Word and save it as .docx"),
    (b"\x89PNG", "a PNG image", "run OCR on it and save the text as UTF-8 .txt"),
    (b"\xff\xd8\xff", "a JPEG image", "run OCR on it and save the text as UTF-8 .txt"),
    (b"GIF8", "a GIF image", "run OCR on it and save the text as UTF-8 .txt"),
    (b"\x1f\x8b", "a gzip archive", "decompress it first"),
    (b"{\\rtf", "an RTF document", "open it in Word and save it as .docx or UTF-8 .txt"),
)
GB = "gb18030"
BIG5 = ("big5", "cp950", "big5hkscs")
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz", "hz_gb_2312", "euc_cn", "x-gbk"}
_BIG5_FAMILY = {"big5", "big5hkscs", "cp950", "big5-hkscs"}
MIN_CHINESE_SCORE = 0.8     # share of CJK characters that are everyday characters of the decoded script
MAX_CONTROL_SHARE = 0.01    # more control characters than this is binary noise
MAX_CHAOS = 0.2             # charset-normalizer "mess" above which a non-Chinese guess is refused
_ALLOWED_CONTROLS = set("\t\n\r\f\v\x1a")
_FIX_UTF8 = "open it in a text editor and save it as UTF-8"


def read_txt(raw: bytes, path: Path) -> ReadResult:
    """Decode a .txt/.md file."""
    text, encoding = decode_bytes(raw, path)
    return ReadResult(text=text, encoding=encoding, source_format="txt")


def decode_bytes(raw: bytes, path: Path, declared: str | None = None) -> tuple[str, str]:
    """Decode ``raw`` → (text, codec name). ``declared`` (e.g. an HTML meta charset) is tried after a BOM."""
    if not raw.strip():
        raise IngestError(path, "the file is empty" if not raw else "the file holds only whitespace",
                          "there is no text to extract", "check that the right file was saved or exported")
    for bom, codec in BOMS:
        if raw.startswith(bom):
            return _checked(_decode_bom(raw, bom, codec, path), codec, path), codec
    _refuse_binary(raw, path)
    if declared:
        found = _codec(declared)
        if found:
            codec = found
            try:
                return _checked(_decode_tolerating_tail(raw, codec, path), codec, path), codec
            except UnicodeDecodeError as exc:
                logger.warning("%s: declares charset %s but is not valid %s (%s at byte %d); detecting instead",
                               path, declared, codec, exc.reason, exc.start)
    try:
        return _checked(_decode_tolerating_tail(raw, "utf-8", path), "utf-8", path), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    return _detect(raw, path, utf8_error)


def _codec(name: str) -> str | None:
    """A Python codec for a declared charset name; GB2312/GBK are read as their superset GB18030."""
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    if codec in _GB_FAMILY or name.lower() in _GB_FAMILY:
        return GB
    if codec in _BIG5_FAMILY:
        return "cp950"
    return codec


def _decode_bom(raw: bytes, bom: bytes, codec: str, path: Path) -> str:
    try:
        return _decode_tolerating_tail(raw, codec, path)
    except UnicodeDecodeError as exc:
        raise IngestError(path, f"the file starts with a {codec.upper()} byte-order mark but is not valid {codec}",
                          f"{exc.reason} at byte {exc.start}", _FIX_UTF8) from exc


def _decode_tail(raw: bytes, codec: str) -> tuple[str, int]:
    """Strict decoding, except that a multi-byte character cut off at the very end is dropped.

    Returns (text, number of bytes dropped); raises UnicodeDecodeError for any other error.
    """
    try:
        return raw.decode(codec), 0
    except UnicodeDecodeError as exc:
        cut_tail = exc.start >= len(raw) - 3 and exc.reason in (
            "unexpected end of data", "truncated data", "incomplete multibyte sequence")
        if not cut_tail:
            raise
        return raw[: exc.start].decode(codec), len(raw) - exc.start


def _warn_cut(path: Path, codec: str, dropped: int) -> None:
    if dropped:
        logger.warning("%s: the file ends in the middle of a %s character (it was probably cut off); "
                       "dropped the last %d byte(s) and kept the rest", path, codec, dropped)


def _decode_tolerating_tail(raw: bytes, codec: str, path: Path) -> str:
    """``_decode_tail`` that logs a warning when it dropped a cut-off last character."""
    text, dropped = _decode_tail(raw, codec)
    _warn_cut(path, codec, dropped)
    return text


def _refuse_binary(raw: bytes, path: Path) -> None:
    for magic, kind, fix in MAGIC:
        if raw.startswith(magic):
            raise IngestError(path, f"this is {kind}, not text", "its first bytes are the signature of that format",
                              fix)
    if b"\x00" in raw[:65536]:
        raise IngestError(
            path, "the file looks binary, not text",
            f"it contains NUL bytes (first at byte {raw.index(0)}); text files have none, unless they are UTF-16 "
            "or UTF-32 without a byte-order mark", f"if it is a document, {_FIX_UTF8}")


def _control_share(text: str) -> float:
    sample = text[:100_000]
    bad = sum(1 for c in sample if c not in _ALLOWED_CONTROLS and unicodedata.category(c) == "Cc")
    return bad / max(len(sample), 1)


def _checked(text: str, codec: str, path: Path) -> str:
    """Refuse decoded text that is mostly control characters or empty."""
    share = _control_share(text)
    if share > MAX_CONTROL_SHARE:
        raise IngestError(path, "the file looks binary, not text",
                          f"decoded as {codec}, {share:.0%} of its characters are control characters",
                          f"if it is a document, {_FIX_UTF8}")
    if not text.strip():
        raise IngestError(path, "the file holds only whitespace", "there is no text to extract",
                          "check that the right file was saved or exported")
    return text


def _is_cjk(c: str) -> bool:
    o = ord(c)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xE000 <= o <= 0xF8FF or o >= 0x20000


def chinese_score(text: str, script: str) -> tuple[float, int]:
    """(share, count): of the CJK characters (and private-use garbage) in ``text``, the share that are
    level-1 (everyday) characters of GB2312 (``script='gb'``) or Big5 (``script='big5'``)."""
    cjk = [c for c in text[:20_000] if _is_cjk(c)]
    if not cjk:
        return 0.0, 0
    common = 0
    for c in cjk:
        try:
            b = c.encode("gb2312" if script == "gb" else "big5")
        except UnicodeEncodeError:
            continue
        if len(b) == 2 and (0xB0 <= b[0] <= 0xD7 if script == "gb" else 0xA440 <= int.from_bytes(b, "big") <= 0xC67E):
            common += 1
    return common / len(cjk), len(cjk)


_SPACED = re.compile(r"[\u3400-\u9fff] [\u3400-\u9fff]")
_KOREAN_JAPANESE = ("cp949", "euc_kr", "johab", "iso2022_kr", "shift_jis", "cp932", "euc_jp", "euc_jis_2004",
                    "shift_jis_2004", "iso2022_jp")


def _try(raw: bytes, codecs_: tuple[str, ...]) -> tuple[str, str, int] | None:
    """(text, codec, dropped bytes) for the first codec that decodes ``raw``, else None."""
    for codec in codecs_:
        try:
            text, dropped = _decode_tail(raw, codec)
        except UnicodeDecodeError:
            continue
        return text, codec, dropped
    return None


def _looks_spaced(text: str) -> bool:
    """Korean (read as GB18030) puts spaces between words; Chinese text almost never does."""
    cjk = sum(1 for c in text[:20_000] if _is_cjk(c))
    return cjk >= 10 and len(_SPACED.findall(text[:20_000])) > 0.15 * cjk


def _detect(raw: bytes, path: Path, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    """Not UTF-8: GB18030 or Big5 by character commonness (GB18030 on a tie), else charset-normalizer."""
    scored: list[tuple[float, int, str, str, int]] = []   # (score, prefer GB, text, codec, dropped)
    for script, candidates in (("gb", (GB,)), ("big5", BIG5)):
        decoded = _try(raw, candidates)
        if decoded:
            score, count = chinese_score(decoded[0], script)
            if count:
                scored.append((score, int(script == "gb"), *decoded))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    chinese = scored[0] if scored and scored[0][0] >= MIN_CHINESE_SCORE else None
    best = None
    if chinese is None or _looks_spaced(chinese[2]):
        best = from_bytes(raw).best()
    if chinese is not None and not (best is not None and best.encoding in _KOREAN_JAPANESE
                                    and best.chaos <= MAX_CHAOS):
        score, _, text, codec, dropped = chinese
        _warn_cut(path, codec, dropped)
        logger.debug("%s: decoded as %s (%.0f%% everyday characters)", path, codec, 100 * score)
        return _checked(text, codec, path), codec
    if best is not None and best.chaos <= MAX_CHAOS and (chinese is not None or best.encoding.replace(
            "-", "_") not in {c.replace("-", "_") for c in _GB_FAMILY | _BIG5_FAMILY}):
        codec = codecs.lookup(best.encoding).name
        try:
            text = _decode_tolerating_tail(raw, codec, path)
        except UnicodeDecodeError:
            pass
        else:
            logger.info("%s: not UTF-8 or Chinese; charset-normalizer guesses %s", path, codec)
            return _checked(text, codec, path), codec
    tried = "; ".join(f"as {codec} only {score:.0%} of its Chinese characters are everyday ones"
                      for score, _, _, codec, _ in scored) or "neither GB18030 nor Big5 can decode it"
    raise IngestError(
        path, "cannot tell the text encoding",
        f"it is not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}), and no Chinese encoding fits "
        f"({tried}); it may mix encodings, be damaged, or not be text",
        f"{_FIX_UTF8} (in Notepad: Save as → Encoding: UTF-8)")
