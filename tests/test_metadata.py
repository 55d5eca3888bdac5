"""extract_metadata: 发文字号, date, issuer, recipient and title from the text of a document (pure)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_corpus import CORPUS as SHARED
from shared_corpus import SEED_LETTER, needs_corpus

from extract.facts import DocumentMeta
from extract.metadata import extract_metadata, parse_date

REPLY = """ 温科提复〔2024〕88号


关于市政协十二届三次会议15号提案的
答 复 函

林晓东委员：
您在会议期间所提的《关于加快建设算力基础设施的提案》收悉。现答复如下：
一是加快建设智算中心。2023年底，我市与中国电信签订战略合作协议。
最后，感谢您对科技工作的支持。
联系人：陈某，联系电话：88960000。
                                2024年7月3日
抄送：市府办，市政协提案委
"""

NOTICE = """索引号: 11330783K15043025N/2025-0000001 主题分类: 信息产业(含电信)
发布机构: 义乌市政府办公室 成文日期: 2025-03-12
文号: 义政发〔2025〕7号 文件登记号: YWD00-2025-0007
有效性: 有效
浏览次数:

义乌市人民政府关于印发《义乌市算力产业发展三年行动计划》的通知

发布日期: 2025-03-14

各镇人民政府,各街道办事处,市政府各部门:

《义乌市算力产业发展三年行动计划》已经市政府同意,现印发给你们,请认真组织实施。

义乌市人民政府

2025年3月12日

(此件公开发布)

根据《金华市人民政府关于印发金华市推动人工智能创新发展行动方案的通知》(金政发〔2025〕12号),制定本计划。
"""

WEB_REPLY = """    对市政协十四届二次会议第0101号提案的答复
    (关于推进人工智能与制造业融合发展的建议)
    发布时间:2022-08-16 10:02 来源:市科技局 浏览次数:显示稿件总访问量 字号:[ ] 视力保护色:

    市政协科技界别组:

    您好!贵组提出的建议收悉。现答复如下:
"""

NEWS = """杭州人工智能计算中心正式上线 首批签约12家企业

浙江新闻 2022-05-20 18:30 1024

记者 王某

5月20日,杭州人工智能计算中心在余杭区正式上线。
"""

PAGE_MARK = """00003版:要闻

临平打造算力小镇

  本报讯 (记者 某某) 算力小镇集聚企业1700余家。
"""


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("reply letter", REPLY, DocumentMeta(doc_number="温科提复〔2024〕88号", date="2024-07-03", issuer=None,
                                         recipient="林晓东委员", title="关于市政协十二届三次会议15号提案的答复函")),
    ("notice with header fields", NOTICE, DocumentMeta(
        doc_number="义政发〔2025〕7号", date="2025-03-12", issuer="义乌市政府办公室",
        recipient="各镇人民政府,各街道办事处,市政府各部门",
        title="义乌市人民政府关于印发《义乌市算力产业发展三年行动计划》的通知")),
    ("web reply", WEB_REPLY, DocumentMeta(
        doc_number=None, date="2022-08-16", issuer="市科技局", recipient="市政协科技界别组",
        title="对市政协十四届二次会议第0101号提案的答复(关于推进人工智能与制造业融合发展的建议)")),
    ("news article", NEWS, DocumentMeta(date="2022-05-20", title="杭州人工智能计算中心正式上线首批签约12家企业")),
    ("newspaper page", PAGE_MARK, DocumentMeta(title="临平打造算力小镇")),
    ("body only", "11月24日,专班一行来院考察调研,实地参观展厅。\n座谈会上,双方交流合作。\n", DocumentMeta()),
    ("empty", "", DocumentMeta()),
])
def test_metadata_of_typical_documents(name: str, text: str, expected: DocumentMeta) -> None:
    assert extract_metadata(text) == expected, name


@pytest.mark.parametrize(("text", "number"), [
    ("东政发〔2026〕1号\n\n关于印发方案的通知\n", "东政发〔2026〕1号"),
    ("金政发[2025]12号\n关于印发方案的通知\n", "金政发〔2025〕12号"),
    ("浙政办发(2024)5号\n通知\n", "浙政办发〔2024〕5号"),
    ("温政发（2023）第18号\n通知\n", "温政发〔2023〕第18号"),
    ("国发 〔2017〕 35号\n通知\n", "国发〔2017〕35号"),
    ("文号：温科发〔2024〕3号\n", "温科发〔2024〕3号"),
    # after 文号: wins over an earlier line that cites another document
    ("根据国发〔2017〕35号文件精神\n文号: 东政发〔2026〕1号\n", "东政发〔2026〕1号"),
    # a line of its own wins over a number inside a sentence
    ("按照要求，经研究决定如下（浙政发〔2020〕9号）。\n东政办发〔2021〕2号\n", "东政办发〔2021〕2号"),
    # only citations: no number of its own
    ("根据《关于印发行动方案的通知》(金政发〔2025〕12号),制定本方案。\n", None),
    ("关于2024年工作的报告\n", None),
])
def test_metadata_doc_number(text: str, number: str | None) -> None:
    assert extract_metadata(text).doc_number == number


@pytest.mark.parametrize(("text", "iso"), [
    ("正文。\n2024年6月27日\n", "2024-06-27"),
    ("正文。\n  2024年6月27日? ?\n抄送：市府办\n", "2024-06-27"),
    ("通知\n2024年1月2日\n附件\n2024年3月4日\n", "2024-03-04"),                  # the last one wins
    ("正文。\n二〇二四年六月二十七日\n", "2024-06-27"),
    ("正文。\n2024年6月\n", "2024-06"),
    ("正文。\n2024-06-27\n", "2024-06-27"),
    ("成文日期: 2026-01-15\n发布日期: 2026-01-16\n正文\n2026年1月20日\n", "2026-01-15"),  # 成文日期 first
    ("发布日期：2023年7月25日\n正文。\n", "2023-07-25"),
    ("发布时间:2023-07-25 09:35 来源:市工信局\n正文。\n", "2023-07-25"),
    ("标题\n\n封面新闻 2021-06-09 21:24 43194\n\n正文。\n", "2021-06-09"),
    ("2019年12月23日,温州市政府与中国电子签订战略合作协议。\n", None),          # a date in a sentence
    ("正文。\n2024年2月30日\n", None),                                            # not a real day
    ("11月24日,专班来院调研。\n", None),
])
def test_metadata_date(text: str, iso: str | None) -> None:
    assert extract_metadata(text).date == iso


@pytest.mark.parametrize(("text", "issuer"), [
    ("发布时间:2023-07-25 09:35 来源:市工信局 浏览次数:10\n", "市工信局"),
    ("发布机构: 东阳市政府办公室 成文日期: 2026-01-15\n", "东阳市政府办公室"),
    ("来源：温州市人民政府\n发布机构：温州市科技局\n", "温州市科技局"),      # 发布机构 is the stronger field
    ("温州市科学技术局\n2024年6月27日\n", None),
])
def test_metadata_issuer(text: str, issuer: str | None) -> None:
    assert extract_metadata(text).issuer == issuer


@pytest.mark.parametrize(("text", "recipient"), [
    ("答复函\n\n余向前委员：\n正文。\n", "余向前委员"),
    ("答复\n市政协工商联界别组:\n您好!\n", "市政协工商联界别组"),
    ("通知\n各镇、乡人民政府,各街道办事处,市机关各部门:\n正文。\n", "各镇、乡人民政府,各街道办事处,市机关各部门"),
    ("浏览次数:\n字号:[ ] 视力保护色:\n正文。\n", None),
    ("经调查研究，现答复如下：\n", None),
])
def test_metadata_recipient(text: str, recipient: str | None) -> None:
    assert extract_metadata(text).recipient == recipient


@pytest.mark.parametrize(("text", "title"), [
    ("关于市政协十二届三次会议2号提案的\n答 复 函\n\n余向前委员：\n", "关于市政协十二届三次会议2号提案的答复函"),
    ("温科提复〔2024〕111号\n\n关于 加快 算力 建设的\n意见\n", "关于加快算力建设的意见"),
    ("余向前委员：\n正文。\n", None),                         # the salutation comes before any heading
    ("近年来，我市深入实施数字经济创新提质工程。\n", None),
])
def test_metadata_title(text: str, title: str | None) -> None:
    assert extract_metadata(text).title == title


@pytest.mark.parametrize(("text", "iso"), [
    ("2024年6月27日", "2024-06-27"), ("2023-07-25 09:35", "2023-07-25"), ("2026/1/15", "2026-01-15"),
    ("二〇二四年十二月三十一日", "2024-12-31"), ("2024年6月", "2024-06"), ("2024年13月1日", None), ("今天", None),
])
def test_metadata_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("温政发〔〕[]()（）2024年月日号:：-  \n来源发布机构委员关于的通知答复函0123456789")),
               max_size=200))
def test_metadata_never_raises_and_dates_are_iso(text: str) -> None:
    meta = extract_metadata(text)
    if meta.date is not None:
        assert parse_date(meta.date) == meta.date or len(meta.date) == 7


@needs_corpus
def test_metadata_of_the_shared_corpus() -> None:
    """The seed letter exactly; every other document of the shared corpus (it grows every round) gives
    metadata of the right form: ISO dates, 发文字号 with a 〔year〕, one-line names."""
    seed = extract_metadata((SHARED / SEED_LETTER).read_text(encoding="utf-8"))
    assert (seed.doc_number, seed.date, seed.recipient) == ("温科提复〔2024〕111号", "2024-06-27", "余向前委员")
    assert seed.title == "关于市政协十二届三次会议2号提案的答复函"
    paths = sorted(SHARED.rglob("*.txt"))
    assert paths
    for path in paths:
        meta = extract_metadata(path.read_text(encoding="utf-8"))
        if meta.date is not None:
            assert parse_date(meta.date) == meta.date or re.fullmatch(r"\d{4}(-\d{2})?", meta.date), path.name
        if meta.doc_number is not None:
            assert re.search(r"〔\d{4}〕", meta.doc_number), (path.name, meta.doc_number)
        for name in (meta.issuer, meta.recipient, meta.title):
            assert name is None or (name.strip() and "\n" not in name), (path.name, name)