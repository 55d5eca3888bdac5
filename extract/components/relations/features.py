"""The features the relation scorer reads for a candidate pair: the frame, where the two ends stand, what lies
between them, their types, and whether a rule family found the same relation.

No feature holds an entity's name: trigger words (frames.tsv), function words from closed lists, types,
positions and distances.
"""
from __future__ import annotations

import itertools
import re

from extract.components.relations.candidates import Pair, RelationContext

Features = dict[str, float]
_PARTY = re.compile(r"[与和同及]|以及|携手|联合")
_PASSIVE = re.compile(r"由")
_PLAN = re.compile(r"将|拟|计划|正在|力争|推动|加快")
_CLAUSE = ",;:"
_LIST = re.compile(r"[、]|以及|和|及")


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else \
        "8-15" if n <= 15 else "16-30" if n <= 30 else "31+"


def _clause_of(text: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The clause (between ``,;:``) of the sentence [start, end) that holds ``pos``."""
    lo = max([text.rfind(c, start, pos) for c in _CLAUSE] + [start - 1]) + 1
    his = [i for i in (text.find(c, pos, end) for c in _CLAUSE) if i >= 0]
    return lo, min(his) if his else end


_SEPARATOR = re.compile(r"^(?:、|和|及|与|以及|、以及|,|同|跟)?$")
_TO_TRIGGER = re.compile(r"^[^,。;:]{0,12}$")


def chains(ctx: RelationContext, p: Pair) -> tuple[frozenset[int], frozenset[int]]:
    """The starts of the mentions listed right after the trigger (A、B和C) and right before it (A、B等N家…).

    A list starts at the first mention after the trigger (or the last one before it) a short stretch away
    and goes on while only a list separator (、 和 及 与 以及) stands between two mentions."""
    cache = ctx.cache.setdefault("chains", {})
    k = (p.sentence, p.trigger.start, p.trigger.end)
    if k in cache:
        hit = cache[k]
        assert isinstance(hit, tuple)
        return hit
    text, t = ctx.text, p.trigger
    ms = [m for m in ctx.inside(ctx.sentences[p.sentence]) if m.start >= 0]
    after = [m for m in ms if m.start >= t.end]
    before = [m for m in ms if m.end <= t.start][::-1]
    a: list[int] = []
    if after and _TO_TRIGGER.match(text[t.end:after[0].start]):
        a.append(after[0].start)
        for prev, m in itertools.pairwise(after):
            if not _SEPARATOR.match(text[prev.end:m.start].strip()):
                break
            a.append(m.start)
    b: list[int] = []
    if before and _TO_TRIGGER.match(text[before[0].end:t.start]):
        b.append(before[0].start)
        for nxt, m in itertools.pairwise(before):
            if not _SEPARATOR.match(text[m.end:nxt.start].strip()):
                break
            b.append(m.start)
    out = (frozenset(a), frozenset(b))
    cache[k] = out
    return out


def features(ctx: RelationContext, p: Pair) -> Features:
    """The features of one candidate pair in its document."""
    text = ctx.text
    sent = ctx.sentences[p.sentence]
    t, x, y = p.trigger, p.subject, p.object
    f: Features = {"bias": 1.0}
    f["pred=" + p.predicate] = 1.0
    f[f"trig={p.predicate}|{t.word}"] = 1.0
    f[f"types={p.predicate}|{x.type}|{y.type}"] = 1.0
    f["xkind=" + p.subject_kind] = 1.0
    f[f"xkind={p.predicate}|{p.subject_kind}"] = 1.0
    c_lo, c_hi = _clause_of(text, sent.start, sent.end, t.start)
    ms = ctx.inside(sent)
    # the object: where it stands from the trigger
    y_after = y.start >= t.end
    f[f"y_side={p.predicate}|{'after' if y_after else 'before'}"] = 1.0
    gap_y = y.start - t.end if y_after else t.start - y.end
    f["y_dist=" + _bucket(gap_y)] = 1.0
    f[f"y_clause={c_lo <= y.start < c_hi}"] = 1.0
    if y_after:
        between_ty = [m for m in ms if t.end <= m.start < y.start]
    else:
        between_ty = [m for m in ms if y.end <= m.start < t.start]
    f["y_between=" + _bucket(len(between_ty))] = 1.0
    span_ty = text[t.end:y.start] if y_after else text[y.end:t.start]
    if "的" in span_ty:
        f["y_de"] = 1.0
    if "," in span_ty:
        f["y_comma"] = 1.0
    if y_after and between_ty and all(_LIST.search(text[a.end:b.start]) or not text[a.end:b.start].strip("、 ")
                                      for a, b in zip([*between_ty, y], [*between_ty, y][1:])):
        f["y_in_list_after"] = 1.0
    if text[y.end:y.end + 1] in ("、", "等") or text[y.start - 1:y.start] == "、":
        f["y_listed"] = 1.0
    # the subject
    if p.subject_kind == "explicit":
        x_before = x.end <= t.start
        f[f"x_side={p.predicate}|{'before' if x_before else 'after'}"] = 1.0
        gap_x = t.start - x.end if x_before else x.start - t.end
        f["x_dist=" + _bucket(gap_x)] = 1.0
        f[f"x_clause={c_lo <= x.start < c_hi}"] = 1.0
        span_xt = text[x.end:t.start] if x_before else text[t.end:x.start]
        if _PARTY.search(span_xt):
            f["x_party_between"] = 1.0
        if _PASSIVE.search(text[max(sent.start, x.start - 2):x.start]):
            f["x_after_you"] = 1.0  # 由X…共建
        first = next((m for m in ms), None)
        if first is not None and first.start == x.start:
            f["x_first_in_sentence"] = 1.0
        lead = text[sent.start:x.start]
        f["x_lead=" + _bucket(len(lead))] = 1.0
        if x_before and y_after:
            f["x_t_y"] = 1.0
        elif x_before and not y_after and x.end <= y.start:
            f["x_y_t"] = 1.0  # X与Y签约
            if _PARTY.search(text[x.end:y.start]):
                f["x_party_y_t"] = 1.0
        if text[x.end:x.end + 1] in ("、", "等") or text[x.start - 1:x.start] == "、":
            f["x_listed"] = 1.0
        if text[x.end:x.end + 2] in ("党委", "书记", "市长", "区长", "主任", "董事", "总裁", "院长", "校长"):
            f["x_in_title"] = 1.0
    else:
        explicit_before = [m for m in ms if c_lo <= m.start and m.end <= t.start and m.name != y.name]
        f["implicit_with_explicit_before=" + _bucket(len(explicit_before))] = 1.0
        f["lead=" + _bucket(t.start - c_lo)] = 1.0
    if _PLAN.search(text, sent.start, t.start):
        f["planned_marker"] = 1.0
    if "Person" in (x.type, y.type):
        f[f"person={p.predicate}"] = 1.0
    rule = ctx.by_rule.get((x.name, p.predicate, y.name))
    if rule is not None:
        f["rule=" + (rule.split(":")[1] if ":" in rule else rule)] = 1.0
        f["rule_any"] = 1.0
    after, before = chains(ctx, p)
    y_where = "after_list" if y.start in after else "before_list" if y.start in before else "elsewhere"
    x_where = ("after_list" if x.start in after else "before_list" if x.start in before else "elsewhere") \
        if p.subject_kind == "explicit" else p.subject_kind
    f[f"chain={p.predicate}|{x_where}|{y_where}"] = 1.0
    f[f"ychain={y_where}"] = 1.0
    f[f"xchain={x_where}"] = 1.0
    for side, m in (("x", x), ("y", y)):
        if m.start > 0 and text[m.start - 1] == "(" and text[m.end:m.end + 1] == ")":
            f[side + "_in_brackets"] = 1.0  # 香港科技大学(广州): a qualifier, not a party
        if text[max(0, m.start - 1):m.start] in ("在", "于"):
            f[side + "_after_zai"] = 1.0
    n_ms = len(ms)
    f["sent_mentions=" + _bucket(n_ms)] = 1.0
    return f
