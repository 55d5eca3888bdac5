"""The learned relation scorer: a logistic model over candidate pairs (``relations_model.json``), the pairs
it keeps, and their status and date as the clause states them.

Where no model ships (or ``using_relation_model(None)``), the rule families alone give the relations.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from extract.components.model import LogisticModel, packaged_model
from extract.components.relations.candidates import Pair, RelationContext, candidate_pairs
from extract.components.relations.features import features
from extract.components.relations.rules import M, RelationHit
from extract.dates import dates_in, is_planned

MODEL_FILE = "relations_model.json"
KEEP_RULES = True  # the rule families' relations stand; the model adds what they miss
SYMMETRIC = frozenset({"signedAgreementWith", "innovationConsortiumWith"})
DISTRIBUTE = True  # a kept pair's object stands for the list it is in: its siblings get the relation too
_SIBLING_GAP = re.compile(r"^(?:、|和|及|以及|、以及|与)$")
_IN_USE: ContextVar[LogisticModel | None | bool] = ContextVar("aikg_relations_model", default=True)


def shipped_model() -> LogisticModel | None:
    """The relation model shipped with the package, or None."""
    return packaged_model("extract.components.relations", MODEL_FILE)


@contextmanager
def using_relation_model(model: LogisticModel | None) -> Iterator[None]:
    """Extract relations with ``model`` (None: the rules alone) inside the block."""
    token = _IN_USE.set(model)
    try:
        yield
    finally:
        _IN_USE.reset(token)


def relation_model_in_use() -> LogisticModel | None:
    m = _IN_USE.get()
    return shipped_model() if m is True else m if isinstance(m, LogisticModel) else None


def key(subject: str, predicate: str, obj: str) -> tuple[str, str, str]:
    """The identity of a relation: symmetric predicates ignore direction."""
    if predicate in SYMMETRIC:
        a, b = sorted((subject, obj))
        return a, predicate, b
    return subject, predicate, obj


def _status_and_date(ctx: RelationContext, p: Pair, planned_from: int | None, year: int | None,
                     ) -> tuple[str, str | None]:
    text, sent = ctx.text, ctx.sentences[p.sentence]
    ends = [i for i in (text.find(x, p.trigger.start, sent.end) for x in ",;") if i > 0]
    clause_end = min(ends) if ends else sent.end
    planned = (planned_from is not None and sent.start >= planned_from) or \
        is_planned(text[sent.start:clause_end])
    ds = [d for _, d in dates_in(text[sent.start:clause_end], year)]
    return ("planned" if planned else "achieved"), (ds[-1] if ds else None)


def _siblings(ctx: RelationContext, sentence: int) -> dict[int, list[M]]:
    """Each mention of the sentence (by start) with the list it is in (A、B和C: only a list separator
    between two neighbours, the same type); mentions alone map to nothing."""
    ms = ctx.inside(ctx.sentences[sentence])
    groups: list[list[M]] = []
    for m in ms:
        if groups and groups[-1][-1].type == m.type and groups[-1][-1].end <= m.start \
                and _SIBLING_GAP.match(ctx.text[groups[-1][-1].end:m.start]):
            groups[-1].append(m)
        else:
            groups.append([m])
    return {m.start: g for g in groups if len(g) > 1 for m in g}


def scored_relations(ctx: RelationContext, model: LogisticModel, allowed: Callable[[str, str, str], bool], *,
                     planned_from: int | None, year: int | None) -> list[RelationHit]:
    """The candidate pairs the model keeps, each relation once (its most probable statement), in text order."""
    best: dict[tuple[str, str, str], tuple[float, Pair]] = {}
    for p in candidate_pairs(ctx, allowed):
        prob = model.probability(features(ctx, p))
        if prob < model.threshold:
            continue
        if p.predicate in SYMMETRIC and p.subject.start > p.object.start:  # the party named first leads
            p = Pair(p.object, p.predicate, p.subject, p.sentence, p.trigger, "explicit")
        k = key(p.subject.name, p.predicate, p.object.name)
        if k not in best or prob > best[k][0]:
            best[k] = (prob, p)
    if DISTRIBUTE:
        lists: dict[int, dict[int, list[M]]] = {}  # the lists of each sentence with a kept pair, found once
        for prob, p in list(best.values()):
            if p.sentence not in lists:
                lists[p.sentence] = _siblings(ctx, p.sentence)
            group = lists[p.sentence].get(p.object.start, [])
            for y in group:
                if y.name == p.subject.name or y.start == p.object.start:
                    continue
                q = Pair(p.subject, p.predicate, y, p.sentence, p.trigger, p.subject_kind)
                k = key(p.subject.name, p.predicate, y.name)
                if k not in best:
                    best[k] = (prob - 1e-6, q)
    out = [h for h in ctx.rule_hits if key(h.subject, h.predicate, h.object) not in best] if KEEP_RULES else []
    ruled = {key(h.subject, h.predicate, h.object): h for h in ctx.rule_hits}
    for prob, p in sorted(best.values(), key=lambda bp: (ctx.sentences[bp[1].sentence].start, -bp[0])):
        same = ruled.get(key(p.subject.name, p.predicate, p.object.name))
        if same is not None and KEEP_RULES:
            out.append(same)  # a rule states it too: its reading (direction, rule id) stands
            continue
        sent = ctx.sentences[p.sentence]
        status, date = _status_and_date(ctx, p, planned_from, year)
        rule = f"rel:learned:{p.predicate}:{p.trigger.word}:{p.subject_kind}"
        out.append(RelationHit(p.subject.name, p.predicate, p.object.name, sent.start, sent.end, rule,
                               status, date))
    return sorted(out, key=lambda h: h.start)
