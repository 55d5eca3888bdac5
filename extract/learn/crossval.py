"""Honest scores: every batch of the dev corpus extracted with a model trained on the other batches only.

``held_out(docs)`` fits the name scorer and the relation scorer once per batch, on the documents of every
other batch, and scores the batch's documents with them; the union of those scores is the leave-one-batch-out score of all the
documents — what to expect from documents no rule and no model has seen.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extract.components.model import LogisticModel
from extract.components.names.scorer import NameModel, using_model
from extract.components.relations.scorer import using_relation_model
from extract.evaluate import Score, score_document
from extract.ingest import read_document
from extract.learn.gold import Annotated
from extract.learn.names import Example, examples
from extract.learn.train import fit, train_relations
from extract.pipeline import extract_document


@dataclass(frozen=True)
class BatchScore:
    """The score of one batch's documents, and how many documents trained its model."""

    batch: str
    documents: tuple[str, ...]
    score: Score
    trained_on: int


def score_with(docs: Sequence[Annotated], model: NameModel | None,
               relations: LogisticModel | None = None) -> list[tuple[str, Score]]:
    """Each document extracted with the name ``model`` and the ``relations`` model (None: the rules alone)
    and scored against its gold."""
    out = []
    with using_model(model), using_relation_model(relations):
        for d in docs:
            pred = extract_document(read_document(d.path)).to_guide_json()
            out.append((d.stem, score_document(d.gold, pred)))
    return out


def held_out(docs: Sequence[Annotated]) -> list[BatchScore]:
    """Leave one batch out: for every batch, a model fitted on the others scores its documents."""
    with using_model(None):
        exs: dict[str, list[Example]] = {d.stem: examples(d) for d in docs}
    out = []
    for b in sorted({d.batch for d in docs}):
        train = [d for d in docs if d.batch != b]
        test = [d for d in docs if d.batch == b]
        model = fit([e for d in train for e in exs[d.stem]])
        relations = train_relations(train, model)
        total = Score()
        for _, sc in score_with(test, model, relations):
            total.add(sc)
        out.append(BatchScore(b, tuple(d.stem for d in test), total, len(train)))
    return out
