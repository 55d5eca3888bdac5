"""HTML: the page's main text without navigation, scripts and styles, block elements as lines (selectolax).

Lines that were only wrapped are joined, so a page holds the same text as the document it shows: a
newline in the page's source inside a paragraph is no break (like the browser, which renders it as a
space; next to a Chinese character it is dropped, since Chinese has no spaces: 温州市智\\n算中心 →
温州市智算中心), and the lines a ``<br>`` separates inside one block are joined when they are wraps
(a page converted from a PDF, one ``<br>`` a printed line), by the rule of ``extract.readers.layout``.
A block element (``<p>``, ``<div>``, ``<li>``, ``<td>`` …) always ends its line.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

from extract.readers.base import IngestError, ReadResult
from extract.readers.layout import unwrap_blocks
from extract.readers.txt import decode_bytes

logger = logging.getLogger(__name__)

# Never text: removed with their content.
DROP = ("script", "style", "noscript", "template", "nav", "aside", "iframe", "object", "embed", "svg",
        "canvas", "select", "button", "head")
DROP_SELECTORS = ('[role="navigation"]', '[role="banner"]', '[role="contentinfo"]', "[hidden]",
                  '[aria-hidden="true"]')
# Page-level chrome; a <header>/<footer> inside <main> or <article> belongs to the text (the headline).
CHROME = ("header", "footer")
BLOCK = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "footer", "hr", "legend", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})
_CELL = frozenset({"td", "th"})
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_SPACES = re.compile(r" {2,}")              # runs left where text nodes meet (<pre> alignment is not kept)
_CELL_SEP = "\x1f"                          # between table cells: one space in the text
_CELL_RUN = re.compile(r"[ \x1f]*\x1f[ \x1f]*")
_BR = "\x1e"                                # a <br>: a line break that may be a wrap
_SOURCE_BREAK = "\x1c"                      # a newline in the page source: a space, or nothing beside CJK
_SOURCE_BREAK_RUN = re.compile(r"[ \x1c]*\x1c[ \x1c]*")
_NEWLINE = re.compile(r"[\r\n]")
_WIDE_PUNCTUATION = frozenset("“”‘’…—")


def declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` or ``http-equiv`` within its first 4 KB."""
    m = _META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _has_ancestor(node: Any, tags: tuple[str, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _drop_chrome(tree: Any) -> None:
    """Remove scripts, styles, navigation, hidden and page-level header/footer elements with their content.

    Only the outermost of nested matches is removed, so no node is touched after its parent was freed.
    """
    found = [n for n in tree.css(", ".join(DROP + DROP_SELECTORS))]
    found += [n for n in tree.css("[style]") if _HIDDEN_STYLE.search(n.attributes.get("style") or "")]
    found += [n for n in tree.css(", ".join(CHROME)) if not _has_ancestor(n, ("main", "article"))]
    ids = {n.mem_id for n in found}
    outermost = {n.mem_id: n for n in found if not _has_ancestor_id(n, ids)}
    for node in outermost.values():
        node.decompose()


def _has_ancestor_id(node: Any, ids: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def _text_lines(root: Any) -> list[str]:
    """Walk the tree without recursion; a block element starts and ends a line, cells are space-separated."""
    out: list[str] = []
    stack: list[tuple[Any, bool]] = [(root, False)]
    pre_depth = 0
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if leaving:
            if tag == "pre":
                pre_depth -= 1
            out.append(_CELL_SEP if tag in _CELL else "\n")
            continue
        if tag == "-text":
            text = node.text_content or ""
            out.append(text if pre_depth else _SPACE_RUN.sub(_collapse_space, text))
            continue
        if tag in ("-comment", "-doctype") or tag.startswith("!"):
            continue
        if tag == "br":
            out.append("\n" if pre_depth else _BR)
            continue
        if tag in BLOCK:
            out.append(_CELL_SEP if tag in _CELL else "\n")
            if tag == "pre":
                pre_depth += 1
            stack.append((node, True))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, False) for c in reversed(children))
    blocks = [[_clean(segment) for segment in block.split(_BR)] for block in "".join(out).split("\n")]
    lines = (line.strip(" \t\u3000") for line in unwrap_blocks(blocks))   # indentation told breaks apart
    return [line for line in lines if line]


def _collapse_space(m: re.Match[str]) -> str:
    """A run of white space in a text node: one space, or a source-break mark when it holds a newline.

    No-break spaces survive as one (``&nbsp;&nbsp;`` indents a line; ``_clean`` reads it, then drops it).
    """
    run = m.group()
    nbsp = "\u00a0" if "\u00a0" in run else ""
    return _SOURCE_BREAK + nbsp if _NEWLINE.search(run) else nbsp or " "


def _is_wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF" or c in _WIDE_PUNCTUATION


def _source_break(m: re.Match[str]) -> str:
    """A newline of the page source: nothing beside a Chinese (wide) character, else one space."""
    text = m.string
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    return "" if (before and _is_wide(before)) or (after and _is_wide(after)) else " "


def _clean(segment: str) -> str:
    """One line of text: source breaks resolved, table cells one space apart, spaces collapsed.

    A line indented with no-break or ideographic spaces keeps one ideographic space in front, which tells
    the joining that a paragraph starts there (source white space at a line start is no indentation).
    """
    segment = _CELL_RUN.sub(_CELL_SEP, _SOURCE_BREAK_RUN.sub(_source_break, segment)).replace(_CELL_SEP, " ")
    body = segment.lstrip(" \t\u00a0\u3000")
    indent = "\u3000" if any(c in "\u00a0\u3000" for c in segment[: len(segment) - len(body)]) else ""
    return indent + _SPACES.sub(" ", body.replace("\u00a0", " "))


def read_html(raw: bytes, path: Path) -> ReadResult:
    """Read an .html/.htm page: encoding from BOM, meta charset or detection; main text only."""
    from selectolax.lexbor import LexborHTMLParser

    declared = declared_charset(raw)
    text, encoding = decode_bytes(raw, path, declared=declared)
    try:
        tree = LexborHTMLParser(text)
    except Exception as exc:
        raise IngestError(path, "the HTML page cannot be parsed", f"{type(exc).__name__}: {exc}",
                          "save the page again from a browser (Save page as… → HTML only)") from exc
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node is not None else None
    _drop_chrome(tree)
    root = tree.css_first("main") or tree.css_first('[role="main"]') or tree.body or tree.root
    lines = _text_lines(root) if root is not None else []
    if not lines:
        raise IngestError(path, "the HTML page has no text",
                          "nothing is left after removing navigation, scripts and styles; the page probably "
                          "builds its text with JavaScript",
                          "open it in a browser and save the rendered page (or copy its text into a UTF-8 .txt)")
    return ReadResult(text="\n".join(lines), encoding=encoding, source_format="html", title=title or None)
