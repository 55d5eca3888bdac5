"""The spaCy components of the pipeline, registered with ``@Language.factory``.

Each is a thin class: ``__call__`` computes with the pure function of its module and writes the result
into the document's state (``doc._.aikg``). Order: aikg_mentions → aikg_resolve → aikg_relations →
aikg_metrics.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import attrgetter

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.metrics import find_metrics
from extract.components.names import find_mentions
from extract.components.names.scorer import model_in_use
from extract.components.relations import M, find_relations
from extract.components.relations.candidates import RelationContext
from extract.components.relations.persons import acting_for, organisation_only
from extract.components.relations.scorer import relation_model_in_use, scored_relations
from extract.components.resolve import Resolution, resolve
from extract.components.state import DocState, state
from extract.dates import dates_in, doc_year, is_planned
from extract.facts import Metric, Provenance
from extract.lac import lac
from extract.segment import tokenize
from extract.text import normalise, sentences

_DIGIT = re.compile(r"\d")
_PLAN_SECTION = re.compile(r"(?:^|\n)\s*(?:下一步|今后|下阶段)")
_PLAN_GENRE = re.compile(r"行动方案|实施方案|工作方案|发展规划|行动计划|三年计划")
_PLAN_HEADING = re.compile(r"(?:发展目标|主要目标|总体目标|工作目标|重点任务|主要任务)")


@lru_cache(maxsize=4096)  # few predicates and types: each answer once (an ImportError is not kept)
def _signature_allows(predicate: str, s: str, o: str) -> bool:
    from ontology.signatures import allowed
    return bool(allowed(predicate, s, o))


def allowed_relation(predicate: str, s: str, o: str) -> bool:
    try:
        return _signature_allows(predicate, s, o)
    except ImportError:  # the signatures module is generated from aikg.ttl; absent only mid-setup
        return True


@lru_cache(maxsize=2)  # relations and metrics both ask, for the same document
def planned_from(norm: str) -> int | None:
    """Where the part of a document that states plans begins (下一步…, or an action plan's goals)."""
    m = _PLAN_SECTION.search(norm)
    if m:
        return m.start()
    if _is_plan(norm):
        h = _PLAN_HEADING.search(norm)
        return h.start() if h else 0
    return None


_ISSUES_PLAN = re.compile(r"(?:印发|发布|出台|关于)《[^《》\n]{2,80}?(?:" + _PLAN_GENRE.pattern + r")[^《》\n]{0,20}》")


def _is_plan(norm: str) -> bool:
    """An action plan, or its notice: the title (first line) names the genre, or the opening issues one
    (关于印发《…行动方案》的通知); a plan only cited (贯彻落实《…方案》) does not make the document one."""
    first = next((ln for ln in norm.splitlines() if ln.strip()), "")[:120]
    return bool(_PLAN_GENRE.search(first) or _ISSUES_PLAN.search(norm[:300]))


class MentionFinder:
    """Gazetteer, name grammar, people, lists and fields → non-overlapping mention candidates."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        st.norm = doc.user_data.get("aikg_norm") or normalise(doc.text)
        st.tokens = doc.user_data.get("aikg_tokens") or tokenize(st.norm)
        st.sentences = sentences(st.norm)
        model = model_in_use()
        if model is not None and st.words is None:  # LAC reads the document's own text (full-width forms
            st.words = lac().words([st.document.text if st.document else doc.text])[0]  # map one to one)
        st.candidates = find_mentions(st.norm, st.tokens, st.words, model)
        return doc


class EntityResolver:
    """Mentions → entities with aliases; self-references resolved to the issuing body or city."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        st.resolution = resolve(st.norm, st.candidates, st.meta)
        st.resolved = resolved_mentions(st.resolution)
        return doc


_start_of = attrgetter("start")


def resolved_mentions(res: Resolution) -> list[M]:
    """Every mention with its entity's name and type, in text order."""
    types = {e.name: e.type for e in res.entities}
    return sorted((M(s, e, n, types[n]) for (s, e), n in res.mention_of.items()), key=_start_of)


def _actor(st: DocState) -> M | None:
    res = st.resolution
    if res is None:
        return None
    name = res.home or res.issuer or res.topic
    if not name:
        return None
    typ = next((e.type for e in res.entities if e.name == name), "GovernmentBody")
    return M(-1, -1, name, typ)


class RelationExtractor:
    """Trigger families over each sentence → relations with status and date."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        actor, start, year = _actor(st), planned_from(st.norm), doc_year(st.meta.date)
        ms = acting_for(st.norm, st.resolved)
        st.relations = find_relations(st.norm, st.sentences, ms, actor, planned_from=start, year=year,
                                      allowed=allowed_relation)
        model = relation_model_in_use()
        if model is not None:
            ctx = relation_context(st, ms)
            st.relations = scored_relations(ctx, model, allowed_relation, planned_from=start, year=year)
        st.relations = organisation_only(st.relations, {m.name: m.type for m in st.resolved})
        return doc


def relation_context(st: DocState, ms: list[M] | None = None) -> RelationContext:
    """The document as the relation scorer reads it (after the rule families ran: their hits are features);
    ``ms``: the mentions as the relations see them (people acting for their organisations)."""
    return RelationContext(st.norm, st.sentences, acting_for(st.norm, st.resolved) if ms is None else ms,
                           _actor(st), list(st.relations))


_UNIT_MEASURE = {"count": "count", "CNY": "amount of money", "PFLOPS": "computing power", "m2": "area",
                 "percent": "share"}


_OWNER_TYPES = ("Platform", "Company", "ResearchInstitute", "GovernmentBody")


def _enumerated(norm: str, m: object) -> bool:
    start, end = m.start, m.end  # type: ignore[attr-defined]
    return norm[end:end + 1] in ("、", "等") or norm[start - 1:start] == "、"


class MetricExtractor:
    """Numbers with units → metrics in base units, attached to the sentence's subject."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        ms = st.resolved
        actor = _actor(st)
        pf = planned_from(st.norm)
        year = doc_year(st.meta.date)
        doc_id = st.document.id if st.document else ""
        seen: set[tuple[float, str, str]] = set()
        out = []
        original = st.document.text if st.document else doc.text  # doc.text is rebuilt on every access
        for sent in st.sentences:
            if not _DIGIT.search(st.norm, sent.start, sent.end):
                continue
            for h in find_metrics(st.norm, sent.start, sent.end):
                k = (h.value, h.unit, h.key)
                if k in seen:
                    continue
                seen.add(k)
                clause_start = max([st.norm.rfind(x, sent.start, h.start) for x in ",;"] + [sent.start])
                # the quantity belongs to the clause's own subject, not to a listed member (A、B等32家)
                lo = bisect_left(ms, clause_start, key=_start_of)
                hi = bisect_right(ms, h.start, lo=lo, key=_start_of)
                owners = [m for m in ms[lo:hi] if m.end <= h.start and m.type in _OWNER_TYPES
                          and not _enumerated(st.norm, m)]
                subj = owners[-1].name if owners else (actor.name if actor else "")
                if not subj:
                    continue  # a quantity of nobody named: not a fact the graph can hold
                clause_end = min([i for i in (st.norm.find(x, h.end, sent.end) for x in ",;") if i > 0] or [sent.end])
                own = st.norm[clause_start:clause_end]      # 其中373P智算已上线: done, though the sentence plans
                planned = is_planned(own) or ("已" not in own and (
                    (pf is not None and sent.start >= pf) or is_planned(st.norm[sent.start:clause_end])))
                ds = [d for off, d in dates_in(st.norm[sent.start:h.start], year)]
                prov = Provenance(doc_id, h.start, h.end, original[sent.start:sent.end], "metric:number-unit")
                status = "planned" if planned else "achieved"
                out.append(Metric(subj, h.measure or _UNIT_MEASURE[h.unit], h.value, h.unit, status,
                                  ds[-1] if ds else None, prov))
        st.metrics = out
        return doc


@Language.factory("aikg_mentions")
def make_mentions(nlp: Language, name: str) -> MentionFinder:
    return MentionFinder(nlp, name)


@Language.factory("aikg_resolve")
def make_resolve(nlp: Language, name: str) -> EntityResolver:
    return EntityResolver(nlp, name)


@Language.factory("aikg_relations")
def make_relations(nlp: Language, name: str) -> RelationExtractor:
    return RelationExtractor(nlp, name)


@Language.factory("aikg_metrics")
def make_metrics(nlp: Language, name: str) -> MetricExtractor:
    return MetricExtractor(nlp, name)
