"""The one place IRIs are minted: stable for the same canonical name across documents and runs."""
from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import quote

from rdflib import URIRef

from ontology.namespace import DATA_IRI

_QUOTES = "“”‘’\"'《》〈〉「」『』"


def canonical_key(name: str) -> str:
    """Normalise a name for identity: NFKC, no quotes or white space (as the scorer compares names).

    >>> canonical_key("中国（温州）数安港") == canonical_key("中国(温州)数安港")
    True
    """
    s = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in s if ch not in _QUOTES and not ch.isspace()).lower()


def _slug(text: str) -> str:
    return quote(text, safe="")


def entity_iri(name: str) -> URIRef:
    """IRI of an entity from its canonical name."""
    return URIRef(entity_iri_value(name))


def entity_iri_value(name: str) -> str:
    """``entity_iri(name)`` as a plain string (what pyoxigraph terms are made from)."""
    return f"{DATA_IRI}entity/{_slug(canonical_key(name))}"


def document_iri(doc_id: str) -> URIRef:
    return URIRef(f"{DATA_IRI}doc/{_slug(doc_id)}")


def graph_iri(doc_id: str) -> URIRef:
    """The named graph that holds everything one document says."""
    return URIRef(f"{DATA_IRI}graph/{_slug(doc_id)}")


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def fact_iri_value(doc_id: str, subject: str, predicate: str, obj: str, start: int) -> str:
    return f"{DATA_IRI}fact/{_digest(doc_id, canonical_key(subject), predicate, canonical_key(obj), start)}"


def metric_iri_value(doc_id: str, subject: str, measure: str, start: int) -> str:
    return f"{DATA_IRI}metric/{_digest(doc_id, canonical_key(subject), measure, start)}"


def mention_iri_value(doc_id: str, start: int, end: int) -> str:
    return f"{DATA_IRI}mention/{_digest(doc_id, start, end)}"


def place_iri_value(province: str | None, city: str | None, district: str | None) -> str:
    """The IRI of a place from its chain of names, one path segment per level (``-`` for a level it skips):
    ``place/浙江省`` a province, ``place/浙江省/温州市`` a city, ``place/北京市/-/海淀区`` a district. The
    number of segments is the level, so one name at two levels gives two places."""
    parts = [province, city, district]
    while parts and not parts[-1]:
        parts.pop()
    if not parts:
        raise ValueError("a place needs at least one of province, city, district")
    return f"{DATA_IRI}place/" + "/".join(_slug(p) if p else "-" for p in parts)


def place_statement_iri_value(doc_id: str) -> str:
    """The record of how one document's place was read (one a document)."""
    return f"{DATA_IRI}placement/{_digest(doc_id)}"


def fact_iri(doc_id: str, subject: str, predicate: str, obj: str, start: int) -> URIRef:
    return URIRef(fact_iri_value(doc_id, subject, predicate, obj, start))


def metric_iri(doc_id: str, subject: str, measure: str, start: int) -> URIRef:
    return URIRef(metric_iri_value(doc_id, subject, measure, start))


def mention_iri(doc_id: str, start: int, end: int) -> URIRef:
    return URIRef(mention_iri_value(doc_id, start, end))
