"""Examples for the relation scorer: every candidate pair of an annotated document, labelled from its gold.

A pair is a positive when both ends are entities of the gold file (by any of their forms) and the gold file
states that relation as core (symmetric predicates either way); optional gold relations are left out;
every other pair is a negative. The pairs come from the pipeline as it runs (the names model in use finds
the entities), so training sees what extraction will see.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extract.components.factories import allowed_relation, relation_context
from extract.components.relations.candidates import RelationContext, candidate_pairs
from extract.components.relations.features import Features, features
from extract.components.relations.scorer import SYMMETRIC, using_relation_model
from extract.evaluate import norm
from extract.ingest import read_document
from extract.learn.gold import Annotated, forms
from extract.pipeline import analyse


@dataclass(frozen=True)
class PairExample:
    """One candidate pair: its features and label (1 a gold relation, 0 not)."""

    features: Features
    label: int


def _gold_index(gold: dict[str, Any]) -> tuple[list[set[str]], dict[tuple[object, str, object], str]]:
    gf = [forms(e) for e in gold.get("entities", [])]

    def idx(name: str) -> object:
        n = norm(name)
        return next((i for i, f in enumerate(gf) if n in f), "?" + n)

    rels: dict[tuple[object, str, object], str] = {}
    for r in gold.get("relations", []):
        s, o = idx(r["subject"]), idx(r["object"])
        tier = r.get("tier", "core")
        for k in ([(s, r["predicate"], o), (o, r["predicate"], s)] if r["predicate"] in SYMMETRIC
                  else [(s, r["predicate"], o)]):
            if rels.get(k) != "core":
                rels[k] = tier
    return gf, rels


def context_of(doc: Annotated) -> tuple[RelationContext, dict[str, set[str]]]:
    """The document's relation context as the pipeline builds it, and each entity's forms."""
    with using_relation_model(None):
        st = analyse(read_document(doc.path))
    res = st.resolution
    names = {e.name: {norm(e.name)} | {norm(a) for a in e.aliases} for e in (res.entities if res else ())}
    return relation_context(st), names


def pair_examples(doc: Annotated) -> list[PairExample]:
    """The labelled candidate pairs of one annotated document (those left out are not returned)."""
    ctx, names = context_of(doc)
    gf, rels = _gold_index(doc.gold)

    def to_gold(name: str) -> object:
        fs = names.get(name, {norm(name)})
        return next((i for i, f in enumerate(gf) if f & fs), None)

    out = []
    for p in candidate_pairs(ctx, allowed_relation):
        s, o = to_gold(p.subject.name), to_gold(p.object.name)
        tier = rels.get((s, p.predicate, o)) if s is not None and o is not None else None
        if tier == "optional":
            continue
        out.append(PairExample(features(ctx, p), 1 if tier == "core" else 0))
    return out
