"""Facts → RDF: IRIs minted in one place, identity across documents, one named graph of quads a document.

``iri`` mints every IRI; ``identity`` gives an entity its corpus-wide name (the alias table); ``quads``
turns one document's extraction into the quads of its named graph; ``terms`` converts terms between
rdflib and pyoxigraph and holds the prefixes.
"""
from graph.rdf.quads import add_extraction, extraction_quads, to_dataset
from graph.rdf.terms import PREFIXES, new_dataset

__all__ = ["PREFIXES", "add_extraction", "extraction_quads", "new_dataset", "to_dataset"]
