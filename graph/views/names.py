"""Names in the views: node labels, safe file names for ego views, stable edge ids."""
from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import unquote

import networkx as nx

from graph.views.style import ORG_TYPES

FILE_NAME_CHARS = 40


def label_of(g: nx.MultiDiGraph[str], node: str) -> str:
    """The node's label, or the readable tail of its IRI when it has none."""
    label = str(g.nodes[node].get("label") or node)
    return unquote(label.rsplit("/", 1)[-1]) if label == node and "/" in node else label


def org_file_name(label: str, node_id: str) -> str:
    """A file name safe on every file system, readable (Chinese kept) and unique (a digest of the id).

    >>> org_file_name("中国（温州）数安港", "https://w3id.org/aikg/id/entity/x")[:10]
    '中国_温州_数安港-'
    """
    text = unicodedata.normalize("NFKC", label)
    kept = "".join(ch if ch.isalnum() else "_" for ch in text)
    kept = "_".join(part for part in kept.split("_") if part)[:FILE_NAME_CHARS] or "org"
    return f"{kept}-{hashlib.sha1(node_id.encode('utf-8')).hexdigest()[:8]}.html"


EGO_VIEWS_MAX = 200


def org_paths(g: nx.MultiDiGraph[str], limit: int = EGO_VIEWS_MAX) -> dict[str, str]:
    """Ego-view path (relative to the views folder) of each organisation node, sorted by node id.

    Every page inlines vis-network (~0.5 MB) to open offline on its own, so at most ``limit`` pages are
    written: the organisations with the most relations (ties by id). The others stay searchable, with
    their evidence, in the ecosystem view.
    """
    orgs = [n for n in g.nodes if g.nodes[n].get("type") in ORG_TYPES]
    if len(orgs) > limit:
        orgs = sorted(orgs, key=lambda n: (-g.degree(n), n))[:limit]
    return {n: "org/" + org_file_name(label_of(g, n), n) for n in sorted(orgs)}


def edge_id(*parts: str) -> str:
    """A stable id for a view edge from what identifies it."""
    return "e-" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
