"""Render the entity graph as GraphML and GEXF (networkx writers); returns bytes, writes no files.

Both formats want scalar attributes: lists are joined with ``|``, None is dropped, and characters XML
1.0 cannot carry (control characters other than tab/newline/CR) are removed; a CR is written ``&#13;``.
Nodes and edges are written in sorted order; the GEXF "last modified" date is left out so the bytes
depend on the data only.
"""
from __future__ import annotations

import io
import re
from typing import Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

__all__ = ["gexf", "graphml", "scalar_graph"]

_GEXF_TIME = ("start", "end")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return _XML_ILLEGAL.sub("", "|".join(str(v) for v in items))
    if isinstance(value, (bool, int, float)):
        return value
    return _XML_ILLEGAL.sub("", str(value))


def _attrs(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: _scalar(v) for k, v in sorted(data.items())}
    return {k: v for k, v in out.items() if v is not None}


def scalar_graph(g: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """A copy of ``g`` with scalar, XML-safe attributes, nodes and edges inserted in sorted order."""
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for n, d in sorted(g.nodes.items()):
        out.add_node(n, **_attrs(d))
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        out.add_edge(u, v, key=str(k), **_attrs(d))
    return out


def graphml(g: nx.MultiDiGraph[str]) -> bytes:
    """GraphML; edge ids are the fact IRIs."""
    buf = io.BytesIO()
    nx.write_graphml_xml(scalar_graph(g), buf, encoding="utf-8", prettyprint=True)
    return _keep_cr(buf.getvalue())


def gexf(g: nx.MultiDiGraph[str]) -> bytes:
    """GEXF 1.2; edge ids are the fact IRIs, offsets are ``start_offset``/``end_offset``; no date."""
    sg = scalar_graph(g)
    for u, v, k, d in sg.edges(keys=True, data=True):
        d["id"] = k
        for name in _GEXF_TIME:        # GEXF reads start/end as time spans: keep offsets as offsets
            if name in d:
                d[f"{name}_offset"] = d.pop(name)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(sg)
    buf = io.BytesIO()
    writer.write(buf)
    return _keep_cr(buf.getvalue())


def _keep_cr(xml: bytes) -> bytes:
    """A carriage return written as itself reads back as a line feed (XML end-of-line handling); as the
    reference ``&#13;`` it stays. The writers end lines with LF only, so every CR here is data."""
    return xml.replace(b"\r", b"&#13;")
