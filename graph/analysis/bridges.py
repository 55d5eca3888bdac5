"""Who connects the cities: organisations named in documents of two or more cities, and the city pairs
that share them, as tables — the numbers of the bridges view (both read ``graph.places``).

>>> t = bridge_table(two_city_example())
>>> t[["organisation", "city", "documents", "partners"]].values.tolist()
[['中国联通', '杭州市', 1, 1], ['中国联通', '温州市', 1, 1]]
>>> city_pairs(two_city_example())[["city_a", "city_b", "shared", "partners"]].values.tolist()
[['杭州市', '温州市', 1, ['中国联通']]]
"""
from __future__ import annotations

import networkx as nx
import pandas as pd
from rdflib import Dataset

from extract.facts import Document, DocumentMeta, DocumentPlace, Entity, Extraction, Fact, Provenance
from graph.analysis._common import as_graph, label
from graph.network import to_networkx
from graph.places import bridges, place_pairs, places, units
from graph.rdf import to_dataset

__all__ = ["bridge_cities", "bridge_table", "city_pairs", "two_city_example"]

BRIDGE_COLUMNS = ["organisation", "type", "cities", "city", "city_key", "documents", "partners",
                  "partner_names", "node"]
PAIR_COLUMNS = ["city_a", "city_b", "shared", "partners", "key_a", "key_b"]
CITY_COLUMNS = ["city", "city_key", "documents", "bridges", "shares_partners_with", "shares_none_with"]


def _name(key: str, g: nx.MultiDiGraph[str]) -> str:
    p = places(g).get(key)
    return p.label if p else key.rsplit("/", 1)[-1]


def bridge_table(data: nx.MultiDiGraph[str] | Dataset) -> pd.DataFrame:
    """One row per bridge and city it is named in: ``cities`` (how many), ``documents`` (of that city
    naming it), ``partners`` (organisations it shares a fact with in them) and their names; the bridges
    named in most cities first (the order of the bridges view)."""
    g = as_graph(data)
    rows = [{"organisation": b.label, "type": b.type, "cities": len(b.places), "city": _name(k, g), "city_key": k,
             "documents": len(b.documents[k]), "partners": len(b.partners[k]),
             "partner_names": [label(g, p) for p in b.partners[k]], "node": b.node}
            for b in bridges(g) for k in b.places]
    return pd.DataFrame(rows, columns=BRIDGE_COLUMNS)


def city_pairs(data: nx.MultiDiGraph[str] | Dataset, shared_only: bool = False) -> pd.DataFrame:
    """Every pair of cities of the documents with the bridges named in both (``shared`` 0: the pair shares
    no partner); the pairs sharing most first. ``shared_only`` keeps the pairs that share one."""
    g = as_graph(data)
    rows = [{"city_a": _name(a, g), "city_b": _name(c, g), "shared": len(shared),
             "partners": [label(g, n) for n in shared], "key_a": a, "key_b": c}
            for a, c, shared in place_pairs(g) if shared or not shared_only]
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def bridge_cities(data: nx.MultiDiGraph[str] | Dataset) -> pd.DataFrame:
    """One row per city: its documents, the bridges named there, how many cities it shares a partner with
    and how many it shares none with.

    >>> bridge_cities(two_city_example())[["city", "documents", "bridges", "shares_none_with"]].values.tolist()
    [['杭州市', 1, 1, 0], ['温州市', 2, 1, 0]]
    """
    g = as_graph(data)
    found = bridges(g)
    cities = units(g)
    shares: dict[str, set[str]] = {k: set() for k in cities}
    for a, c, shared in place_pairs(g, found):
        if shared:
            shares[a].add(c)
            shares[c].add(a)
    rows = [{"city": _name(k, g), "city_key": k, "documents": len(docs), "bridges": sum(k in b.places for b in found),
             "shares_partners_with": len(shares[k]), "shares_none_with": len(cities) - 1 - len(shares[k])}
            for k, docs in cities.items()]
    return pd.DataFrame(rows, columns=CITY_COLUMNS)


def two_city_example() -> nx.MultiDiGraph[str]:
    """Two documents of 温州市 and one of 杭州市余杭区, for the examples: 中国联通 signs in both cities."""
    def doc(name: str, text: str, place: DocumentPlace, ents: tuple[Entity, ...], facts: tuple[Fact, ...]) -> Extraction:
        return Extraction(Document(name, text, DocumentMeta()), ents, facts, (), place)

    def fact(d: str, s: str, p: str, o: str, sentence: str) -> Fact:
        return Fact(s, p, o, "achieved", None, Provenance(d, 0, len(sentence), sentence, "example"))

    wz, wz2, hz = "wenzhou-a.txt", "wenzhou-b.txt", "yuhang.txt"
    s1, s2, s3 = "温州市与中国联通签约。", "数安港集聚美团。", "余杭区人民政府与中国联通签约。"
    return to_networkx(to_dataset([
        doc(wz, s1, DocumentPlace("浙江省", "温州市", None, "温州市", 0, 3, "example"),
            (Entity("温州市", "GovernmentBody"), Entity("中国联通", "Company")),
            (fact(wz, "温州市", "signedAgreementWith", "中国联通", s1),)),
        doc(wz2, s2, DocumentPlace("浙江省", "温州市", None, "", -1, -1, "example"),
            (Entity("数安港", "Platform"), Entity("美团", "Company")),
            (fact(wz2, "数安港", "clusters", "美团", s2),)),
        doc(hz, s3, DocumentPlace("浙江省", "杭州市", "余杭区", "余杭区人民政府", 0, 7, "example"),
            (Entity("余杭区人民政府", "GovernmentBody"), Entity("中国联通", "Company")),
            (fact(hz, "余杭区人民政府", "signedAgreementWith", "中国联通", s3),)),
    ]))
