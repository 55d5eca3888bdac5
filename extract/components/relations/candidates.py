"""Candidate relations for the learned scorer: every pair of a sentence's entities that a verb frame allows.

For each sentence with a frame's trigger (``frames.tsv``), the subjects tried are the sentence's mentions
and the actors it may leave implicit — the document's acting body, the paragraph's topic, the subject of
the sentence before — and the objects its mentions; a pair is kept when the ontology's signature allows
the predicate between the two types. Each pair comes with the trigger occurrence nearest its object.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

import ahocorasick

from extract.components.relations.rules import M, RelationHit, paragraph_topic
from extract.lexicon import _read_tsv
from extract.text import Span

IMPLICIT = ("actor", "topic", "previous")
_ORGS = frozenset({"Company", "ResearchInstitute", "GovernmentBody", "Alliance", "Platform"})
_start = attrgetter("start")


@dataclass(frozen=True)
class Trigger:
    """A frame's trigger found in the text: the word, its predicate and its offsets."""

    word: str
    predicate: str
    start: int
    end: int


@dataclass(frozen=True)
class Pair:
    """A candidate relation: subject, predicate, object, the sentence, the trigger, and how the subject is
    known (``explicit``, or one of ``IMPLICIT``)."""

    subject: M
    predicate: str
    object: M
    sentence: int
    trigger: Trigger
    subject_kind: str


@lru_cache(maxsize=1)
def frames() -> tuple[tuple[str, str], ...]:
    """(trigger, predicate) rows of ``frames.tsv``."""
    return tuple((r["trigger"], r["predicate"]) for r in _read_tsv("extract.components.relations", "frames.tsv")
                 if r.get("trigger") and r.get("predicate"))


@lru_cache(maxsize=1)
def _frame_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    by_word: dict[str, list[str]] = {}
    for word, pred in frames():
        by_word.setdefault(word, []).append(pred)
    for word, preds in by_word.items():
        auto.add_word(word, (word, tuple(preds)))
    auto.make_automaton()
    return auto


def triggers(text: str) -> list[Trigger]:
    """Every trigger of ``text`` (overlapping ones too: 签约入驻 holds 签约 and 入驻), in order."""
    out = []
    for end, (word, preds) in _frame_automaton().iter(text):
        for p in preds:
            out.append(Trigger(word, p, end + 1 - len(word), end + 1))
    return sorted(out, key=lambda t: (t.start, t.end, t.predicate))


@dataclass
class RelationContext:
    """A document as the relation scorer reads it: sentences, their mentions, triggers, actors, rule hits."""

    text: str
    sentences: list[Span]
    mentions: list[M]
    actor: M | None
    rule_hits: list[RelationHit]

    def __post_init__(self) -> None:
        self.cache: dict[str, dict[object, object]] = {}
        self.triggers = triggers(self.text)
        self.trigger_starts = [t.start for t in self.triggers]
        self.by_rule = {(h.subject, h.predicate, h.object): h.rule for h in self.rule_hits}
        self.by_rule.update({(h.object, h.predicate, h.subject): h.rule for h in self.rule_hits
                             if h.predicate in ("signedAgreementWith", "innovationConsortiumWith")})

    def inside(self, sent: Span) -> list[M]:
        """The mentions inside a sentence, in order (remembered: every pair of the sentence asks)."""
        cache = self.cache.setdefault("inside", {})
        out = cache.get(sent.start)
        if out is None:
            lo = bisect_left(self.mentions, sent.start, key=_start)
            hi = bisect_right(self.mentions, sent.end, lo=lo, key=_start)
            out = cache[sent.start] = [m for m in self.mentions[lo:hi] if m.end <= sent.end]
        return out  # type: ignore[return-value]

    def triggers_in(self, sent: Span) -> list[Trigger]:
        lo = bisect_left(self.trigger_starts, sent.start)
        hi = bisect_left(self.trigger_starts, sent.end)
        return [t for t in self.triggers[lo:hi] if t.end <= sent.end]


def _previous_subject(ctx: RelationContext, n: int) -> M | None:
    """The first organisation named in the sentence before (the subject a sentence may carry over)."""
    if n == 0:
        return None
    prev = ctx.sentences[n - 1]
    if ctx.text.count("\n", prev.end, ctx.sentences[n].start):
        return None  # a new paragraph starts afresh
    return next((m for m in ctx.inside(prev) if m.type in _ORGS), None)


def implicit_subjects(ctx: RelationContext, n: int) -> list[tuple[str, M]]:
    """The actors sentence ``n`` may leave unnamed, with how each is known."""
    sent = ctx.sentences[n]
    out: list[tuple[str, M]] = []
    if ctx.actor is not None:
        out.append(("actor", ctx.actor))
    topic = paragraph_topic(ctx.text, ctx.mentions, sent.start)
    if topic is not None and topic.start < sent.start:
        out.append(("topic", M(-1, -1, topic.name, topic.type)))
    prev = _previous_subject(ctx, n)
    if prev is not None:
        out.append(("previous", M(-1, -1, prev.name, prev.type)))
    seen: set[str] = set()
    unique = []
    for kind, m in out:
        if m.name not in seen:
            seen.add(m.name)
            unique.append((kind, m))
    return unique


def candidate_pairs(ctx: RelationContext, allowed: Callable[[str, str, str], bool]) -> list[Pair]:
    """Every (subject, predicate, object) a sentence's frames allow, each once, with its nearest trigger."""
    out: dict[tuple[str, str, str, int], Pair] = {}
    fits: dict[tuple[str, str, str], bool] = {}

    def fit(p: str, a: str, b: str) -> bool:
        k = (p, a, b)
        ok = fits.get(k)
        if ok is None:
            ok = fits[k] = allowed(p, a, b)
        return ok

    for n, sent in enumerate(ctx.sentences):
        trig = ctx.triggers_in(sent)
        if not trig:
            continue
        ms = ctx.inside(sent)
        if not ms:
            continue
        subjects = [("explicit", m) for m in ms] + implicit_subjects(ctx, n)
        for t in trig:
            for kind, x in subjects:
                for y in ms:
                    if x.name == y.name or (kind == "explicit" and x.start == y.start):
                        continue
                    if not fit(t.predicate, x.type, y.type):
                        continue
                    key = (x.name, t.predicate, y.name, n)
                    old = out.get(key)
                    if old is None or abs(t.start - y.start) < abs(old.trigger.start - old.object.start):
                        out[key] = Pair(x, t.predicate, y, n, t, kind)
    return list(out.values())
