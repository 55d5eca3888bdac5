"""Examples for the name scorer: every proposal of an annotated document, labelled from its gold file.

A proposal is a positive when its text is a form of a core gold entity and no longer gold form covers it
there (阿里巴巴 inside 阿里巴巴数字娱乐和游戏产业总部基地 is a negative at that place); optional entities and
technology fields are left out; everything else is a negative.
"""
from __future__ import annotations

from dataclasses import dataclass

from extract.components.names import document_view
from extract.components.names.features import DocView, Features, features
from extract.evaluate import norm
from extract.ingest import read_document
from extract.lac import lac
from extract.learn.gold import Annotated, name_forms
from extract.segment import tokenize
from extract.text import normalise

QUOTES = frozenset("“”‘’\"'《》〈〉「」『』")


@dataclass(frozen=True)
class Example:
    """One proposal: its features and its label (1 a name, 0 not)."""

    span: tuple[int, int]
    features: Features
    label: int


def gold_spans(text: str, forms: set[str]) -> list[tuple[int, int]]:
    """Where gold forms occur in ``text``, the longest first, none overlapping (quotes and spaces are not
    part of a form, as the scorer compares names)."""
    keep = [i for i, ch in enumerate(text) if ch not in QUOTES and not ch.isspace()]
    stripped = "".join(text[i] for i in keep).lower()
    taken = [False] * (len(text) + 1)
    out = []
    for f in sorted(forms, key=len, reverse=True):
        j = stripped.find(f)
        while j >= 0:
            a, b = keep[j], keep[j + len(f) - 1] + 1
            if not any(taken[a:b]):
                taken[a:b] = [True] * (b - a)
                out.append((a, b))
            j = stripped.find(f, j + 1)
    return sorted(out)


def label(text: str, span: tuple[int, int], core: dict[str, str], neutral: set[str],
          occurrences: list[tuple[int, int]]) -> int | None:
    """1, 0, or None (left out) for the proposal at ``span``."""
    s, e = span
    n = norm(text[s:e])
    over = [(a, b) for a, b in occurrences if a < e and s < b]
    here = not over or any(norm(text[a:b]) == n for a, b in over)
    if n in core and here:
        return 1
    if n in neutral:
        return None
    return 0


def view_of(doc: Annotated) -> DocView:
    """The document's proposals as the pipeline makes them (normalised text, segmenter tokens, LAC words)."""
    original = read_document(doc.path).text
    text = normalise(original)
    view, _ = document_view(text, tokenize(text), lac().words([original])[0])
    return view


def examples(doc: Annotated, view: DocView | None = None) -> list[Example]:
    """The labelled proposals of one annotated document (those left out are not returned)."""
    v = view or view_of(doc)
    core, neutral = name_forms(doc.gold)
    occurrences = gold_spans(v.text, set(core) | neutral)
    out = []
    for span in sorted(v.proposals):
        y = label(v.text, span, core, neutral, occurrences)
        if y is not None:
            out.append(Example(span, features(v, v.proposals[span]), y))
    return out
