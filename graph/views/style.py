"""How the views look: colour and shape per class, colour per predicate, dashes per status, labels in Chinese."""
from __future__ import annotations

from typing import Any

from graph.places import ORGANISATION_TYPES

# class → (colour, vis shape, Chinese label). Shapes all draw their label below the symbol, so sizes stay even.
CLASS_STYLE: dict[str, tuple[str, str, str]] = {
    "Company": ("#1f77b4", "dot", "企业"),
    "ResearchInstitute": ("#9467bd", "diamond", "科研机构"),
    "University": ("#6a3d9a", "diamond", "高校"),
    "Lab": ("#b07cc6", "diamond", "实验室"),
    "GovernmentBody": ("#d62728", "square", "政府部门"),
    "Alliance": ("#e377c2", "hexagon", "联盟协会"),
    "Platform": ("#2ca02c", "triangle", "平台载体"),
    "Park": ("#7fbf3f", "triangle", "园区"),
    "Fund": ("#bcbd22", "star", "基金"),
    "Event": ("#ff7f0e", "triangleDown", "活动"),
    "Policy": ("#8c564b", "square", "政策规划"),
    "Person": ("#17becf", "dot", "人物"),
    "Award": ("#f2b701", "star", "荣誉奖项"),
    "TechField": ("#7f7f7f", "hexagon", "技术领域"),
    "Entity": ("#aaaaaa", "dot", "其他"),
    "Community": ("#4c72b0", "dot", "群组"),
    "Place": ("#37474f", "dot", "地区"),
}
CLASS_ORDER: tuple[str, ...] = tuple(CLASS_STYLE)

# Classes that get an ego view: the actors a planner partners with (the bridges between places are of these too).
ORG_TYPES: frozenset[str] = ORGANISATION_TYPES

# predicate → (colour, Chinese label)
PREDICATE_STYLE: dict[str, tuple[str, str]] = {
    "signedAgreementWith": ("#1f4e9c", "签约合作"),
    "plansCooperationWith": ("#5fa8e8", "洽谈对接"),
    "coBuilt": ("#2e8b57", "共建"),
    "established": ("#66b2a0", "设立"),
    "innovationConsortiumWith": ("#8e44ad", "创新联合体"),
    "clusters": ("#e67e22", "集聚入驻"),
    "partOf": ("#8c564b", "隶属"),
    "reliesOn": ("#c9a227", "依托"),
    "hosted": ("#e377c2", "举办"),
    "received": ("#b8860b", "获得"),
    "investedIn": ("#c0392b", "投资"),
    "focusesOn": ("#999999", "聚焦领域"),
    "repliesTo": ("#bbbbbb", "答复"),
    "namedIn": ("#90a4ae", "文件提及"),      # the bridges view: named in documents of a place (no fact)
}
PREDICATE_ORDER: tuple[str, ...] = tuple(PREDICATE_STYLE)
SYMMETRIC: frozenset[str] = frozenset({"signedAgreementWith", "innovationConsortiumWith"})

# status → (colour used when edges are coloured by status, dashed?, Chinese label)
STATUS_STYLE: dict[str, tuple[str, bool, str]] = {
    "achieved": ("#2e7d32", False, "已落实"),
    "planned": ("#ef6c00", True, "计划中"),
    "": ("#999999", False, "未标注"),
}
STATUS_ORDER: tuple[str, ...] = ("achieved", "planned", "")

# The relation families, one view each: file stem → (title, predicates).
FAMILIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "agreements": ("合作协议 Agreements", ("signedAgreementWith", "plansCooperationWith")),
    "co-building": ("共建设立 Co-building", ("coBuilt", "established")),
    "consortia": ("创新联合体 Consortia", ("innovationConsortiumWith",)),
    "clusters": ("集聚依托 Clusters", ("clusters", "partOf", "reliesOn")),
}


def class_style(type_: str) -> tuple[str, str, str]:
    return CLASS_STYLE.get(type_, CLASS_STYLE["Entity"])


def predicate_style(predicate: str) -> tuple[str, str]:
    return PREDICATE_STYLE.get(predicate, ("#999999", predicate))


def status_style(status: str) -> tuple[str, bool, str]:
    return STATUS_STYLE.get(status, STATUS_STYLE[""])


def legend(types: set[str], predicates: set[str], statuses: set[str], *, colour_by: str) -> dict[str, Any]:
    """The legend of one view: only the classes, predicates and statuses it shows, in a fixed order."""
    return {
        "classes": [
            {"type": t, "label": class_style(t)[2], "color": class_style(t)[0], "shape": class_style(t)[1]}
            for t in _ordered(types, CLASS_ORDER)
        ],
        "predicates": [
            {"predicate": p, "label": predicate_style(p)[1],
             "color": predicate_style(p)[0] if colour_by == "predicate" else "#555555"}
            for p in _ordered(predicates, PREDICATE_ORDER)
        ],
        "statuses": [
            {"status": s, "label": status_style(s)[2], "dashes": status_style(s)[1],
             "color": status_style(s)[0] if colour_by == "status" else "#555555"}
            for s in _ordered(statuses, STATUS_ORDER)
        ],
        "colour_by": colour_by,
    }


def _ordered(items: set[str], order: tuple[str, ...]) -> list[str]:
    known = [x for x in order if x in items]
    return known + sorted(x for x in items if x not in order)
