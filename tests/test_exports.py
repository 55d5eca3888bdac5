"""Export files (graph.exports): every format reads back to the same graph, CSVs are Excel- and formula-safe."""
from __future__ import annotations

import csv
import dataclasses
import io
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from extract.facts import Document, DocumentMeta, Entity, Extraction, Fact, Metric, Provenance
from graph.exports import EXPORT_FILES, write_exports
from graph.exports.neo4j import NEO4J_NODE_HEADER, NEO4J_REL_HEADER
from graph.exports.rdf_text import canonical, sorted_dataset, union
from graph.exports.tables import EDGE_HEADER, NODE_HEADER, safe_cell
from graph.network import to_networkx
from graph.rdf import extraction_quads, to_dataset
from graph.rdf.iri import entity_iri

HOSTILE = {
    "script": "<script>alert(1)</script>科技有限公司",
    "quotes": '他说"你好"\'公司\'',
    "newline": "第一行\n第二行研究院",
    "rtl": "\u202eevil平台",
    "formula": "=HYPERLINK(\"http://x\",\"点我\")",
    "plus": "+86联盟",
    "at": "@SUM(A1)基金",
    "minus": "-1集团",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROOT = Path(__file__).resolve().parents[1]


def _prov(doc: str, i: int, sentence: str) -> Provenance:
    return Provenance(document=doc, start=i * 20, end=i * 20 + 15, sentence=sentence, rule=f"test.r{i}")


def _extractions() -> list[Extraction]:
    a = Extraction(
        document=Document(id="wenzhou-a.txt", text="…", meta=DocumentMeta(
            doc_number="温政办〔2024〕111号", date="2024-05-10", issuer="温州市", title="关于人工智能的答复")),
        entities=(Entity("温州市", "GovernmentBody", ("我市", "温州")), Entity("中国联通", "Company"),
                  Entity("中国（温州）数安港", "Park", ("数安港",)), Entity("大模型", "TechField"),
                  Entity(HOSTILE["script"], "Company"), Entity(HOSTILE["formula"], "Company", ("=1+1",))),
        facts=(Fact("温州市", "signedAgreementWith", "中国联通", "achieved", "2024-03",
                    _prov("wenzhou-a.txt", 0, "温州市与中国联通签订战略合作协议。")),
               Fact("温州市", "established", "中国（温州）数安港", "achieved", None,
                    _prov("wenzhou-a.txt", 1, "我市设立数安港。")),
               Fact("中国（温州）数安港", "clusters", HOSTILE["script"], "achieved", None,
                    _prov("wenzhou-a.txt", 2, f"数安港集聚{HOSTILE['script']}。")),
               Fact("中国（温州）数安港", "clusters", HOSTILE["formula"], "planned", "2027",
                    _prov("wenzhou-a.txt", 3, "=cmd|' /C calc'!A0")),
               Fact("中国联通", "focusesOn", "大模型", "achieved", None,
                    _prov("wenzhou-a.txt", 4, "中国联通聚焦大模型。"))),
        metrics=(Metric("中国（温州）数安港", "data enterprises", 311, "count", "achieved", None,
                        _prov("wenzhou-a.txt", 5, "集聚数据企业311家")),))
    b = Extraction(
        document=Document(id="b 文件.txt", text="…", meta=DocumentMeta(issuer="温州市")),
        entities=(Entity("温州市", "GovernmentBody"), Entity("中国联通", "Company"),
                  *(Entity(HOSTILE[k], t) for k, t in (("quotes", "Company"), ("newline", "Lab"),
                                                       ("rtl", "Platform"), ("plus", "Alliance"),
                                                       ("at", "Fund"), ("minus", "Company")))),
        facts=(Fact("中国联通", "signedAgreementWith", "温州市", "achieved", None,
                    _prov("b 文件.txt", 0, "再次签约。")),
               Fact(HOSTILE["quotes"], "coBuilt", HOSTILE["rtl"], "achieved", None,
                    _prov("b 文件.txt", 1, f"{HOSTILE['quotes']}共建{HOSTILE['rtl']}\n换行")),
               Fact(HOSTILE["newline"], "partOf", HOSTILE["plus"], "achieved", None,
                    _prov("b 文件.txt", 2, "@证据\n@prefix x: <urn:x> .\n}")),
               Fact(HOSTILE["at"], "investedIn", HOSTILE["minus"], "planned", "2025-06",
                    _prov("b 文件.txt", 3, "-投资"))),
        metrics=())
    return [a, b]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return to_dataset(_extractions())


@pytest.fixture(scope="module")
def out(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    write_exports(dataset, folder)
    return folder


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def test_exports_writes_every_format(dataset: Dataset, tmp_path: Path) -> None:
    paths = write_exports(dataset, tmp_path / "new" / "folder")
    names = sorted(str(p.relative_to(tmp_path / "new" / "folder")) for p in paths)
    assert names == sorted(EXPORT_FILES) == sorted([
        "kg.ttl", "kg.trig", "kg.jsonld", "kg.nq", "nodes.csv", "edges.csv", "kg.graphml", "kg.gexf",
        "neo4j/nodes.csv", "neo4j/relationships.csv", "neo4j/import.cypher"])
    assert paths == sorted(paths)
    assert all(p.stat().st_size > 0 for p in paths)
    assert not list((tmp_path / "new" / "folder").rglob("*.tmp"))


def _assert_isomorphic(got: Graph, want: Graph) -> None:
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail(f"not isomorphic\nonly in export:\n{only_got.serialize(format='nt')}\n"
                    f"only in source:\n{only_want.serialize(format='nt')}")


def test_exports_turtle_is_the_union_graph(dataset: Dataset, out: Path) -> None:
    got = Graph().parse(out / "kg.ttl", format="turtle")
    _assert_isomorphic(got, union(dataset))


@pytest.mark.parametrize(("name", "fmt"), [("kg.trig", "trig"), ("kg.nq", "nquads"), ("kg.jsonld", "json-ld")])
def test_exports_datasets_keep_a_named_graph_per_document(dataset: Dataset, out: Path, name: str,
                                                          fmt: str) -> None:
    got = Dataset()
    got.parse(out / name, format=fmt)
    want = sorted_dataset(dataset)
    want_ids = {g.identifier for g in dataset.graphs() if len(g)}
    got_ids = {g.identifier for g in got.graphs() if len(g)}
    assert got_ids == want_ids and len(want_ids) == 2
    for gid in want_ids:
        _assert_isomorphic(got.graph(gid), want.graph(gid))


def test_exports_graph_rdf_writes_canonical_decimals() -> None:
    """311 is written 311.0 (and 1e16 in full): Turtle writes a decimal as a bare number, and a bare 311
    would read back as an integer."""
    big = dataclasses.replace(_extractions()[0].metrics[0], value=1e16)
    ex = dataclasses.replace(_extractions()[0], metrics=(_extractions()[0].metrics[0], big))
    decimals = [q.object.value for q in extraction_quads(ex)
                if isinstance(q.object, ox.Literal) and q.object.datatype.value == str(XSD.decimal)]
    assert {"311.0", "10000000000000000.0", "1.0"} <= set(decimals)
    assert all(str(canonical(Literal(v, datatype=XSD.decimal))) == v for v in decimals)


def test_exports_canonical_copy_keeps_every_value(dataset: Dataset) -> None:
    """The exports compare against a copy with canonical decimals (311 → 311.0): same triples, same values."""
    dataset = sorted_dataset(dataset)
    g = dataset.graph(URIRef("urn:x:foreign"))      # data written elsewhere, in non-canonical forms
    for i, text in enumerate(("311", "1e+16", "007.50")):
        g.add((URIRef(f"urn:x:m{i}"), URIRef("urn:x:value"), Literal(text, datatype=XSD.decimal)))
    source = {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
    copy = set(union(dataset))
    assert len(copy) == len(source)
    changed = source - copy
    assert changed and all(isinstance(o, Literal) and o.datatype == XSD.decimal for _, _, o in changed)
    for s, p, o in changed:
        (o2,) = [x for x in union(dataset).objects(s, p)]
        assert o2.eq(o) and o2.value == o.value


def test_exports_jsonld_has_a_context(out: Path) -> None:
    import json
    doc = json.loads((out / "kg.jsonld").read_text(encoding="utf-8"))
    assert {"aikg", "skos", "prov"} <= set(doc["@context"])


@pytest.mark.parametrize("reader", [nx.read_graphml, nx.read_gexf])
def test_exports_network_files_read_back(dataset: Dataset, out: Path, reader: object) -> None:
    g = to_networkx(dataset)
    path = out / ("kg.graphml" if reader is nx.read_graphml else "kg.gexf")
    back = reader(path)  # type: ignore[operator]
    assert back.number_of_nodes() == g.number_of_nodes() > 10
    assert back.number_of_edges() == g.number_of_edges() == 9
    labels = {d.get("label") for _, d in back.nodes(data=True)}
    assert HOSTILE["script"] in labels and HOSTILE["rtl"] in labels and HOSTILE["newline"] in labels
    aliases = dict(back.nodes(data="aliases"))
    assert aliases[str(entity_iri("温州市"))] in {"我市|温州", "温州|我市"}


def test_exports_gexf_keeps_offsets_and_has_no_date(out: Path) -> None:
    text = (out / "kg.gexf").read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text and 'mode="static"' in text
    back = nx.read_gexf(out / "kg.gexf")
    starts = sorted(int(d["start_offset"]) for _, _, d in back.edges(data=True))
    assert starts == [0, 0, 20, 20, 40, 40, 60, 60, 80]


def test_exports_csv_rows_and_bom(dataset: Dataset, out: Path) -> None:
    g = to_networkx(dataset)
    for name, header, count in (("nodes.csv", NODE_HEADER, g.number_of_nodes()),
                                ("edges.csv", EDGE_HEADER, g.number_of_edges()),
                                ("neo4j/nodes.csv", NEO4J_NODE_HEADER, g.number_of_nodes()),
                                ("neo4j/relationships.csv", NEO4J_REL_HEADER, g.number_of_edges())):
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf"), f"{name} lacks the UTF-8 BOM"
        rows = _rows(out / name)
        assert tuple(rows[0]) == header
        assert len(rows) - 1 == count
        assert all(len(r) == len(header) for r in rows)


@pytest.mark.parametrize("name", ["nodes.csv", "edges.csv", "neo4j/nodes.csv", "neo4j/relationships.csv"])
def test_exports_csv_cells_cannot_start_a_formula(out: Path, name: str) -> None:
    cells = [c for row in _rows(out / name) for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_exports_hostile_names_survive_every_format(dataset: Dataset, out: Path, key: str) -> None:
    name = HOSTILE[key]
    iri = entity_iri(name)
    assert (iri, RDFS.label, Literal(name, lang="zh")) in Graph().parse(out / "kg.ttl", format="turtle")
    nq = Dataset()
    nq.parse(out / "kg.nq", format="nquads")
    assert list(nq.quads((iri, RDFS.label, Literal(name, lang="zh"), None)))
    rows = {r[0]: r for r in _rows(out / "nodes.csv")}
    cell = rows[str(iri)][1]
    assert _unescape(cell) == name
    assert cell.startswith("'") == name.startswith(FORMULA_START)
    assert nx.read_graphml(out / "kg.graphml").nodes[str(iri)]["label"] == name


def test_exports_edges_carry_provenance(out: Path) -> None:
    rows = [dict(zip(EDGE_HEADER, r)) for r in _rows(out / "edges.csv")[1:]]
    signed = [r for r in rows if r["predicate"] == "signedAgreementWith" and r["date"] == "2024-03"]
    assert len(signed) == 1
    assert signed[0]["source_label"] == "温州市" and signed[0]["target_label"] == "中国联通"
    assert signed[0]["evidence"] == "温州市与中国联通签订战略合作协议。"
    assert signed[0]["document"] == "wenzhou-a.txt" and signed[0]["rule"] == "test.r0"
    assert (signed[0]["start"], signed[0]["end"]) == ("0", "15")
    formula = [r for r in rows if r["evidence"].startswith("'=cmd")]
    assert len(formula) == 1


def test_exports_neo4j_files_link_up(out: Path) -> None:
    nodes = {r[0]: r for r in _rows(out / "neo4j/nodes.csv")[1:]}
    rels = _rows(out / "neo4j/relationships.csv")[1:]
    assert all(r[0] in nodes and r[1] in nodes for r in rels)
    lab = nodes[str(entity_iri(HOSTILE["newline"]))]
    assert lab[5].split(";") == ["Entity", "Lab", "Organization", "ResearchInstitute"]
    cypher = (out / "neo4j/import.cypher").read_text(encoding="utf-8")
    assert cypher.count("LOAD CSV WITH HEADERS") == 1 + len({r[2] for r in rels})
    for predicate in {r[2] for r in rels}:
        assert f"-[r:`{predicate}` {{fact: row.fact}}]->" in cypher


def test_exports_are_deterministic(tmp_path: Path) -> None:
    first = write_exports(to_dataset(_extractions()), tmp_path / "one")
    write_exports(to_dataset(list(reversed(_extractions()))), tmp_path / "two")
    for path in first:
        rel = path.relative_to(tmp_path / "one")
        assert path.read_bytes() == (tmp_path / "two" / rel).read_bytes(), f"{rel} differs between runs"


def test_exports_do_not_depend_on_hash_seed_or_load_path(out: Path, tmp_path: Path) -> None:
    """`aikg export` in a fresh process (another hash seed) from kg.trig writes the very same bytes."""
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    subprocess.run([sys.executable, "-m", "graph", "export", "--from-ttl", str(out / "kg.trig"),
                    "--out", str(tmp_path)], check=True, env=env, cwd=ROOT, capture_output=True, timeout=120)
    for rel in EXPORT_FILES:
        assert (out / rel).read_bytes() == (tmp_path / rel).read_bytes(), f"{rel} differs"


def test_exports_keep_other_files_and_refuse_a_file_as_folder(dataset: Dataset, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("output, never input", encoding="utf-8")
    write_exports(dataset, tmp_path)
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "output, never input"
    with pytest.raises(NotADirectoryError, match="folder"):
        write_exports(dataset, tmp_path / "README.md")


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+86", "'+86"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("中电海康", "中电海康"), ("a=b", "a=b"), (-2, -2), (None, ""),
])
def test_exports_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def test_exports_csv_reads_in_a_spreadsheet_like_reader(out: Path) -> None:
    """Excel-style reading: the BOM marks UTF-8, quoted newlines stay inside one cell."""
    raw = (out / "nodes.csv").read_bytes().decode("utf-8")
    assert raw.startswith("\ufeffid,label,")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"), newline="")))
    assert any(HOSTILE["newline"] == r[1] for r in rows)
