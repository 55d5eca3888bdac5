"""Relations from trigger families: who signed, co-built, clusters, relies on, established … whom.

``find_relations`` is pure: sentences of the normalised text, resolved mentions and the document's
actor in; ``RelationHit`` records out (subject, predicate, object, offsets, rule, status, date).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import NamedTuple

from extract.dates import dates_in, is_planned
from extract.text import Span

AGENTS = frozenset({"Company", "ResearchInstitute", "GovernmentBody", "Alliance", "Platform", "Person"})
BUILT = frozenset({"Platform", "ResearchInstitute", "Alliance", "Fund", "Company", "Event"})
HOSTS = frozenset({"Platform", "GovernmentBody"})
# the other type sets the rules ask for, made once
_ORGANISATIONS = AGENTS - {"Person"}
_UNITS = frozenset({"Platform", "ResearchInstitute"})
_PLATFORM = frozenset({"Platform"})
_MEMBERS = frozenset({"Company", "ResearchInstitute", "Platform", "Alliance", "Fund"})
_SETTLERS = _MEMBERS - {"Platform"} | {"ResearchInstitute"}
_LANDING = frozenset({"Platform", "Company", "ResearchInstitute"})
_ESTABLISHABLE = BUILT - {"Event"}
_AWARD = frozenset({"Award"})
_INVESTORS = AGENTS | {"Fund"}
_FOCUSED = AGENTS | {"Policy"}
_FIELD = frozenset({"TechField"})
LIST_GAP = re.compile(r"^(?:、|和|及|以及|与|,|、以及|等)?$")
_LINK = re.compile(r"(?:[、和及与]|以及)?")
_BRACKETED = re.compile(r"\([^()]{1,12}\)")
_QUALIFIER = re.compile(r"旗下|下属|所属")


class M(NamedTuple):
    """A resolved mention: offsets, the entity's canonical name and type (a tuple: made for every mention)."""

    start: int
    end: int
    name: str
    type: str


class RelationHit(NamedTuple):
    subject: str
    predicate: str
    object: str
    start: int
    end: int
    rule: str
    status: str
    date: str | None


class Context(NamedTuple):
    """What every rule needs: the text, one sentence, its mentions, the default actor."""

    text: str
    sent: Span
    ms: tuple[M, ...]
    actor: M | None
    planned: bool
    year: int | None

    def after(self, pos: int, types: frozenset[str], slack: int = 6) -> list[M]:
        """The list of mentions that starts right after ``pos`` (A、B和C等)."""
        out: list[M] = []
        prev = pos
        for m in self.ms:
            if m.start < pos:
                continue
            if not out and m.start - pos > slack:
                break
            gap = _BRACKETED.sub("", self.text[prev:m.start]).strip()
            if not out:
                if any(c in gap for c in ",。;:"):
                    break
            elif not LIST_GAP.match(gap) and not _LINK.fullmatch(gap):
                break
            if m.type in types:
                out.append(m)
            prev = m.end
        return out

    def before(self, pos: int, types: frozenset[str], clause_only: bool = True) -> M | None:
        """The nearest mention of one of ``types`` before ``pos`` (in the clause, by default)."""
        lo = self.sent.start
        if clause_only:
            cut = max(self.text.rfind(",", lo, pos), self.text.rfind(":", lo, pos))
            lo = max(lo, cut + 1)
        cands = [m for m in self.ms if lo <= m.start and m.end <= pos and m.type in types]
        return cands[-1] if cands else None

    def between(self, a: int, b: int, types: frozenset[str]) -> list[M]:
        """Mentions inside [a, b), leaving out qualifiers (中电旗下的X: 中电 is not a party)."""
        return [m for m in self.ms if a <= m.start and m.end <= b and m.type in types
                and not _QUALIFIER.match(self.text, m.end, m.end + 2)]

    def subject(self, pos: int, types: frozenset[str] = AGENTS) -> M | None:
        """Explicit subject in the clause, else the sentence's opening actor, else the document's actor."""
        s = self.before(pos, types)
        if s is not None:
            return s
        first = next((m for m in self.ms if m.type in types and m.type != "Person" and m.end <= pos), None)
        if first is not None:
            lead = self.text[self.sent.start:first.start]
            # the sentence opens with its actor, after at most a short time or place phrase (去年以来,)
            if len(lead.strip()) <= 12 and not _TRIGGERS.search(lead):
                return first
        return self.actor


_SIGNED = re.compile(r"签订|签署|签约(?!入驻)|达成[^,。;]{0,6}合作")
_COBUILT = re.compile(r"引进共建|合作共建|联合共建|共建|联合组建|合资成立|联合建设|共同打造")
_BUILT_BY = re.compile(r"由([^。;]{2,40}?)(?:共同|联合)(?:建设|打造|投资建设|运营)")
_BUILT_WITH = re.compile(r"与([^。;,]{2,40}?)合作(?:建设|打造|共建)")
_CONSORTIUM = re.compile(r"创新联合体|联合体|联合申报")
_CLUSTERED = re.compile(r"集聚了?|汇聚了?|吸引了?")
_SETTLED_IN = re.compile(r"签约入驻|入驻")
_MOVED_TO = re.compile(r"落户")
_LANDED = re.compile(r"落地了?|引入|引进(?!共建)")
_RELIES = re.compile(r"依托")
_ESTABLISHED = re.compile(r"成立|设立|启动了?|揭牌成立|建成|组建|打造(?:的)?|新建|筹建|建设(?<![布局推进加快作]建设)(?!的)")
_COMPLETED = re.compile(r"已完成[^,。;]{0,8}建设|已建成投用|已建成|已揭牌|完成[^,。;]{0,8}建设|建成投用|建成|揭牌")
_PUSHED_BUILD = re.compile(r"(?:加快|推动|推进)([^,。;]{2,60}?)建设")
_HOSTED = re.compile(r"举办|主办|承办|召开")
_RECEIVED = re.compile(r"荣获|获得|获评|获批|入选|获")
_FOUNDED_ZONE = re.compile(r"支持([\u4e00-\u9fff]{1,6})创建")
_APPROACHED = re.compile(r"对接|洽谈|探讨合作|商谈")
_COOPERATE = re.compile(r"(?:拟与|计划与|将与|与)([^,。;]{2,30}?)(?:首批)?合作(?!建设|共建|打造|协议)")
_PART_OF = re.compile(r"(?:旗下|下属|所属)(?:的)?")
_INVESTED = re.compile(r"投资了?|出资|注资")
_FOCUS = re.compile(r"聚焦|专注于?|围绕|布局|深耕")
_AT_PLACE = re.compile(r"在[^,。;]{1,10}?(?:先后|已|又)?$")   # 华为在成都(先后)落地…
_IN_PLACE = re.compile(r"在[^,。;]{1,12}$")                   # X在Y揭牌
# Trigger patterns of the rule families, compiled once. Every alternative begins with a literal (an optional
# lead such as (?:已)? is spelt out), so the regex engine skips ahead to the characters that can begin a match.

Rule = Callable[[Context], Iterator[tuple[M, str, M, int, str]]]
_TRIGGERS_OF: dict[Rule, tuple[re.Pattern[str], ...]] = {}


def triggered_by(*patterns: re.Pattern[str]) -> Callable[[Rule], Rule]:
    """Declare the trigger patterns of a rule: it yields only inside their matches in the sentence, so it
    runs only on sentences where one of them matches. ``find_relations`` looks for them once in the whole
    text, so a trigger must match at least one character and must not look past a sentence's edge (no ^,
    $ or \\b, no lookaround for 。, spaces or a line break)."""
    def register(rule: Rule) -> Rule:
        _TRIGGERS_OF[rule] = patterns
        return rule
    return register


@triggered_by(_SIGNED)
def _agreement(c: Context) -> Iterator[tuple[M, str, M, int, str]]:
    for t in _SIGNED.finditer(c.sent.text):
        pos = c.sent.start + t.start()
        w = max(c.text.rfind(x, c.sent.start, pos) for x in ("与", "和", "同"))
        if w < 0:
            continue
        objs = [o for o in c.between(w, pos, AGENTS) if not c.text.endswith("在", 0, o.start)]  # 在宁波签署: a place
        subj = c.before(w + 1, AGENTS, clause_only=False) or c.actor
        for o in objs:
            if subj is not None:
                yield subj, "signedAgreementWith", o, pos, "rel:agreement:与…签订"


@triggered_by(_COBUILT, _BUILT_BY, _BUILT_WITH)
def _cobuilt(c: Context) -> Iterator[tuple[M, str, M, int, str]]:
    s = c.sent.text
    for t in _COBUILT.finditer(s):
        pos = c.sent.start + t.start()
        objs = c.after(c.sent.start + t.end(), BUILT)
        if not objs:
            continue  # nothing built: no need to look for who built it
        subj = c.subject(pos)
        partners = []
        w = c.text.rfind("与", c.sent.start, pos)
        if w >= 0 and pos - w < 40:
            partners = c.between(w, pos, AGENTS)
            subj = c.before(w + 1, AGENTS, clause_only=False) or c.actor
        for o in objs:
            for a in ([subj] if subj else []) + partners:
                yield a, "coBuilt", o, pos, "rel:cobuilt:共建"
    for t in _BUILT_BY.finditer(s):
        pos = c.sent.start + t.start()
        target = c.before(pos, _UNITS, clause_only=False)
        for a in c.between(pos, c.sent.start + t.end(), AGENTS):
            if target:
                yield a, "coBuilt", target, pos, "rel:cobuilt:由…共同建设"
    for t in _BUILT_WITH.finditer(s):
        pos = c.sent.start + t.start()
        objs = c.after(c.sent.start + t.end(), BUILT)
        if not objs:
            continue
        builders = c.between(pos, c.sent.start + t.end(), AGENTS)
        subj = c.subject(pos)
        for o in objs:
            for a in ([subj] if subj else []) + builders:
                yield a, "coBuilt", o, pos, "rel:cobuilt:与…合作建设"


@triggered_by(_CONSORTIUM)
def _consortium(c: Context) -> Iterator[tuple[M, str, M, int, str]]:
    for t in _CONSORTIUM.finditer(c.sent.text):
        pos = c.sent.start + t.start()
        lo = max(c.text.rfind(x, c.sent.start, pos) for x in ",:") + 1
        members = c.between(max(lo, c.sent.start), pos, _ORGANISATIONS)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                yield a, "innovationConsortiumWith", b, pos, "rel:consortium"


@triggered_by(_CLUSTERED, _SETTLED_IN, _MOVED_TO, _LANDED)
def _clusters(c: Context) -> Iterator[tuple[M, str, M, int, str]]:
    s = c.sent.text
    members = _MEMBERS
    for t in _CLUSTERED.finditer(s):
        pos = c.sent.start + t.start()
        host = c.before(pos, HOSTS) or c.before(pos, _PLATFORM, clause_only=False)  # 依托X,集聚…
        if host:
            for o in c.after(c.sent.start + t.end(), members):
                yield host, "clusters", o, pos, "rel:clusters:集聚"
    for t in _SETTLED_IN.finditer(s):
        pos = c.sent.start + t.start()
        hosts = c.after(c.sent.start + t.end(), _PLATFORM, slack=2)
        if hosts:
            for o in c.between(c.sent.start, pos, _SETTLERS):
                yield hosts[0], "clusters", o, pos, "rel:clusters:入驻"
    for t in _MOVED_TO.finditer(s):
        pos = c.sent.start + t.start()
        guest = c.before(pos, members)
        hosts = c.after(c.sent.start + t.end(), HOSTS, slack=2)
        if guest and hosts:
            yield hosts[0], "clusters", guest, pos, "rel:clusters:落户"
    for t in _LANDED.finditer(s):
        pos = c.sent.start + t.start()
        subj = c.subject(pos)
        at = _AT_PLACE.search(c.text[c.sent.start:pos])
        if at and subj is not None and subj.start >= c.sent.start + at.start():
            host, subj = subj, c.before(c.sent.start + at.start(), AGENTS) or c.actor  # 华为在成都落地X
            for o in c.after(c.sent.start + t.end(), _LANDING):
                yield host, "clusters", o, pos, "rel:clusters:在…落地"
        objs = c.after(c.sent.start + t.end(), _LANDING)
        if subj is None:
            continue
        pred = "established" if subj.type in ("Company", "ResearchInstitute") else "clusters"
        for o in objs:
            yield subj, pred, o, pos, f"rel:{pred}:落地"


def _subject_then_list(pattern: re.Pattern[str], predicate: str, objects: frozenset[str], rule: str,
                       subjects: frozenset[str] = AGENTS) -> Rule:
    """A rule of the plainest family: the clause's subject (or the actor), the trigger, a list of objects."""
    @triggered_by(pattern)
    def find(c: Context) -> Iterator[tuple[M, str, M, int, str]]:
        for t in pattern.finditer(c.sent.text):
            pos = c.sent.start + t.start()
            objs = c.after(c.sent.start + t.end(), objects)
            subj = c.subject(pos, subjects) if objs else None
            for o in objs:
                if subj:
                    yield subj, predicate, o, pos, rule
    return find


@triggered_by(_ESTABLISHED, _COMPLETED, _PUSHED_BUILD)
def _established(c: Context) -> Iterator[tuple[M, str, M, int, str]]:
    s = c.sent.text
    for t in _ESTABLISHED.finditer(s):
        pos = c.sent.start + t.start()
        objs = c.after(c.sent.start + t.end(), _ESTABLISHABLE, slack=6 if t.group().endswith("的") else 2)
        if not objs:
            continue
        subj = c.subject(pos)
        for o in objs:
            if subj and o.name != subj.name:
                yield subj, "established", o, pos, f"rel:established:{t.group()[:2]}"
    for t in _COMPLETED.finditer(s):
        pos = c.sent.start + t.start()
        unit = c.before(pos, _UNITS)
        place = _IN_PLACE.search(c.text[c.sent.start:pos])
        if unit and place and unit.start >= c.sent.start + place.start():
            unveiled = c.before(c.sent.start + place.start(), _UNITS)  # X在Y揭牌
            if unveiled:
                yield (c.actor or unveiled), "established", unveiled, pos, "rel:established:在…揭牌"
            continue
        if unit and pos - unit.end <= 2 and c.actor and c.actor.name != unit.name:
            yield c.actor, "established", unit, pos, "rel:established:passive"
    for t in _PUSHED_BUILD.finditer(s):
        pos = c.sent.start + t.start()
        objs = c.between(pos, c.sent.start + t.end(), _UNITS)
        subj = c.subject(pos) if objs else None
        for o in objs:
            if subj and o.name != subj.name:
                yield subj, "established", o, pos, "rel:established:推动…建设"


@triggered_by(_RECEIVED, _FOUNDED_ZONE)
def _received(c: Context) -> Iterator[tuple[M, str, M, int, str]]:
    s = c.sent.text
    for t in _RECEIVED.finditer(s):
        pos = c.sent.start + t.start()
        objs = c.after(c.sent.start + t.end(), _AWARD, slack=8)
        if not objs:
            continue
        owners = [m for m in c.between(c.sent.start, pos, AGENTS) if c.text.startswith("的", m.end)]
        subjects = owners or [x for x in [c.subject(pos)] if x]
        for a in subjects:
            for o in objs:
                yield a, "received", o, pos, "rel:received:获"
    for t in _FOUNDED_ZONE.finditer(s):
        pos = c.sent.start + t.start()
        objs = c.after(c.sent.start + t.end(), _PLATFORM, slack=2)
        for o in objs:
            if c.actor:
                yield c.actor, "received", o, pos, "rel:received:创建"


@triggered_by(_APPROACHED, _COOPERATE)
def _plans(c: Context) -> Iterator[tuple[M, str, M, int, str]]:
    s = c.sent.text
    for t in _APPROACHED.finditer(s):
        pos = c.sent.start + t.start()
        objs = c.after(c.sent.start + t.end(), _ORGANISATIONS)
        w = c.text.rfind("与", c.sent.start, pos)
        if not objs and w >= 0 and pos - w < 30:
            objs = c.between(w, pos, _ORGANISATIONS)
            subj = c.before(w + 1, _ORGANISATIONS, clause_only=False) or c.actor
        else:
            subj = c.subject(pos) if objs else None
        for o in objs:
            if subj and subj.name != o.name:
                yield subj, "plansCooperationWith", o, pos, "rel:plans:对接"
    for t in _COOPERATE.finditer(s):
        pos = c.sent.start + t.start()
        objs = c.between(pos, c.sent.start + t.end(), _ORGANISATIONS)
        subj = c.subject(pos, _ORGANISATIONS) if objs else None
        for o in objs:
            if subj and subj.name != o.name:
                yield subj, "plansCooperationWith", o, pos, "rel:plans:与…合作"


@triggered_by(_PART_OF)
def _part_of(c: Context) -> Iterator[tuple[M, str, M, int, str]]:
    for t in _PART_OF.finditer(c.sent.text):
        pos = c.sent.start + t.start()
        parent = c.before(pos, AGENTS)
        children = c.after(c.sent.start + t.end(), AGENTS, slack=8)
        if parent and children and pos - parent.end <= 1:
            yield children[0], "partOf", parent, pos, "rel:partOf:旗下"


@triggered_by(_INVESTED)
def _invested(c: Context) -> Iterator[tuple[M, str, M, int, str]]:
    for t in _INVESTED.finditer(c.sent.text):
        pos = c.sent.start + t.start()
        subj = c.before(pos, _INVESTORS)
        for o in c.after(c.sent.start + t.end(), _INVESTORS, slack=2):
            if subj and subj.name != o.name:
                yield subj, "investedIn", o, pos, "rel:invested"


@triggered_by(_FOCUS)
def _focus(c: Context) -> Iterator[tuple[M, str, M, int, str]]:
    for t in _FOCUS.finditer(c.sent.text):
        pos = c.sent.start + t.start()
        subj = c.before(pos, _FOCUSED)
        if subj is None:
            continue
        end = min([c.text.find(x, pos) for x in ",。;" if c.text.find(x, pos) > 0] or [c.sent.end])
        for o in c.between(pos, end, _FIELD):
            yield subj, "focusesOn", o, pos, "rel:focus"


_relies = _subject_then_list(_RELIES, "reliesOn", AGENTS | {"Policy", "Fund"}, "rel:relies:依托", AGENTS | {"Policy"})
_hosted = _subject_then_list(_HOSTED, "hosted", frozenset({"Event"}), "rel:hosted")

RULES: tuple[Rule, ...] = (_agreement, _cobuilt, _consortium, _clusters, _relies, _established, _hosted,
                           _received, _plans, _part_of, _invested, _focus)


_TRIGGERS = re.compile(r"签|共建|建设|成立|设立|启动|举办|集聚|入驻|落地|依托|对接|获|组建|打造|引进|引入|实施|推动")
_STOP = re.compile(r"[。;]")
_start_of = attrgetter("start")


def paragraph_topic(text: str, ms: list[M], pos: int) -> M | None:
    """The organisation a paragraph opens with (在过去的一年,X对接…): the actor of its omitted subjects.

    ``ms`` is sorted by start.
    """
    start = text.rfind("\n", 0, pos) + 1
    i = bisect_left(ms, start, key=_start_of)
    first = next((m for m in ms[i:] if m.type in _ORGANISATIONS), None)
    if first is None or first.start > pos:
        return None
    lead = text[start:first.start]
    if len(lead.strip()) > 12 or _TRIGGERS.search(lead) or _STOP.search(lead):
        return None
    return first


def _inside(ms: list[M], sent: Span) -> tuple[M, ...]:
    """The mentions that lie inside the sentence, in order (``ms`` is sorted by start)."""
    lo = bisect_left(ms, sent.start, key=_start_of)
    hi = bisect_right(ms, sent.end, lo=lo, key=_start_of)
    return tuple(m for m in ms[lo:hi] if m.end <= sent.end)


def _rules_by_sentence(text: str, sents: list[Span], rules: tuple[Rule, ...] = RULES) -> dict[int, list[Rule]]:
    """The sentences (by index) where one of a rule's triggers matches, with those rules in ``RULES`` order.

    A trigger that matches inside a sentence also matches the whole text there, and a match of the whole
    text's scan covers that place (see ``triggered_by``): one scan of the text per trigger replaces a scan
    per sentence, and a sentence no match reaches skips the rule.
    """
    starts, ends = [s.start for s in sents], [s.end for s in sents]
    due = [0] * len(sents)  # a bit for each rule
    for n, rule in enumerate(rules):
        bit = 1 << n
        for pattern in _TRIGGERS_OF[rule]:
            for t in pattern.finditer(text):
                i = bisect_right(ends, t.start())  # the first sentence ending after the match starts
                while i < len(starts) and starts[i] < t.end():
                    due[i] |= bit
                    i += 1
    return {i: [r for n, r in enumerate(rules) if bits >> n & 1] for i, bits in enumerate(due) if bits}


def find_relations(text: str, sents: list[Span], ms: list[M], actor: M | None, *,
                   planned_from: int | None, year: int | None,
                   allowed: Callable[[str, str, str], bool],
                   rules: tuple[Rule, ...] = RULES) -> list[RelationHit]:
    """Every relation the trigger rules find, in text order, each (s, p, o) once (``ms`` sorted by start)."""
    out: list[RelationHit] = []
    seen: set[tuple[str, str, str]] = set()
    for n, due in _rules_by_sentence(text, sents, rules).items():
        sent = sents[n]
        sms = _inside(ms, sent)
        if not sms:
            continue
        planned = planned_from is not None and sent.start >= planned_from
        ctx = Context(text, sent, sms, paragraph_topic(text, ms, sent.start) or actor, planned, year)
        hits: list[tuple[M, str, M, int, str]] = []
        for rule in due:
            hits.extend(rule(ctx))
        for s, p, o, pos, rid in sorted(hits, key=lambda h: h[3]):
            if s.name == o.name or not allowed(p, s.type, o.type):
                continue
            k = (s.name, p, o.name) if p not in ("signedAgreementWith", "innovationConsortiumWith") \
                else (min(s.name, o.name), p, max(s.name, o.name))
            if k in seen:
                continue
            seen.add(k)
            clause_end = min([i for i in (text.find(x, pos, sent.end) for x in ",;") if i > 0] or [sent.end])
            status = "planned" if planned or is_planned(text[sent.start:clause_end]) else "achieved"
            ds = [d for off, d in dates_in(text[sent.start:clause_end], year)]
            out.append(RelationHit(s.name, p, o.name, sent.start, sent.end, rid, status, ds[-1] if ds else None))
    return out
