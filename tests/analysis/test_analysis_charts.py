"""Charts: PNG figures with a CJK font that has the Chinese glyphs (no boxes)."""
# ruff: noqa: F811  (fixtures are imported from analysis_samples; test arguments name them)
from __future__ import annotations

import base64

import pytest
from analysis_samples import two_cities  # noqa: F401
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from graph.analysis import (
    centrality,
    charts,
    communities,
    field_coverage,
    metric_progress,
    planned_vs_achieved,
    predicates_by_document,
)
from graph.network import to_networkx

FONT = charts.cjk_font()


@pytest.mark.skipif(FONT is None, reason="no CJK font installed (apt-get install fonts-wqy-microhei)")
@pytest.mark.parametrize("text", ["数安港", "芯片设计", "智能机器人", "计划与完成"])
def test_charts_font_has_chinese_glyphs(text: str) -> None:
    path = font_manager.findfont(font_manager.FontProperties(family=FONT), fallback_to_default=False)
    font = FT2Font(path)
    assert all(font.get_char_index(ord(ch)) != 0 for ch in text), f"{path} lacks glyphs of {text}"


def test_charts_every_chart_is_a_png(two_cities) -> None:
    g = to_networkx(two_cities)
    figs = [charts.fields_chart(field_coverage(g)), charts.status_chart(planned_vs_achieved(g)),
            charts.progress_chart(metric_progress(two_cities)), charts.centrality_chart(centrality(g)),
            charts.documents_chart(predicates_by_document(g)),
            charts.community_chart(g, communities(g, seed=0), seed=0)]
    for fig in figs:
        png = base64.b64decode(charts.png_base64(fig))
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000


def test_charts_empty_tables_still_draw() -> None:
    import pandas as pd

    assert charts.png_base64(charts.progress_chart(pd.DataFrame(columns=["percent"])))
