"""Dates resolve against the document's year."""
import pytest

from extract.dates import dates_in, is_planned


@pytest.mark.parametrize(("text", "year", "expected"), [
    ("2023年底,推动成立联盟", 2024, "2023-12"),
    ("今年3月,举办峰会", 2024, "2024-03"),
    ("去年9月,工业和信息化部复函", 2023, "2022-09"),
    ("2019年12月23日,市政府签约", None, "2019-12-23"),
    ("6月9日,项目开工", 2021, "2021-06-09"),
    ("到2027年,建成产业集群", 2026, "2027"),
    ("2024-2025年全市拟建智算规模", 2024, "2025"),
    ("发布时间:2023-07-25 09:35", None, "2023-07-25"),
])
def test_dates_resolve_against_document_year(text, year, expected):
    assert dates_in(text, year)[-1][1] == expected


def test_dates_relative_without_document_year_is_unknown():
    assert dates_in("今年3月,举办峰会", None) == []


@pytest.mark.parametrize(("clause", "planned"), [
    ("下一步,我们将加快建设", True),
    ("拟建智算规模已达2000P以上", True),
    ("到2030年,核心产业营收达到50亿元", True),
    ("谋划共建创新中心", True),
    ("2023年底,推动成立产业联盟", False),
    ("已集聚了数据企业311家", False),
])
def test_status_planned_markers(clause, planned):
    assert is_planned(clause) is planned
