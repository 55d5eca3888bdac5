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
# # 02 · Gap analysis
#
# The gaps a planner cares about, as the reply letter 温科提复〔2024〕111号 names them: focus fields
# (大模型, 工业物联网, 智能传感器, 系统软件, 机器视觉, 智能机器人, 芯片设计 …) with nobody working on them,
# platforms planned but not built, computing power online against planned (373P of 2000P).
# All numbers below are computed by `graph.analysis` from the graph `graph.tables.open_graph` reads.
#
# **Input.** `open_graph()` reads `AIKG_STORE` (a store folder, `sparql+http://…`, or `exports/kg.trig`) when
# set, else extracts the documents of `AIKG_CORPUS` (folders or files, separated by `:`), else the project's
# store `.aikg/store` once `aikg build` has made it, else the bundled `corpus/`.
#
# **Checks.** On the letter alone the notebook checks the letter's own gaps exactly. On any larger corpus
# (documents are added every round) it checks what holds for every corpus of the genre: each field has
# one signal, a gap is a field with no actor, open plans are planned facts, progress is achieved over planned.

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
charts.use_cjk_font()
SEED = 0
LETTER = "wenzhou-2024-111-reply-letter.txt"


# %%
kg = open_graph()
ds, g = kg.dataset, kg.network()
docs = kg.documents()
# exact checks of the letter's facts only when the corpus is the letter alone: other documents add actors
LETTER_ONLY = set(docs["document"]) == {LETTER}
print(f"{kg}; letter alone: {LETTER_ONLY}")

# %% [markdown]
# ## 1 · Focus fields against the actors working on them
# `focusesOn` is the strong signal (an actor says it works on the field); a co-mention (actor and field in
# the same evidence sentence) is weaker. A field with neither is a gap.

# %%
fields = A.field_coverage(g)
display(fields[["field", "signal", "focus_actors", "comention_actors"]])
charts.fields_chart(fields)

# %%
# any corpus: one signal a field; a gap is a field with no actor at all; gaps are listed first
assert set(fields["signal"]) <= {"focusesOn", "co-mention", "none"}, set(fields["signal"])
assert (fields["gap"] == (fields["n_focus"] + fields["n_comention"] == 0)).all()
assert ((fields["signal"] == "focusesOn") == (fields["n_focus"] > 0)).all()
assert (fields["n_focus"] == fields["focus_actors"].map(len)).all()
assert fields["gap"].is_monotonic_decreasing or fields.empty, "gaps come first"
assert fields["field"].is_unique
if LETTER_ONLY:
    named = {"大模型", "工业物联网", "智能传感器", "系统软件", "机器视觉", "智能机器人", "芯片设计"}
    f = fields.set_index("field")
    assert named <= set(f.index), named - set(f.index)
    gaps = set(f.index[f["gap"]])
    assert {"芯片设计", "智能机器人", "智能传感器", "系统软件", "大模型"} <= gaps, gaps
    assert "中关村信息谷·温州创新中心" in f.loc["机器视觉", "comention_actors"]
    assert f.loc["机器视觉", "signal"] == "co-mention"
    print(f"{len(gaps & named)} of the {len(named)} fields the letter names have no actor:", "、".join(sorted(gaps & named)))

# %% [markdown]
# ## 2 · Planned vs achieved, by actor and relation

# %%
pva = A.planned_vs_achieved(g)
display(pva.head(20))
charts.status_chart(pva)

# %%
plans = A.open_plans(g)
display(plans[["subject", "predicate", "object", "document", "evidence"]])
# any corpus: the counts add up, and every open plan is a planned fact of the graph
assert (pva["planned"] + pva["achieved"] == pva["total"]).all()
assert pva["achieved_share"].between(0, 1).all()
planned_edges = {(g.nodes[s]["label"], d["predicate"], g.nodes[o]["label"])
                 for s, o, d in g.edges(data=True) if d.get("status") == "planned"}
assert set(map(tuple, plans[["subject", "predicate", "object"]].values)) <= planned_edges
if LETTER_ONLY:
    open_set = set(map(tuple, plans[["subject", "predicate", "object"]].values))
    assert ("温州市", "plansCooperationWith", "上海人工智能实验室") in open_set
    wz = pva[(pva["subject"] == "温州市") & (pva["predicate"] == "signedAgreementWith")]
    assert int(wz["achieved"].sum()) >= 3, "the city signed with 中国联通, 浙江长城计算机系统有限公司 and 中国AIGC产业联盟"

# %% [markdown]
# ## 3 · Metric progress: computing power online vs planned
# A planned and an achieved value are paired by subject, unit and measure (see `graph.analysis.metrics`).

# %%
metrics = kg.metrics()
display(metrics[["subject", "measure", "value", "unit", "status", "date", "document"]])
progress = A.metric_progress(ds)
display(progress[["subject", "unit", "achieved", "planned", "percent", "match"]])
charts.progress_chart(progress)

# %%
# any corpus: a progress row pairs an achieved with a planned value of one unit; percent is their ratio
paired = progress[progress["planned"] > 0]
assert ((paired["percent"] - 100 * paired["achieved"] / paired["planned"]).abs() <= 0.0051).all()
assert set(progress["unit"]) <= set(metrics["unit"])
if LETTER_ONLY:
    power = progress[(progress["unit"] == "PFLOPS") & (progress["document"] == LETTER)]
    assert len(power) == 1, f"one computing-power pair expected in the letter, found {len(power)}:\n{metrics[metrics['unit'] == 'PFLOPS']}"
    row = power.iloc[0]
    assert (row["achieved"], row["planned"]) == (373.0, 2000.0), row
    assert row["percent"] == 18.65, row
    print(f"computing power online: {row['achieved']:g} of {row['planned']:g} PFLOPS = {row['percent']} %")

# %% [markdown]
# ## 4 · Isolated and weakly tied platforms and institutes

# %%
ties = A.weak_ties(g)
display(ties[["entity", "type", "tie", "ties"]])
assert set(ties["tie"]) <= {"isolated", "government only", "single tie"}, set(ties["tie"])
if LETTER_ONLY:
    t = ties.set_index("entity")
    assert t.loc["鹿城数字时尚高新区", "tie"] == "isolated"
    assert t.loc["国际云软件谷", "tie"] == "government only"

# %% [markdown]
# ## 5 · SHACL warnings as gaps
# The shapes flag a platform nobody built, an institute or platform with no relation, a plan without a date.

# %%
report = kg.validate()
assert report.conforms, report.summary()
shacl = A.shacl_gaps(ds, report)
display(shacl[["gap", "focus", "message_zh"]])
assert shacl["message_zh"].str.len().gt(0).all(), "every SHACL gap says what to fix"
if LETTER_ONLY:
    unbuilt = set(shacl.loc[shacl["gap"] == "PlatformBuilderPresent", "focus"])
    assert "鹿城数字时尚高新区" in unbuilt, unbuilt

# %% [markdown]
# ## 6 · Across documents and cities

# %%
display(docs[["document", "date", "city", "entities", "facts", "metrics"]])
by_doc = A.predicates_by_document(g)
display(by_doc)
display(A.by_city(ds))
charts.documents_chart(by_doc)
assert by_doc.values.sum() == g.number_of_edges()

# %% [markdown]
# ## All gaps in one table

# %%
summary = A.gap_summary(ds, report)
display(summary.groupby("kind").size().rename("count").to_frame())
display(summary)
