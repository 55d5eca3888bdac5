"""Gaps a planner wants to see: isolated or weakly tied platforms and institutes, SHACL warnings, a summary."""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd
from rdflib import Dataset

from graph.analysis._common import GOVERNMENT_TYPES, PLATFORM_TYPES, as_graph, label, num, simple_undirected
from graph.analysis.fields import field_coverage
from graph.analysis.metrics import metric_progress, metric_table
from graph.analysis.status import open_plans
from graph.validate import ValidationReport, validate

__all__ = ["gap_summary", "shacl_gaps", "weak_ties"]

TIE_ORDER = {"isolated": 0, "government only": 1, "single tie": 2}


def weak_ties(data: nx.MultiDiGraph[str] | Dataset, types: Iterable[str] = PLATFORM_TYPES, max_ties: int = 1
              ) -> pd.DataFrame:
    """Platforms and institutes with no tie (``isolated``), ties to government bodies only
    (``government only``) or at most ``max_ties`` neighbours (``single tie``).

    Columns: ``entity``, ``type``, ``tie``, ``degree`` (distinct neighbours), ``ties`` (their labels),
    ``documents``. Isolated first, then government only, then single tie; by name within each.

    >>> from graph.analysis.examples import example_graph
    >>> weak_ties(example_graph())[["entity", "tie"]].values.tolist()
    [['国际云软件谷', 'isolated'], ['上海人工智能实验室', 'government only'], ['浙大温州研究院', 'government only']]
    """
    g = as_graph(data)
    h = simple_undirected(g)
    wanted = set(types)
    gov = set(GOVERNMENT_TYPES)
    rows = []
    for v, d in g.nodes(data=True):
        if d.get("type") not in wanted:
            continue
        nbrs = sorted(h.neighbors(v))
        if not nbrs:
            tie = "isolated"
        elif all(g.nodes[n].get("type") in gov for n in nbrs):
            tie = "government only"
        elif len(nbrs) <= max_ties:
            tie = "single tie"
        else:
            continue
        rows.append({"entity": label(g, v), "type": d.get("type"), "tie": tie, "degree": len(nbrs),
                     "ties": sorted(label(g, n) for n in nbrs), "documents": list(d.get("documents", []))})
    t = pd.DataFrame(rows, columns=["entity", "type", "tie", "degree", "ties", "documents"])
    if t.empty:
        return t
    t["_o"] = t["tie"].map(TIE_ORDER)
    return t.sort_values(["_o", "entity"]).drop(columns="_o").reset_index(drop=True)


def _describe(ds: Dataset, g: nx.MultiDiGraph[str]) -> dict[str, str]:
    """IRI → readable text: entity labels, facts as ``s predicate o``, metrics as ``s measure value unit``."""
    out = {v: label(g, v) for v in g.nodes}
    p: str
    for s, o, k, p in g.edges(keys=True, data="predicate"):
        out[k] = f"{label(g, s)} {p} {label(g, o)}"
    for _, m in metric_table(ds).iterrows():
        out[m["metric"]] = f"{m['subject']} {m['measure']} {m['value']:g} {m['unit']}"
    return out


def shacl_gaps(ds: Dataset, report: ValidationReport | None = None) -> pd.DataFrame:
    """The SHACL warnings of ``ds`` (``graph.validate``) as gaps: shape, what it is about, zh/en message.

    Pass ``report`` to reuse a validation already run.

    >>> from graph.analysis.examples import example_dataset
    >>> shacl_gaps(example_dataset())[["gap", "focus"]].values.tolist()[:2]
    [['IsolatedRelation', '国际云软件谷'], ['PlannedDate', '温州市 plansCooperationWith 上海人工智能实验室']]
    """
    report = report if report is not None else validate(ds)
    names = _describe(ds, as_graph(ds))
    rows = [{"gap": w.shape_name, "focus": names.get(w.focus, w.focus), "severity": w.severity,
             "message_zh": w.message_zh, "message_en": w.message_en, "focus_iri": w.focus}
            for w in report.warnings]
    t = pd.DataFrame(rows, columns=["gap", "focus", "severity", "message_zh", "message_en", "focus_iri"])
    return t.sort_values(["gap", "focus", "focus_iri"]).reset_index(drop=True)


def gap_summary(ds: Dataset, report: ValidationReport | None = None) -> pd.DataFrame:
    """Every gap in one table: ``kind``, ``item``, ``detail`` — fields nobody works on, plans not yet
    achieved, metrics below target, isolated or weakly tied platforms and institutes, SHACL warnings.

    >>> from graph.analysis.examples import example_dataset
    >>> gap_summary(example_dataset()).groupby("kind").size().to_dict()["field without actors"]
    1
    """
    g = as_graph(ds)
    rows: list[dict[str, str]] = []
    for _, r in field_coverage(g).iterrows():
        if r["gap"]:
            rows.append({"kind": "field without actors", "item": r["field"],
                         "detail": "no focusesOn, no co-mention with an institution, platform or company"})
    for _, r in open_plans(g).iterrows():
        rows.append({"kind": "plan not achieved", "item": f"{r['subject']} {r['predicate']} {r['object']}",
                     "detail": str(r["evidence"] or "")})
    for _, r in metric_progress(ds).iterrows():
        if r["progress"] < 1:
            rows.append({"kind": "metric below target", "item": f"{r['subject']} ({r['unit']})",
                         "detail": f"{num(r['achieved'])} of {num(r['planned'])} {r['unit']} = {r['percent']:.2f} %"})
    for _, r in weak_ties(g).iterrows():
        rows.append({"kind": f"{r['tie']} {r['type']}", "item": r["entity"],
                     "detail": "、".join(r["ties"]) if r["ties"] else "no relation"})
    for _, r in shacl_gaps(ds, report).iterrows():
        rows.append({"kind": f"SHACL {r['gap']}", "item": r["focus"], "detail": r["message_zh"]})
    return pd.DataFrame(rows, columns=["kind", "item", "detail"])
