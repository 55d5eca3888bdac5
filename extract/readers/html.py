"""HTML: the page's main text without navigation, scripts and styles, block elements as lines (selectolax)."""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from extract.readers.base import IngestError, ReadResult
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
    "address", "article", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog", "div",
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
            out.append(text if pre_depth else _SPACE_RUN.sub(" ", text))
            continue
        if tag in ("-comment", "-doctype") or tag.startswith("!"):
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
    lines = (_CELL_RUN.sub(_CELL_SEP, "".join(out))).split("\n")
    cleaned = (_SPACES.sub(" ", line.replace(_CELL_SEP, " ")).strip(" \t\u3000") for line in lines)
    return [line for line in cleaned if line]


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
