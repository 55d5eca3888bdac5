"""The aikg vocabulary: OWL ontology and SHACL shapes (Turtle), and namespace constants."""
from __future__ import annotations

from importlib import resources

from ontology.namespace import AIKG, AIKGD, ENTITY_CLASSES, PREDICATE_TERMS
from ontology.signatures import allowed, ontology_graph, relation_signature, subclass_of

__all__ = ["AIKG", "AIKGD", "ENTITY_CLASSES", "PREDICATE_TERMS", "allowed", "ontology_graph",
           "ontology_ttl", "relation_signature", "shapes_ttl", "subclass_of"]


def ontology_ttl() -> str:
    """The OWL ontology as Turtle text."""
    return resources.files("ontology").joinpath("aikg.ttl").read_text(encoding="utf-8")


def shapes_ttl() -> str:
    """The SHACL shapes as Turtle text."""
    return resources.files("ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")
