"""Fixtures of the view tests: a small hand-made Chinese ecosystem, and the --update-golden option."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Dataset

from extract.facts import Document, DocumentMeta, DocumentPlace, Entity, Extraction, Fact, Provenance
from graph.network import to_networkx
from graph.rdf import to_dataset

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = "<script>alert(1)</script>科技有限公司"
HOSTILE_SENTENCE = "<img src=x onerror=alert(2)>科技公司依托数安港开展业务</script>。"


def pytest_addoption(parser: pytest.Parser) -> None:
    try:
        parser.addoption("--update-golden", action="store_true", default=False,
                         help="rewrite the golden files instead of comparing with them")
    except ValueError:      # another conftest already offers the option: share it
        pass


def _fact(doc: str, s: str, p: str, o: str, status: str, sentence: str, start: int,
          date: str | None = None) -> Fact:
    return Fact(s, p, o, status, date, Provenance(doc, start, start + len(sentence), sentence, f"test.{p}"))


def _entities(*rows: tuple[str, str, tuple[str, ...]]) -> tuple[Entity, ...]:
    return tuple(Entity(name, type_, aliases) for name, type_, aliases in rows)


def sample_extractions() -> list[Extraction]:
    """Two documents of one city: a signed agreement stated twice, planned cooperation, co-building, clusters,
    a hostile name, a person named and linked to nothing."""
    d1, d2 = "wenzhou-ai-2024.txt", "wenzhou-ai-2025.txt"
    ex1 = Extraction(
        document=Document(d1, "温州市：…", DocumentMeta(doc_number="温政函〔2024〕111号", date="2024-06-20",
                                                     issuer="温州市", title="关于人工智能产业发展的答复函")),
        entities=_entities(
            ("温州市", "GovernmentBody", ("我市",)),
            ("中国（温州）数安港", "Platform", ("数安港",)),
            ("美团", "Company", ()),
            ("中国联通", "Company", ("联通",)),
            ("浙大温州研究院", "ResearchInstitute", ()),
            ("华中科技大学温州先进制造技术研究院", "ResearchInstitute", ("华中院",)),
            ("温州市智算中心", "Platform", ("温州智算中心",)),
            ("上海人工智能实验室", "ResearchInstitute", ()),
            (HOSTILE, "Company", ("<b>坏</b>",)),
            ("大模型", "TechField", ()),
            ("余向前", "Person", ()),
        ),
        facts=(
            _fact(d1, "温州市", "signedAgreementWith", "中国联通", "achieved",
                  "今年3月，我市与中国联通签订战略合作协议。", 10, "2024-03"),
            _fact(d1, "温州市", "plansCooperationWith", "上海人工智能实验室", "planned",
                  "下一步，我市将积极对接上海人工智能实验室，推动大模型合作。", 60),
            _fact(d1, "中国（温州）数安港", "clusters", "美团", "achieved", "美团等企业已入驻数安港。", 120),
            _fact(d1, "温州市", "coBuilt", "华中科技大学温州先进制造技术研究院", "achieved",
                  "我市与华中科技大学合作共建华中院。", 160),
            _fact(d1, "温州市", "established", "温州市智算中心", "planned",
                  "计划于2025年建成温州市智算中心。", 200, "2025"),
            _fact(d1, "浙大温州研究院", "innovationConsortiumWith", "中国联通", "achieved",
                  "浙大温州研究院与中国联通组建创新联合体。", 240),
            _fact(d1, HOSTILE, "reliesOn", "中国（温州）数安港", "achieved", HOSTILE_SENTENCE, 280),
            _fact(d1, "浙大温州研究院", "focusesOn", "大模型", "achieved", "浙大温州研究院聚焦大模型研发。", 320),
        ),
        metrics=(),
        place=DocumentPlace("浙江省", "温州市", None, "温州市", 0, 3, "place:home"),
    )
    ex2 = Extraction(
        document=Document(d2, "…", DocumentMeta(date="2025-01-10", issuer="温州市")),
        entities=_entities(
            ("温州市", "GovernmentBody", ("温州",)),
            ("中国联通", "Company", ()),
            ("美团", "Company", ()),
            ("温州市智算中心", "Platform", ()),
        ),
        facts=(
            _fact(d2, "中国联通", "signedAgreementWith", "温州市", "achieved",
                  "中国联通与温州市再次签约，深化合作\u2028（第二期）。", 5, "2025-01"),
            _fact(d2, "美团", "investedIn", "温州市智算中心", "planned", "美团拟投资温州市智算中心。", 40),
        ),
        metrics=(),
        place=DocumentPlace("浙江省", "温州市", None, "温州市", -1, -1, "place:home"),
    )
    return [ex1, ex2]


def hangzhou_extraction() -> Extraction:
    """A third document, of another city's district: 中国联通 and 美团 are named in both cities."""
    d3 = "hangzhou-yuhang-ai-2025.txt"
    text = "余杭区人民政府与中国联通签署战略合作协议；之江实验室与中国联通组建创新联合体，美团参会。"
    return Extraction(
        document=Document(d3, text, DocumentMeta(date="2025-03-01", issuer="余杭区人民政府")),
        entities=_entities(
            ("余杭区人民政府", "GovernmentBody", ("余杭区",)),
            ("中国联通", "Company", ()),
            ("之江实验室", "Lab", ()),
            ("美团", "Company", ()),
        ),
        facts=(
            _fact(d3, "余杭区人民政府", "signedAgreementWith", "中国联通", "achieved", text[:20], 0, "2025-03"),
            _fact(d3, "之江实验室", "innovationConsortiumWith", "中国联通", "achieved", text[21:39], 21),
        ),
        metrics=(),
        place=DocumentPlace("浙江省", "杭州市", "余杭区", "余杭区人民政府", 0, 7, "place:home"),
    )


def two_city_extractions() -> list[Extraction]:
    """The sample and a document of 杭州市余杭区: two cities of one province."""
    return [*sample_extractions(), hangzhou_extraction()]


@pytest.fixture(scope="session")
def make_sample_graph() -> Callable[[], nx.MultiDiGraph]:
    """Builds a fresh sample graph (for fixtures wider than one test)."""
    return lambda: to_networkx(to_dataset(sample_extractions()))


@pytest.fixture
def two_city_graph() -> nx.MultiDiGraph:
    return to_networkx(to_dataset(two_city_extractions()))


@pytest.fixture
def sample_dataset() -> Dataset:
    return to_dataset(sample_extractions())


@pytest.fixture
def sample_graph(sample_dataset: Dataset) -> nx.MultiDiGraph:
    return to_networkx(sample_dataset)


def _node_named(g: nx.MultiDiGraph, label: str) -> str:
    return next(n for n, d in g.nodes(data=True) if d.get("label") == label)


@pytest.fixture
def node_named() -> Callable[[nx.MultiDiGraph, str], str]:
    """The node id of the entity with this label."""
    return _node_named


@pytest.fixture
def hostile() -> str:
    """An organisation name that is also HTML: it must show as text."""
    return HOSTILE


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, Any], None]:
    """Compare a JSON-serialisable value with ``golden/<name>.json`` (or rewrite it with --update-golden)."""
    # pytest asks only conftests it loads at start-up for options: from `pytest tests` this one may be
    # too late, so a missing option means "compare".
    update = bool(request.config.getoption("--update-golden", default=False))

    def check(name: str, value: Any) -> None:
        path = GOLDEN / f"{name}.json"
        text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {path} did not exist; written now, check it and run again")
            return
        expected = json.loads(path.read_text(encoding="utf-8"))
        assert value == expected, (f"{name} differs from {path}; if the change is intended, "
                                   "run pytest tests/views --update-golden and review the diff")

    return check
