"""Focus fields (TechField entities) against the actors working on them; fields nobody works on are gaps.

Two signals, reported apart because they differ in strength:

* ``focusesOn`` — a stated relation ``actor focusesOn field`` (strong: the text says the actor works on it);
* co-mention — the actor and the field are named in the same evidence sentence of some fact (weak: they
  share a sentence, e.g. 依托A、B等平台，开展机器视觉等技术创新). Overlapping names count once, the
  longest wins (物联网 inside 正泰物联网传感器产业园 is not a mention of the field).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
import pandas as pd
from rdflib import Dataset

from graph.analysis._common import ACTOR_TYPES, as_graph, label, norm

__all__ = ["FIELD_COLUMNS", "co_mentions", "field_coverage"]

FIELD_COLUMNS = ["field", "focus_actors", "comention_actors", "n_focus", "n_comention", "signal", "gap",
                 "documents"]


def _names(g: nx.MultiDiGraph[str], node: str) -> list[str]:
    d = g.nodes[node]
    return sorted({norm(n) for n in [d.get("label", ""), *d.get("aliases", [])] if n and len(norm(n)) >= 2})


def _sentences(g: nx.MultiDiGraph[str]) -> list[tuple[str, str]]:
    """Distinct (document, evidence sentence) pairs of every fact, sorted."""
    return sorted({(str(d.get("document") or ""), str(d.get("evidence") or ""))
                   for _, _, d in g.edges(data=True) if d.get("evidence")})


def co_mentions(g: nx.MultiDiGraph[str] | Dataset) -> dict[str, set[str]]:
    """Node → the other nodes named in at least one evidence sentence with it (same document).

    >>> from graph.analysis.examples import example_graph
    >>> g = example_graph()
    >>> field = next(n for n, d in g.nodes(data=True) if d["label"] == "机器视觉")
    >>> sorted(g.nodes[n]["label"] for n in co_mentions(g)[field])
    ['浙大温州研究院']
    """
    g = as_graph(g)
    by_doc: dict[str, list[str]] = defaultdict(list)
    for n, docs in g.nodes(data="documents"):
        for d in docs or ():
            by_doc[d].append(n)
    out: dict[str, set[str]] = defaultdict(set)
    for doc, sentence in _sentences(g):
        text = norm(sentence)
        spans: list[tuple[int, int, str]] = []
        for n in by_doc.get(doc, ()):
            for name in _names(g, n):
                start = text.find(name)
                while start >= 0:
                    spans.append((start, start + len(name), n))
                    start = text.find(name, start + 1)
        # longest first; a span inside a longer span of another entity is not a mention
        spans.sort(key=lambda s: (-(s[1] - s[0]), s[0], s[2]))
        kept: list[tuple[int, int, str]] = []
        for s in spans:
            if not any(k[0] <= s[0] and s[1] <= k[1] and k[2] != s[2] for k in kept):
                kept.append(s)
        named = sorted({k[2] for k in kept})
        for a in named:
            out[a].update(b for b in named if b != a)
    return dict(out)


def field_coverage(data: nx.MultiDiGraph[str] | Dataset, actor_types: Iterable[str] = ACTOR_TYPES) -> pd.DataFrame:
    """One row per TechField: who focuses on it, who is co-mentioned with it, and whether it is a gap.

    ``signal`` is ``focusesOn`` when some actor states it works on the field, ``co-mention`` when actors
    are only named beside it, ``none`` otherwise; ``gap`` is True for ``none``. Actor lists hold labels,
    sorted. Rows: gaps first, then weak (co-mention), then focusesOn; by field name within each.

    >>> from graph.analysis.examples import example_graph
    >>> t = field_coverage(example_graph())
    >>> t[["field", "signal", "gap"]].values.tolist()
    [['芯片设计', 'none', True], ['机器视觉', 'co-mention', False], ['大模型', 'focusesOn', False]]
    >>> t.set_index("field").loc["大模型", "focus_actors"]
    ['美团']
    """
    g = as_graph(data)
    types = set(actor_types)
    cm = co_mentions(g)
    rows = []
    for f, d in g.nodes(data=True):
        if d.get("type") != "TechField":
            continue
        focus = sorted({label(g, s) for s, _, p in g.in_edges(f, data="predicate", default="")
                        if p == "focusesOn" and g.nodes[s].get("type") in types})
        near = sorted({label(g, n) for n in cm.get(f, ()) if g.nodes[n].get("type") in types} - set(focus))
        signal = "focusesOn" if focus else "co-mention" if near else "none"
        rows.append({"field": label(g, f), "focus_actors": focus, "comention_actors": near,
                     "n_focus": len(focus), "n_comention": len(near), "signal": signal,
                     "gap": signal == "none", "documents": list(d.get("documents", []))})
    t = pd.DataFrame(rows, columns=FIELD_COLUMNS)
    if t.empty:
        return t
    t["_o"] = t["signal"].map({"none": 0, "co-mention": 1, "focusesOn": 2})
    return t.sort_values(["_o", "field"]).drop(columns="_o").reset_index(drop=True)
