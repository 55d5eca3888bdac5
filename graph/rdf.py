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

from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from extract.facts import Entity, Extraction, Fact, Metric, Provenance
from graph.iri import document_iri, entity_iri, fact_iri, graph_iri, mention_iri, metric_iri
from ontology.namespace import AIKG, AIKGD

PREFIXES = {"aikg": AIKG._NS, "d": AIKGD, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS}


def new_dataset() -> Dataset:
    ds = Dataset()
    for p, ns in PREFIXES.items():
        ds.bind(p, ns)
    return ds


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _provenance(g: Graph, node: URIRef, prov: Provenance, status: str, date: str | None, doc: URIRef) -> None:
    g.add((node, AIKG.status, Literal(status)))
    if date:
        g.add((node, AIKG.date, Literal(date)))
    g.add((node, AIKG.evidence, _zh(prov.sentence)))
    g.add((node, AIKG.startOffset, Literal(prov.start, datatype=XSD.integer)))
    g.add((node, AIKG.endOffset, Literal(prov.end, datatype=XSD.integer)))
    g.add((node, AIKG.rule, Literal(prov.rule)))
    g.add((node, AIKG.confidence, Literal(prov.confidence, datatype=XSD.decimal)))
    g.add((node, AIKG.document, doc))
    g.add((node, PROV.wasDerivedFrom, doc))


def _add_entity(g: Graph, ent: Entity, doc_id: str, doc: URIRef) -> None:
    e = entity_iri(ent.name)
    g.add((e, RDF.type, AIKG[ent.type]))
    g.add((e, RDFS.label, _zh(ent.name)))
    g.add((e, SKOS.prefLabel, _zh(ent.name)))
    for alias in ent.aliases:
        g.add((e, SKOS.altLabel, _zh(alias)))
    for m in ent.mentions:
        node = mention_iri(doc_id, m.start, m.end)
        g.add((node, RDF.type, AIKG.Mention))
        g.add((node, AIKG.mentionOf, e))
        g.add((node, AIKG.surface, _zh(m.surface)))
        g.add((node, AIKG.startOffset, Literal(m.start, datatype=XSD.integer)))
        g.add((node, AIKG.endOffset, Literal(m.end, datatype=XSD.integer)))
        g.add((node, AIKG.rule, Literal(m.rule)))
        g.add((node, AIKG.document, doc))


def _add_fact(g: Graph, f: Fact, doc_id: str, doc: URIRef) -> None:
    s, o, p = entity_iri(f.subject), entity_iri(f.object), AIKG[f.predicate]
    g.add((s, p, o))
    node = fact_iri(doc_id, f.subject, f.predicate, f.object, f.provenance.start)
    g.add((node, RDF.type, AIKG.Fact))
    g.add((node, RDF.subject, s))
    g.add((node, RDF.predicate, p))
    g.add((node, RDF.object, o))
    _provenance(g, node, f.provenance, f.status, f.date, doc)


def _add_metric(g: Graph, m: Metric, doc_id: str, doc: URIRef) -> None:
    node = metric_iri(doc_id, m.subject, m.measure, m.provenance.start)
    g.add((node, RDF.type, AIKG.Metric))
    g.add((node, AIKG.metricOf, entity_iri(m.subject)))
    g.add((node, AIKG.measure, Literal(m.measure)))
    g.add((node, AIKG.value, Literal(format(Decimal(str(m.value)), "f"), datatype=XSD.decimal)))
    g.add((node, AIKG.unit, Literal(m.unit)))
    _provenance(g, node, m.provenance, m.status, m.date, doc)


def add_extraction(ds: Dataset, ex: Extraction) -> Graph:
    """Write one document's extraction into its own named graph (replacing nothing: pure add)."""
    doc_id = ex.document.id
    g = ds.graph(graph_iri(doc_id))
    doc = document_iri(doc_id)
    meta = ex.document.meta
    g.add((doc, RDF.type, AIKG.Document))
    g.add((doc, RDF.type, PROV.Entity))
    g.add((doc, AIKG.fileName, Literal(doc_id)))
    g.add((doc, AIKG.sourceFormat, Literal(ex.document.source_format)))
    if ex.document.sha256:
        g.add((doc, AIKG.sha256, Literal(ex.document.sha256)))
    if meta.doc_number:
        g.add((doc, AIKG.docNumber, Literal(meta.doc_number)))
    if meta.date:
        g.add((doc, AIKG.documentDate, Literal(meta.date)))
    if meta.title:
        g.add((doc, DCTERMS.title, _zh(meta.title)))
    if meta.issuer:
        g.add((doc, AIKG.issuer, entity_iri(meta.issuer)))
    if meta.recipient:
        g.add((doc, AIKG.recipient, entity_iri(meta.recipient)))
    for ent in ex.entities:
        _add_entity(g, ent, doc_id, doc)
    for f in ex.facts:
        _add_fact(g, f, doc_id, doc)
    for m in ex.metrics:
        _add_metric(g, m, doc_id, doc)
    return g


def to_dataset(extractions: Iterable[Extraction]) -> Dataset:
    """All extractions as one Dataset, a named graph per document."""
    ds = new_dataset()
    for ex in extractions:
        add_extraction(ds, ex)
    return ds
