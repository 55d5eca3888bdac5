"""Sample extractions and store helpers shared by the store, query, server, build and robustness tests.

(A module of its own, not ``conftest``: importing ``conftest`` by name picks whichever conftest
pytest loaded first.)
"""

from __future__ import annotations

# ---- store, query, endpoint and build (tests/test_store.py, test_query.py, test_server.py, test_build.py)
import shutil
import socket
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from extract.facts import Document, DocumentMeta, Entity, Extraction, Fact, Mention, Metric, Provenance

LETTER_ID = "wenzhou-2024-111-reply-letter.txt"
HUST_ID = "02_wenzhou_hust_institute_hikvision.txt"
_LETTER = ("今年3月，举办中国（温州）“人工智能+”产业峰会，与中国联通、浙江长城计算机系统有限公司、中国AIGC产业联盟等签订合作协议。"
           "累计引进共建中国（温州）数安港。中国电子参与共建数安港。"
           "华中院和中电海康“头部企业+研究院”的创新联合体科研攻关模式多次获省、市领导批示肯定。"
           "目前数安港已集聚了中国电子、美团等311家数据企业。"
           "2024-2025年全市拟建智算规模已达2000P以上，其中373P智算已上线。"
           "积极对接上海人工智能实验室等，谋划共建人工智能生态创新中心。聚焦大模型基础架构。")
_HUST = ("华中科技大学温州先进制造技术研究院与中电海康签订战略合作协议。"
         "温州市与华中科技大学共建华中科技大学温州先进制造技术研究院。")
_SIGNED = "与中国联通、浙江长城计算机系统有限公司、中国AIGC产业联盟等签订合作协议"
_CLUSTER = "目前数安港已集聚了中国电子、美团等311家数据企业"


def make_extraction(doc_id: str, text: str, meta: DocumentMeta, entities: list[tuple[str, str, list[str]]],
                    facts: list[tuple[str, str, str, str, str | None, str]],
                    metrics: list[tuple[str, str, float, str, str, str | None, str]] = ()) -> Extraction:
    """An Extraction written by hand: (name, type, aliases), (s, p, o, status, date, evidence), metrics."""
    def prov(evidence: str) -> Provenance:
        start = max(text.find(evidence), 0)
        return Provenance(doc_id, start, start + len(evidence), evidence, "test")

    ents = tuple(Entity(n, t, tuple(a), tuple(Mention(n, text.find(n), text.find(n) + len(n), t, n, "test")
                                              for _ in (0,) if text.find(n) >= 0)) for n, t, a in entities)
    return Extraction(Document(doc_id, text, meta), ents,
                      tuple(Fact(s, p, o, st, d, prov(ev)) for s, p, o, st, d, ev in facts),
                      tuple(Metric(s, m, v, u, st, d, prov(ev)) for s, m, v, u, st, d, ev in metrics))


def sample_extractions() -> list[Extraction]:
    """Two documents about Wenzhou's AI ecosystem (from the reply letter and a HUST-institute article)."""
    letter = make_extraction(
        LETTER_ID, _LETTER,
        DocumentMeta(doc_number="温科提复〔2024〕111号", date="2024-06-27", issuer="温州市科学技术局", title="答复函"),
        [("温州市", "GovernmentBody", ["我市", "温州"]), ("温州市科学技术局", "GovernmentBody", ["我局"]),
         ("中国联通", "Company", []), ("浙江长城计算机系统有限公司", "Company", []),
         ("中国AIGC产业联盟", "Alliance", []), ("中国（温州）数安港", "Platform", ["数安港"]),
         ("中国电子", "Company", []), ("美团", "Company", []),
         ("华中科技大学温州先进制造技术研究院", "ResearchInstitute", ["华中院"]), ("中电海康", "Company", []),
         ("上海人工智能实验室", "ResearchInstitute", []), ("大模型", "TechField", []),
         ("中国（温州）“人工智能+”产业峰会", "Event", [])],
        [("温州市", "hosted", "中国（温州）“人工智能+”产业峰会", "achieved", "2024-03", "举办中国（温州）“人工智能+”产业峰会"),
         ("温州市", "signedAgreementWith", "中国联通", "achieved", "2024-03", _SIGNED),
         ("温州市", "signedAgreementWith", "浙江长城计算机系统有限公司", "achieved", "2024-03", _SIGNED),
         ("温州市", "signedAgreementWith", "中国AIGC产业联盟", "achieved", "2024-03", _SIGNED),
         ("温州市", "coBuilt", "中国（温州）数安港", "achieved", None, "累计引进共建中国（温州）数安港"),
         ("中国电子", "coBuilt", "中国（温州）数安港", "achieved", None, "中国电子参与共建数安港"),
         ("华中科技大学温州先进制造技术研究院", "innovationConsortiumWith", "中电海康", "achieved", None,
          "华中院和中电海康“头部企业+研究院”的创新联合体"),
         ("中国（温州）数安港", "clusters", "中国电子", "achieved", None, _CLUSTER),
         ("中国（温州）数安港", "clusters", "美团", "achieved", None, _CLUSTER),
         ("温州市", "plansCooperationWith", "上海人工智能实验室", "planned", None, "积极对接上海人工智能实验室等"),
         ("温州市", "focusesOn", "大模型", "planned", None, "聚焦大模型基础架构")],
        [("中国（温州）数安港", "data enterprises", 311, "count", "achieved", None, _CLUSTER),
         ("温州市", "computing power", 2000, "PFLOPS", "planned", "2025", "2024-2025年全市拟建智算规模已达2000P以上"),
         ("温州市", "computing power", 373, "PFLOPS", "achieved", None, "其中373P智算已上线")])
    hust = make_extraction(
        HUST_ID, _HUST, DocumentMeta(date="2023-05-10", issuer="温州市"),
        [("华中科技大学温州先进制造技术研究院", "ResearchInstitute", ["华中院"]), ("中电海康", "Company", []),
         ("温州市", "GovernmentBody", [])],
        [("华中科技大学温州先进制造技术研究院", "signedAgreementWith", "中电海康", "achieved", "2023-05",
          "华中科技大学温州先进制造技术研究院与中电海康签订战略合作协议"),
         ("温州市", "coBuilt", "华中科技大学温州先进制造技术研究院", "achieved", None,
          "温州市与华中科技大学共建华中科技大学温州先进制造技术研究院")])
    return [letter, hust]


def load_extractions(spec: str, extractions: list[Extraction]) -> None:
    """Write each extraction's named graph into the store ``spec``."""
    from graph.rdf import add_extraction, new_dataset
    from graph.rdf.iri import graph_iri
    from graph.store import open_store

    with open_store(spec) as st:
        for ex in extractions:
            ds = new_dataset()
            add_extraction(ds, ex)
            st.replace_document(ex.document.id, ds.quads((None, None, None, graph_iri(ex.document.id))))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def _post(url: str, form: dict[str, str]) -> bytes:
    req = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(req, timeout=10) as resp:
        return resp.read()


def clear_remote(spec: str) -> str:
    """Empty the remote test server (each test starts from nothing); returns ``spec``."""
    if "/sparql-graph-crud" in spec:           # Virtuoso: its own system graphs stay
        from servers import clear

        clear(spec)
    else:
        _post(spec.removeprefix("sparql+") + "/update", {"update": "DROP ALL"})
    return spec


