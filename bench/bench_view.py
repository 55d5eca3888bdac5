"""Bench of the views: how long a 2,000-node synthetic ecosystem takes to be ready in headless Chromium.

``run()`` returns a Markdown section (``python -m bench`` collects it). Run alone:
``.venv/bin/python -m bench.bench_view``.
"""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import networkx as nx

from graph.views.browser import browser_problem, chromium, offline_page, open_view
from graph.views.names import org_paths
from graph.views.render import render_view
from graph.views.viewmodel import all_models, ecosystem_model, ego_model

NODES = 2000
SEED = 7
TYPES = [("Company", 0.55), ("ResearchInstitute", 0.12), ("Platform", 0.1), ("GovernmentBody", 0.06),
         ("Alliance", 0.03), ("Fund", 0.02), ("Event", 0.04), ("Policy", 0.03), ("TechField", 0.05)]
PREDICATES = [("signedAgreementWith", 0.25), ("plansCooperationWith", 0.12), ("coBuilt", 0.1),
              ("established", 0.08), ("innovationConsortiumWith", 0.08), ("clusters", 0.2), ("partOf", 0.05),
              ("reliesOn", 0.05), ("investedIn", 0.04), ("focusesOn", 0.03)]
SYLLABLES = "温州瓯海鹿城龙湾瑞安乐清永嘉平阳苍南文成泰顺智能数据算力云芯光电安信海康科技创新"


def synthetic_ecosystem(n: int = NODES, seed: int = SEED) -> nx.MultiDiGraph:
    """A graph shaped like ``graph.network.to_networkx`` output: Chinese names, aliases, hubs, ~2.5 facts a node."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    types = rnd.choices([t for t, _ in TYPES], [w for _, w in TYPES], k=n)
    for i, t in enumerate(types):
        name = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 6))) + f"{i}号" + {
            "Company": "科技有限公司", "ResearchInstitute": "研究院", "Platform": "数字港", "GovernmentBody": "局",
            "Alliance": "产业联盟", "Fund": "产业基金", "Event": "峰会", "Policy": "行动方案", "TechField": "技术",
        }[t]
        g.add_node(f"https://w3id.org/aikg/id/entity/s{i}", label=name, type=t,
                   aliases=[name[:4]] if rnd.random() < 0.3 else [], documents=[f"doc-{i % 40}.txt"])
    ids = list(g.nodes)
    weights = [1.0] * n
    for i in range(int(n * 2.5)):
        s = rnd.choices(ids, weights)[0]
        o = rnd.choices(ids, weights)[0]
        if s == o:
            continue
        p = rnd.choices([p for p, _ in PREDICATES], [w for _, w in PREDICATES])[0]
        status = "planned" if p == "plansCooperationWith" or rnd.random() < 0.25 else "achieved"
        g.add_edge(s, o, key=f"f{i}", predicate=p, status=status, date=None, document=f"doc-{i % 40}.txt",
                   evidence=f"{g.nodes[s]['label']}与{g.nodes[o]['label']}开展合作（第{i}条）。", start=i, end=i + 20,
                   rule="bench", confidence=1.0)
        weights[ids.index(s)] += 0.3
        weights[ids.index(o)] += 0.3
    return g


def _ready_ms(browser: object, path: Path) -> float:
    page, refused = offline_page(browser)
    try:
        open_view(page, path)
        ms = float(page.evaluate("window.aikgReadyAt"))
        if refused:
            raise RuntimeError(f"{path.name} tried to fetch {refused[:3]}")
        return ms
    finally:
        page.close()


def run() -> str:
    lines = ["## Views (graph/views)", ""]
    g = synthetic_ecosystem()
    hub = max(org_paths(g), key=g.degree)
    cases = [("ecosystem as shipped (aggregated above 1,500 nodes)", lambda: ecosystem_model(g)),
             ("ecosystem in full detail (aggregation off)", lambda: ecosystem_model(g, aggregate_above=10**9)),
             ("ego view of the best-connected organisation", lambda: ego_model(g, hub))]
    problem = browser_problem()
    lines += [(f"Synthetic ecosystem: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} facts (seed {SEED}). "
               "Ready = the page's `window.aikgReadyAt` (ms from navigation start to the first drawn frame, or "
               "to the end of stabilisation for small views); median of 3 loads in headless Chromium."), "",
              "| view | nodes | lines | model (s) | render (s) | file (MB) | ready in Chromium (s) |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        results = []
        for title, build in cases:
            t0 = time.perf_counter()
            model = build()
            t1 = time.perf_counter()
            html = render_view(model)
            t2 = time.perf_counter()
            path = Path(tmp) / f"view{len(results)}.html"
            path.write_text(html, encoding="utf-8")
            results.append((title, model, t1 - t0, t2 - t1, path))
        ready: dict[Path, str] = {}
        if problem is None:
            with chromium() as browser:
                for *_rest, path in results:
                    times = sorted(_ready_ms(browser, path) for _ in range(3))
                    ready[path] = f"{times[1] / 1000:.2f}"
        for title, model, t_model, t_render, path in results:
            lines.append(f"| {title} | {len(model['nodes']):,} | {len(model['edges']):,} | {t_model:.2f} | "
                         f"{t_render:.2f} | {path.stat().st_size / 1e6:.2f} | {ready.get(path, 'n/a')} |")
    if problem:
        lines += ["", f"Browser timings skipped: {problem}."]
    t0 = time.perf_counter()
    models = all_models(g)
    t_all = time.perf_counter() - t0
    egos = [m for m in models if m["kind"] == "ego"]
    sample = egos[:: max(1, len(egos) // 20)]
    t0 = time.perf_counter()
    sizes = [len(render_view(m).encode("utf-8")) for m in sample]
    per_page = (time.perf_counter() - t0) / len(sample)
    lines += ["", (f"All {len(models):,} view models of this graph (ecosystem, 4 families, planned vs achieved, "
              f"{len(egos):,} ego views): {t_all:.1f} s; rendering an ego view takes {per_page * 1000:.0f} ms and "
              f"{sum(sizes) / len(sizes) / 1e6:.2f} MB on average, so `aikg view` writes about "
              f"{len(egos) * sum(sizes) / len(sizes) / 1e9:.1f} GB here: every page in-lines vis-network "
              "(0.47 MB) to open offline on its own."), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
