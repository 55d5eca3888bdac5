"""Hand-made Chinese ecosystems and fixtures of the analysis tests.

Not a conftest.py: other test modules import the top-level ``conftest`` by name, and a second one here
would shadow it. Test modules import the fixtures they use from here.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from extract.facts import Document, DocumentMeta, Entity, Extraction, Fact, Metric, Provenance
from extract.ingest import read_document
from extract.pipeline import extract_document
from graph.network import to_networkx
from graph.rdf import to_dataset

REPO = Path(__file__).resolve().parents[2]
LETTER = REPO / "corpus" / "wenzhou-2024-111-reply-letter.txt"


def fact(doc: str, s: str, p: str, o: str, status: str, sentence: str, start: int, date: str | None = None) -> Fact:
    return Fact(s, p, o, status, date, Provenance(doc, start, start + len(sentence), sentence, f"test.{p}"))


def metric(doc: str, s: str, measure: str, value: float, unit: str, status: str, sentence: str, start: int,
           date: str | None = None) -> Metric:
    return Metric(s, measure, value, unit, status, date, Provenance(doc, start, start + 4, sentence, "test.metric"))


def extraction(doc: str, entities: list[tuple[str, str, tuple[str, ...]]], facts: list[Fact],
               metrics: list[Metric] = (), issuer: str | None = None) -> Extraction:  # type: ignore[assignment]
    return Extraction(Document(doc, "…", DocumentMeta(issuer=issuer, date="2024-06-27")),
                      tuple(Entity(n, t, a) for n, t, a in entities), tuple(facts), tuple(metrics))


def hangzhou() -> Extraction:
    """A second city's document: a platform with two companies, one company also named in Wenzhou."""
    d = "hangzhou-2024.txt"
    return extraction(d, [("杭州市", "GovernmentBody", ()), ("算力小镇", "Platform", ()), ("美团", "Company", ()),
                          ("之江实验室", "ResearchInstitute", ()), ("大模型", "TechField", ())],
                      [fact(d, "杭州市", "established", "算力小镇", "achieved", "杭州市建成算力小镇。", 0),
                       fact(d, "算力小镇", "clusters", "美团", "achieved", "算力小镇集聚美团等企业。", 20),
                       fact(d, "之江实验室", "focusesOn", "大模型", "achieved", "之江实验室聚焦大模型。", 40)])


@pytest.fixture
def two_cities() -> Dataset:
    from graph.analysis.examples import example_extraction

    return to_dataset([example_extraction(), hangzhou()])


@pytest.fixture(scope="session")
def letter_dataset() -> Dataset:
    return to_dataset([extract_document(read_document(LETTER))])


@pytest.fixture(scope="session")
def letter_graph(letter_dataset: Dataset) -> nx.MultiDiGraph:
    return to_networkx(letter_dataset)
