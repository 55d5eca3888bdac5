# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Cities side by side
#
# The documents come from many cities. Side by side: who each city works with (its partners), which focus
# fields no city has an anchor institution for, how much of what each city states is achieved rather than
# planned, and the organisations that link cities. The functions are `graph.analysis.cities`; the graph
# and its tables come from `graph.tables.open_graph`.
#
# **A document's city** is `documents()["city"]` (`graph.analysis.document_table`: the most named
# government body `…市` of the document, else the issuer's city). Documents without a city are left out
# of the comparison and listed below.
#
# **Input.** `open_graph()` reads `AIKG_STORE` (a store folder, `sparql+http://…`, or `exports/kg.trig`) when
# set, else extracts the documents of `AIKG_CORPUS` (folders or files, separated by `:`), else the project's
# store `.aikg/store` once `aikg build` has made it, else the bundled `corpus/`.
#
# **Checks.** On the letter alone (one city, 温州市) the notebook checks the letter's own facts exactly. On
# any larger corpus (documents are added every round) it checks what holds for every corpus of the genre:
# the per-city counts add up to the graph's, a partner is never the city's own government, a field listed
# without an anchor has none in any city, a linking organisation is named in every city it links.

# %%
# %matplotlib inline

import unicodedata

import matplotlib.pyplot as plt  # noqa: F401  (activates the inline backend so figures display)
import pandas as pd
from IPython.display import display

from graph import analysis as A
from graph.analysis import charts
from graph.tables import open_graph

pd.set_option("display.max_colwidth", 80)
pd.set_option("display.width", 200)
pd.set_option("display.max_rows", 100)
charts.use_cjk_font()
LETTER = "wenzhou-2024-111-reply-letter.txt"

# %%
kg = open_graph()
g = kg.network()
docs = kg.documents()
cities = A.document_cities(docs)
LETTER_ONLY = set(docs["document"]) == {LETTER}
print(kg)
print(f"{len(set(cities.values()))} cities in {len(cities)} of {len(docs)} documents")
display(docs.loc[~docs["document"].isin(list(cities)), ["document", "title", "issuer"]].rename_axis("no city"))
assert set(cities) <= set(docs["document"]) and all(cities.values())

# %% [markdown]
# ## The cities side by side
# Documents, entities named, facts stated, partners, planned and achieved facts, focus fields named and
# those with an anchor (an actor stating it works on the field, `focusesOn`).

# %%
table = A.city_table(g, cities)
display(table)
# any corpus: one row a city; the facts of the cities' documents add up; planned + achieved within facts
assert table["city"].is_unique and set(table["city"]) == set(cities.values())
assert table["facts"].sum() == sum(1 for _, _, d in g.edges(data="document") if d in cities)
assert (table["planned"] + table["achieved"] <= table["facts"]).all()
assert (table["fields_anchored"] <= table["fields"]).all()

# %% [markdown]
# ## 1 · Partners per city
# The organisations that take part in a fact the city's documents state (companies, institutes, platforms,
# alliances, funds, other government bodies); the city's own government bodies are not its partners.

# %%
partners = A.partners_by_city(g, cities)
by_type = pd.crosstab(partners["city"], partners["type"])
display(by_type.assign(total=by_type.sum(axis=1)).sort_values("total", ascending=False))
charts.documents_chart(by_type, title="各城市的合作伙伴 (partners per city, by type)")

# %%
top = partners.groupby("city").head(5)
display(top[["city", "partner", "type", "facts", "relations"]])
# any corpus: a partner is an organisation, never the city's own body; one row a city and partner
assert set(partners["type"]) <= set(A.cities.ORG_TYPES), set(partners["type"])
assert not partners.duplicated(["city", "partner"]).any()
assert not any(t == "GovernmentBody" and p.startswith(c) for c, p, t in partners[["city", "partner", "type"]].values)
assert (table.set_index("city")["partners"] == partners.groupby("city").size().reindex(table["city"]).fillna(0)).all()
if LETTER_ONLY:
    # names compared in NFKC: the alias table beside a store may keep 中国（温州）数安港 with full-width brackets
    wz = {unicodedata.normalize("NFKC", p) for p in partners.loc[partners["city"] == "温州市", "partner"]}
    assert {"中国联通", "浙江长城计算机系统有限公司", "中国AIGC产业联盟", "上海人工智能实验室", "中国(温州)数安港",
            "温州市智算中心"} <= wz, wz
    assert "温州市" not in wz, "the city itself is no partner"
    print(f"温州市 works with {len(wz)} organisations in the letter")

# %% [markdown]
# ## 2 · Focus fields with no anchor institution in any city
# A field named in some city's documents that no actor, in any city, states it works on. `comention_actors`
# are the weak signal: actors named in the same sentence as the field (with their city).

# %%
anchors = A.field_anchors_by_city(g, cities)
orphans = A.fields_without_anchor(g, cities)
display(orphans)
anchored = anchors[anchors["n_anchors"] > 0]
display(anchored[["city", "field", "anchors"]].rename_axis("anchored"))
# any corpus: a field without anchor has none in any city; every field named by a city is one or the other
assert not set(orphans["field"]) & set(anchored["field"])
assert set(orphans["field"]) | set(anchored["field"]) == set(anchors["field"])
assert (orphans["n_cities"] == orphans["cities"].map(len)).all() and (orphans["n_cities"] >= 1).all()
if LETTER_ONLY:
    gaps = set(orphans["field"])
    assert {"芯片设计", "智能机器人", "智能传感器", "系统软件", "大模型"} <= gaps, gaps
    print(f"{len(gaps)} of the letter's {anchors['field'].nunique()} fields have no anchor:", "、".join(sorted(gaps)))

# %% [markdown]
# ## 3 · Planned vs achieved per city
# Facts by status, and metrics where a planned and an achieved value of the same quantity pair up within
# a city (`graph.analysis.metric_progress`; a pair never crosses cities).

# %%
status = A.status_by_city(g, cities).sort_values("total", ascending=False)
display(status)
charts.status_chart(status, top=20, title="各城市计划与完成 (planned vs achieved facts per city)")

# %%
progress = A.progress_by_city(kg.metrics(), cities)
display(progress[["city", "subject", "unit", "achieved", "planned", "percent", "match"]])
# any corpus: the counts add up; a progress row pairs an achieved and a planned value of one city's documents
assert (status["planned"] + status["achieved"] == status["total"]).all()
assert status["achieved_share"].dropna().between(0, 1).all()
paired = progress[progress["planned"] > 0]
assert ((paired["percent"] - 100 * paired["achieved"] / paired["planned"]).abs() <= 0.0051).all()
assert all(cities.get(d) == c for c, d in progress[["city", "document"]].values)
if LETTER_ONLY:
    power = progress[(progress["city"] == "温州市") & (progress["unit"] == "PFLOPS")].iloc[0]
    assert (power["achieved"], power["planned"], power["percent"]) == (373.0, 2000.0, 18.65), power
    print(f"温州市 computing power online: {power['achieved']:g} of {power['planned']:g} PFLOPS = {power['percent']} %")

# %% [markdown]
# ## 4 · The organisations that link cities
# Organisations named in the documents of two or more cities, and the pairs of cities they tie.

# %%
linking = A.linking_organisations(g, cities)
display(linking[["entity", "type", "n_cities", "cities"]])
charts.linking_chart(linking)

# %%
links = A.city_links(g, cities)
display(links.head(30))
# any corpus: a linking organisation is named in a document of every city it links
names = {d["label"]: set(d["documents"]) for _, d in g.nodes(data=True)}
for entity, linked in linking[["entity", "cities"]].values:
    assert len(linked) >= 2 and set(linked) <= {cities[x] for x in names[entity] if x in cities}, entity
assert (links["city_a"] < links["city_b"]).all() and (links["shared"] == links["organisations"].map(len)).all()
if LETTER_ONLY:
    assert linking.empty and links.empty, "one city links nothing"
