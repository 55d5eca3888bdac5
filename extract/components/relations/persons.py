"""People act for their organisations: in "A主任张三与B秘书长李四签约" the agreement is A's and B's.

``acting_for`` rewrites each person mention whose own organisation is named right before their title (no
punctuation between, a title's length) into a mention of that organisation at the person's place, so every
relation family and the learned scorer see the organisation where the person acts. ``organisation_only``
drops what is still left with a person at one end for the families that only organisations take part in.

>>> ms = [M(0, 7, "星河新区管委会", "GovernmentBody"), M(9, 11, "张三", "Person")]
>>> [m.name for m in acting_for("星河新区管委会主任张三与", ms)]
['星河新区管委会', '星河新区管委会']
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from extract.components.relations.rules import AGENTS, M, RelationHit

__all__ = ["acting_for", "organisation_only"]

_TITLE_GAP = re.compile(r"^[^,，。;；:：()（）“”《》\n\s]{1,12}$")
_ORGS = AGENTS - {"Person"}
# relations a person can hold in the ontology but that the genre states of organisations only
ORGANISATION_ONLY = frozenset({"signedAgreementWith", "coBuilt", "innovationConsortiumWith", "clusters",
                               "established", "hosted", "partOf", "reliesOn", "investedIn"})


def acting_for(text: str, ms: list[M]) -> list[M]:
    """``ms`` (sorted by start) with each titled person replaced by the organisation named before the title."""
    out: list[M] = []
    for i, m in enumerate(ms):
        if m.type == "Person" and i > 0:
            org = ms[i - 1]
            if org.type in _ORGS and org.end <= m.start and _TITLE_GAP.match(text[org.end:m.start]):
                out.append(M(m.start, m.end, org.name, org.type))
                continue
        out.append(m)
    return out


def organisation_only(hits: Iterable[RelationHit], types: dict[str, str]) -> list[RelationHit]:
    """The hits without a person at an end of a relation only organisations hold."""
    return [h for h in hits if h.predicate not in ORGANISATION_ONLY
            or "Person" not in (types.get(h.subject), types.get(h.object))]
