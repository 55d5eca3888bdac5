"""Validate the graph with the SHACL shapes: violations fail the build, warnings feed the gap analysis.

The engine is rudof (``pyrudof``, Rust): on this project's shapes it gives the same results as pyshacl
(``tests/test_shapes_engines.py`` holds both to that) about ten times faster, which is what lets a
build check a thousand documents in seconds.

>>> from graph.rdf import new_dataset
>>> validate(new_dataset()).conforms
True
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from functools import cache

import pyoxigraph as ox
import pyrudof
from rdflib import RDF, ConjunctiveGraph, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from graph.rdf.terms import ox_triple, rdf_bytes
from ontology import ontology_graph, shapes_ttl
from ontology.namespace import AIKG, AIKG_IRI

__all__ = ["DocumentValidator", "Issue", "ValidationReport", "document_violations", "validate"]

log = logging.getLogger(__name__)

SHAPES_IRI = "https://w3id.org/aikg/shapes#"
_SEVERITY: dict[Node | None, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True, order=True)
class Issue:
    """One SHACL result: which node, which property path, what to fix (zh and en), which shape."""

    severity: str            # "Violation", "Warning" or "Info"
    shape: str               # the shape's IRI, e.g. https://w3id.org/aikg/shapes#ProvenanceEvidence
    focus: str               # IRI of the node that breaks the shape
    path: str | None         # property path in Turtle-ish form (aikg:evidence, ^aikg:coBuilt|…), if any
    value: str | None        # the offending value, if any
    message_zh: str
    message_en: str

    @property
    def shape_name(self) -> str:
        """The shape's local name (``ProvenanceEvidence``)."""
        return self.shape.rsplit("#", 1)[-1]


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of ``validate``: conforms when there is no violation (warnings do not count).

    ``warnings`` holds sh:Warning results (and sh:Info, should a shape use it), sorted.
    """

    conforms: bool
    violations: tuple[Issue, ...]
    warnings: tuple[Issue, ...]

    def summary(self) -> str:
        """One line: ``conforms: 0 violations, 3 warnings``."""
        head = "conforms" if self.conforms else "does not conform"
        return f"{head}: {len(self.violations)} violations, {len(self.warnings)} warnings"


@cache
def _shapes_graph() -> Graph:
    return Graph().parse(data=shapes_ttl(), format="turtle")


def union_graph(data: Dataset | Graph) -> Graph:
    """All triples of every named graph (and the default graph) of ``data`` in one plain Graph."""
    if not isinstance(data, ConjunctiveGraph):       # a plain Graph is its own union (a Dataset is conjunctive)
        return data
    g = Graph()
    for prefix, ns in data.namespaces():
        g.bind(prefix, ns, override=False)
    for s, p, o, _ in data.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


_PREFIXES = {AIKG_IRI: "aikg:", str(RDF): "rdf:", "http://www.w3.org/2000/01/rdf-schema#": "rdfs:"}


def _short(term: Node) -> str:
    s = str(term)
    for ns, prefix in _PREFIXES.items():
        if s.startswith(ns):
            return prefix + s[len(ns):]
    return f"<{s}>"


def _path_text(g: Graph, node: Node | None) -> str | None:
    """A SHACL path node as text: ``aikg:coBuilt``, ``^aikg:coBuilt``, ``(^aikg:coBuilt|…)``."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return _short(node)
    inverse = g.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + (_path_text(g, inverse) or "")
    alternatives = g.value(node, SH.alternativePath)
    if alternatives is not None:
        items = list(g.items(alternatives))
        return "(" + "|".join(_path_text(g, i) or "" for i in items) + ")"
    return str(node)


def _messages(shapes: Graph, shape: Node | None) -> tuple[str, str]:
    """The shape's sh:message in Chinese and in English (either stands in for a missing other)."""
    zh = en = plain = ""
    for m in sorted(shapes.objects(shape, SH.message), key=str):
        lang = m.language if isinstance(m, Literal) else None
        if lang and lang.startswith("zh"):
            zh = zh or str(m)
        elif lang and lang.startswith("en"):
            en = en or str(m)
        else:
            plain = plain or str(m)
    return zh or plain or en, en or plain or zh


def _issues(results: Graph) -> list[Issue]:
    """The results of a SHACL report graph as issues; messages, paths and severities are the shapes' own."""
    shapes = _shapes_graph()
    out = []
    for r in results.objects(None, SH.result):          # the report's results, not the details under them
        focus, value = results.value(r, SH.focusNode), results.value(r, SH.value)
        shape = results.value(r, SH.sourceShape)
        path = shapes.value(shape, SH.path)
        if path is None and value == focus:   # a node-level result repeats the focus node as value
            value = None
        if path is None:    # a relation-signature shape: name the relation whose subject is wrong
            path = shapes.value(shape, SH.targetSubjectsOf)
        zh, en = _messages(shapes, shape)
        out.append(Issue(
            severity=_SEVERITY.get(results.value(r, SH.resultSeverity), "Violation"),
            shape=str(shape),
            focus=str(focus),
            path=_path_text(shapes, path),
            value=None if value is None else str(value),
            message_zh=zh, message_en=en))
    # sorted as the dataclass orders, a missing path or value first (two results of one node and shape, one
    # with a value and one without, cannot compare None with a str)
    return sorted(set(out), key=lambda i: tuple("" if v is None else v for v in astuple(i)))


@cache
def _violation_shapes() -> Graph:
    """The shapes without the warning-only node shapes (the gaps): what a build must pass."""
    g = Graph()
    full = _shapes_graph()
    for t in full:
        g.add(t)
    for shape in set(full.subjects(SH.targetClass, None)) | set(full.subjects(SH.targetSubjectsOf, None)):
        props = list(full.objects(shape, SH.property))
        severities = {full.value(x, SH.severity) for x in [shape, *props]} - {None}
        if severities == {SH.Warning}:
            for target in (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf):
                g.remove((shape, target, None))
    return g


@cache
def _shapes_text(warnings: bool) -> str:
    return shapes_ttl() if warnings else _violation_shapes().serialize(format="turtle")


@cache
def _ontology_text() -> str:
    """The ontology as N-Triples, mixed into the data so that subclasses count (a Lab is a ResearchInstitute)."""
    return ontology_graph().serialize(format="nt")


_MENTION = ox.NamedNode(str(AIKG.Mention))
_TYPE = ox.NamedNode(str(RDF.type))


def _triples(data: Dataset | Graph | Iterable[ox.Quad | ox.Triple]) -> list[ox.Triple]:
    """The union of ``data``'s graphs as pyoxigraph triples, mention records left out: they carry no
    constraint and are most of the triples."""
    if isinstance(data, ConjunctiveGraph):
        triples = [ox_triple(s, p, o) for s, p, o, _ in data.quads((None, None, None, None))]
    elif isinstance(data, Graph):
        triples = [ox_triple(s, p, o) for s, p, o in data]
    else:
        triples = [q.triple if isinstance(q, ox.Quad) else q for q in data]
    mentions = {t.subject for t in triples if t.predicate == _TYPE and t.object == _MENTION}
    return [t for t in triples if t.subject not in mentions] if mentions else triples


def _report(engine: pyrudof.Rudof) -> ValidationReport:
    """The validation results of ``engine`` (data and shapes read) as a report."""
    report = engine.validate_shacl()
    issues: list[Issue] = []
    if not report.conforms or len(report):
        results = engine.serialize_shacl_validation_results(format=pyrudof.ResultShaclValidationFormat.NTriples)
        issues = _issues(Graph().parse(data=results, format="nt"))
    violations = tuple(i for i in issues if i.severity == "Violation")
    rest = tuple(i for i in issues if i.severity != "Violation")
    return ValidationReport(conforms=not violations, violations=violations, warnings=rest)


class DocumentValidator:
    """Checks one document's graph at a time against the shapes, as ``validate(quads, warnings=False)`` does
    (the ontology mixed in, the warning-only shapes left out), but with the ontology and the shapes read once:
    each document's triples are staged over them and rolled back after (reading the ontology is most of the
    cost of checking one document alone). Not thread-safe: one a thread (``document_violations``).

    >>> DocumentValidator().check([]).conforms
    True
    """

    def __init__(self) -> None:
        self._engine = pyrudof.Rudof(pyrudof.RudofConfig())
        self._engine.read_data(_ontology_text(), format=pyrudof.RDFFormat.NTriples)
        self._engine.read_shacl(_shapes_text(False))

    def check(self, quads: Iterable[ox.Quad | ox.Triple]) -> ValidationReport:
        """The report of the union of ``quads`` (one document's graph) with the ontology."""
        triples = _triples(quads)
        self._engine.begin_staging()
        try:
            if triples:
                self._engine.read_data(rdf_bytes(triples, ox.RdfFormat.N_TRIPLES).decode("utf-8"),
                                       format=pyrudof.RDFFormat.NTriples, merge=True)
            return _report(self._engine)
        finally:
            self._engine.rollback_staging()


_local = threading.local()


def document_violations(quads: Iterable[ox.Quad | ox.Triple]) -> tuple[Issue, ...]:
    """The SHACL violations of one document's graph (``DocumentValidator``, one per thread, made once)."""
    validator: DocumentValidator | None = getattr(_local, "validator", None)
    if validator is None:
        validator = _local.validator = DocumentValidator()
    return validator.check(quads).violations


def validate(ds: Dataset | Graph | Iterable[ox.Quad | ox.Triple], *, warnings: bool = True) -> ValidationReport:
    """Check ``ds`` (the union of its named graphs: a Dataset, a Graph, or pyoxigraph quads or triples)
    against ``ontology/shapes.ttl``.

    The ontology is mixed in so that subclasses count; no other inference is run, so the data is judged
    as written. Warnings (sh:Warning) do not break conformance; ``warnings=False`` skips the
    warning-only shapes (the gaps), which is all a build needs and faster.
    """
    triples = _triples(ds)
    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    engine.read_data(_ontology_text(), format=pyrudof.RDFFormat.NTriples)
    if triples:
        engine.read_data(rdf_bytes(triples, ox.RdfFormat.N_TRIPLES).decode("utf-8"),
                         format=pyrudof.RDFFormat.NTriples, merge=True)
    engine.read_shacl(_shapes_text(warnings))
    out = _report(engine)
    log.info("SHACL over %d triples: %s", len(triples), out.summary())
    return out
