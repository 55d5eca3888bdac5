"""The place a document is about, as the graph names it: official names, one chain province → city → district.

The extractor reads a document's place from its issuer or the bodies it is about (``extract.facts.DocumentPlace``)
and may give a province in its short form (上海, 广西); one place must have one IRI, so the 34 provincial-level
names are written out here (上海 → 上海市, 广西 → 广西壮族自治区). City and district names are kept as the
extractor gives them (``places.tsv`` names them in full).

>>> from extract.facts import DocumentPlace
>>> place_chain(DocumentPlace(province="上海", district="徐汇区"))
(('上海市', 'province'), ('徐汇区', 'district'))
>>> place_chain(DocumentPlace(province="浙江省", city="杭州市", district="临平区"))[-1]
('临平区', 'district')
"""
from __future__ import annotations

from extract.facts import DocumentPlace

LEVELS: tuple[str, ...] = ("province", "city", "district")

# the provincial-level divisions: short form → official name
_PROVINCES = {
    **{p: p + "市" for p in ("北京", "天津", "上海", "重庆")},
    **{p: p + "省" for p in ("河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东",
                            "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
                            "台湾")},
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区", "澳门": "澳门特别行政区",
    "广西自治区": "广西壮族自治区", "宁夏自治区": "宁夏回族自治区", "新疆自治区": "新疆维吾尔自治区",
}
MUNICIPALITIES: frozenset[str] = frozenset({"北京市", "天津市", "上海市", "重庆市"})


def province_name(name: str) -> str:
    """The official name of a provincial-level division (上海 → 上海市); other names unchanged."""
    name = name.strip()
    return _PROVINCES.get(name, name)


def place_chain(place: DocumentPlace | None) -> tuple[tuple[str, str], ...]:
    """The named levels of ``place`` from the top, as (official name, level) pairs; () when it names none."""
    if place is None:
        return ()
    names = (province_name(place.province) if place.province else None,
             place.city.strip() if place.city else None,
             place.district.strip() if place.district else None)
    return tuple((n, level) for n, level in zip(names, LEVELS) if n)


def place_levels(place: DocumentPlace) -> tuple[str | None, str | None, str | None]:
    """(province, city, district) of ``place`` with official names (``graph.rdf.iri.place_iri_value`` takes them)."""
    found = {level: n for n, level in place_chain(place)}
    return found.get("province"), found.get("city"), found.get("district")
