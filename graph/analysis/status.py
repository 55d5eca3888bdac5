"""Planned vs achieved: facts by actor and predicate, and the plans no fact shows achieved yet."""
from __future__ import annotations

import networkx as nx
import pandas as pd
from rdflib import Dataset

from graph.analysis._common import as_graph, label

__all__ = ["fact_table", "open_plans", "planned_vs_achieved"]

FACT_COLUMNS = ["subject", "subject_type", "predicate", "object", "object_type", "status", "date",
                "document", "evidence", "fact"]


def fact_table(data: nx.MultiDiGraph[str] | Dataset) -> pd.DataFrame:
    """Every fact as a row (labels, types, status, date, document, evidence, fact IRI), sorted.

    >>> from graph.analysis.examples import example_graph
    >>> fact_table(example_graph())[["subject", "predicate", "object"]].values.tolist()[0]
    ['中国（温州）数安港', 'clusters', '每日互动']
    """
    g = as_graph(data)
    rows = [{"subject": label(g, s), "subject_type": g.nodes[s].get("type"), "predicate": d.get("predicate"),
             "object": label(g, o), "object_type": g.nodes[o].get("type"), "status": d.get("status") or "",
             "date": d.get("date"), "document": d.get("document"), "evidence": d.get("evidence"), "fact": k}
            for s, o, k, d in g.edges(keys=True, data=True)]
    t = pd.DataFrame(rows, columns=FACT_COLUMNS)
    return t.sort_values(["subject", "predicate", "object", "document", "fact"]).reset_index(drop=True)


def planned_vs_achieved(data: nx.MultiDiGraph[str] | Dataset, by: tuple[str, ...] = ("subject", "predicate")
                        ) -> pd.DataFrame:
    """Counts of planned and achieved facts grouped by actor (the subject) and predicate.

    Columns: the ``by`` keys, ``subject_type`` (when grouping by subject), ``planned``, ``achieved``,
    ``total``, ``achieved_share`` (achieved / total). Sorted by total descending, then the keys.

    >>> from graph.analysis.examples import example_graph
    >>> t = planned_vs_achieved(example_graph(), by=("subject",))
    >>> t[["subject", "planned", "achieved"]].values.tolist()
    [['温州市', 2, 1], ['中国（温州）数安港', 0, 2], ['美团', 0, 1]]
    """
    keys = list(by)
    facts = fact_table(data)
    if facts.empty:
        return pd.DataFrame(columns=[*keys, "planned", "achieved", "total", "achieved_share"])
    facts["planned"] = (facts["status"] == "planned").astype(int)
    facts["achieved"] = (facts["status"] == "achieved").astype(int)
    extra = ["subject_type"] if "subject" in keys else []
    t = facts.groupby(keys + extra, as_index=False)[["planned", "achieved"]].sum()
    t["total"] = t["planned"] + t["achieved"]
    t["achieved_share"] = (t["achieved"] / t["total"]).round(4)
    t = t.sort_values(["total", *keys], ascending=[False] + [True] * len(keys)).reset_index(drop=True)
    return t


def open_plans(data: nx.MultiDiGraph[str] | Dataset) -> pd.DataFrame:
    """Planned facts that no achieved fact with the same subject, predicate and object matches.

    >>> from graph.analysis.examples import example_graph
    >>> open_plans(example_graph())[["subject", "predicate", "object"]].values.tolist()
    [['温州市', 'plansCooperationWith', '上海人工智能实验室'], ['温州市', 'reliesOn', '浙大温州研究院']]
    """
    facts = fact_table(data)
    done = set(map(tuple, facts.loc[facts["status"] == "achieved", ["subject", "predicate", "object"]].values))
    planned = facts[facts["status"] == "planned"]
    mask = [tuple(r) not in done for r in planned[["subject", "predicate", "object"]].values]
    cols = ["subject", "predicate", "object", "date", "document", "evidence"]
    return planned.loc[mask, cols].drop_duplicates(["subject", "predicate", "object", "document"]).reset_index(drop=True)
