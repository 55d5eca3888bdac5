"""Find entity mentions: rule families (gazetteer, titles, name grammar, people, lists, fields), each in its
module, and the learned proposer that scores candidate spans.

``find_mentions(text)`` is pure: it takes the normalised text and returns non-overlapping candidates.
"""
from __future__ import annotations

from collections.abc import Sequence

from extract.components.names.candidate import NUMERALS, PUNCT, Candidate, resolve_overlaps
from extract.components.names.fields import field_mentions
from extract.components.names.gazetteer import gazetteer_mentions
from extract.components.names.grammar import grammar_mentions
from extract.components.names.lists import list_mentions
from extract.components.names.persons import _propagate_persons, person_mentions
from extract.components.names.titles import policy_mentions
from extract.segment import Tok, Tokens, tokenize
from extract.spans import SpanSet

__all__ = ["NUMERALS", "PUNCT", "Candidate", "field_mentions", "find_mentions", "gazetteer_mentions",
           "grammar_mentions", "list_mentions", "person_mentions", "policy_mentions", "resolve_overlaps"]


def find_mentions(text: str, toks: Sequence[Tok] | None = None) -> list[Candidate]:
    """All mentions of the normalised ``text``, overlaps resolved (``toks``: its tokens, if made already)."""
    toks = Tokens.of(toks) if toks is not None else tokenize(text)
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

