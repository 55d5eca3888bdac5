"""Comparison across documents and cities."""
# ruff: noqa: F811  (fixtures are imported from analysis_samples; test arguments name them)
from __future__ import annotations

import pytest
from analysis_samples import LETTER, two_cities  # noqa: F401
from shared_corpus import DEV, needs_dev

from graph.analysis import (
    by_city,
    document_table,
    entity_types_by_document,
    predicates_by_document,
    shared_entities,
)
from graph.network import to_networkx
from graph.rdf import to_dataset


def test_compare_documents_and_cities(two_cities) -> None:
    t = document_table(two_cities).set_index("document")
    assert t.loc["example-letter.txt", "city"] == "温州市"
    assert t.loc["hangzhou-2024.txt", "city"] == "杭州市"
    assert t.loc["hangzhou-2024.txt", ["entities", "facts", "metrics"]].tolist() == [5, 3, 0]


def test_compare_crosstabs(two_cities) -> None:
    types = entity_types_by_document(two_cities)
    assert types.loc["hangzhou-2024.txt", "Platform"] == 1 and types.loc["example-letter.txt", "Company"] == 3
    preds = predicates_by_document(two_cities)
    assert preds.loc["hangzhou-2024.txt", "clusters"] == 1
    assert preds.values.sum() == to_networkx(two_cities).number_of_edges()
    city = by_city(two_cities)
    assert city.loc["杭州市", "established"] == 1 and city.loc["温州市", "clusters"] == 2


def test_compare_shared_entities(two_cities) -> None:
    assert shared_entities(two_cities)[["entity", "n_documents"]].values.tolist() == [["大模型", 2], ["美团", 2]]


def test_compare_by_city_rejects_unknown_axis(two_cities) -> None:
    with pytest.raises(ValueError, match="predicate"):
        by_city(two_cities, what="city")


@needs_dev
def test_compare_dev_corpus_cities() -> None:
    """Any corpus of the genre: one row a document, the cities are cities (…市), the letter's is 温州市,
    and comparing by city adds up to the facts of the documents."""
    from extract.ingest import read_document
    from extract.pipeline import extract_document

    paths = [LETTER, *sorted(DEV.glob("*.txt"))]
    ds = to_dataset([extract_document(read_document(p)) for p in paths])
    t = document_table(ds)
    assert len(t) == len(paths) and t["document"].is_unique
    assert t.set_index("document").loc[LETTER.name, "city"] == "温州市"
    assert all(c.endswith("市") for c in t["city"] if c), set(t["city"])
    per_city = by_city(ds)
    assert int(per_city.values.sum()) == int(t["facts"].sum())
