"""Metrics (numbers with units) as a table, and progress where a planned and an achieved value pair up.

A planned value and an achieved value are paired, in this order of preference (``match`` column):

1. ``measure`` — same subject, same unit, similar measure text (character overlap ≥ ``min_similarity``);
2. ``subject+unit`` — same subject and unit, with exactly one planned and one achieved value left;
3. ``unit`` — the whole graph has exactly one planned and one achieved value left in that unit.

E.g. 2024-2025年全市拟建智算规模已达2000P以上，其中373P智算已上线 → 373 of 2000 PFLOPS = 18.65 %.
"""
from __future__ import annotations

from collections.abc import Hashable
from difflib import SequenceMatcher

import pandas as pd
from rdflib import RDF, RDFS, SKOS, Dataset, Literal, URIRef
from rdflib.term import Node

from graph.analysis._common import norm
from ontology.namespace import AIKG

__all__ = ["METRIC_COLUMNS", "PROGRESS_COLUMNS", "metric_progress", "metric_table"]

METRIC_COLUMNS = ["subject", "measure", "value", "unit", "status", "date", "document", "evidence", "start", "end",
                  "metric"]
PROGRESS_COLUMNS = ["subject", "unit", "planned", "achieved", "progress", "percent", "measure_planned",
                    "measure_achieved", "subject_achieved", "match", "date_planned", "date_achieved",
                    "document", "evidence_achieved"]


def metric_table(ds: Dataset) -> pd.DataFrame:
    """Every ``aikg:Metric`` of ``ds`` as a row (subject label, measure, value, unit, status, date, document,
    evidence sentence, ``start`` and ``end``: the character offsets of the figure itself in the document, e.g.
    of 2000P以上, and the metric IRI).

    >>> from graph.analysis.examples import example_dataset
    >>> metric_table(example_dataset())[["subject", "value", "unit", "status"]].values.tolist()
    [['温州市', 2000.0, 'PFLOPS', 'planned'], ['温州市', 373.0, 'PFLOPS', 'achieved']]
    """
    labels: dict[Node, str] = {}
    files: dict[str, str] = {}
    for s, p, o, _ in ds.quads((None, None, None, None)):
        if p in (SKOS.prefLabel, RDFS.label):
            labels.setdefault(s, str(o))
        elif p == AIKG.fileName:
            files[str(s)] = str(o)
    rows = []
    for m, _, _, _ in sorted(set(ds.quads((None, RDF.type, AIKG.Metric, None))), key=lambda q: str(q[0])):
        def one(p: URIRef, m: Node = m) -> Node | None:
            return next((o for _, _, o, _ in ds.quads((m, p, None, None))), None)
        subj = one(AIKG.metricOf)
        value = one(AIKG.value)
        date, doc, ev = one(AIKG.date), one(AIKG.document), one(AIKG.evidence)
        start, end = one(AIKG.startOffset), one(AIKG.endOffset)
        rows.append({"subject": labels.get(subj, str(subj)) if subj is not None else "",
                     "measure": str(one(AIKG.measure) or ""),
                     "value": float(value.toPython()) if isinstance(value, Literal) else float("nan"),
                     "unit": str(one(AIKG.unit) or ""), "status": str(one(AIKG.status) or ""),
                     "date": str(date) if date is not None else None,
                     "document": files.get(str(doc), str(doc)) if doc is not None else None,
                     "evidence": str(ev) if ev is not None else None,
                     "start": int(start.toPython()) if isinstance(start, Literal) else None,
                     "end": int(end.toPython()) if isinstance(end, Literal) else None, "metric": str(m)})
    t = pd.DataFrame(rows, columns=METRIC_COLUMNS)
    return t.sort_values(["document", "subject", "unit", "status", "value", "metric"],
                         ascending=[True, True, True, False, False, True]).reset_index(drop=True)


def _similarity(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def _row(p: pd.Series, a: pd.Series, match: str) -> dict[str, object]:
    progress = a["value"] / p["value"] if p["value"] else float("nan")
    return {"subject": p["subject"], "unit": p["unit"], "planned": p["value"], "achieved": a["value"],
            "progress": round(progress, 6), "percent": round(progress * 100, 2),
            "measure_planned": p["measure"], "measure_achieved": a["measure"], "subject_achieved": a["subject"],
            "match": match, "date_planned": p["date"], "date_achieved": a["date"],
            "document": p["document"], "evidence_achieved": a["evidence"]}


def metric_progress(data: Dataset | pd.DataFrame, min_similarity: float = 0.5) -> pd.DataFrame:
    """Achieved against planned values of the same quantity: ``progress`` = achieved / planned.

    ``data`` is a Dataset or a ``metric_table``. Each planned and each achieved value is used once.

    >>> from graph.analysis.examples import example_dataset
    >>> t = metric_progress(example_dataset())
    >>> t[["subject", "unit", "planned", "achieved", "percent", "match"]].values.tolist()
    [['温州市', 'PFLOPS', 2000.0, 373.0, 18.65, 'subject+unit']]
    """
    t = metric_table(data) if isinstance(data, Dataset) else data
    planned = t[(t["status"] == "planned") & (t["value"] > 0)]
    achieved = t[t["status"] == "achieved"]
    used_p: set[Hashable] = set()
    used_a: set[Hashable] = set()
    rows: list[dict[str, object]] = []
    # 1. same subject and unit, similar measure text: best pairs first
    pairs = sorted(((-_similarity(p["measure"], a["measure"]), i, j)
                    for i, p in planned.iterrows() for j, a in achieved.iterrows()
                    if p["subject"] == a["subject"] and p["unit"] == a["unit"]), key=lambda x: x)
    for neg, i, j in pairs:
        if -neg >= min_similarity and i not in used_p and j not in used_a:
            used_p.add(i)
            used_a.add(j)
            # pandas-stubs: .loc does take the Hashable labels that iterrows gives
            rows.append(_row(planned.loc[i], achieved.loc[j], "measure"))  # type: ignore[call-overload]
    # 2. one planned and one achieved left for a subject and unit; 3. for a unit in the whole graph
    for keys, match in ((["subject", "unit"], "subject+unit"), (["unit"], "unit")):
        left_p = planned[~planned.index.isin(used_p)]
        left_a = achieved[~achieved.index.isin(used_a)]
        for key, grp in left_p.groupby(keys, sort=True):
            key = key if isinstance(key, tuple) else (key,)
            other = left_a
            for k, v in zip(keys, key):
                other = other[other[k] == v]
            if len(grp) == 1 and len(other) == 1:
                i, j = grp.index[0], other.index[0]
                used_p.add(i)
                used_a.add(j)
                rows.append(_row(planned.loc[i], achieved.loc[j], match))
    out = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    return out.sort_values(["subject", "unit", "planned"]).reset_index(drop=True)
