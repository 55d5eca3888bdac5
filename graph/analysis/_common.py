"""Shared helpers of the analysis modules: input coercion, label normalisation, entity groups."""
from __future__ import annotations

import unicodedata

import networkx as nx
from rdflib import Dataset

from graph.network import to_networkx

# Who can "work on" something: organisations and places, not the planner's own bodies or documents.
ACTOR_TYPES: tuple[str, ...] = ("Company", "ResearchInstitute", "University", "Lab", "Platform", "Park",
                                "Alliance")
PLATFORM_TYPES: tuple[str, ...] = ("Platform", "Park", "ResearchInstitute", "University", "Lab")
GOVERNMENT_TYPES: tuple[str, ...] = ("GovernmentBody",)


def as_graph(data: Dataset | nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """The entity graph of ``data``: a networkx graph is returned as is, a Dataset is converted."""
    if isinstance(data, nx.Graph):
        return data
    if isinstance(data, Dataset):
        return to_networkx(data)
    raise TypeError(f"expected an rdflib Dataset or a networkx graph, got {type(data).__name__}; "
                    "pass graph.rdf.to_dataset(...) or graph.network.to_networkx(ds)")


def norm(text: str) -> str:
    """NFKC, lower case, no white space or quotes: the form names are compared in."""
    s = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in s if not ch.isspace() and ch not in "“”‘’\"'《》").lower()


def label(g: nx.MultiDiGraph[str], node: str) -> str:
    return str(g.nodes[node].get("label", node))


def simple_undirected(g: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """One undirected edge per connected pair (weight = number of facts), every node kept."""
    h: nx.Graph[str] = nx.Graph()
    h.add_nodes_from(sorted(g.nodes))
    for s, o in g.edges():
        if s == o:
            continue
        if h.has_edge(s, o):
            h[s][o]["weight"] += 1
        else:
            h.add_edge(s, o, weight=1)
    return h


def num(v: float) -> str:
    """A value for people: 3,788,000,000 or 18.65 (no exponent)."""
    v = float(v)
    return f"{round(v):,}" if abs(v - round(v)) < 1e-6 * max(1.0, abs(v)) else f"{v:,.2f}"
