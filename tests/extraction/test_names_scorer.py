"""The learned name scorer: proposals, features without names, selection, the shipped model, training."""
from __future__ import annotations

import itertools
import json

import pytest
from shared_corpus import GOLD, needs_gold

from extract.components.names import document_view, find_mentions, rule_mentions
from extract.components.names.features import features
from extract.components.names.proposals import SELF_REFERENCES, head_of
from extract.components.names.scorer import NameModel, select, shipped_model, using_model
from extract.facts import Document
from extract.lac import lac
from extract.learn.names import Example
from extract.learn.train import fit
from extract.pipeline import extract_document
from extract.segment import tokenize
from extract.text import normalise
from ontology.signatures import class_names

TEXT = ("5月19日，星河市政府与浙江云途科技有限公司签署战略合作协议，双方将共建星河智算中心。"
        "星河市人工智能产业园已集聚星河数智科技有限公司、北辰机器人有限公司等32家企业。"
        "我市将举办2025星河人工智能产业发展大会。")


def view(text: str = TEXT):  # type: ignore[no-untyped-def]
    norm = normalise(text)
    return document_view(norm, tokenize(norm), lac().words([text])[0])


def test_names_select_keeps_the_most_probable_spans_without_overlap() -> None:
    spans = [(0, 4), (2, 6), (5, 9), (10, 12)]
    probs = [0.6, 0.9, 0.7, 0.4]
    assert select(spans, probs, 0.5) == [1]  # (2, 6) wins; (0, 4) and (5, 9) overlap it; (10, 12) too weak
    assert select(spans, probs, 0.3) == [1, 3]


def test_names_model_json_round_trip() -> None:
    m = NameModel({"src=head": 1.5, "bias": 0.0}, -2.0, 0.5, {"documents": 3})
    back = NameModel.from_json(m.to_json())
    assert back == m
    assert back.probability({"src=head": 1.0}) == pytest.approx(1 / (1 + 2.718281828 ** 0.5), rel=1e-6)


def test_names_model_of_another_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="logistic"):
        NameModel.from_json(json.dumps({"kind": "forest", "weights": {}, "bias": 0, "threshold": 0.5}))


def test_names_proposals_hold_head_spans_lac_names_and_no_self_reference() -> None:
    v, _ = view()
    texts = {v.text[s:e] for s, e in v.proposals}
    assert "浙江云途科技有限公司" in texts and "星河市人工智能产业园" in texts
    assert any("head" in p.sources for p in v.proposals.values())
    assert any(src.startswith("lac:") for p in v.proposals.values() for src in p.sources)
    assert not texts & SELF_REFERENCES


def test_names_features_never_hold_the_span_itself() -> None:
    v, _ = view()
    for (s, e), p in v.proposals.items():
        surface = v.text[s:e]
        head = head_of(surface) or ""
        for name in features(v, p):
            assert surface not in name or surface == head, (surface, name)


def test_names_rules_alone_without_a_model() -> None:
    norm = normalise(TEXT)
    toks = tokenize(norm)
    assert find_mentions(norm, toks, lac().words([TEXT])[0], None) == rule_mentions(norm, toks)


@pytest.mark.skipif(shipped_model() is None, reason="no name model shipped (python -m extract.learn.train)")
def test_names_model_mentions_are_typed_non_overlapping_and_true_to_the_text() -> None:
    ex = extract_document(Document("t.txt", TEXT))
    mentions = sorted((m for e in ex.entities for m in e.mentions), key=lambda m: m.start)
    assert mentions
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start, (a, b)
    for m in mentions:
        assert TEXT[m.start:m.end] == m.surface
    assert {e.type for e in ex.entities} <= class_names()


def test_names_using_model_none_is_the_rules_pipeline() -> None:
    with using_model(None):
        rules = extract_document(Document("t.txt", TEXT))
    assert all(not m.rule.startswith("learned:") for e in rules.entities for m in e.mentions)


def test_names_fit_is_deterministic() -> None:
    exs = [Example((0, 2), {"src=head": 1.0, "len=2": 1.0}, 1), Example((3, 5), {"len=2": 1.0}, 0),
           Example((6, 9), {"src=head": 1.0, "len=3-4": 1.0}, 1), Example((9, 11), {"pc=的": 1.0}, 0)]
    a, b = fit(exs), fit(exs)
    assert a == b
    assert a.probability({"src=head": 1.0}) > 0.5 > a.probability({"pc=的": 1.0})


@needs_gold
@pytest.mark.skipif(shipped_model() is None, reason="no name model shipped")
def test_names_shipped_model_holds_no_gold_name() -> None:
    """The weights are of feature names (sources, heads, tags, classes): no gold entity's name is among them."""
    model = shipped_model()
    assert model is not None
    keys = "\n".join(model.weights)
    for path in sorted(GOLD.glob("*.json")):
        for e in json.loads(path.read_text(encoding="utf-8"))["entities"]:
            name = e["name"]
            if len(name) >= 3 and head_of(name) != name:
                assert name not in keys, (path.name, name)
