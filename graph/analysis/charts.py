"""Charts of the gap tables (matplotlib ``Figure`` objects, no pyplot state), with a CJK font for Chinese.

>>> from graph.analysis.examples import example_graph
>>> from graph.analysis.fields import field_coverage
>>> fig = fields_chart(field_coverage(example_graph()))
>>> png_base64(fig)[:8]
'iVBORw0K'
"""
from __future__ import annotations

import base64
import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd
from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from graph.analysis._common import num

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = ["CJK_FONTS", "centrality_chart", "cjk_font", "community_chart", "documents_chart", "fields_chart",
           "linking_chart", "png_base64", "progress_chart", "status_chart", "use_cjk_font"]

log = logging.getLogger(__name__)

CJK_FONTS = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
             "SimHei", "Microsoft YaHei", "PingFang SC")
GREEN, ORANGE, GREY, RED, BLUE = "#2e7d32", "#ef6c00", "#9e9e9e", "#c62828", "#1565c0"


@cache
def cjk_font() -> str | None:
    """The first installed font of ``CJK_FONTS`` (found with matplotlib's font manager), or None with a warning."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            return name
    msg = ("no CJK font found for matplotlib: Chinese labels will render as boxes; install one with "
           "`apt-get install fonts-wqy-microhei` (or `make system`), then delete matplotlib's font cache "
           "(~/.cache/matplotlib)")
    log.warning(msg)
    warnings.warn(msg, stacklevel=2)
    return None


def _rc() -> dict[RcKeyType, Any]:
    font = cjk_font()
    return {"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"], "axes.unicode_minus": False,
            "figure.dpi": 100, "axes.spines.top": False, "axes.spines.right": False}


def use_cjk_font() -> str | None:
    """Make the CJK font matplotlib's default (for notebooks and pandas ``.plot``); returns its name."""
    import matplotlib

    matplotlib.rcParams.update(_rc())
    return cjk_font()


@contextmanager
def _style() -> Iterator[None]:
    with rc_context(_rc()):
        yield


def png_base64(fig: Figure, dpi: int = 110) -> str:
    """The figure as a base64 PNG (for ``<img src="data:image/png;base64,…">``)."""
    buf = io.BytesIO()
    with _style():
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _empty(title: str) -> Figure:
    fig = Figure(figsize=(6, 1.6))
    ax = fig.subplots()
    ax.axis("off")
    ax.text(0.5, 0.5, f"{title}：无数据 (no data)", ha="center", va="center")
    return fig


def fields_chart(coverage: pd.DataFrame) -> Figure:
    """Bars per focus field: actors stating focusesOn (strong) and co-mentioned actors (weak); gaps in red."""
    title = "重点领域与主体 (focus fields vs actors)"
    with _style():
        if coverage.empty:
            return _empty(title)
        t = coverage.iloc[::-1]
        fig = Figure(figsize=(8, 0.38 * len(t) + 1.4))
        ax = fig.subplots()
        y = range(len(t))
        ax.barh(y, t["n_focus"], color=GREEN, label="focusesOn 聚焦 (strong)")
        ax.barh(y, t["n_comention"], left=t["n_focus"], color=ORANGE, label="同句提及 co-mention (weak)")
        ax.set_yticks(list(y), list(t["field"]))
        for i, (_, r) in enumerate(t.iterrows()):
            if r["gap"]:
                ax.get_yticklabels()[i].set_color(RED)
                ax.text(0.05, i, "空白 gap", va="center", color=RED, fontsize=9)
        ax.set_xlabel("主体数 actors")
        ax.set_title(title)
        ax.legend(loc="lower right", fontsize=8)
        fig.tight_layout()
        return fig


def status_chart(pva: pd.DataFrame, top: int = 12, title: str = "计划与完成 (planned vs achieved facts)") -> Figure:
    """Stacked bars of achieved and planned facts for the ``top`` actors (a ``planned_vs_achieved`` table),
    or of the rows of any table with ``achieved`` and ``planned`` columns keyed by its first column."""
    with _style():
        if pva.empty:
            return _empty(title)
        key = "subject" if "subject" in pva.columns else pva.columns[0]
        t = pva.groupby(key)[["achieved", "planned"]].sum()
        t = t.assign(total=t.sum(axis=1)).sort_values(["total"], ascending=False).head(top).iloc[::-1]
        fig = Figure(figsize=(8, 0.4 * len(t) + 1.4))
        ax = fig.subplots()
        ax.barh(t.index, t["achieved"], color=GREEN, label="achieved 已完成")
        ax.barh(t.index, t["planned"], left=t["achieved"], color=GREY, label="planned 计划")
        ax.set_xlabel("事实数 facts")
        ax.set_title(title)
        ax.legend(loc="lower right", fontsize=8)
        fig.tight_layout()
        return fig


def progress_chart(progress: pd.DataFrame) -> Figure:
    """Achieved as a share of planned for every paired metric (``metric_progress``), with the 100 % line."""
    title = "指标完成度 (metric progress)"
    with _style():
        if progress.empty:
            return _empty(title)
        t = progress.iloc[::-1]
        labels = [f"{r['subject']} {r['unit']}" for _, r in t.iterrows()]
        fig = Figure(figsize=(8, 0.5 * len(t) + 1.4))
        ax = fig.subplots()
        ax.barh(labels, [min(p, 150.0) for p in t["percent"]],
                color=[GREEN if p >= 100 else BLUE for p in t["percent"]])
        ax.axvline(100, color=RED, linestyle="--", linewidth=1)
        for i, (_, r) in enumerate(t.iterrows()):
            ax.text(min(r["percent"], 150) + 1, i,
                    f"{num(r['achieved'])} / {num(r['planned'])} {r['unit']} = {r['percent']:.2f} %",
                    va="center", fontsize=9)
        ax.set_xlim(0, 190)
        ax.set_xlabel("% of planned 占计划")
        ax.set_title(title)
        fig.tight_layout()
        return fig


def centrality_chart(cent: pd.DataFrame, top: int = 12) -> Figure:
    """The ``top`` entities by betweenness (``centrality`` table): the brokers of the network."""
    title = "中介中心性 (betweenness: brokers)"
    with _style():
        t = cent[cent["betweenness"] > 0].head(top).iloc[::-1] if not cent.empty else cent
        if t.empty:
            return _empty(title)
        fig = Figure(figsize=(8, 0.4 * len(t) + 1.4))
        ax = fig.subplots()
        ax.barh(list(t["label"]), list(t["betweenness"]), color=BLUE)
        ax.set_xlabel("betweenness")
        ax.set_title(title)
        fig.tight_layout()
        return fig


def documents_chart(by_document: pd.DataFrame, title: str = "文件比较 (documents compared)") -> Figure:
    """Stacked bars of a documents × categories table (``predicates_by_document`` or ``by_city``)."""
    with _style():
        if by_document.empty:
            return _empty(title)
        t = by_document.iloc[::-1]
        fig = Figure(figsize=(9, 0.45 * len(t) + 2.0))
        ax = fig.subplots()
        left = [0] * len(t)
        cmap = __import__("matplotlib").colormaps["tab20"]
        for i, col in enumerate(t.columns):
            vals = list(t[col])
            ax.barh([str(x)[:28] for x in t.index], vals, left=left, color=cmap(i % 20), label=str(col))
            left = [a + b for a, b in zip(left, vals)]
        ax.set_title(title)
        ax.legend(fontsize=7, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.12))
        fig.tight_layout()
        return fig


def linking_chart(linking: pd.DataFrame, top: int = 15) -> Figure:
    """The ``top`` organisations named in the most cities (a ``linking_organisations`` table), each bar
    labelled with its cities."""
    title = "连接城市的机构 (organisations that link cities)"
    with _style():
        if linking.empty:
            return _empty(title)
        t = linking.head(top).iloc[::-1]
        fig = Figure(figsize=(9, 0.42 * len(t) + 1.4))
        ax = fig.subplots()
        ax.barh(list(t["entity"]), list(t["n_cities"]), color=BLUE)
        for i, cities in enumerate(t["cities"]):
            ax.text(0.05, i, "、".join(cities), va="center", color="white", fontsize=8)
        ax.set_xlabel("城市数 cities")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title)
        fig.tight_layout()
        return fig


def _packed_layout(h: nx.Graph[str], seed: int) -> dict[str, tuple[float, float]]:
    """A seeded spring layout of each connected component, the components packed on shelves (big first)."""
    comps = sorted((sorted(c) for c in nx.connected_components(h)), key=lambda c: (-len(c), c[0]))
    sides = [2.2 * len(c) ** 0.5 + 0.6 for c in comps]
    width = max(max(sides, default=1.0), 1.3 * sum(s * s for s in sides) ** 0.5)
    pos: dict[str, tuple[float, float]] = {}
    x = y = shelf = 0.0
    for comp, side in zip(comps, sides):
        if x + side > width + 1e-9:
            x, y, shelf = 0.0, y - shelf, 0.0
        sub = nx.spring_layout(h.subgraph(comp), seed=seed, scale=(side - 0.6) / 2, center=(0.0, 0.0))
        for v, (px, py) in sub.items():
            pos[v] = (x + side / 2 + float(px), y - side / 2 + float(py))
        x, shelf = x + side, max(shelf, side)
    return pos


def community_chart(g: nx.MultiDiGraph[str], communities: pd.DataFrame, seed: int = 0, max_nodes: int = 120) -> Figure:
    """The entity network drawn with a seeded spring layout, nodes coloured by community, labels in Chinese.

    Entities with at least one tie are drawn, at most ``max_nodes`` (the largest communities first).
    """
    title = "生态网络与社区 (communities)"
    with _style():
        if communities.empty:
            return _empty(title)
        tied = {v for s, o in g.edges() if s != o for v in (s, o)}
        keep = communities[communities["node"].isin(tied)].head(max_nodes)
        if keep.empty:
            return _empty(title)
        h: nx.Graph[str] = nx.Graph()
        h.add_nodes_from(keep["node"])
        h.add_edges_from((s, o) for s, o in g.edges() if s in h and o in h and s != o)
        pos = _packed_layout(h, seed)
        title += f" — {len(h)} tied entities; {len(communities) - len(keep)} isolated not drawn"
        comm = dict(zip(keep["node"], keep["community"]))
        cmap = __import__("matplotlib").colormaps["tab20"]
        fig = Figure(figsize=(10, 8))
        ax = fig.subplots()
        ax.axis("off")
        nx.draw_networkx_edges(h, pos, ax=ax, alpha=0.3, width=0.8)
        nx.draw_networkx_nodes(h, pos, ax=ax, node_size=90, node_color=[cmap(comm[v] % 20) for v in h.nodes])
        labels = dict(zip(keep["node"], keep["label"]))
        for v, (x, y) in pos.items():
            ax.text(x, y + 0.08, labels[v], fontsize=7, ha="center", va="bottom")
        ax.set_title(title)
        fig.tight_layout()
        return fig
