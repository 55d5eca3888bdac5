"""Fit the name scorer on annotated documents and write it where the extractor reads it.

``python -m extract.learn.train [GOLD_DIR DOCS_DIR]`` (default ``../shared/eval/gold`` and
``../shared/corpus``) fits a logistic model over the proposals' features (scikit-learn, a development
dependency) and writes ``extract/components/names/names_model.json``: weights of feature names only.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from extract.components.names.scorer import MODEL_FILE, NameModel
from extract.learn.gold import Annotated, annotated
from extract.learn.names import Example, examples
from extract.learn.relations import PairExample

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
C = 1.0            # inverse L2 strength, chosen by leave-one-batch-out (see extract.learn.crossval)
THRESHOLD = 0.5
RELATION_THRESHOLD = 0.5    # leave-one-batch-out: 0.35 and 0.5 within 0.002 of each other; 0.5 is the more precise


def fit(exs: Sequence[Example | PairExample], c: float = C, meta: dict[str, object] | None = None,
        threshold: float = THRESHOLD) -> NameModel:
    """A logistic model fitted on the examples (deterministic: lbfgs, no sampling)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([e.features for e in exs])
    y = [e.label for e in exs]
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit(x, y)
    weights = {name: round(float(w), 6) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0])
               if abs(w) >= 1e-6}
    return NameModel(weights, round(float(clf.intercept_[0]), 6), threshold, dict(meta or {}))


def train_relations(docs: Sequence[Annotated], names: NameModel | None) -> NameModel:
    """The relation scorer fitted on every candidate pair of ``docs``, their entities found by ``names``."""
    from extract.components.names.scorer import using_model
    from extract.learn.relations import pair_examples

    with using_model(names):
        exs = [e for d in docs for e in pair_examples(d)]
    meta = {"documents": len(docs), "batches": "".join(sorted({d.batch for d in docs})),
            "examples": len(exs), "positives": sum(e.label for e in exs), "C": C}
    return fit(exs, meta=meta, threshold=RELATION_THRESHOLD)


def train_names(docs: Sequence[Annotated]) -> NameModel:
    """The name scorer fitted on every proposal of ``docs``."""
    exs = [e for d in docs for e in examples(d)]
    meta = {"documents": len(docs), "batches": "".join(sorted({d.batch for d in docs})),
            "examples": len(exs), "positives": sum(e.label for e in exs), "C": C}
    return fit(exs, meta=meta)


def model_path() -> Path:
    return Path(str(resources.files("extract.components.names").joinpath(MODEL_FILE)))


def relation_model_path() -> Path:
    from extract.components.relations.scorer import MODEL_FILE as RELATIONS_FILE
    return Path(str(resources.files("extract.components.relations").joinpath(RELATIONS_FILE)))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extract.learn.train", description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="?", type=Path, default=SHARED / "eval" / "gold")
    ap.add_argument("docs", nargs="?", type=Path, default=SHARED / "corpus")
    ap.add_argument("--out", type=Path, default=None, help=f"where to write the model (default: {MODEL_FILE} "
                    "in extract/components/names)")
    args = ap.parse_args(argv)
    if not args.gold.is_dir() or not args.docs.is_dir():
        print(f"error: no gold annotations at {args.gold} or documents at {args.docs}\n"
              "  why: training reads the annotated dev corpus\n"
              "  fix: pass GOLD_DIR DOCS_DIR, or put the shared folder beside the repo", file=sys.stderr)
        return 2
    docs = annotated(args.gold, args.docs)
    from extract.components.names.scorer import using_model
    with using_model(None):
        model = train_names(docs)
    out = args.out or model_path()
    out.write_text(model.to_json(), encoding="utf-8")
    print(f"name scorer: {model.meta['examples']} proposals of {len(docs)} documents "
          f"({model.meta['positives']} names), {len(model.weights)} weights → {out}")
    rel = train_relations(docs, model)
    rel_out = (args.out.with_name("relations_model.json") if args.out else relation_model_path())
    rel_out.write_text(rel.to_json(), encoding="utf-8")
    print(f"relation scorer: {rel.meta['examples']} candidate pairs ({rel.meta['positives']} relations), "
          f"{len(rel.weights)} weights → {rel_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
