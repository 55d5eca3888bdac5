"""Relation signatures (which classes may be subject and object of a predicate), read from aikg.ttl.

The Turtle is the single source: each relation property's ``rdfs:domain`` / ``rdfs:range`` is a class
or an ``owl:unionOf`` list of classes, and ``rdfs:subClassOf`` makes a subclass count for its parents
(a Lab or University is a ResearchInstitute, a Park is a Platform).

>>> allowed("clusters", "Park", "Company")
True
>>> allowed("clusters", "Person", "Company")
False
>>> sorted(relation_signature("repliesTo")[0])
['GovernmentBody']
"""
from __future__ import annotations

import logging
from functools import cache
from importlib import resources

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ontology.namespace import AIKG_IRI, PREDICATE_TERMS

__all__ = ["allowed", "class_names", "ontology_graph", "relation_signature", "subclass_of"]

log = logging.getLogger(__name__)


@cache
def ontology_graph() -> Graph:
    """The parsed ontology (``aikg.ttl``), parsed once. Shared: copy it before changing it."""
    text = resources.files("ontology").joinpath("aikg.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def _local(term: Node) -> str | None:
    s = str(term)
    return s[len(AIKG_IRI):] if isinstance(term, URIRef) and s.startswith(AIKG_IRI) else None


def _name(term: str) -> str:
    """Accept a local name (``Company``) or a full aikg IRI."""
    return term.removeprefix(AIKG_IRI)


def _classes(g: Graph, node: Node) -> frozenset[str]:
    """The aikg classes a domain/range node stands for: one class or an owl:unionOf list."""
    name = _local(node)
    if name is not None:
        return frozenset({name})
    union = g.value(node, OWL.unionOf)
    if union is None:
        raise ValueError(
            f"aikg.ttl: a domain/range node {node!r} is neither an aikg class nor an owl:unionOf; "
            "relation signatures must be a class or a union of classes: fix ontology/aikg.ttl")
    out: set[str] = set()
    for member in Collection(g, union):
        out |= _classes(g, member)
    return frozenset(out)


@cache
def _signatures() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    g = ontology_graph()
    table: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for pred in PREDICATE_TERMS:
        p = URIRef(AIKG_IRI + pred)
        dom, rng = g.value(p, RDFS.domain), g.value(p, RDFS.range)
        if dom is None or rng is None:
            raise ValueError(f"aikg.ttl: relation {pred} has no rdfs:domain or rdfs:range; "
                             "every relation needs both: add them to ontology/aikg.ttl")
        table[pred] = (_classes(g, dom), _classes(g, rng))
    log.debug("read %d relation signatures from aikg.ttl", len(table))
    return table


@cache
def class_names() -> frozenset[str]:
    """Local names of every owl:Class the ontology defines."""
    g = ontology_graph()
    return frozenset(n for c in g.subjects(RDF.type, OWL.Class) if (n := _local(c)) is not None)


@cache
def subclass_of(cls: str) -> frozenset[str]:
    """``cls`` and all its aikg superclasses (rdfs:subClassOf is reflexive and transitive).

    >>> sorted(subclass_of("Lab"))
    ['Entity', 'Lab', 'Organization', 'ResearchInstitute']
    """
    name = _name(cls)
    if name not in class_names():
        raise ValueError(f"unknown class {cls!r}: it is not an owl:Class of aikg.ttl; "
                         f"use one of {', '.join(sorted(class_names()))}")
    g = ontology_graph()
    seen = {name}
    todo = [URIRef(AIKG_IRI + name)]
    while todo:
        for parent in g.objects(todo.pop(), RDFS.subClassOf):
            pname = _local(parent)
            if pname is not None and pname not in seen:
                seen.add(pname)
                todo.append(URIRef(AIKG_IRI + pname))
    return frozenset(seen)


def relation_signature(predicate: str) -> tuple[frozenset[str], frozenset[str]]:
    """(subject classes, object classes) of a relation, as declared in aikg.ttl (no subclasses added).

    >>> sorted(relation_signature("clusters")[0])
    ['GovernmentBody', 'Platform']
    """
    table = _signatures()
    name = _name(predicate)
    if name not in table:
        raise ValueError(f"unknown relation {predicate!r}: it is not a relation of aikg.ttl; "
                         f"use one of {', '.join(PREDICATE_TERMS)}")
    return table[name]


def allowed(predicate: str, subject_type: str, object_type: str) -> bool:
    """Whether ``subject_type predicate object_type`` fits the relation's signature (subclasses count).

    >>> allowed("coBuilt", "University", "Lab")
    True
    >>> allowed("focusesOn", "Company", "Company")
    False
    """
    domain, range_ = relation_signature(predicate)
    return bool(subclass_of(subject_type) & domain) and bool(subclass_of(object_type) & range_)
