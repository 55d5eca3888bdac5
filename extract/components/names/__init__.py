"""Find entity mentions: rule families (gazetteer, titles, name grammar, people, lists, fields), each in its
module, and the learned proposer that scores candidate spans.

``find_mentions(text)`` is pure: it takes the normalised text and returns non-overlapping candidates.
"""
from __future__ import annotations

from collections.abc import Sequence

from extract.components.names.candidate import NUMERALS, PUNCT, Candidate, resolve_overlaps
from extract.components.names.features import DocView
from extract.components.names.fields import field_mentions
from extract.components.names.gazetteer import gazetteer_mentions
from extract.components.names.grammar import grammar_mentions
from extract.components.names.lists import list_mentions
from extract.components.names.persons import _propagate_persons, person_mentions
from extract.components.names.proposals import LacWord, propose, rule_candidates
from extract.components.names.scorer import NameModel, scored_mentions, shipped_model
from extract.components.names.titles import policy_mentions
from extract.segment import Tok, Tokens, tokenize
from extract.spans import SpanSet

__all__ = ["NUMERALS", "PUNCT", "Candidate", "field_mentions", "find_mentions", "gazetteer_mentions",
           "grammar_mentions", "list_mentions", "person_mentions", "policy_mentions", "resolve_overlaps",
           "rule_mentions", "shipped_model"]


def rule_mentions(text: str, toks: Tokens) -> list[Candidate]:
    """The mentions the rule families alone keep: their candidates, overlaps resolved."""
    gaz = gazetteer_mentions(text, toks)
    base = gaz + policy_mentions(text) + grammar_mentions(text, toks) + person_mentions(text, toks)
    persons = {c.surface for c in base if c.type == "Person"}
    base += _propagate_persons(text, persons)
    spans = [(c.start, c.end) for c in base if c.type == "Person"]
    if spans:  # 组长陈联盟: a head word inside a person's name makes no organisation
        base = [c for c in base if c.type == "Person" or not any(c.start < e and s < c.end and e >= c.end
                                                                  for s, e in spans)]
    listed = list_mentions(text, base)
    fields = field_mentions(text)
    if fields:
        named = SpanSet.of((c.start, c.end) for c in base)
        fields = [f for f in fields if not named.overlaps(f.start, f.end)]
    return resolve_overlaps(base + listed + fields)


def document_view(text: str, toks: Tokens, words: Sequence[LacWord]) -> tuple[DocView, list[Candidate]]:
    """The proposals of a document as the scorer reads them, and what the rules alone keep."""
    selected = rule_mentions(text, toks)
    rules = [c for c in rule_candidates(text, toks) if c.type != "TechField"]
    return DocView(text, toks, words, propose(text, toks, list(words), rules, selected)), selected


def find_mentions(text: str, toks: Sequence[Tok] | None = None, words: Sequence[LacWord] | None = None,
                  model: NameModel | None = None) -> list[Candidate]:
    """All mentions of the normalised ``text``, overlaps resolved (``toks``: its tokens, if made already).

    With LAC's ``words`` of the text and a name ``model``, the model picks the names among the proposals
    (rules, LAC, head-anchored spans, list items) and the rules add the technology fields; without them the
    rules alone decide.
    """
    toks = Tokens.of(toks) if toks is not None else tokenize(text)
    if words is None or model is None:
        return rule_mentions(text, toks)
    view, selected = document_view(text, toks, words)
    names = scored_mentions(view, model)
    taken = SpanSet.of((c.start, c.end) for c in names)
    fields = [c for c in selected if c.type == "TechField" and not taken.overlaps(c.start, c.end)]
    return sorted(names + fields, key=lambda c: c.start)
