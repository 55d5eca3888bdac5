"""The JSON text of the views: the same text as the stdlib's, each shared edge record encoded once."""
from __future__ import annotations

import json
from typing import Any

import networkx as nx
import pytest

from graph.views.jsontext import ModelText, escape_json_text, json_text, model_json
from graph.views.viewmodel import all_models, index_model


@pytest.mark.parametrize("value", [
    {"b": 1, "a": [1.5, 0.0, -3, None, True, False]},
    {"name": "中国（温州）数安港", "sentence": "行\u2028分隔\u2029段", "quote": '"\\/'},
    [{"z": {"y": {"x": []}}, "x": 12.3}, 0.15, 27.6, 123456789012],
    {"nul": "\x00", "tab": "\t", "emoji": "🙂"},
])
def test_jsontext_equals_the_stdlib_compact_sorted_text(value: Any) -> None:
    assert json_text(value, sort_keys=True) == json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                                                          sort_keys=True)


def test_jsontext_spells_exponents_shorter_than_the_stdlib_with_the_same_value() -> None:
    # the views have no such numbers (positions are integers, sizes and curves have one or two decimals)
    assert json_text([1e-7, 1e22]) == "[1e-7,1e+22]" and json.loads(json_text([1e-7, 1e22])) == [1e-7, 1e22]


def test_jsontext_model_text_is_the_twin_of_every_view(sample_graph: nx.MultiDiGraph) -> None:
    models = all_models(sample_graph)
    models.insert(0, index_model(sample_graph, models))
    encode = ModelText()
    for _ in range(2):                          # the second round reads every edge record from the cache
        assert [encode(m) for m in models] == [model_json(m) for m in models]


def test_jsontext_model_text_encodes_data_holding_its_marker_as_a_whole() -> None:
    model = {"edges": [{"id": "e", "sentence": "\x00aikg:edges\x00"}], "nodes": [], "title": "\x00aikg:edges\x00"}
    assert ModelText()(model) == model_json(model)


def test_jsontext_escape_leaves_clean_text_alone() -> None:
    text = json_text({"name": "温州市"})
    assert escape_json_text(text) is text
