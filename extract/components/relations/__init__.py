"""Relations: trigger rule families (``rules``), and the learned scorer that weighs every candidate pair of a
sentence (``candidates``, ``features``, ``scorer``)."""
from __future__ import annotations

from extract.components.relations.rules import AGENTS, RULES, M, RelationHit, find_relations, paragraph_topic

__all__ = ["AGENTS", "RULES", "M", "RelationHit", "find_relations", "paragraph_topic"]
