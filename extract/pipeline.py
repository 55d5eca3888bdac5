"""Document → Extraction: the public entry point of ``extract`` (a spaCy pipeline underneath)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from extract.facts import Document, Extraction


def extract_document(doc: Document) -> Extraction:
    """Extract entities, relations and metrics from one document (stub until the pipeline lands)."""
    return Extraction(document=doc, entities=(), facts=(), metrics=())


def extract_documents(docs: Iterable[Document]) -> Iterator[Extraction]:
    for d in docs:
        yield extract_document(d)
