"""The gap-analysis report: one offline UTF-8 HTML page (charts inline as PNG) and a Markdown twin.

``build_report`` is pure (a Dataset in, text out); ``write_report`` is the I/O shell that writes
``report.html``, ``report.md`` and ``report-charts/*.png`` into a folder.

>>> from graph.analysis.examples import example_dataset
>>> r = build_report(example_dataset())
>>> "18.65 %" in r.html and r.html.count("data:image/png;base64,") >= 5
True
"""
from __future__ import annotations

import base64
import logging
import math
import os
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, select_autoescape
from rdflib import Dataset

from graph import analysis as A
from graph.analysis import charts
from graph.network import to_networkx
from graph.validate import validate

__all__ = ["Report", "build_report", "write_report"]

log = logging.getLogger(__name__)

TEMPLATE = "report.html.j2"


@dataclass(frozen=True)
class Section:
    """One part of the report: a heading, a note, charts (name → base64 PNG) and tables."""

    id: str
    title: str
    note: str = ""
    charts: tuple[tuple[str, str], ...] = ()
    tables: tuple[tuple[str, list[str], list[list[str]]], ...] = ()   # (caption, header, rows)


@dataclass(frozen=True)
class Report:
    """The rendered report: HTML, Markdown and the charts as PNG bytes (name → bytes)."""

    html: str
    markdown: str
    charts: dict[str, bytes] = field(default_factory=dict)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple, set)):
        return "、".join(str(x) for x in v)
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return f"{v:.6g}" if not v.is_integer() else f"{int(v)}"
    return str(v)


def _table(caption: str, df: pd.DataFrame, columns: list[str] | None = None, limit: int = 200,
           index: bool = False) -> tuple[str, list[str], list[list[str]]]:
    if index:
        df = df.reset_index()
    cols = [c for c in (columns or list(df.columns)) if c in df.columns]
    rows = [[_cell(r[c]) for c in cols] for _, r in df.head(limit).iterrows()]
    if len(df) > limit:
        caption = f"{caption} (first {limit} of {len(df)})"
    return caption, [str(c) for c in cols], rows


def _sections(ds: Dataset, changes: pd.DataFrame | None, since: str | None, seed: int) -> list[Section]:
    g = to_networkx(ds)
    report = validate(ds)
    cov = A.field_coverage(g)
    prog = A.metric_progress(ds)
    pva = A.planned_vs_achieved(g)
    cent = A.centrality(g, seed=seed)
    comm = A.communities(g, seed=seed)
    docs = A.document_table(ds)
    preds = A.predicates_by_document(g)
    summary = A.gap_summary(ds, report)
    png = charts.png_base64
    counts = summary.groupby("kind").size().rename("count").reset_index() if not summary.empty else summary
    members = (comm.groupby("community").agg(size=("label", "size"), members=("label", list)).reset_index()
               if not comm.empty else comm)
    out = [
        Section("summary", "缺口总览 Gaps at a glance",
                f"{len(docs)} documents, {g.number_of_nodes()} entities, {g.number_of_edges()} facts; "
                f"SHACL: {report.summary()}.",
                tables=(_table("gaps by kind", counts), _table("all gaps", summary))),
        Section("fields", "重点领域 Focus fields",
                "focusesOn = an actor states it works on the field (strong); co-mention = named in the same "
                "evidence sentence (weak); none = a gap.",
                charts=(("fields", png(charts.fields_chart(cov))),),
                tables=(_table("fields vs actors", cov, ["field", "signal", "focus_actors", "comention_actors",
                                                         "documents"]),)),
        Section("metrics", "指标进度 Metric progress",
                "achieved ÷ planned where a planned and an achieved value of the same quantity pair up "
                "(match: measure > subject+unit > unit).",
                charts=(("progress", png(charts.progress_chart(prog))),),
                tables=(_table("progress", prog, ["subject", "unit", "achieved", "planned", "percent", "match",
                                                  "evidence_achieved"]),
                        _table("all metrics", A.metric_table(ds), ["subject", "measure", "value", "unit", "status",
                                                                  "date", "document"]))),
        Section("status", "计划与完成 Planned vs achieved",
                charts=(("status", png(charts.status_chart(pva))),),
                tables=(_table("by actor and predicate", pva),
                        _table("plans not yet achieved", A.open_plans(g), ["subject", "predicate", "object",
                                                                          "document", "evidence"]))),
        Section("network", "网络结构 Brokers and communities",
                f"Louvain communities with seed {seed}; betweenness on the undirected graph.",
                charts=(("centrality", png(charts.centrality_chart(cent))),
                        ("communities", png(charts.community_chart(g, comm, seed=seed)))),
                tables=(_table("brokers", A.brokers(g, seed=seed)),
                        _table("communities", members),
                        _table("centrality", cent, ["label", "type", "degree", "facts", "betweenness"], limit=30))),
        Section("ties", "孤立与弱连接 Isolated and weakly tied platforms and institutes",
                tables=(_table("weak ties", A.weak_ties(g), ["entity", "type", "tie", "ties", "documents"]),)),
        Section("shacl", "SHACL 警告 SHACL warnings",
                tables=(_table("warnings", A.shacl_gaps(ds, report), ["gap", "focus", "message_zh"]),)),
        Section("documents", "文件与城市 Documents and cities",
                charts=(("documents", png(charts.documents_chart(preds))),) if len(preds) else (),
                tables=(_table("documents", docs, ["document", "doc_number", "date", "city", "entities", "facts",
                                                   "metrics"]),
                        _table("documents × predicates", preds, index=True),
                        _table("cities × predicates", A.by_city(ds), index=True),
                        _table("entities in several documents", A.shared_entities(g)))),
    ]
    if changes is not None:
        note = (f"since snapshot {since}: {len(changes)} changes" if len(changes)
                else f"no change since snapshot {since}")
        out.append(Section("changes", "变化 What changed", note, tables=(_table("changes", changes),)))
    return out


def _markdown(title: str, views_href: str | None, sections: list[Section]) -> str:
    def esc(s: str) -> str:       # a table cell: no column break, no line break, no HTML a viewer would run
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return s.replace("|", "\\|").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")

    lines = [f"# {title}", ""]
    if views_href:
        lines += [f"Interactive views: [{views_href}]({views_href})", ""]
    for s in sections:
        lines += [f"## {s.title}", ""]
        if s.note:
            lines += [s.note, ""]
        for name, _ in s.charts:
            lines += [f"![{name}](report-charts/{name}.png)", ""]
        for caption, header, rows in s.tables:
            lines += [f"**{caption}**", ""]
            if not rows:
                lines += ["(none)", ""]
                continue
            lines += ["| " + " | ".join(esc(h) for h in header) + " |", "|" + "---|" * len(header)]
            lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
            lines.append("")
    return "\n".join(lines)


def build_report(ds: Dataset, *, title: str = "人工智能产业生态缺口分析 · AI ecosystem gap analysis",
                 views_href: str | None = "views/index.html", changes: pd.DataFrame | None = None,
                 since: str | None = None, seed: int = 0) -> Report:
    """Render the report of ``ds``: every gap table, charts inline, a link to the views, and ``changes``
    (a ``graph.snapshot.changes`` table) when given. Deterministic for the same graph and seed."""
    sections = _sections(ds, changes, since, seed)
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    tpl = env.from_string(files("graph").joinpath(TEMPLATE).read_text(encoding="utf-8"))
    html = tpl.render(title=title, views_href=views_href, sections=sections)
    pngs = {name: base64.b64decode(b64) for s in sections for name, b64 in s.charts}
    return Report(html=html, markdown=_markdown(title, views_href, sections), charts=pngs)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_report(ds: Dataset, out_dir: Path | str, *, views_dir: Path | str | None = None,
                 changes: pd.DataFrame | None = None, since: str | None = None, seed: int = 0) -> list[Path]:
    """Write ``report.html``, ``report.md`` and ``report-charts/*.png`` into ``out_dir``; return the paths.

    ``views_dir`` is where ``aikg view`` wrote the views (default ``out_dir/views``); the report links to
    its ``index.html`` by a relative path.
    """
    out = Path(out_dir)
    views = Path(views_dir) if views_dir is not None else out / "views"
    href = Path(os.path.relpath(views / "index.html", out)).as_posix()
    if not (views / "index.html").exists():
        log.warning("no views at %s yet: the report links to them; write them with `aikg view --out %s`",
                    views, views.parent)
    rep = build_report(ds, views_href=href, changes=changes, since=since, seed=seed)
    paths = [out / "report.html", out / "report.md"]
    _write(paths[0], rep.html.encode("utf-8"))
    _write(paths[1], rep.markdown.encode("utf-8"))
    for name, data in sorted(rep.charts.items()):
        p = out / "report-charts" / f"{name}.png"
        _write(p, data)
        paths.append(p)
    log.info("report written to %s", paths[0])
    return paths
