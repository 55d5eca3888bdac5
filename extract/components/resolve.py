"""Entity resolution inside one document: aliases (简称, 市X, suffixes), self-references (我市, 我局, 我院).

``resolve(text, candidates, meta)`` groups mention candidates into entities and returns them with a map
from every mention to its entity's canonical name.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

from extract.components.mentions import Candidate
from extract.facts import DocumentMeta, Entity, Mention
from extract.lexicon import places

_SELF_CITY = ("我市", "全市", "本市", "我区", "全区", "本区", "该区", "我县", "全县", "该市")
_SELF_BUREAU = ("我局", "本局")
_SELF_INST = ("我院", "本院")
_SELF_RECIPIENT = ("贵组", "贵单位", "贵委")
_ISSUER_CODES = {"科": "科学技术局", "工信": "工业和信息化局", "经信": "经济和信息化局", "发改": "发展和改革委员会",
                 "政": "人民政府", "政办": "人民政府办公室", "府办": "人民政府办公室", "教": "教育局",
                 "财": "财政局", "商务": "商务局", "数据": "大数据发展管理局", "人社": "人力资源和社会保障局"}
_DOCNO = re.compile(r"([\u4e00-\u9fff]{1,8})\[(\d{4})\]\s*(\d+)号")


@dataclass
class Group:
    """Mentions of one entity while they are being resolved."""

    type: str
    priority: int
    names: list[str] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    rule: str = ""
    canonical: str | None = None

    @property
    def name(self) -> str:
        """The longest form; on a tie the gazetteer's canonical name (中国电子 over 中电集团)."""
        if not self.names:
            return ""
        return max(self.names, key=lambda n: (len(n), n == self.canonical, n))


@dataclass(frozen=True)
class Resolution:
    """The entities of a document, the home place and who the actor of an omitted subject is."""

    entities: tuple[Entity, ...]
    mention_of: dict[tuple[int, int], str]
    home: str | None
    issuer: str | None


def key(name: str) -> str:
    return re.sub(r"[\s“”\"'《》]", "", name)


@lru_cache(maxsize=1)
def _place_automaton() -> ahocorasick.Automaton:
    """City- and county-level place names (and their listed bare stems), matched in one pass."""
    auto = ahocorasick.Automaton()
    for name, p in places().items():
        if p.level not in ("city", "county") or len(name) < 2:
            continue
        base = name[:-1] if name[-1] in "市区县" and len(name) > 2 else name
        # a bare stem (大兴, 朝阳) counts only where places.tsv lists it as a name of its own
        form = base if base in places() else name
        auto.add_word(form, (form, base))
    auto.make_automaton()
    return auto


def home_place(text: str) -> tuple[str | None, str | None]:
    """The document's own city or district: the city- or county-level place named most often."""
    counts: Counter[str] = Counter()
    for _, (form, base) in _place_automaton().iter(text):
        counts[base] += 1
    if not counts:
        return None, None
    best = max(counts.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
    full = None
    for suffix in ("市", "区", "县"):
        if best + suffix in places():
            full = best + suffix
            break
    return best, full or best + "市"


def resolve(text: str, cands: list[Candidate], meta: DocumentMeta) -> Resolution:
    base, full = home_place(text)
    province = _province(full or "")
    groups: dict[str, Group] = {}
    alias_of: dict[str, str] = {}

    def group_for(name: str, typ: str, prio: int, rule: str) -> Group:
        k = alias_of.get(key(name), key(name))
        g = groups.get(k)
        if g is None:
            g = groups[k] = Group(typ, prio, rule=rule)
        elif prio > g.priority:
            g.type, g.priority, g.rule = typ, prio, rule
        return g

    # home city / district
    home_key = None
    if base and full:
        forms = [f for f in (full, base, f"{full}人民政府", f"{full}政府", f"{base}市", f"{base}区") if f]
        present = [f for f in forms if f in text]
        selfrefs = [s for s in _SELF_CITY if s in text]
        longer = re.findall(rf"[\u4e00-\u9fff]{{1,3}}{re.escape(full)}", text)
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
            if home_key and re.fullmatch(rf"{re.escape(base or '')}(?:市|区|县)?(?:人民)?政府", name):
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
        g.mentions.append(Mention(c.surface, c.start, c.end, g.type, "", c.rule))
    _merge_aliases(text, groups)
    issuer = _issuer(text, meta, groups, full)
    _self_references(text, groups, home_key, issuer)
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
    return Resolution(tuple(ents), mention_of, home, issuer)


def _province(full: str) -> str | None:
    p = places().get(full)
    while p is not None and p.level not in ("province",):
        p = places().get(p.parent)
    if p is None:
        return None
    return p.name if p.name.endswith("省") else (p.name + "省" if p.name + "省" in places() else p.name)


def _expand(name: str, city: str | None, province: str | None) -> str:
    """市投资促进局 → 温州市投资促进局; 省激光…中心 → 浙江省激光…中心 (GUIDE: write 市X out)."""
    if city and name.startswith("市") and len(name) > 2 and not name.startswith(("市场", "市级")):
        c = city if city.endswith("市") else city[: city.find("市") + 1] if "市" in city else city
        return c + name[1:]
    if province and name.startswith("省") and len(name) > 3 and not name.startswith(("省级", "省市")):
        return province + name[1:]
    return name


def _merge_aliases(text: str, groups: dict[str, Group]) -> None:
    """简称 definitions, parenthesised alternatives, suffix short forms and 温州智算中心 = 温州市智算中心."""
    items = list(groups.items())
    for k, g in items:
        if k not in groups:
            continue
        for m in list(g.mentions):
            tail = text[m.end:m.end + 24]
            d = re.match(r"\((?:以下)?(?:简称|下称)[“\"]?([^”\")]{2,12})[”\"]?\)", tail)
            p = re.match(r"\(([^()、,\d]{2,12})\)", tail)
            docno = re.match(r"\(([\u4e00-\u9fff]{1,8}\[\d{4}\]\d+号)\)", tail)
            for mm in (d, p, docno):
                if mm and mm.group(1) not in ("讨论稿", "征求意见稿", "试行", "草案") and not mm.group(1).endswith("期"):
                    alias = mm.group(1)
                    g.aliases.add(alias)
                    lo, hi = m.end, m.end + mm.end()
                    for ok, og in list(groups.items()):
                        if og is not g and og.mentions and all(lo <= x.start and x.end <= hi for x in og.mentions):
                            g.aliases.update(og.names)
                            del groups[ok]
                    for occ in re.finditer(re.escape(alias), text):
                        if not any(x.start <= occ.start() < x.end for gg in groups.values() for x in gg.mentions):
                            g.mentions.append(Mention(alias, occ.start(), occ.end(), g.type, "", "alias:defined"))
                    break
    keys = sorted(groups, key=lambda k: -len(groups[k].name))
    for short in sorted(groups, key=lambda k: len(groups[k].name)):
        gs = groups.get(short)
        if gs is None or gs.type == "Person":
            continue
        sn = gs.name
        for long in keys:
            gl = groups.get(long)
            if gl is None or gl is gs or gl.type != gs.type or len(gl.name) <= len(sn):
                continue
            ln = gl.name
            same = (len(sn) >= 3 and ln.endswith(sn) and not ln.endswith("(" + sn)) or \
                re.sub(r"(?<=[\u4e00-\u9fff]{2})[市省]", "", ln) == sn or \
                (ln == sn + "公司" or ln == sn + "集团")
            if same:
                gl.aliases.update(gs.names + sorted(gs.aliases))
                gl.mentions.extend(gs.mentions)
                del groups[short]
                break


def _issuer(text: str, meta: DocumentMeta, groups: dict[str, Group], city: str | None) -> str | None:
    """The issuing body: 来源/发布机构, else the 发文字号 prefix (温科 → 温州市科学技术局)."""
    if meta.issuer:
        exp = _expand(meta.issuer, city, None)
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
                g = groups.get(key(name))
                if g is None:
                    g = groups[key(name)] = Group("GovernmentBody", 90, rule="issuer:doc-number")
                    g.names.append(name)
                g.aliases.add(prefix)
                return name
    return None


def _self_references(text: str, groups: dict[str, Group], home_key: str | None, issuer: str | None) -> None:
    taken = {(m.start, m.end) for g in groups.values() for m in g.mentions}
    inst = [g for g in groups.values() if g.type == "ResearchInstitute"]
    main_inst = max(inst, key=lambda g: len(g.mentions)) if inst else None
    home = groups.get(home_key) if home_key else None
    home_forms = tuple(sorted({*home.names, *home.aliases} - set(_SELF_CITY), key=len, reverse=True)) if home else ()
    targets: list[tuple[tuple[str, ...], Group | None]] = [
        (home_forms, home),
        (_SELF_CITY, home),
        (_SELF_BUREAU, groups.get(key(issuer)) if issuer else None),
        (_SELF_INST, main_inst),
    ]
    for forms, g in targets:
        if g is None:
            continue
        for form in forms:
            for occ in re.finditer(form, text):
                span = (occ.start(), occ.end())
                if span in taken or any(s < span[1] and span[0] < e for s, e in taken):
                    continue
                if form not in home_forms:
                    g.aliases.add(form)
                taken.add(span)
                rule = "self-reference" if form not in home_forms else "home-place"
                g.mentions.append(Mention(form, span[0], span[1], g.type, "", rule))
