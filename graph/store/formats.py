"""Query results in the SPARQL 1.1 result formats (JSON, XML, CSV, TSV) and RDF formats, negotiated.

>>> negotiate("text/csv;q=0.5, application/sparql-results+json", "SELECT")
'application/sparql-results+json'
>>> negotiate(None, "CONSTRUCT")
'text/turtle'
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph
from pyoxigraph import BlankNode, NamedNode, RdfFormat

from graph.rdf.terms import PREFIXES, RDF_LANG_STRING, XSD_STRING, Term
from graph.store.results import QueryResult

RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values")
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
ALIASES = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
           "text/xml": "application/sparql-results+xml", "text/plain": "application/n-triples",
           "application/x-turtle": "text/turtle"}
FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "ntriples": "application/n-triples", "nt": "application/n-triples",
                "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}
_RDF_FORMATS = {"text/turtle": RdfFormat.TURTLE, "application/n-triples": RdfFormat.N_TRIPLES,
                "application/rdf+xml": RdfFormat.RDF_XML, "application/ld+json": RdfFormat.JSON_LD}


def _accepted(accept: str) -> list[tuple[float, int, str]]:
    out = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mime, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if mime and q > 0:
            out.append((q, -i, mime))
    return sorted(out, reverse=True)


def negotiate(accept: str | None, form: str, format_name: str | None = None) -> str | None:
    """The media type to answer with for a query of ``form``, or None when nothing acceptable exists."""
    offered = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    if format_name:
        mime = FORMAT_NAMES.get(format_name.lower(), format_name.lower())
        mime = ALIASES.get(mime, mime)
        return mime if mime in offered else None
    if not accept:
        return offered[0]
    for _, _, mime in _accepted(accept):
        mime = ALIASES.get(mime, mime)
        if mime in offered:
            return mime
        if mime in ("*/*", "application/*", "text/*"):
            prefix = mime.split("/")[0]
            return next((m for m in offered if prefix == "*" or m.startswith(prefix + "/")), None)
    return None


def _json_term(t: Term) -> dict[str, str]:
    if isinstance(t, NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
        out["datatype"] = t.datatype.value
    return out


def _xml_term(t: Term) -> str:
    if isinstance(t, NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
    if t.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
    return f"<literal>{escape(t.value)}</literal>"


def _csv_value(t: Term | None) -> str:
    return "" if t is None else (f"_:{t.value}" if isinstance(t, BlankNode) else t.value)


def serialize(result: QueryResult, mime: str) -> bytes:
    """``result`` in ``mime`` (one of ``RESULT_TYPES`` or ``GRAPH_TYPES``)."""
    if result.kind == "graph":
        if mime not in _RDF_FORMATS:
            raise ValueError(f"a graph result cannot be written as {mime}")
        # data IRIs are percent-encoded Chinese: as prefixed names they would be unreadable escapes
        prefixes = {p: str(ns) for p, ns in PREFIXES.items() if p != "d"}
        fmt = _RDF_FORMATS[mime]
        kwargs: dict[str, Any] = {"prefixes": prefixes} if fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML) else {}
        return pyoxigraph.serialize(result.triples, format=fmt, **kwargs) or b""
    if mime == "application/sparql-results+json":
        if result.kind == "ask":
            doc: dict[str, Any] = {"head": {}, "boolean": bool(result.boolean)}
        else:
            doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": [
                {v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if mime == "application/sparql-results+xml":
        parts = ['<?xml version="1.0" encoding="utf-8"?>',
                 '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        if result.kind == "ask":
            parts += ["<head/>", f"<boolean>{str(bool(result.boolean)).lower()}</boolean>"]
        else:
            parts.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables) + "</head>")
            parts.append("<results>")
            for row in result.rows:
                cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                for v, t in zip(result.variables, row) if t is not None)
                parts.append(f"<result>{cells}</result>")
            parts.append("</results>")
        parts.append("</sparql>")
        return "\n".join(parts).encode("utf-8")
    names, rows = result.table()
    if mime == "text/csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(names)
        w.writerows([_csv_value(t) for t in row] for row in rows)
        return buf.getvalue().encode("utf-8")
    if mime == "text/tab-separated-values":
        lines = ["\t".join("?" + n for n in names) if result.kind != "ask" else "?boolean"]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unsupported result type {mime}")


def content_type(mime: str) -> str:
    """The Content-Type header value (UTF-8 stated for text formats)."""
    return f"{mime}; charset=utf-8" if mime.startswith("text/") or "json" in mime or "xml" in mime else mime


__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "content_type", "negotiate", "serialize"]
