"""Relations: trigger rule families (``rules``), structural families (``structure``: party lists, founders,
hosts, copular co-building, parts, framed fields), and the learned scorer that weighs every candidate pair
of a sentence (``candidates``, ``features``, ``scorer``)."""
from __future__ import annotations

from collections.abc import Callable

from extract.components.relations.rules import AGENTS, RULES, M, RelationHit, paragraph_topic
from extract.components.relations.rules import find_relations as _find
from extract.components.relations.structure import STRUCTURE_RULES
from extract.text import Span

ALL_RULES = RULES + STRUCTURE_RULES

__all__ = ["AGENTS", "ALL_RULES", "M", "RelationHit", "find_relations", "paragraph_topic"]


def find_relations(text: str, sents: list[Span], ms: list[M], actor: M | None, *, planned_from: int | None,
                   year: int | None, allowed: Callable[[str, str, str], bool]) -> list[RelationHit]:
    """Every relation the rule families find (``ALL_RULES``), in text order, each (s, p, o) once."""
    return _find(text, sents, ms, actor, planned_from=planned_from, year=year, allowed=allowed, rules=ALL_RULES)
