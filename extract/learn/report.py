"""The scores the README shows: all dev documents and every batch held out, side by side.

``evaluation(gold_dir, docs_dir)`` scores the annotated documents three ways: with the rules alone, with
the shipped model (trained on these very documents: an in-sample score) and leave-one-batch-out (each
batch scored by a model that never saw it: the honest estimate for new documents).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from extract.components.names.scorer import shipped_model
from extract.components.relations.scorer import shipped_model as shipped_relation_model
from extract.evaluate import Score
from extract.learn.crossval import BatchScore, held_out, score_with
from extract.learn.gold import Annotated, annotated

README_START = "<!-- eval:start (aikg eval --by-batch --readme README.md) -->"
README_END = "<!-- eval:end -->"


@dataclass(frozen=True)
class Evaluation:
    """Scores of the annotated documents: rules alone, shipped model, and each batch held out."""

    documents: int
    rules: Score
    shipped: Score
    batches: tuple[BatchScore, ...]

    @property
    def held_out(self) -> Score:
        total = Score()
        for b in self.batches:
            total.add(b.score)
        return total


def _total(rows: Sequence[tuple[str, Score]]) -> Score:
    total = Score()
    for _, sc in rows:
        total.add(sc)
    return total


def evaluation(gold_dir: Path, docs_dir: Path) -> Evaluation:
    """Score the annotated documents of ``gold_dir``/``docs_dir`` the three ways."""
    docs: list[Annotated] = annotated(gold_dir, docs_dir)
    rules = _total(score_with(docs, None, None))
    shipped = _total(score_with(docs, shipped_model(), shipped_relation_model()))
    return Evaluation(len(docs), rules, shipped, tuple(held_out(docs)))


def _cells(sc: Score) -> list[str]:
    e, r = sc.entities.prf(), sc.relations.prf()
    return [f"{e[0]:.3f} / {e[1]:.3f} / **{e[2]:.3f}**", f"{r[0]:.3f} / {r[1]:.3f} / **{r[2]:.3f}**",
            f"{sc.status_accuracy:.3f}", f"{sc.metrics.prf()[2]:.3f}", f"{sc.tech.prf()[2]:.3f}",
            f"{sc.type_accuracy:.3f}"]


def markdown(ev: Evaluation) -> str:
    """The README's results table."""
    head = ["documents", "entity P / R / F1", "relation P / R / F1", "status acc.", "metrics F1", "fields F1",
            "type acc."]
    rows = [[f"all {ev.documents}, leave one batch out (honest)"] + _cells(ev.held_out),
            [f"all {ev.documents}, shipped model (trained on them)"] + _cells(ev.shipped),
            [f"all {ev.documents}, rules alone"] + _cells(ev.rules)]
    for b in ev.batches:
        rows.append([f"batch {b.batch} held out ({len(b.documents)} docs, model of {b.trained_on})"]
                    + _cells(b.score))
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def text(ev: Evaluation) -> str:
    """The same numbers for a terminal."""
    def row(name: str, sc: Score) -> str:
        e, r = sc.entities.prf(), sc.relations.prf()
        return (f"{name:34s} entity P/R/F1 {e[0]:.3f}/{e[1]:.3f}/{e[2]:.3f}  relation {r[0]:.3f}/{r[1]:.3f}/"
                f"{r[2]:.3f}  status {sc.status_accuracy:.3f}  metrics {sc.metrics.prf()[2]:.3f}  fields "
                f"{sc.tech.prf()[2]:.3f}  type {sc.type_accuracy:.3f}")
    out = [row("leave one batch out (honest)", ev.held_out), row("shipped model (in-sample)", ev.shipped),
           row("rules alone", ev.rules)]
    out += [row(f"  batch {b.batch} held out", b.score) for b in ev.batches]
    return "\n".join(out)


def update_readme(path: Path, ev: Evaluation) -> bool:
    """Replace the README's results table between its markers; False when the markers are missing."""
    body = path.read_text(encoding="utf-8")
    if README_START not in body or README_END not in body:
        return False
    before, rest = body.split(README_START, 1)
    _, after = rest.split(README_END, 1)
    path.write_text(before + README_START + "\n" + markdown(ev) + "\n" + README_END + after, encoding="utf-8")
    return True
