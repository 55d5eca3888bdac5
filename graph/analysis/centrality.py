"""Who holds the network together: degree and betweenness centrality, brokers, seeded communities.

All measures are taken on the undirected graph with one edge per connected pair (several facts between
the same two entities count once), so a pair stated in many sentences does not look more central.
"""
from __future__ import annotations

import networkx as nx
import pandas as pd
from rdflib import Dataset

from graph.analysis._common import as_graph, simple_undirected

__all__ = ["brokers", "centrality", "communities"]

CENTRALITY_COLUMNS = ["node", "label", "type", "degree", "facts", "degree_centrality", "betweenness",
                      "documents"]


def centrality(data: nx.MultiDiGraph[str] | Dataset, k: int | None = None, seed: int = 0) -> pd.DataFrame:
    """Degree (distinct neighbours), fact count and betweenness per entity, most central first.

    ``k`` samples that many pivots for betweenness on big graphs (reproducible with ``seed``); ``None``
    computes it exactly.

    >>> from graph.analysis.examples import example_graph
    >>> centrality(example_graph())[["label", "degree", "betweenness"]].head(2).values.tolist()
    [['温州市', 3, 0.066667], ['中国（温州）数安港', 2, 0.044444]]
    """
    g = as_graph(data)
    h = simple_undirected(g)
    n = h.number_of_nodes()
    if n == 0:
        return pd.DataFrame(columns=CENTRALITY_COLUMNS)
    between = nx.betweenness_centrality(h, k=min(k, n) if k else None, seed=seed, normalized=True)
    dc = nx.degree_centrality(h)
    rows = [{"node": v, "label": g.nodes[v].get("label", v), "type": g.nodes[v].get("type"),
             "degree": h.degree(v), "facts": g.degree(v), "degree_centrality": round(dc[v], 6),
             "betweenness": round(between[v], 6), "documents": list(g.nodes[v].get("documents", []))}
            for v in h.nodes]
    t = pd.DataFrame(rows, columns=CENTRALITY_COLUMNS)
    return t.sort_values(["betweenness", "degree", "label"], ascending=[False, False, True]).reset_index(drop=True)


def communities(data: nx.MultiDiGraph[str] | Dataset, seed: int = 0, resolution: float = 1.0) -> pd.DataFrame:
    """Louvain communities (seeded: the same seed gives the same partition), one row per entity.

    Columns ``community`` (0 = the largest; ties by the smallest label), ``size``, ``node``, ``label``,
    ``type``. Isolated entities form communities of one.

    >>> from graph.analysis.examples import example_graph
    >>> t = communities(example_graph(), seed=1)
    >>> sorted(t[t["community"] == t.set_index("label").loc["美团", "community"]]["label"])
    ['中国（温州）数安港', '大模型', '每日互动', '美团']
    """
    g = as_graph(data)
    h = simple_undirected(g)
    if h.number_of_nodes() == 0:
        return pd.DataFrame(columns=["community", "size", "node", "label", "type"])
    found = nx.community.louvain_communities(h, weight="weight", resolution=resolution, seed=seed)
    lab = {v: str(g.nodes[v].get("label", v)) for v in h.nodes}
    parts = sorted((sorted(p, key=lambda v: lab[v]) for p in found), key=lambda p: (-len(p), lab[p[0]]))
    rows = [{"community": i, "size": len(p), "node": v, "label": lab[v], "type": g.nodes[v].get("type")}
            for i, p in enumerate(parts) for v in p]
    return pd.DataFrame(rows)


def brokers(data: nx.MultiDiGraph[str] | Dataset, seed: int = 0, top: int = 10, k: int | None = None) -> pd.DataFrame:
    """Entities that connect otherwise separate parts: betweenness > 0, with how many communities they touch.

    Columns: ``label``, ``type``, ``betweenness``, ``degree``, ``communities_bridged`` (communities among
    the entity and its neighbours), ``neighbours`` (labels). The ``top`` highest betweenness first.

    >>> from graph.analysis.examples import example_graph
    >>> brokers(example_graph())["label"].tolist()
    ['温州市', '中国（温州）数安港', '美团']
    """
    g = as_graph(data)
    h = simple_undirected(g)
    cent = centrality(g, k=k, seed=seed)
    cent = cent[cent["betweenness"] > 0].head(top)
    comm = communities(g, seed=seed).set_index("node")["community"] if h.number_of_nodes() else pd.Series()
    rows = []
    for _, r in cent.iterrows():
        nbrs = sorted(h.neighbors(r["node"]))
        rows.append({"label": r["label"], "type": r["type"], "betweenness": r["betweenness"],
                     "degree": r["degree"],
                     "communities_bridged": len({comm[v] for v in [r["node"], *nbrs]}),
                     "neighbours": sorted(str(g.nodes[v].get("label", v)) for v in nbrs)})
    return pd.DataFrame(rows, columns=["label", "type", "betweenness", "degree", "communities_bridged",
                                       "neighbours"])
