"""A small hand-made Chinese ecosystem for the runnable examples in the analysis docstrings.

>>> ds = example_dataset()
>>> sorted(n for _, n in example_graph().nodes(data="label"))[:3]
['上海人工智能实验室', '中国联通', '中国（温州）数安港']
"""
from __future__ import annotations

import networkx as nx
from rdflib import Dataset

from extract.facts import Document, DocumentMeta, Entity, Extraction, Fact, Metric, Provenance
from graph.network import to_networkx
from graph.rdf import to_dataset

DOC = "example-letter.txt"
_S1 = "目前数安港已集聚了美团、每日互动等数据企业。"
_S2 = "依托浙大温州研究院，开展机器视觉等技术创新。"
_S3 = "今年3月，我市与中国联通签订合作协议。"
_S4 = "积极对接上海人工智能实验室，谋划共建创新中心。"
_S5 = "全市拟建智算规模已达2000P以上，其中373P智算已上线。"
_S6 = "美团聚焦大模型研发。"


def _prov(sentence: str, start: int, rule: str = "example") -> Provenance:
    return Provenance(DOC, start, start + len(sentence), sentence, rule)


def example_extraction() -> Extraction:
    """One document: a platform clustering two companies, a plan, a signing, two computing-power figures."""
    ents = (
        Entity("温州市", "GovernmentBody", ("我市",)),
        Entity("中国（温州）数安港", "Platform", ("数安港",)),
        Entity("美团", "Company"),
        Entity("每日互动", "Company"),
        Entity("中国联通", "Company"),
        Entity("浙大温州研究院", "ResearchInstitute"),
        Entity("上海人工智能实验室", "ResearchInstitute"),
        Entity("国际云软件谷", "Platform"),
        Entity("机器视觉", "TechField"),
        Entity("大模型", "TechField"),
        Entity("芯片设计", "TechField"),
    )
    facts = (
        Fact("中国（温州）数安港", "clusters", "美团", "achieved", None, _prov(_S1, 0)),
        Fact("中国（温州）数安港", "clusters", "每日互动", "achieved", None, _prov(_S1, 1)),
        Fact("温州市", "reliesOn", "浙大温州研究院", "planned", None, _prov(_S2, 30)),
        Fact("温州市", "signedAgreementWith", "中国联通", "achieved", "2024-03", _prov(_S3, 60)),
        Fact("温州市", "plansCooperationWith", "上海人工智能实验室", "planned", None, _prov(_S4, 90)),
        Fact("美团", "focusesOn", "大模型", "achieved", None, _prov(_S6, 150)),
    )
    metrics = (
        Metric("温州市", "全市拟建智算规模", 2000.0, "PFLOPS", "planned", "2025", _prov(_S5, 120)),
        Metric("温州市", "智算已上线", 373.0, "PFLOPS", "achieved", "2024", _prov(_S5, 121)),
    )
    doc = Document(DOC, _S1 + _S2 + _S3 + _S4 + _S5 + _S6,
                   DocumentMeta(doc_number="温科提复〔2024〕1号", date="2024-06-27", issuer="温州市"))
    return Extraction(doc, ents, facts, metrics)


def example_dataset() -> Dataset:
    """The example extraction as an RDF Dataset."""
    return to_dataset([example_extraction()])


def example_graph() -> nx.MultiDiGraph[str]:
    """The example extraction as the networkx entity graph."""
    return to_networkx(example_dataset())
