"""Extractions → RDF quads: one named graph per document, provenance on every fact.

``extraction_quads`` makes pyoxigraph terms (what the store takes, fast); ``add_extraction`` and
``to_dataset`` give the same quads as an rdflib Dataset.

Model (all inside the document's named graph ``graph_iri(doc)``):

* entity ``e``: ``e a aikg:<Type>; rdfs:label; skos:prefLabel; skos:altLabel`` (aliases);
  each mention: ``m a aikg:Mention; aikg:mentionOf e; aikg:surface; aikg:startOffset; aikg:endOffset;
  aikg:rule; aikg:document d``.
* relation: the direct triple ``s aikg:<predicate> o`` plus a record
  ``f a aikg:Fact; rdf:subject s; rdf:predicate aikg:<p>; rdf:object o; aikg:status; aikg:date;
  aikg:evidence; aikg:startOffset; aikg:endOffset; aikg:rule; aikg:confidence; aikg:document d;
  prov:wasDerivedFrom d``.
* metric: ``x a aikg:Metric; aikg:metricOf s; aikg:measure; aikg:value; aikg:unit`` + the same
  provenance properties as a fact.
* document ``d a aikg:Document, prov:Entity; aikg:fileName; aikg:docNumber; aikg:documentDate;
  dcterms:title; aikg:issuer e; aikg:recipient e; aikg:sha256; aikg:sourceFormat; aikg:place p``.
* place (``Extraction.place``): ``p a aikg:Place; rdfs:label; aikg:placeLevel; aikg:parentPlace q`` up to
  the province, and the record of the reading ``r a aikg:PlaceStatement; aikg:statedPlace p;
  aikg:placeSource e; aikg:surface; aikg:startOffset; aikg:endOffset; aikg:rule; aikg:document d;
  prov:wasDerivedFrom d`` (offsets and surface of the mention it was read from, when the text says it; no
  rdf:subject/object, which the questions over facts read).
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, Dataset, Graph
from rdflib.namespace import DCTERMS, PROV, XSD

from extract.facts import Entity, Extraction, Fact, Metric, Provenance
from graph.rdf.iri import (
    document_iri,
    entity_iri_value,
    fact_iri_value,
    graph_iri,
    mention_iri_value,
    metric_iri_value,
    place_iri_value,
    place_statement_iri_value,
)
from graph.rdf.places import LEVELS, place_levels
from graph.rdf.terms import new_dataset, rdflib_quads
from ontology.namespace import AIKG


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


# the vocabulary, as pyoxigraph terms made once (the writer runs per quad, hundreds of thousands a build)
_Document, _Fact, _Mention, _Metric, _Place, _PlaceStatement = (_node(AIKG[c]) for c in (
    "Document", "Fact", "Mention", "Metric", "Place", "PlaceStatement"))
_place, _placeLevel, _parentPlace, _placeSource, _statedPlace = (_node(AIKG[p]) for p in (
    "place", "placeLevel", "parentPlace", "placeSource", "statedPlace"))
(_confidence, _date, _docNumber, _document, _documentDate, _endOffset, _evidence, _fileName, _issuer,
 _measure, _mentionOf, _metricOf, _recipient, _rule, _sha256, _sourceFormat, _startOffset, _status,
 _surface, _unit, _value) = (_node(AIKG[p]) for p in (
    "confidence", "date", "docNumber", "document", "documentDate", "endOffset", "evidence", "fileName",
    "issuer", "measure", "mentionOf", "metricOf", "recipient", "rule", "sha256", "sourceFormat",
    "startOffset", "status", "surface", "unit", "value"))
_title, _ProvEntity, _wasDerivedFrom = _node(DCTERMS.title), _node(PROV.Entity), _node(PROV.wasDerivedFrom)
_object, _predicate, _subject, _type = _node(RDF.object), _node(RDF.predicate), _node(RDF.subject), _node(RDF.type)
_label, _altLabel, _prefLabel = _node(RDFS.label), _node(SKOS.altLabel), _node(SKOS.prefLabel)
_xsd_decimal, _integer = _node(XSD.decimal), _node(XSD.integer)


class _Writer:
    """Appends one document's quads (pyoxigraph terms, IRIs made once per document) to ``out``."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.graph = _node(graph_iri(doc_id))
        self.doc = _node(document_iri(doc_id))
        self.out: list[ox.Quad] = []
        self._iris: dict[str, ox.NamedNode] = {}
        self._classes: dict[str, ox.NamedNode] = {}

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.out.append(ox.Quad(s, p, o, self.graph))

    def entity(self, name: str) -> ox.NamedNode:
        node = self._iris.get(name)
        if node is None:
            node = self._iris[name] = ox.NamedNode(entity_iri_value(name))
        return node

    def cls(self, name: str) -> ox.NamedNode:
        """``aikg:<name>``, checked against the ontology's closed namespace (a typo raises)."""
        node = self._classes.get(name)
        if node is None:
            node = self._classes[name] = _node(AIKG[name])
        return node


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(int(n)), datatype=_integer)


def _decimal(value: float) -> ox.Literal:
    """An xsd:decimal in its canonical form (3788000000.0, not 3.788e+09 or 3788000000)."""
    text = format(Decimal(str(value)), "f")
    return ox.Literal(text if "." in text else text + ".0", datatype=_xsd_decimal)


def _provenance(w: _Writer, node: ox.NamedNode, prov: Provenance, status: str, date: str | None) -> None:
    w.add(node, _status, ox.Literal(status))
    if date:
        w.add(node, _date, ox.Literal(date))
    w.add(node, _evidence, _zh(prov.sentence))
    w.add(node, _startOffset, _int(prov.start))
    w.add(node, _endOffset, _int(prov.end))
    w.add(node, _rule, ox.Literal(prov.rule))
    w.add(node, _confidence, _decimal(prov.confidence))
    w.add(node, _document, w.doc)
    w.add(node, _wasDerivedFrom, w.doc)


def _add_entity(w: _Writer, ent: Entity) -> None:
    e = w.entity(ent.name)
    label = _zh(ent.name)
    w.add(e, _type, w.cls(ent.type))
    w.add(e, _label, label)
    w.add(e, _prefLabel, label)
    for alias in ent.aliases:
        w.add(e, _altLabel, _zh(alias))
    for m in ent.mentions:
        node = ox.NamedNode(mention_iri_value(w.doc_id, m.start, m.end))
        w.add(node, _type, _Mention)
        w.add(node, _mentionOf, e)
        w.add(node, _surface, _zh(m.surface))
        w.add(node, _startOffset, _int(m.start))
        w.add(node, _endOffset, _int(m.end))
        w.add(node, _rule, ox.Literal(m.rule))
        w.add(node, _document, w.doc)


def _add_fact(w: _Writer, f: Fact) -> None:
    s, o, p = w.entity(f.subject), w.entity(f.object), w.cls(f.predicate)
    w.add(s, p, o)
    node = ox.NamedNode(fact_iri_value(w.doc_id, f.subject, f.predicate, f.object, f.provenance.start))
    w.add(node, _type, _Fact)
    w.add(node, _subject, s)
    w.add(node, _predicate, p)
    w.add(node, _object, o)
    _provenance(w, node, f.provenance, f.status, f.date)


def _add_metric(w: _Writer, m: Metric) -> None:
    node = ox.NamedNode(metric_iri_value(w.doc_id, m.subject, m.measure, m.provenance.start))
    w.add(node, _type, _Metric)
    w.add(node, _metricOf, w.entity(m.subject))
    w.add(node, _measure, ox.Literal(m.measure))
    w.add(node, _value, _decimal(m.value))
    w.add(node, _unit, ox.Literal(m.unit))
    _provenance(w, node, m.provenance, m.status, m.date)


def _add_place(w: _Writer, ex: Extraction) -> None:
    """The document's place, the places above it, and the record of how it was read."""
    if ex.place is None:
        return
    levels = place_levels(ex.place)
    prefix: list[str | None] = [None, None, None]
    node: ox.NamedNode | None = None
    for i, (name, level) in enumerate(zip(levels, LEVELS)):
        if not name:
            continue
        prefix[i] = name
        parent, node = node, ox.NamedNode(place_iri_value(*prefix))
        w.add(node, _type, _Place)
        w.add(node, _label, _zh(name))
        w.add(node, _placeLevel, ox.Literal(level))
        if parent is not None:
            w.add(node, _parentPlace, parent)
    if node is None:
        return
    w.add(w.doc, _place, node)
    rec = ox.NamedNode(place_statement_iri_value(w.doc_id))
    w.add(rec, _type, _PlaceStatement)
    w.add(rec, _statedPlace, node)
    if ex.place.source and ex.entity(ex.place.source) is not None:
        w.add(rec, _placeSource, w.entity(ex.place.source))
    start, end, text = ex.place.start, ex.place.end, ex.document.text
    if 0 <= start < end <= len(text):
        w.add(rec, _surface, _zh(text[start:end]))
        w.add(rec, _startOffset, _int(start))
        w.add(rec, _endOffset, _int(end))
    w.add(rec, _rule, ox.Literal(ex.place.rule or "place"))
    w.add(rec, _document, w.doc)
    w.add(rec, _wasDerivedFrom, w.doc)


def extraction_quads(ex: Extraction) -> list[ox.Quad]:
    """The quads of one document's named graph (``graph_iri(ex.document.id)``) as pyoxigraph terms:
    what the store takes as it is. ``add_extraction`` and ``to_dataset`` give the same as rdflib terms."""
    w = _Writer(ex.document.id)
    doc, meta = w.doc, ex.document.meta
    w.add(doc, _type, _Document)
    w.add(doc, _type, _ProvEntity)
    w.add(doc, _fileName, ox.Literal(ex.document.id))
    w.add(doc, _sourceFormat, ox.Literal(ex.document.source_format))
    if ex.document.sha256:
        w.add(doc, _sha256, ox.Literal(ex.document.sha256))
    if meta.doc_number:
        w.add(doc, _docNumber, ox.Literal(meta.doc_number))
    if meta.date:
        w.add(doc, _documentDate, ox.Literal(meta.date))
    if meta.title:
        w.add(doc, _title, _zh(meta.title))
    if meta.issuer:
        w.add(doc, _issuer, w.entity(meta.issuer))
    if meta.recipient:
        w.add(doc, _recipient, w.entity(meta.recipient))
    for ent in ex.entities:
        _add_entity(w, ent)
    for f in ex.facts:
        _add_fact(w, f)
    for m in ex.metrics:
        _add_metric(w, m)
    _add_place(w, ex)
    return w.out


def add_extraction(ds: Dataset, ex: Extraction) -> Graph:
    """Write one document's extraction into its own named graph (replacing nothing: pure add)."""
    g = ds.graph(graph_iri(ex.document.id))
    g.addN((s, p, o, g) for s, p, o, _ in rdflib_quads(extraction_quads(ex)))
    return g


def to_dataset(extractions: Iterable[Extraction]) -> Dataset:
    """All extractions as one Dataset, a named graph per document."""
    ds = new_dataset()
    for ex in extractions:
        add_extraction(ds, ex)
    return ds
