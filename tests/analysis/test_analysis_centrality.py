"""Degree and betweenness centrality, brokers, seeded communities."""
# ruff: noqa: F811  (fixtures are imported from analysis_samples; test arguments name them)
from __future__ import annotations

import pytest
from analysis_samples import letter_dataset, letter_graph, two_cities  # noqa: F401

from graph.analysis import brokers, centrality, communities
from graph.network import to_networkx


def test_centrality_hub_of_a_star_is_first(two_cities) -> None:
    t = centrality(two_cities)
    assert t.iloc[0]["label"] in {"温州市", "美团"}
    assert t.set_index("label").loc["温州市", "degree"] == 3


def test_centrality_several_facts_between_two_entities_count_once(two_cities) -> None:
    t = centrality(two_cities).set_index("label")
    assert t.loc["美团", "degree"] == 3          # 数安港, 大模型, 算力小镇
    assert t.loc["美团", "facts"] == 3


def test_centrality_broker_joins_two_cities(two_cities) -> None:
    b = brokers(two_cities, seed=0)
    row = b.set_index("label").loc["美团"]       # the company clustered in both cities' platforms
    assert row["communities_bridged"] >= 2
    assert {"中国（温州）数安港", "算力小镇"} <= set(row["neighbours"])


@pytest.mark.parametrize("seed", [0, 1, 42])
def test_centrality_communities_reproducible_with_seed(two_cities, seed: int) -> None:
    a, b = communities(two_cities, seed=seed), communities(to_networkx(two_cities), seed=seed)
    assert a.equals(b)
    assert list(a["community"]) == sorted(a["community"])   # 0 is the largest
    assert set(a["label"]) == {d["label"] for _, d in to_networkx(two_cities).nodes(data=True)}


def test_centrality_sampled_betweenness_is_seeded(two_cities) -> None:
    assert centrality(two_cities, k=4, seed=7).equals(centrality(two_cities, k=4, seed=7))


def test_centrality_letter_shuangangang_clusters_five_companies(letter_graph) -> None:
    comm = communities(letter_graph, seed=0)
    port = comm[comm["label"].str.contains("数安港")].iloc[0]
    members = set(comm.loc[comm["community"] == port["community"], "label"])
    assert {"中国电子", "每日互动", "杭钢集团", "美团", "联仁健康"} <= members
