"""Cities side by side: partners, focus fields without an anchor, planned vs achieved, who links the cities.

Every function takes the entity graph and ``cities``, a mapping document (file name) → city, e.g. from
``document_cities(document_table(ds))``. Documents without a city are left out of every comparison (they
would otherwise make a pseudo-city of their own). The mapping is the only thing these functions know about
places, so a better source of a document's city (a place facet in the graph) can replace it without
changing them.

* a city's **partners**: the organisations (``ORG_TYPES``) that take part in a fact stated in the city's
  documents, the city's own government bodies (名称 starting with the city, e.g. 温州市科学技术局) left out;
* a field's **anchor** in a city: an actor (``ACTOR_TYPES``) that states it works on the field
  (``focusesOn``) in the city's documents; a co-mention in the same sentence is the weak signal
  (``graph.analysis.fields``);
* an organisation **links** cities when documents of two or more cities name it.

>>> from graph.analysis.examples import example_graph
>>> g = example_graph()
>>> cities = {"example-letter.txt": "温州市"}
>>> city_table(g, cities)[["city", "documents", "partners", "planned", "achieved"]].values.tolist()
[['温州市', 1, 6, 2, 4]]
>>> fields_without_anchor(g, cities)["field"].tolist()
['机器视觉', '芯片设计']
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx
import pandas as pd

from graph.analysis._common import ACTOR_TYPES, label
from graph.analysis.fields import field_coverage
from graph.analysis.metrics import metric_progress

__all__ = ["CITY_COLUMNS", "ORG_TYPES", "city_links", "city_subgraph", "city_table", "document_cities",
           "field_anchors_by_city", "fields_without_anchor", "linking_organisations", "partners_by_city",
           "progress_by_city", "status_by_city"]

# Who can be a partner or link cities: organisations and places, not people, events, policies or fields.
ORG_TYPES: tuple[str, ...] = ("Company", "ResearchInstitute", "University", "Lab", "Alliance", "Platform", "Park",
                              "Fund", "GovernmentBody")
CITY_COLUMNS = ["city", "documents", "entities", "facts", "partners", "planned", "achieved", "achieved_share",
                "fields", "fields_anchored"]


def document_cities(documents: pd.DataFrame) -> dict[str, str]:
    """Document → city of a ``document_table`` (its ``city`` column), documents without a city left out.

    >>> from graph.analysis.compare import document_table
    >>> from graph.analysis.examples import example_dataset
    >>> document_cities(document_table(example_dataset()))
    {'example-letter.txt': '温州市'}
    """
    return {str(d): str(c) for d, c in zip(documents["document"], documents["city"]) if isinstance(c, str) and c}


def _by_city(cities: Mapping[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for doc, city in cities.items():
        if city:
            out[city].add(doc)
    return dict(sorted(out.items()))


def _own(city: str, name: str) -> bool:
    """A body of the city itself: 温州市, 温州市人民政府, 温州市科学技术局 for 温州市 (also 温州 written short)."""
    return name.startswith(city) or (len(city) > 2 and name.startswith(city.removesuffix("市")) and
                                     name.removeprefix(city.removesuffix("市")).startswith(("市", "人民政府")))


def city_subgraph(g: nx.MultiDiGraph[str], documents: Iterable[str]) -> nx.MultiDiGraph[str]:
    """The part of ``g`` that ``documents`` state: their facts, and the entities they name (each entity's
    ``documents`` narrowed to them). A new graph: changing it leaves ``g`` as it was.

    >>> from graph.analysis.examples import example_graph
    >>> city_subgraph(example_graph(), ["other.txt"]).number_of_nodes()
    0
    """
    docs = set(documents)
    h: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for v, d in g.nodes(data=True):
        named = [x for x in d.get("documents", []) if x in docs]
        if named:
            h.add_node(v, **{**d, "documents": named})
    for s, o, k, d in g.edges(keys=True, data=True):
        if d.get("document") in docs:
            for n in (s, o):
                if n not in h:
                    h.add_node(n, **{**g.nodes[n], "documents": []})
            h.add_edge(s, o, key=k, **d)
    return h


def partners_by_city(g: nx.MultiDiGraph[str], cities: Mapping[str, str]) -> pd.DataFrame:
    """One row per city and partner: ``city``, ``partner``, ``type``, ``facts`` (facts of the city's
    documents it takes part in), ``relations`` (their predicates), ``documents``. By city, most facts first.

    >>> from graph.analysis.examples import example_graph
    >>> t = partners_by_city(example_graph(), {"example-letter.txt": "温州市"})
    >>> t[["partner", "facts"]].values.tolist()[:2]
    [['中国（温州）数安港', 2], ['美团', 2]]
    """
    rows = []
    types = set(ORG_TYPES)
    for city, docs in _by_city(cities).items():
        facts: dict[str, int] = defaultdict(int)
        rels: dict[str, set[str]] = defaultdict(set)
        where: dict[str, set[str]] = defaultdict(set)
        for s, o, d in g.edges(data=True):
            if d.get("document") not in docs:
                continue
            for n in {s, o}:
                nd = g.nodes[n]
                if nd.get("type") not in types or (nd.get("type") == "GovernmentBody" and _own(city, label(g, n))):
                    continue
                facts[n] += 1
                rels[n].add(str(d.get("predicate")))
                where[n].add(str(d.get("document")))
        rows += [{"city": city, "partner": label(g, n), "type": g.nodes[n].get("type"), "facts": facts[n],
                  "relations": sorted(rels[n]), "documents": sorted(where[n])} for n in facts]
    t = pd.DataFrame(rows, columns=["city", "partner", "type", "facts", "relations", "documents"])
    return t.sort_values(["city", "facts", "partner"], ascending=[True, False, True]).reset_index(drop=True)


def field_anchors_by_city(g: nx.MultiDiGraph[str], cities: Mapping[str, str],
                          actor_types: Iterable[str] = ACTOR_TYPES) -> pd.DataFrame:
    """One row per city and focus field its documents name: ``field_coverage`` of the city's part of the
    graph (``city``, ``field``, ``signal``, ``anchors`` = the focusesOn actors, ``comention_actors``).

    >>> from graph.analysis.examples import example_graph
    >>> t = field_anchors_by_city(example_graph(), {"example-letter.txt": "温州市"})
    >>> t[["field", "signal", "anchors"]].values.tolist()[-1]
    ['大模型', 'focusesOn', ['美团']]
    """
    types = tuple(actor_types)
    parts = []
    for city, docs in _by_city(cities).items():
        cov = field_coverage(city_subgraph(g, docs), types)
        if len(cov):
            parts.append(cov.assign(city=city).rename(columns={"focus_actors": "anchors", "n_focus": "n_anchors"}))
    cols = ["city", "field", "signal", "n_anchors", "anchors", "comention_actors", "documents"]
    if not parts:
        return pd.DataFrame(columns=cols)
    t = pd.concat(parts, ignore_index=True)[cols]
    return t.sort_values(["city", "n_anchors", "field"]).reset_index(drop=True)


def fields_without_anchor(g: nx.MultiDiGraph[str], cities: Mapping[str, str]) -> pd.DataFrame:
    """Focus fields that no city has an anchor for: named in the documents of ``cities`` (``n_cities`` of
    them, ``cities``), yet no actor states it works on them in any; ``comention_actors`` lists the weak
    signals (actors named beside the field, with their city), if any. By field.

    >>> from graph.analysis.examples import example_graph
    >>> t = fields_without_anchor(example_graph(), {"example-letter.txt": "温州市"})
    >>> t[["field", "cities", "comention_actors"]].values.tolist()
    [['机器视觉', ['温州市'], ['浙大温州研究院（温州市）']], ['芯片设计', ['温州市'], []]]
    """
    t = field_anchors_by_city(g, cities)
    cols = ["field", "n_cities", "cities", "comention_actors"]
    if t.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for field, grp in t.groupby("field", sort=True):
        if (grp["n_anchors"] > 0).any():
            continue
        near = sorted({f"{a}（{c}）" for c, names in zip(grp["city"], grp["comention_actors"]) for a in names})
        rows.append({"field": field, "n_cities": grp["city"].nunique(), "cities": sorted(set(grp["city"])),
                     "comention_actors": near})
    return pd.DataFrame(rows, columns=cols)


def status_by_city(g: nx.MultiDiGraph[str], cities: Mapping[str, str]) -> pd.DataFrame:
    """Planned and achieved facts of each city's documents: ``city``, ``planned``, ``achieved``, ``total``,
    ``achieved_share``. By city.

    >>> from graph.analysis.examples import example_graph
    >>> status_by_city(example_graph(), {"example-letter.txt": "温州市"}).values.tolist()
    [['温州市', 2, 4, 6, 0.6667]]
    """
    rows = []
    for city, docs in _by_city(cities).items():
        status = [d.get("status") for _, _, d in g.edges(data=True) if d.get("document") in docs]
        planned, achieved = status.count("planned"), status.count("achieved")
        total = planned + achieved
        rows.append({"city": city, "planned": planned, "achieved": achieved, "total": total,
                     "achieved_share": round(achieved / total, 4) if total else float("nan")})
    return pd.DataFrame(rows, columns=["city", "planned", "achieved", "total", "achieved_share"])


def progress_by_city(metrics: pd.DataFrame, cities: Mapping[str, str]) -> pd.DataFrame:
    """``metric_progress`` within each city: its documents' planned and achieved values paired (a pair
    never crosses cities). ``metrics`` is a ``metric_table``; a ``city`` column comes first.

    >>> from graph.analysis.examples import example_dataset
    >>> from graph.analysis.metrics import metric_table
    >>> t = progress_by_city(metric_table(example_dataset()), {"example-letter.txt": "温州市"})
    >>> t[["city", "unit", "achieved", "planned", "percent"]].values.tolist()
    [['温州市', 'PFLOPS', 373.0, 2000.0, 18.65]]
    """
    parts = []
    for city, docs in _by_city(cities).items():
        p = metric_progress(metrics[metrics["document"].isin(docs)])
        if len(p):
            parts.append(p.assign(city=city))
    if not parts:
        return pd.DataFrame(columns=["city", *metric_progress(metrics.iloc[:0]).columns])
    t = pd.concat(parts, ignore_index=True)
    return t[["city", *[c for c in t.columns if c != "city"]]]


def linking_organisations(g: nx.MultiDiGraph[str], cities: Mapping[str, str], min_cities: int = 2
                          ) -> pd.DataFrame:
    """Organisations (``ORG_TYPES``) named in documents of at least ``min_cities`` cities: ``entity``,
    ``type``, ``n_cities``, ``cities``, ``documents``. Most cities first, then by name.

    >>> from graph.analysis.examples import example_graph
    >>> linking_organisations(example_graph(), {"example-letter.txt": "温州市"}).empty
    True
    """
    types = set(ORG_TYPES)
    rows = []
    for v, d in g.nodes(data=True):
        if d.get("type") not in types:
            continue
        docs = sorted(x for x in d.get("documents", []) if cities.get(x))
        named_in = sorted({cities[x] for x in docs})
        if len(named_in) >= min_cities:
            rows.append({"entity": label(g, v), "type": d.get("type"), "n_cities": len(named_in),
                         "cities": named_in, "documents": docs})
    t = pd.DataFrame(rows, columns=["entity", "type", "n_cities", "cities", "documents"])
    return t.sort_values(["n_cities", "entity"], ascending=[False, True]).reset_index(drop=True)


def city_links(g: nx.MultiDiGraph[str], cities: Mapping[str, str]) -> pd.DataFrame:
    """Pairs of cities that name the same organisations: ``city_a`` < ``city_b``, ``shared`` (how many),
    ``organisations``. Most shared first.

    >>> from graph.analysis.examples import example_graph
    >>> list(city_links(example_graph(), {"example-letter.txt": "温州市"}).columns)
    ['city_a', 'city_b', 'shared', 'organisations']
    """
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _, r in linking_organisations(g, cities).iterrows():
        named = list(r["cities"])
        for i, a in enumerate(named):
            for b in named[i + 1:]:
                pairs[(a, b)].add(str(r["entity"]))
    rows = [{"city_a": a, "city_b": b, "shared": len(o), "organisations": sorted(o)} for (a, b), o in pairs.items()]
    t = pd.DataFrame(rows, columns=["city_a", "city_b", "shared", "organisations"])
    return t.sort_values(["shared", "city_a", "city_b"], ascending=[False, True, True]).reset_index(drop=True)


def city_table(g: nx.MultiDiGraph[str], cities: Mapping[str, str]) -> pd.DataFrame:
    """The cities side by side, one row each: ``documents``, ``entities`` named, ``facts``, ``partners``,
    ``planned`` and ``achieved`` facts, ``achieved_share``, focus ``fields`` named and ``fields_anchored``
    (with a focusesOn actor). By city."""
    partners = Counter(partners_by_city(g, cities)["city"])
    status = {r["city"]: r for r in status_by_city(g, cities).to_dict("records")}
    fields = field_anchors_by_city(g, cities)
    facts = Counter(str(d.get("document")) for _, _, d in g.edges(data=True))
    named = [set(d.get("documents", [])) for _, d in g.nodes(data=True)]
    rows = []
    for city, docs in _by_city(cities).items():
        f = fields[fields["city"] == city]
        rows.append({"city": city, "documents": len(docs), "entities": sum(1 for n in named if n & docs),
                     "facts": sum(facts[x] for x in docs), "partners": partners[city],
                     "planned": status[city]["planned"], "achieved": status[city]["achieved"],
                     "achieved_share": status[city]["achieved_share"], "fields": len(f),
                     "fields_anchored": int((f["n_anchors"] > 0).sum())})
    return pd.DataFrame(rows, columns=CITY_COLUMNS)
