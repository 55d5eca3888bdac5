"""Extractions → an rdflib Dataset: one named graph per document, provenance on every fact.

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
  dcterms:title; aikg:issuer e; aikg:recipient e; aikg:sha256; aikg:sourceFormat``.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD
from rdflib.term import Node

from extract.facts import Entity, Extraction, Fact, Metric, Provenance
from graph.iri import document_iri, entity_iri, fact_iri, graph_iri, mention_iri, metric_iri
from ontology.namespace import AIKG, AIKGD

PREFIXES = {"aikg": AIKG._NS, "d": AIKGD, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS}

# the terms used below, looked up once (namespace attribute access is slow in a hot loop)
_AIKG_Document = AIKG.Document
_AIKG_Fact = AIKG.Fact
_AIKG_Mention = AIKG.Mention
_AIKG_Metric = AIKG.Metric
_AIKG_confidence = AIKG.confidence
_AIKG_date = AIKG.date
_AIKG_docNumber = AIKG.docNumber
_AIKG_document = AIKG.document
_AIKG_documentDate = AIKG.documentDate
_AIKG_endOffset = AIKG.endOffset
_AIKG_evidence = AIKG.evidence
_AIKG_fileName = AIKG.fileName
_AIKG_issuer = AIKG.issuer
_AIKG_measure = AIKG.measure
_AIKG_mentionOf = AIKG.mentionOf
_AIKG_metricOf = AIKG.metricOf
_AIKG_recipient = AIKG.recipient
_AIKG_rule = AIKG.rule
_AIKG_sha256 = AIKG.sha256
_AIKG_sourceFormat = AIKG.sourceFormat
_AIKG_startOffset = AIKG.startOffset
_AIKG_status = AIKG.status
_AIKG_surface = AIKG.surface
_AIKG_unit = AIKG.unit
_AIKG_value = AIKG.value
_DCTERMS_title = DCTERMS.title
_PROV_Entity = PROV.Entity
_PROV_wasDerivedFrom = PROV.wasDerivedFrom
_RDF_object = RDF.object
_RDF_predicate = RDF.predicate
_RDF_subject = RDF.subject
_RDF_type = RDF.type
_RDFS_label = RDFS.label
_SKOS_altLabel = SKOS.altLabel
_SKOS_prefLabel = SKOS.prefLabel
_XSD_decimal = XSD.decimal
_XSD_integer = XSD.integer


def new_dataset() -> Dataset:
    ds = Dataset()
    for p, ns in PREFIXES.items():
        ds.bind(p, ns)
    return ds


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _provenance(g: Graph, node: URIRef, prov: Provenance, status: str, date: str | None, doc: URIRef) -> None:
    g.add((node, _AIKG_status, Literal(status)))
    if date:
        g.add((node, _AIKG_date, Literal(date)))
    g.add((node, _AIKG_evidence, _zh(prov.sentence)))
    g.add((node, _AIKG_startOffset, Literal(prov.start, datatype=_XSD_integer)))
    g.add((node, _AIKG_endOffset, Literal(prov.end, datatype=_XSD_integer)))
    g.add((node, _AIKG_rule, Literal(prov.rule)))
    g.add((node, _AIKG_confidence, Literal(prov.confidence, datatype=_XSD_decimal)))
    g.add((node, _AIKG_document, doc))
    g.add((node, _PROV_wasDerivedFrom, doc))


def _add_entity(g: Graph, ent: Entity, doc_id: str, doc: URIRef) -> None:
    e = entity_iri(ent.name)
    g.add((e, _RDF_type, AIKG[ent.type]))
    g.add((e, _RDFS_label, _zh(ent.name)))
    g.add((e, _SKOS_prefLabel, _zh(ent.name)))
    for alias in ent.aliases:
        g.add((e, _SKOS_altLabel, _zh(alias)))
    for m in ent.mentions:
        node = mention_iri(doc_id, m.start, m.end)
        g.add((node, _RDF_type, _AIKG_Mention))
        g.add((node, _AIKG_mentionOf, e))
        g.add((node, _AIKG_surface, _zh(m.surface)))
        g.add((node, _AIKG_startOffset, Literal(m.start, datatype=_XSD_integer)))
        g.add((node, _AIKG_endOffset, Literal(m.end, datatype=_XSD_integer)))
        g.add((node, _AIKG_rule, Literal(m.rule)))
        g.add((node, _AIKG_document, doc))


def _add_fact(g: Graph, f: Fact, doc_id: str, doc: URIRef) -> None:
    s, o, p = entity_iri(f.subject), entity_iri(f.object), AIKG[f.predicate]
    g.add((s, p, o))
    node = fact_iri(doc_id, f.subject, f.predicate, f.object, f.provenance.start)
    g.add((node, _RDF_type, _AIKG_Fact))
    g.add((node, _RDF_subject, s))
    g.add((node, _RDF_predicate, p))
    g.add((node, _RDF_object, o))
    _provenance(g, node, f.provenance, f.status, f.date, doc)


def _add_metric(g: Graph, m: Metric, doc_id: str, doc: URIRef) -> None:
    node = metric_iri(doc_id, m.subject, m.measure, m.provenance.start)
    g.add((node, _RDF_type, _AIKG_Metric))
    g.add((node, _AIKG_metricOf, entity_iri(m.subject)))
    g.add((node, _AIKG_measure, Literal(m.measure)))
    g.add((node, _AIKG_value, Literal(format(Decimal(str(m.value)), "f"), datatype=_XSD_decimal)))
    g.add((node, _AIKG_unit, Literal(m.unit)))
    _provenance(g, node, m.provenance, m.status, m.date, doc)


class _Triples(list):  # type: ignore[type-arg]
    """Collects triples with ``add`` like an rdflib Graph, without indexing them."""

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self.append(triple)


def extraction_triples(ex: Extraction) -> list[tuple[Node, Node, Node]]:
    """The triples of one document's named graph (``graph_iri(ex.document.id)``), as a plain list.

    The build writes these straight into the store; ``add_extraction`` adds them to a Dataset.
    """
    g = _Triples()
    _write_extraction(g, ex)
    return g


def add_extraction(ds: Dataset, ex: Extraction) -> Graph:
    """Write one document's extraction into its own named graph (replacing nothing: pure add)."""
    g = ds.graph(graph_iri(ex.document.id))
    g.addN((s, p, o, g) for s, p, o in extraction_triples(ex))
    return g


def _write_extraction(g: Any, ex: Extraction) -> None:
    doc_id = ex.document.id
    doc = document_iri(doc_id)
    meta = ex.document.meta
    g.add((doc, _RDF_type, _AIKG_Document))
    g.add((doc, _RDF_type, _PROV_Entity))
    g.add((doc, _AIKG_fileName, Literal(doc_id)))
    g.add((doc, _AIKG_sourceFormat, Literal(ex.document.source_format)))
    if ex.document.sha256:
        g.add((doc, _AIKG_sha256, Literal(ex.document.sha256)))
    if meta.doc_number:
        g.add((doc, _AIKG_docNumber, Literal(meta.doc_number)))
    if meta.date:
        g.add((doc, _AIKG_documentDate, Literal(meta.date)))
    if meta.title:
        g.add((doc, _DCTERMS_title, _zh(meta.title)))
    if meta.issuer:
        g.add((doc, _AIKG_issuer, entity_iri(meta.issuer)))
    if meta.recipient:
        g.add((doc, _AIKG_recipient, entity_iri(meta.recipient)))
    for ent in ex.entities:
        _add_entity(g, ent, doc_id, doc)
    for f in ex.facts:
        _add_fact(g, f, doc_id, doc)
    for m in ex.metrics:
        _add_metric(g, m, doc_id, doc)


def to_dataset(extractions: Iterable[Extraction]) -> Dataset:
    """All extractions as one Dataset, a named graph per document."""
    ds = new_dataset()
    for ex in extractions:
        add_extraction(ds, ex)
    return ds
