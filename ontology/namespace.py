"""Namespace constants for the aikg ontology; a closed namespace, checked against aikg.ttl by a test."""
from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

AIKG_IRI = "https://w3id.org/aikg/ontology#"
DATA_IRI = "https://w3id.org/aikg/id/"


class AIKG(DefinedNamespace):
    """Terms of the aikg ontology (``ontology/aikg.ttl``). A typo fails at import time."""

    _NS = Namespace(AIKG_IRI)
    _fail = True

    # entity classes (GUIDE.md) and refinements
    Entity: URIRef
    Organization: URIRef
    Company: URIRef
    ResearchInstitute: URIRef
    University: URIRef
    Lab: URIRef
    GovernmentBody: URIRef
    Alliance: URIRef
    Platform: URIRef
    Park: URIRef
    Fund: URIRef
    Event: URIRef
    Policy: URIRef
    Person: URIRef
    Award: URIRef
    TechField: URIRef
    # provenance and record classes
    Document: URIRef
    Fact: URIRef
    Metric: URIRef
    Mention: URIRef
    Place: URIRef
    PlaceStatement: URIRef
    # relation properties (GUIDE.md)
    signedAgreementWith: URIRef
    coBuilt: URIRef
    innovationConsortiumWith: URIRef
    clusters: URIRef
    reliesOn: URIRef
    established: URIRef
    hosted: URIRef
    received: URIRef
    plansCooperationWith: URIRef
    investedIn: URIRef
    partOf: URIRef
    focusesOn: URIRef
    repliesTo: URIRef
    # fact / metric / mention properties
    status: URIRef
    date: URIRef
    evidence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    rule: URIRef
    confidence: URIRef
    document: URIRef
    metricOf: URIRef
    measure: URIRef
    value: URIRef
    unit: URIRef
    mentionOf: URIRef
    surface: URIRef
    # document properties
    docNumber: URIRef
    documentDate: URIRef
    issuer: URIRef
    recipient: URIRef
    sha256: URIRef
    sourceFormat: URIRef
    fileName: URIRef
    # places
    place: URIRef
    placeLevel: URIRef
    parentPlace: URIRef
    statedPlace: URIRef
    placeSource: URIRef


AIKGD = Namespace(DATA_IRI)

ENTITY_CLASSES: tuple[str, ...] = (
    "Company", "ResearchInstitute", "GovernmentBody", "Alliance", "Platform", "Fund",
    "Event", "Policy", "Person", "Award", "TechField",
)
PREDICATE_TERMS: tuple[str, ...] = (
    "signedAgreementWith", "coBuilt", "innovationConsortiumWith", "clusters", "reliesOn",
    "established", "hosted", "received", "plansCooperationWith", "investedIn", "partOf",
    "focusesOn", "repliesTo",
)
