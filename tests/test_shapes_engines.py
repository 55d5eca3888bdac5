"""rudof, the SHACL engine of graph.validate, against pyshacl, the reference implementation: on this
project's shapes both find the same violations and warnings, each broken constraint seen by both.

Each case breaks one thing in a well-typed document (or leaves it well typed); rudof's report must
equal the report pyshacl makes of the same data with the same shapes and ontology.
"""
from __future__ import annotations

from collections.abc import Callable

import pyshacl
import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from test_shapes import WELL_TYPED, extraction

from graph.rdf import to_dataset
from graph.validate import ValidationReport, _issues, _shapes_graph, _violation_shapes, union_graph, validate
from ontology import AIKG, ontology_graph

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

WITH_GAPS = extraction(   # a platform nobody built, an isolated institute, a planned fact without a date
    "gaps.txt", {"温州市": "GovernmentBody", "智能谷": "Platform", "温州研究院": "ResearchInstitute", "美团": "Company"},
    [("温州市", "signedAgreementWith", "美团", "planned", None), ("智能谷", "clusters", "美团", "achieved", None)])


def _first(g: Graph, cls: URIRef) -> URIRef:
    return min(g.subjects(RDF.type, cls))  # type: ignore[type-var,return-value]


def _set(g: Graph, cls: URIRef, prop: URIRef, value: object) -> None:
    node = _first(g, cls)
    g.remove((node, prop, None))
    if value is not None:
        g.add((node, prop, value))  # type: ignore[arg-type]


CASES: dict[str, Callable[[Graph], None]] = {
    "well typed": lambda g: None,
    "fact without evidence": lambda g: _set(g, AIKG.Fact, AIKG.evidence, None),
    "empty evidence": lambda g: _set(g, AIKG.Fact, AIKG.evidence, Literal("", lang="zh")),
    "source is not a document": lambda g: _set(g, AIKG.Fact, AIKG.document, URIRef("urn:x:nodoc")),
    "offset as text": lambda g: _set(g, AIKG.Fact, AIKG.startOffset, Literal("12")),
    "negative offset": lambda g: _set(g, AIKG.Fact, AIKG.startOffset, Literal(-3, datatype=XSD.integer)),
    "start after end": lambda g: _set(g, AIKG.Fact, AIKG.startOffset, Literal(10**9, datatype=XSD.integer)),
    "no rule": lambda g: _set(g, AIKG.Fact, AIKG.rule, None),
    "unknown status": lambda g: _set(g, AIKG.Fact, AIKG.status, Literal("done")),
    "malformed date": lambda g: _set(g, AIKG.Fact, AIKG.date, Literal("2024/05")),
    "predicate not a relation": lambda g: _set(g, AIKG.Fact, RDF.predicate, AIKG.metricOf),
    "object a literal": lambda g: _set(g, AIKG.Fact, RDF.object, Literal("x")),
    "metric of nothing": lambda g: _set(g, AIKG.Metric, AIKG.metricOf, None),
    "metric of a non-entity": lambda g: _set(g, AIKG.Metric, AIKG.metricOf, URIRef("urn:x:thing")),
    "value not a number": lambda g: _set(g, AIKG.Metric, AIKG.value, Literal("三百", datatype=XSD.decimal)),
    "unknown unit": lambda g: _set(g, AIKG.Metric, AIKG.unit, Literal("yuan")),
    "entity without a name": lambda g: _set(g, AIKG.Company, RDFS.label, None),
    "document as a builder": lambda g: g.add((_first(g, AIKG.Document), AIKG.coBuilt, _first(g, AIKG.Company))),
    "event hosted by a document": lambda g: g.add((_first(g, AIKG.Company), AIKG.hosted, _first(g, AIKG.Document))),
}


def _pyshacl(data: Graph, warnings: bool) -> ValidationReport:
    _, results, _ = pyshacl.validate(data, shacl_graph=_shapes_graph() if warnings else _violation_shapes(),
                                     ont_graph=ontology_graph(), inference="none", allow_warnings=True,
                                     allow_infos=True, advanced=False)
    issues = _issues(results)
    return ValidationReport(conforms=not any(i.severity == "Violation" for i in issues),
                            violations=tuple(i for i in issues if i.severity == "Violation"),
                            warnings=tuple(i for i in issues if i.severity != "Violation"))


@pytest.mark.parametrize("warnings", [True, False], ids=["all shapes", "violation shapes"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_shapes_engines_rudof_reports_what_pyshacl_reports(case: str, warnings: bool) -> None:
    data = union_graph(to_dataset([WELL_TYPED, WITH_GAPS]))
    mentions = set(data.subjects(RDF.type, AIKG.Mention))
    for t in list(data):
        if t[0] in mentions:
            data.remove(t)
    CASES[case](data)
    got, want = validate(data, warnings=warnings), _pyshacl(data, warnings)
    assert got == want
    assert (case == "well typed") == got.conforms
    if warnings:
        assert {"PlatformBuilderPresent", "IsolatedRelation"} <= {i.shape_name for i in got.warnings}
