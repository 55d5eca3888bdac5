"""The learned name scorer: a logistic model over the proposals' features, and the selection of names.

The model (``names_model.json`` beside this module) is trained by ``python -m extract.learn.train`` on the
gold annotations of the dev corpus; it holds feature weights only (feature names are sources, head words,
tags and classes — see ``features.py``), never a name. Selection keeps the most probable spans above the
threshold, none overlapping; the type comes from the rule that proposed the span, else from its head word,
else from LAC's tag.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from extract.components.model import LogisticModel, packaged_model
from extract.components.names.candidate import Candidate
from extract.components.names.features import DocView, features
from extract.components.names.proposals import Proposal, head_of, head_types

MODEL_FILE = "names_model.json"
NameModel = LogisticModel
_LAC_TYPES = {"PER": "Person", "LOC": "GovernmentBody", "ORG": "Company", "nz": "Policy", "nw": "Policy"}


_IN_USE: ContextVar[NameModel | None | bool] = ContextVar("aikg_names_model", default=True)


@contextmanager
def using_model(model: NameModel | None) -> Iterator[None]:
    """Extract with ``model`` (None: the rules alone) instead of the shipped one, inside the block
    (cross-validation scores each batch with a model that never saw it)."""
    token = _IN_USE.set(model)
    try:
        yield
    finally:
        _IN_USE.reset(token)


def model_in_use() -> NameModel | None:
    """The model extraction uses now: the one set by ``using_model``, else the shipped one."""
    m = _IN_USE.get()
    return shipped_model() if m is True else m if isinstance(m, NameModel) else None


def shipped_model() -> NameModel | None:
    """The model shipped with the package, or None when there is none (the rules alone then decide)."""
    return packaged_model("extract.components.names", MODEL_FILE)


def entity_type(v: DocView, p: Proposal) -> str:
    """A proposal's type: the rule's, else its head word's, else LAC's tag's."""
    if p.rule is not None:
        return p.rule.type
    head = head_of(v.text[p.start:p.end])
    if head:
        return head_types()[head]
    return _LAC_TYPES.get(v.names.get((p.start, p.end), ""), "Company")


def select(spans: list[tuple[int, int]], probs: list[float], threshold: float) -> list[int]:
    """Indexes of the spans kept: the most probable first, above ``threshold``, none overlapping another
    kept one; returned in text order."""
    order = sorted(range(len(spans)), key=lambda i: (-probs[i], spans[i]))
    taken: list[int] = []
    used: set[int] = set()
    for i in order:
        if probs[i] < threshold:
            break
        s, e = spans[i]
        if any(x in used for x in range(s, e)):
            continue
        used.update(range(s, e))
        taken.append(i)
    return sorted(taken, key=lambda i: spans[i])


def scored_mentions(v: DocView, model: NameModel) -> list[Candidate]:
    """The names the model keeps among the view's proposals, as candidates for resolution."""
    keys = sorted(v.proposals)
    probs = [model.probability(features(v, v.proposals[k])) for k in keys]
    out = []
    for i in select(keys, probs, model.threshold):
        p = v.proposals[keys[i]]
        r = p.rule
        rule = r.rule if r is not None else "learned:" + min(p.sources)
        out.append(Candidate(p.start, p.end, v.text[p.start:p.end], entity_type(v, p), rule, 60,
                             r.canonical if r is not None else None, r.aliases if r is not None else ()))
    return out
