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
# # 01 · Explore the ecosystem
#
# Who is in the AI-industry ecosystem the documents describe, how they are tied, who brokers between
# groups. The graph comes from `graph.tables.open_graph` as pandas tables (entities, relations, metrics,
# documents) and a networkx graph; the analysis functions of `graph.analysis` take those.
#
# **Input.** `open_graph()` reads `AIKG_STORE` (a store folder, `sparql+http://…`, or `exports/kg.trig`) when
# set, else extracts the documents of `AIKG_CORPUS` (folders or files, separated by `:`), else the project's
# store `.aikg/store` once `aikg build` has made it, else the bundled `corpus/` (the reply letter
# 温科提复〔2024〕111号).
#
# **Checks.** The letter's own facts are checked exactly when the corpus is the letter alone; on a larger
# corpus (it grows every round) the notebook checks what holds for any corpus of the genre.

# %%
# %matplotlib inline

import matplotlib.pyplot as plt  # noqa: F401  (activates the inline backend so figures display)
import pandas as pd
from IPython.display import display

from graph import analysis as A
from graph.analysis import charts
from graph.tables import open_graph

pd.set_option("display.max_colwidth", 80)
pd.set_option("display.width", 200)
FONT = charts.use_cjk_font()
SEED = 0
LETTER = "wenzhou-2024-111-reply-letter.txt"
print("CJK font:", FONT)


# %%
kg = open_graph()
ds, g = kg.dataset, kg.network()
docs = kg.documents()
LETTER_ONLY = set(docs["document"]) == {LETTER}  # exact checks of the letter only on the letter alone
print(kg)
display(docs)

# %% [markdown]
# ## Who is in the graph
# Entities by type and document, and the relations each document states.

# %%
entities = kg.entities()
display(entities.head(20))
display(A.entity_types_by_document(g))
display(A.predicates_by_document(g))
# any corpus: one row an entity, every entity named in some document or fact
assert len(entities) == g.number_of_nodes() and entities["iri"].is_unique

# %% [markdown]
# Every relation with the sentence that states it and where (document, character offsets).

# %%
facts = kg.relations()
display(facts[["subject", "predicate", "object", "status", "date", "document", "start", "end"]].head(40))
assert len(facts) == g.number_of_edges() and (facts["start"] <= facts["end"]).all()

# %% [markdown]
# ## 数安港 and the companies it clusters
# 中国（温州）数安港 (short 数安港) is where the letter's data companies sit: the extractor finds its
# `clusters` facts and the seeded communities put those companies in one group with it.

# %%
if LETTER_ONLY:
    port = next(v for v, d in g.nodes(data=True) if "数安港" in d["label"] or "数安港" in d.get("aliases", []))
    clustered = facts[(facts["subject"] == g.nodes[port]["label"]) & (facts["predicate"] == "clusters")]
    display(clustered[["object", "object_type", "status", "evidence"]])
    companies = set(clustered.loc[clustered["object_type"] == "Company", "object"])
    assert companies == {"中国电子", "每日互动", "杭钢集团", "美团", "联仁健康"}, companies
    assert len(companies) == 5
    # communities of the letter's own facts: other documents may tie a company (中国电子) elsewhere
    letter_g = g.edge_subgraph([(s, o, k) for s, o, k, d in g.edges(keys=True, data="document") if d == LETTER])
    comm = A.communities(letter_g, seed=SEED)
    port_comm = comm.loc[comm["node"] == port, "community"].iloc[0]
    assert companies <= set(comm.loc[comm["community"] == port_comm, "label"]), "数安港's companies share its community"
    print(f"{g.nodes[port]['label']} clusters {len(companies)} named companies: {'、'.join(sorted(companies))}")

# %% [markdown]
# ## Centrality and brokers
# Degree counts distinct partners; betweenness shows who sits on the paths between others (the city
# government, the platforms). Communities are Louvain with a fixed seed, so every run gives the same groups.

# %%
cent = A.centrality(g, seed=SEED)
display(cent[["label", "type", "degree", "facts", "betweenness"]].head(15))
charts.centrality_chart(cent)

# %%
brokers = A.brokers(g, seed=SEED)
display(brokers)
# any corpus: brokers sit on paths between others, the highest betweenness first, each bridging a community
assert (brokers["betweenness"] > 0).all() and brokers["betweenness"].is_monotonic_decreasing
assert (brokers["communities_bridged"] >= 1).all()
if LETTER_ONLY:
    assert brokers["label"].iloc[0] == "温州市", "the city government is the main broker of the letter's network"

# %%
comm = A.communities(g, seed=SEED)
assert comm.equals(A.communities(g, seed=SEED)), "communities are reproducible with the same seed"
summary = comm.groupby("community").agg(size=("label", "size"), members=("label", lambda s: "、".join(s)))
display(summary.head(12))
charts.community_chart(g, comm, seed=SEED)

# %% [markdown]
# ## Across documents
# Entities named in more than one document tie the documents (and cities) together.

# %%
display(A.shared_entities(g))
display(A.by_city(ds, what="type"))
assert set(docs["document"]) == set(A.entity_types_by_document(g).index) | set(
    docs.loc[docs["entities"] == 0, "document"]), "every document with entities is compared"
