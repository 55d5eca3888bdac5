"""A logistic model over named features: the form in which the learned scorers ship (weights in JSON).

The weights are keyed by feature names (sources, head words, tags, classes, trigger words); a model file
holds no name of an entity. Training (``extract.learn``) fits them with scikit-learn; extraction only reads
them.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

Features = dict[str, float]


class _Weights(dict[str, float]):
    """Weights that read 0 for a feature the model never saw (``sum(map(w.__getitem__, …))`` runs in C)."""

    def __missing__(self, key: str) -> float:
        return 0.0


@dataclass(frozen=True)
class LogisticModel:
    """Weights of a logistic model over named features, its bias and the selection threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float
    meta: dict[str, Any]

    def probability(self, f: Features) -> float:
        """The model's probability for binary features ``f`` (every value is 1: a feature is there or not)."""
        z = self.bias + sum(map(self._lookup.__getitem__, f))
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

    @property
    def _lookup(self) -> _Weights:
        w = self.__dict__.get("_weights_lookup")
        if w is None:
            w = _Weights(self.weights)
            object.__setattr__(self, "_weights_lookup", w)
        return w

    def to_json(self) -> str:
        return json.dumps({"kind": "logistic", "bias": self.bias, "threshold": self.threshold,
                           "meta": self.meta, "weights": dict(sorted(self.weights.items()))},
                          ensure_ascii=False, indent=0, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LogisticModel:
        d = json.loads(text)
        if d.get("kind") != "logistic":
            raise ValueError(f"a model of kind {d.get('kind')!r}: this scorer reads 'logistic' models")
        return cls({str(k): float(v) for k, v in d["weights"].items()}, float(d["bias"]),
                   float(d["threshold"]), dict(d.get("meta", {})))




@lru_cache(maxsize=8)
def packaged_model(package: str, filename: str) -> LogisticModel | None:
    """The model file ``filename`` shipped in ``package``, or None when there is none."""
    try:
        text = resources.files(package).joinpath(filename).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return LogisticModel.from_json(text)
