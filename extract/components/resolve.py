"""Entity resolution inside one document: aliases (简称, 市X, suffixes), self-references (我市, 我局, 我院).

``resolve(text, candidates, meta)`` groups mention candidates into entities and returns them with a map
from every mention to its entity's canonical name.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

from extract.components.names import Candidate
from extract.facts import DocumentMeta, DocumentPlace, Entity, Mention
from extract.lexicon import places
from extract.segment import in_dictionary
from extract.spans import SpanSet

_SELF_CITY = ("我市", "全市", "本市", "我区", "全区", "本区", "该区", "我县", "全县", "该市")
_SELF_PROVINCE = ("我省", "全省", "本省", "省政府")
_SELF_BUREAU = ("我局", "本局")
_SELF_INST = ("我院", "本院")
_SELF_RECIPIENT = ("贵组", "贵单位", "贵委")
_ISSUER_CODES = {"科": "科学技术局", "工信": "工业和信息化局", "经信": "经济和信息化局", "发改": "发展和改革委员会",
                 "政": "人民政府", "政办": "人民政府办公室", "府办": "人民政府办公室", "教": "教育局",
                 "财": "财政局", "商务": "商务局", "数据": "大数据发展管理局", "人社": "人力资源和社会保障局"}
_DOCNO = re.compile(r"([\u4e00-\u9fff]{1,8})\[(\d{4})\]\s*(\d+)号")


class Occurrence(NamedTuple):
    """A mention while its entity is being resolved (it becomes a ``Mention`` with the entity's name)."""

    surface: str
    start: int
    end: int
    rule: str


@dataclass
class Group:
    """Mentions of one entity while they are being resolved."""

    type: str
    priority: int
    names: list[str] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    mentions: list[Occurrence] = field(default_factory=list)
    rule: str = ""
    canonical: str | None = None

    @property
    def name(self) -> str:
        """The longest form; on a tie the gazetteer's canonical name (中国电子 over 中电集团)."""
        if len(self.names) < 2:
            return self.names[0] if self.names else ""
        return max(self.names, key=lambda n: (len(n), n == self.canonical, n))


@dataclass(frozen=True)
class Resolution:
    """The entities of a document, the home place and who the actor of an omitted subject is."""

    entities: tuple[Entity, ...]
    mention_of: dict[tuple[int, int], str]
    home: str | None
    issuer: str | None
    topic: str | None = None
    place: DocumentPlace | None = None


_KEY_DROP = re.compile(r"[\s“”\"'《》]")


@lru_cache(maxsize=1 << 14)
def key(name: str) -> str:
    return _KEY_DROP.sub("", name)


@lru_cache(maxsize=4)
def _place_automaton(levels: tuple[str, ...] = ("city", "county"),
                     ) -> tuple[ahocorasick.Automaton, re.Pattern[str]]:
    """Place names of ``levels`` (and their listed bare stems), matched in one pass; and a pattern for the
    runs of two or more of their characters, the only stretches where they can occur."""
    auto = ahocorasick.Automaton()
    table = places()
    for name, p in table.items():
        if p.level not in levels or len(name) < 2:
            continue
        base = name[:-1] if name[-1] in "市区县省" and len(name) > 2 else name
        # a bare stem (大兴, 朝阳) counts only where places.tsv lists it as a name of its own, at the same
        # level (河北 is the province, not 天津's 河北区)
        stem = table.get(base)
        form = base if stem is not None and stem.level == p.level else name
        auto.add_word(form, base)
    auto.make_automaton()
    chars = set().union(*auto.keys())
    assert _APART not in chars
    return auto, re.compile("[" + re.escape("".join(sorted(chars))) + "]{2,}")


_APART = "\x00"  # in no place name: joins the runs without making a name across two of them


def _inside_word(text: str, start: int, end: int) -> bool:
    """True when the place at [start, end) is the tail of a longer word (浦江 in 黄浦江)."""
    for k in (1, 2):
        if start - k >= 0 and _cjk(text[start - k:start]) and in_dictionary(text[start - k:end]) \
                and text[start - k:end] not in places():
            return True
    return False


def place_counts(text: str, levels: tuple[str, ...] = ("city", "county")) -> Counter[str]:
    """How often each place stem of ``levels`` is named, leaving out occurrences inside longer words."""
    auto, runs = _place_automaton(levels)
    counts: Counter[str] = Counter()
    # the automaton goes character by character (slowly: it scans a state's children), so it reads only
    # the runs of place-name characters, where every occurrence lies
    for run in runs.finditer(text):
        for end, base in auto.iter(run.group()):
            stop = run.start() + end + 1
            form_len = next(len(f) for f in (base, base + "市", base + "区", base + "县", base + "省")
                            if text.startswith(f, stop - len(f)))
            if not _inside_word(text, stop - form_len, stop):
                counts[base] += 1
    return counts


def home_place(text: str) -> tuple[str | None, str | None]:
    """The document's own city or district: the city- or county-level place named most often."""
    counts = place_counts(text)
    if not counts:
        return None, None
    best = max(counts.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
    full = None
    for suffix in ("市", "区", "县"):
        if best + suffix in places():
            full = best + suffix
            break
    return best, full or best + "市"


def home_province(text: str) -> str | None:
    """The province a provincial document is about: the province named most often (its full name), when
    it is named at least as often as any city or county."""
    counts = place_counts(text, ("province",))
    if not counts:
        return None
    best, n = max(counts.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))
    cities = place_counts(text)
    if cities and max(cities.values()) > n and not any(s in text for s in ("我省", "本省")):
        return None
    for full in (best + "省", best):
        p = places().get(full)
        if p is not None and p.level == "province" and (full.endswith(("省", "市")) or len(full) > 3):
            return full
    return best


def _cjk(s: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in s)


def _with_prefix(name: str, text: str) -> list[str]:
    r"""``name`` with the one to three Chinese characters before it (鹿城区 → 温州市鹿城区), each occurrence as
    ``re.findall(r"[\u4e00-\u9fff]{1,3}" + re.escape(name), text)`` finds them: leftmost first, the longest
    prefix, none overlapping. Found from the occurrences of ``name``, not by trying every position."""
    starts: dict[int, int] = {}  # match start → prefix length (the longest wins)
    q = text.find(name)
    while q >= 0:
        for k in (3, 2, 1):
            if q - k >= 0 and _cjk(text[q - k:q]) and k > starts.get(q - k, 0):
                starts[q - k] = k
        q = text.find(name, q + 1)
    out: list[str] = []
    pos = 0
    for p in sorted(starts):
        if p >= pos:
            pos = p + starts[p] + len(name)
            out.append(text[p:pos])
    return out


def resolve(text: str, cands: list[Candidate], meta: DocumentMeta) -> Resolution:
    base, full = home_place(text)
    named_province = home_province(text)
    province = _province(full or "") or named_province
    groups: dict[str, Group] = {}
    alias_of: dict[str, str] = {}

    def group_for(name: str, typ: str, prio: int, rule: str) -> Group:
        k = key(name)
        k = alias_of.get(k, k)
        g = groups.get(k)
        if g is None:
            g = groups[k] = Group(typ, prio, rule=rule)
        elif prio > g.priority:
            g.type, g.priority, g.rule = typ, prio, rule
        return g

    # home city / district
    home_key = None
    home_gov: frozenset[str] = frozenset()  # 温州市人民政府, 温州政府 …: the home government's own names
    if base and full:
        forms = [f for f in (full, base, f"{full}人民政府", f"{full}政府", f"{base}市", f"{base}区") if f]
        named = SpanSet.of((c.start, c.end) for c in cands)
        # a form counts where it stands on its own, not only inside another name (广州 in 香港科技大学(广州))
        present = [f for f in forms if any(not named.overlaps(a, b) or any(c.start == a and c.end == b
                                                                            for c in cands)
                                           for a, b in _occurrences(f, text))]
        selfrefs = [s for s in _SELF_CITY if s in text]
        longer = _with_prefix(full, text)
        if longer:
            cand = max(longer, key=len)
            if cand[: cand.find(full)] in places():
                full = cand
        if present or selfrefs:
            g = group_for(full, "GovernmentBody", 95, "home-place")
            g.names.append(full)
            g.aliases.update(p for p in present + selfrefs if p != full)
            home_key = key(full)
            for f in present + selfrefs:
                alias_of[key(f)] = home_key
            home_gov = frozenset(f"{base}{unit}{people}政府" for unit in ("", "市", "区", "县")
                                 for people in ("", "人民"))
    # the province of a provincial document (我省, 省政府, 江苏 standing alone)
    prov_key = None
    if named_province and named_province != full:
        pbase = named_province.removesuffix("省")
        forms = [f for f in (named_province, f"{named_province}政府", f"{named_province}人民政府", pbase,
                             f"{pbase}政府") if f]
        spans = SpanSet.of((c.start, c.end) for c in cands)
        standalone = [f for f in forms if any(not spans.overlaps(a, b) for a, b in _occurrences(f, text))]
        selfrefs = [s for s in _SELF_PROVINCE if s in text]
        if standalone or selfrefs:
            for f in forms:
                alias_of.setdefault(key(f), key(named_province))
            g = group_for(named_province, "GovernmentBody", 94, "home-province")
            g.names.append(named_province)
            g.aliases.update(f for f in standalone + selfrefs if f != named_province)
            prov_key = key(named_province)
            for f in standalone + selfrefs:
                alias_of.setdefault(key(f), prov_key)
    for c in cands:
        name = c.surface
        exp = _expand(name, full, province)
        if exp != name:
            if home_key and key(exp) in (home_key,) or exp in (f"{full}人民政府", f"{full}政府"):
                exp = full or exp
            g = group_for(exp, c.type, c.priority, c.rule)
            g.names.append(exp)
            g.aliases.add(name)
        else:
            if name in home_gov and home_key is not None:
                g = groups[home_key]
                g.aliases.add(name)
            else:
                target = c.canonical
                g = group_for(target or name, c.type, c.priority, c.rule)
                g.names.append(name)
                if target:
                    g.canonical = target
                    if target in text:
                        g.names.append(target)
                    elif target != name:
                        g.aliases.add(target)
                g.aliases.update(c.aliases)
        g.mentions.append(Occurrence(c.surface, c.start, c.end, c.rule))
    _merge_aliases(text, groups)
    issuer = _issuer(text, meta, groups, full, province)
    _self_references(text, groups, home_key, issuer, prov_key)
    _head_references(text, groups)
    _merge_same_names(groups)
    _link_occurrences(text, groups)
    ents: list[Entity] = []
    mention_of: dict[tuple[int, int], str] = {}
    for g in groups.values():
        if not g.mentions and g.rule != "home-place" and not g.rule.startswith("issuer:"):
            continue
        name = g.name
        aliases = tuple(sorted(a for a in g.aliases | set(g.names) if a != name))
        ms = tuple(sorted((Mention(m.surface, m.start, m.end, g.type, name, m.rule) for m in g.mentions),
                          key=lambda m: m.start))
        for m in ms:
            mention_of[(m.start, m.end)] = name
        ents.append(Entity(name, g.type, aliases, ms, g.rule))
    ents.sort(key=lambda e: (e.mentions[0].start if e.mentions else -1, e.name))
    home = groups[home_key].name if home_key and home_key in groups else None
    if home is None and prov_key and prov_key in groups:
        home = groups[prov_key].name  # a provincial document: the province acts
    return Resolution(tuple(ents), mention_of, home, issuer, _topic(ents), _place(ents, home, full, issuer))


def place_chain(name: str) -> tuple[str | None, str | None, str | None]:
    """(province, city, district) of a place name of ``places.tsv``, walking up its parents.

    >>> place_chain("鹿城区")
    ('浙江省', '温州市', '鹿城区')
    """
    out: dict[str, str] = {}
    p = places().get(name)
    seen = 0
    while p is not None and seen < 4:
        level = {"province": "province", "city": "city", "county": "district"}.get(p.level)
        if level and level not in out:
            out[level] = p.name
        p = places().get(p.parent) if p.parent else None
        seen += 1
    return out.get("province"), out.get("city"), out.get("district")


def _place(ents: list[Entity], home: str | None, full: str | None, issuer: str | None) -> DocumentPlace | None:
    """Where the document is about: its home city, district or province, from the entity that names it."""
    source = next((e for e in ents if e.name == home), None) if home else None
    candidates = [full, home] if source is not None else []
    for whole in candidates:
        # 杭州市临平区: the longest place name the home's name ends with
        name = next((whole[i:] for i in range(len(whole or "") - 1) if whole and whole[i:] in places()), None)
        if name:
            prov, city, district = place_chain(name)
            m = source.mentions[0] if source is not None and source.mentions else None
            return DocumentPlace(prov, city, district, source.name if source else name,
                                 m.start if m else -1, m.end if m else -1, "place:home")
    return None


def _topic(ents: list[Entity]) -> str | None:
    """The body or zone a document names most (twice at least): who acts where nobody else is named."""
    acting = [e for e in ents if e.type in ("GovernmentBody", "Platform") and len(e.mentions) >= 2]
    return max(acting, key=lambda e: (len(e.mentions), -e.mentions[0].start)).name if acting else None


def _province(full: str) -> str | None:
    p = places().get(full)
    while p is not None and p.level not in ("province",):
        p = places().get(p.parent)
    if p is None:
        return None
    return p.name if p.name.endswith("省") else (p.name + "省" if p.name + "省" in places() else p.name)


def _expand(name: str, city: str | None, province: str | None) -> str:
    """市投资促进局 → 温州市投资促进局; 省激光…中心 → 浙江省激光…中心 (GUIDE: write 市X out)."""
    if name in ("市委", "省委", "区委", "县委"):  # 市委 → 重庆市委 (a party committee is its own body)
        place = city if name[0] != "省" else province
        if place and place.endswith(name[0]):
            return place + "委"
        return name
    if city and name.startswith("市") and len(name) > 2 and not name.startswith(("市场", "市级")):
        c = city if city.endswith("市") else city[: city.find("市") + 1] if "市" in city else city
        return c + name[1:]
    if province and name.startswith("省") and len(name) > 3 and not name.startswith(("省级", "省市")):
        return province + name[1:]
    return name


_DEFINED = re.compile(r"\((?:以下)?(?:简称|下称)[“\"]?([^”\")]{2,12})[”\"]?\)")
_ALTERNATIVE = re.compile(r"\(([^()、,\d]{2,12})\)")
_DOCNO_AFTER = re.compile(r"\(([\u4e00-\u9fff]{1,8}\[\d{4}\]\d+号)\)")
_NOT_ALIASES = ("讨论稿", "征求意见稿", "试行", "草案")
_ADMIN_INSIDE = re.compile(r"(?<=[\u4e00-\u9fff]{2})[市省]")


def _merge_aliases(text: str, groups: dict[str, Group]) -> None:
    """简称 definitions, parenthesised alternatives, suffix short forms and 温州智算中心 = 温州市智算中心."""
    _merge_defined(text, groups)
    _merge_short_forms(groups)


def _merge_defined(text: str, groups: dict[str, Group]) -> None:
    """X(以下简称Y), X(Y) and X(温科[2024]1号): Y is an alias of X and its occurrences are X's mentions."""
    items = list(groups.items())
    for k, g in items:
        if k not in groups:
            continue
        for m in list(g.mentions):
            if not text.startswith("(", m.end):
                continue  # every form of definition opens a bracket right after the name
            tail = text[m.end:m.end + 24]
            for pattern in (_DEFINED, _ALTERNATIVE, _DOCNO_AFTER):
                mm = pattern.match(tail)
                if mm and mm.group(1) not in _NOT_ALIASES and not mm.group(1).endswith("期"):
                    alias = mm.group(1)
                    g.aliases.add(alias)
                    lo, hi = m.end, m.end + mm.end()
                    for ok, og in list(groups.items()):
                        if og is not g and og.mentions and all(lo <= x.start and x.end <= hi for x in og.mentions):
                            g.aliases.update(og.names)
                            del groups[ok]
                    for occ in re.finditer(re.escape(alias), text):
                        if not any(x.start <= occ.start() < x.end for gg in groups.values() for x in gg.mentions):
                            g.mentions.append(Occurrence(alias, occ.start(), occ.end(), "alias:defined"))
                    break


def _short_form_index(groups: dict[str, Group], names: dict[str, str], order: list[str],
                      ) -> dict[tuple[str, str], list[str]]:
    """Keys of the names a shorter name of the same type may stand for, by (type, form): the name's last
    three characters (a suffix of three or more ends with them), the name without an inner 市/省 or without
    公司/集团. Each list keeps ``order``."""
    index: dict[tuple[str, str], list[str]] = {}
    for k in order:
        ln, typ = names[k], groups[k].type
        forms = {ln[-3:]}
        if "市" in ln or "省" in ln:
            forms.add(_ADMIN_INSIDE.sub("", ln))
        if ln.endswith(("公司", "集团")):
            forms.add(ln[:-2])
        core = _legal_core(ln) if typ == "Company" else None
        if core:
            forms.update((core, core[-3:]))
        for f in forms:
            index.setdefault((typ, f), []).append(k)
    return index


_LEGAL = ("股份有限公司", "有限责任公司", "有限公司")


def _legal_core(name: str) -> str | None:
    """A registered company's name without its legal form (青岛国际机场集团有限公司 → 青岛国际机场集团), where
    the short forms (机场集团, 国际机场集团) stand for it; None for a branch (…分公司), which is another body."""
    if "分公司" in name or not name.endswith(_LEGAL):
        return None
    core = next(name[: -len(s)] for s in _LEGAL if name.endswith(s))
    return core if len(core) >= 3 else None


def _merge_same_names(groups: dict[str, Group]) -> None:
    """Groups that ended with the same name (an issuer named in metadata and in the text) are one."""
    by_name: dict[str, str] = {}
    for k in list(groups):
        g = groups[k]
        n = key(g.name)
        first = by_name.get(n)
        if first is None:
            by_name[n] = k
            continue
        keep = groups[first]
        keep.aliases.update(g.aliases | set(g.names))
        keep.mentions.extend(g.mentions)
        if g.priority > keep.priority:
            keep.type, keep.priority, keep.rule = g.type, g.priority, g.rule
        del groups[k]


def _merge_short_forms(groups: dict[str, Group]) -> None:
    """A name that is a longer name's suffix (or that name without 市/省, 公司, 集团) is merged into it:
    the shortest names first, each into the longest of its matches of the same type."""
    names = {k: g.name for k, g in groups.items()}  # merging adds mentions and aliases, never names
    keys = sorted(groups, key=lambda k: -len(names[k]))
    rank = {k: i for i, k in enumerate(keys)}
    index = _short_form_index(groups, names, keys)
    for short in sorted(groups, key=lambda k: len(names[k])):
        gs = groups.get(short)
        if gs is None or gs.type == "Person":
            continue
        sn = names[short]
        found = index.get((gs.type, sn), [])
        if len(sn) > 3:
            ending = index.get((gs.type, sn[-3:]), [])
            found = sorted({*found, *ending}, key=rank.__getitem__) if found else ending
        for long in found:
            gl = groups.get(long)
            if gl is None or gl is gs or gl.type != gs.type or len(names[long]) <= len(sn):
                continue
            ln = names[long]
            core = _legal_core(ln) if gs.type == "Company" else None
            same = (len(sn) >= 3 and ln.endswith(sn) and not ln.endswith("(" + sn)) or \
                _ADMIN_INSIDE.sub("", ln) == sn or \
                (ln == sn + "公司" or ln == sn + "集团") or \
                (core is not None and len(sn) >= 3 and core.endswith(sn))
            if same:
                gl.aliases.update(gs.names + sorted(gs.aliases))
                gl.mentions.extend(gs.mentions)
                del groups[short]
                break


def _issuer(text: str, meta: DocumentMeta, groups: dict[str, Group], city: str | None,
            province: str | None = None) -> str | None:
    """The issuing body: 来源/发布机构, else the 发文字号 prefix (温科 → 温州市科学技术局)."""
    if meta.issuer:
        exp = _expand(meta.issuer, city, province)
        for g in groups.values():
            if meta.issuer in g.names or exp in g.names or meta.issuer in g.aliases:
                return g.name
        g = groups[key(exp)] = Group("GovernmentBody", 90, rule="issuer:metadata")  # named only in 来源/发布机构
        g.names.append(exp)
        if exp != meta.issuer:
            g.aliases.add(meta.issuer)
        return exp
    m = _DOCNO.search(text[:400])
    if m and city:
        prefix = re.sub(r"(提复|提|复|发|函|字|办发)$", "", m.group(1))
        for code, unit in _ISSUER_CODES.items():
            if prefix.endswith(code) and len(prefix) > len(code):
                name = city + unit
                found = groups.get(key(name))
                if found is None:
                    found = groups[key(name)] = Group("GovernmentBody", 90, rule="issuer:doc-number")
                    found.names.append(name)
                found.aliases.add(prefix)
                return name
    return None


def _occurrences(form: str, text: str) -> list[tuple[int, int]]:
    """Non-overlapping occurrences of ``form``, left to right, as ``re.finditer(form, text)`` finds them."""
    if not form or re.escape(form) != form:  # a form with regex syntax in it ([, (, .) is read as a pattern
        return [occ.span() for occ in re.finditer(form, text)]
    out = []
    i = text.find(form)
    while i >= 0:
        out.append((i, i + len(form)))
        i = text.find(form, i + len(form))
    return out


def _self_references(text: str, groups: dict[str, Group], home_key: str | None, issuer: str | None,
                     prov_key: str | None = None) -> None:
    taken = {(m.start, m.end) for g in groups.values() for m in g.mentions}
    spans = SpanSet.of(taken)
    inst = [g for g in groups.values() if g.type == "ResearchInstitute"]
    main_inst = max(inst, key=lambda g: len(g.mentions)) if inst else None
    home = groups.get(home_key) if home_key else None
    home_forms = tuple(sorted({*home.names, *home.aliases} - set(_SELF_CITY), key=len, reverse=True)) if home else ()
    prov = groups.get(prov_key) if prov_key else None
    prov_forms = tuple(sorted({*prov.names, *prov.aliases} - set(_SELF_PROVINCE), key=len, reverse=True)) \
        if prov else ()
    targets: list[tuple[tuple[str, ...], Group | None]] = [
        (home_forms, home),
        (prov_forms, prov),
        (_SELF_CITY, home),
        (_SELF_PROVINCE, groups.get(prov_key) if prov_key else None),
        (_SELF_BUREAU, groups.get(key(issuer)) if issuer else None),
        (_SELF_INST, main_inst),
    ]
    for forms, g in targets:
        if g is None:
            continue
        for form in forms:
            for span in _occurrences(form, text):
                if span in taken or spans.overlaps(*span):
                    continue
                if form not in home_forms and form not in prov_forms:
                    g.aliases.add(form)
                taken.add(span)
                spans.add(*span)
                rule = "home-place" if form in home_forms or form in prov_forms else "self-reference"
                g.mentions.append(Occurrence(form, span[0], span[1], rule))


# A bare head word, alone or after 该/本/上述/这个, stands for the entity of the document named with that head
# just before it (新区 → 雄安新区, 该园区 → 光谷人工智能产业园, 联盟 → 青岛市人工智能场景创新联盟).
_BARE_HEADS = ("新区", "园区", "产业园", "联盟", "试验区", "先导区", "示范区", "高新区", "开发区", "经开区", "集聚区",
               "小镇", "研究院", "实验室", "基地", "协会", "中心", "平台", "基金", "大会", "论坛", "峰会")
# heads that name a kind as often as they refer back: a reference only after 该/本/上述/这个/此
_KIND_HEADS = frozenset(("研究院", "实验室", "基地", "协会", "中心", "平台", "基金", "大会", "论坛", "峰会"))
_BARE_LEAD = ("该", "本", "上述", "这个", "此")
_BARE = re.compile("(?:" + "|".join(_BARE_LEAD) + ")?(?:" + "|".join(sorted(_BARE_HEADS, key=len, reverse=True)) + ")")


def _head_references(text: str, groups: dict[str, Group]) -> None:
    """Link bare head words (新区, 该园区) to the nearest entity before them whose name ends with the head."""
    named = [(m.start, g) for g in groups.values() for m in g.mentions if g.type != "Person"]
    if not named:
        return
    named.sort(key=lambda x: x[0])
    spans = SpanSet.of((m.start, m.end) for g in groups.values() for m in g.mentions)
    for occ in _BARE.finditer(text):
        a, b = occ.span()
        if spans.overlaps(a, b):
            continue
        form = occ.group()
        head = form
        for lead in _BARE_LEAD:
            head = head.removeprefix(lead)
        bare = form == head
        if bare and head in _KIND_HEADS:
            continue
        # a bare head word is a reference only where it stands alone: not glued to a modifier before it
        # (人工智能产业园 is a kind), not continued by more name after it
        if bare and a > 0 and ("\u4e00" <= text[a - 1] <= "\u9fff") and text[a - 1] not in "在与和及由为从到向对将的是、":
            continue
        if b < len(text) and "\u4e00" <= text[b] <= "\u9fff" and text[b] in "园区中心院":
            continue
        before = [g for start, g in named if start < a and g.name.endswith(head) and g.name != head]
        if not before:
            continue
        g = before[-1]
        g.aliases.add(form) if not bare else None
        g.mentions.append(Occurrence(form, a, b, "reference:head"))
        spans.add(a, b)


_NOT_LINKED = frozenset(_BARE_HEADS) | frozenset(_SELF_CITY) | frozenset(_SELF_PROVINCE) | \
    frozenset(_SELF_BUREAU) | frozenset(_SELF_INST)


def _link_occurrences(text: str, groups: dict[str, Group]) -> None:
    """Every other occurrence of an entity's name or alias (two characters or more, not a bare head word)
    that no mention covers is a mention of it too: one entity, many mentions (极视角 in a later list)."""
    spans = SpanSet.of((m.start, m.end) for g in groups.values() for m in g.mentions)
    forms: list[tuple[str, Group]] = []
    for g in groups.values():
        if not g.mentions:
            continue
        for f in {*g.names, *g.aliases}:
            if len(f) >= 2 and f not in _NOT_LINKED and (len(f) >= 3 or g.type in ("Company", "Person")):
                forms.append((f, g))
    for f, g in sorted(forms, key=lambda fg: -len(fg[0])):
        for a, b in _literal_occurrences(f, text):
            if spans.overlaps(a, b):
                continue
            # not inside a longer word: the characters around must not continue a name
            if a > 0 and _cjk(text[a - 1]) and in_dictionary(text[a - 1:b]):
                continue
            g.mentions.append(Occurrence(f, a, b, "alias:occurrence"))
            spans.add(a, b)


def _literal_occurrences(form: str, text: str) -> list[tuple[int, int]]:
    """Non-overlapping occurrences of ``form`` taken literally (a name may hold brackets)."""
    out = []
    i = text.find(form)
    while i >= 0:
        out.append((i, i + len(form)))
        i = text.find(form, i + len(form))
    return out
