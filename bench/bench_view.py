"""Bench of the views: how long synthetic ecosystems of 2,000 and 5,000 nodes take to be ready in headless
Chromium, as shipped, in full detail, grouped by place and filtered to one city.

The graphs are shaped like ``graph.network.to_networkx`` output, documents in twelve cities (most facts
inside a city, some across). Each tree (this one, and with ``AIKG_BENCH_BASELINE=<git revision>`` that
revision, in the same run on the same graphs) is measured in a process of its own.

``run()`` returns a Markdown section (``python -m bench`` collects it). Run alone:
``.venv/bin/python -m bench.bench_view``.
"""
from __future__ import annotations

import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

REPO = Path(__file__).resolve().parents[1]
NODES = 2000
BIG = 5000
SEED = 7
DOCUMENTS = 120
ACROSS = 0.05          # share of facts between two cities (stated in a document of one of them)
TYPES = [("Company", 0.55), ("ResearchInstitute", 0.12), ("Platform", 0.1), ("GovernmentBody", 0.06),
         ("Alliance", 0.03), ("Fund", 0.02), ("Event", 0.04), ("Policy", 0.03), ("TechField", 0.05)]
PREDICATES = [("signedAgreementWith", 0.25), ("plansCooperationWith", 0.12), ("coBuilt", 0.1),
              ("established", 0.08), ("innovationConsortiumWith", 0.08), ("clusters", 0.2), ("partOf", 0.05),
              ("reliesOn", 0.05), ("investedIn", 0.04), ("focusesOn", 0.03)]
SYLLABLES = "温州瓯海鹿城龙湾瑞安乐清永嘉平阳苍南文成泰顺智能数据算力云芯光电安信海康科技创新"
CITIES = [("浙江省", "温州市", None), ("浙江省", "杭州市", "临平区"), ("浙江省", "宁波市", None),
          ("江苏省", "南京市", None), ("江苏省", "苏州市", None), ("广东省", "深圳市", "南山区"),
          ("广东省", "广州市", None), ("四川省", "成都市", None), ("湖北省", "武汉市", None),
          ("上海市", None, "浦东新区"), ("北京市", None, "海淀区"), ("福建省", "厦门市", None)]
SUFFIX = {"Company": "科技有限公司", "ResearchInstitute": "研究院", "Platform": "数字港", "GovernmentBody": "局",
          "Alliance": "产业联盟", "Fund": "产业基金", "Event": "峰会", "Policy": "行动方案", "TechField": "技术"}


def _places() -> tuple[dict[str, dict[str, Any]], dict[int, str]]:
    """The place records of ``g.graph["places"]`` and the IRI of each city's most specific place."""
    recs: dict[str, dict[str, Any]] = {}
    leaf: dict[int, str] = {}
    for i, chain in enumerate(CITIES):
        parent = None
        for name, level in zip(chain, ("province", "city", "district")):
            if name:
                iri = f"https://w3id.org/aikg/id/place/{name}" if parent is None else f"{parent}/{name}"
                recs.setdefault(iri, {"label": name, "level": level, "parent": parent})
                parent = iri
        leaf[i] = str(parent)
    return recs, leaf


def synthetic_ecosystem(n: int = NODES, seed: int = SEED) -> nx.MultiDiGraph:
    """Chinese names, aliases, hubs (preferential attachment), ~2.5 facts a node, documents in 12 cities."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    recs, leaf = _places()
    g.graph["places"] = recs
    g.graph["document_places"] = {f"doc-{d}.txt": leaf[d % len(CITIES)] for d in range(DOCUMENTS)}
    docs_of = {c: [f"doc-{d}.txt" for d in range(DOCUMENTS) if d % len(CITIES) == c] for c in range(len(CITIES))}
    types = rnd.choices([t for t, _ in TYPES], [w for _, w in TYPES], k=n)
    city = [rnd.randrange(len(CITIES)) for _ in range(n)]
    for i, t in enumerate(types):
        name = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 6))) + f"{i}号" + SUFFIX[t]
        g.add_node(f"https://w3id.org/aikg/id/entity/s{i}", label=name, type=t,
                   aliases=[name[:4]] if rnd.random() < 0.3 else [], documents=[rnd.choice(docs_of[city[i]])])
    ids = list(g.nodes)
    members = {c: [i for i in range(n) if city[i] == c] for c in range(len(CITIES))}
    weights = [1.0] * n
    for k in range(int(n * 2.5)):
        s = rnd.choices(range(n), weights)[0]
        here = city[s] if rnd.random() > ACROSS else rnd.randrange(len(CITIES))
        o = rnd.choices(members[here], [weights[j] for j in members[here]])[0]
        if s == o:
            continue
        p = rnd.choices([p for p, _ in PREDICATES], [w for _, w in PREDICATES])[0]
        status = "planned" if p == "plansCooperationWith" or rnd.random() < 0.25 else "achieved"
        g.add_edge(ids[s], ids[o], key=f"f{k}", predicate=p, status=status, date=None,
                   document=rnd.choice(docs_of[rnd.choice((city[s], city[o]))]),
                   evidence=f"{g.nodes[ids[s]]['label']}与{g.nodes[ids[o]]['label']}开展合作（第{k}条）。",
                   start=k, end=k + 20, rule="bench", confidence=1.0)
        weights[s] += 0.3
        weights[o] += 0.3
    return g


# (title, graph, model, #hash); "model" names a model both trees can build
CASES = [
    ("ecosystem as shipped (aggregated above 1,500 connected nodes)", "2k", "shipped", ""),
    ("ecosystem in full detail (aggregation off)", "2k", "detail", ""),
    ("ego view of the best-connected organisation", "2k", "ego", ""),
    ("ecosystem as shipped (aggregated)", "5k", "shipped", ""),
    ("ecosystem as shipped, opened grouped by place", "5k", "shipped", "#group=place"),
    ("ecosystem in full detail", "5k", "detail", ""),
    ("ecosystem in full detail, opened grouped by place", "5k", "detail", "#group=place"),
    ("ecosystem in full detail, one city (`#place=浙江省/温州市`)", "5k", "detail", "#place=浙江省/温州市"),
]

# Run in a tree's own process (``PYTHONPATH`` = the tree): build each model once, render it, load the page
# three times per case; print the timings as JSON. Uses only what every revision measured has.
_MEASURE = r"""
import json, pickle, sys, tempfile, time
from pathlib import Path
from graph.views.browser import browser_problem, chromium, offline_page, open_view
from graph.views.names import org_paths
from graph.views.render import render_view
from graph.views.viewmodel import ecosystem_model, ego_model

graphs = pickle.loads(Path(sys.argv[1]).read_bytes())
cases = json.loads(sys.argv[2])
build = {"shipped": lambda g: ecosystem_model(g), "detail": lambda g: ecosystem_model(g, aggregate_above=10**9),
         "ego": lambda g: ego_model(g, max(org_paths(g), key=g.degree))}
out, pages = [], {}
with tempfile.TemporaryDirectory() as tmp:
    for title, graph, how, fragment in cases:
        if (graph, how) not in pages:
            t0 = time.perf_counter(); model = build[how](graphs[graph]); t1 = time.perf_counter()
            html = render_view(model); t2 = time.perf_counter()
            path = Path(tmp) / f"{graph}-{how}.html"
            path.write_text(html, encoding="utf-8")
            pages[(graph, how)] = {"nodes": len(model["nodes"]), "edges": len(model["edges"]),
                                   "connected": sum(not n.get("unconnected", False) for n in model["nodes"]),
                                   "model": t1 - t0, "render": t2 - t1, "mb": path.stat().st_size / 1e6,
                                   "path": str(path)}
        out.append({**pages[(graph, how)], "title": title, "fragment": fragment, "ready": None})
    problem = browser_problem()
    if problem is None:
        with chromium() as browser:
            for row in out:
                times = []
                for _ in range(3):
                    page, refused = offline_page(browser)
                    page.goto(Path(row["path"]).resolve().as_uri() + row["fragment"])
                    page.wait_for_load_state("load")
                    waited = 0
                    while not page.evaluate("window.aikgReady === true") and waited < 120000:
                        page.wait_for_timeout(20); waited += 20
                    times.append(float(page.evaluate("window.aikgReadyAt")) / 1000)
                    if refused:
                        raise RuntimeError(f"{row['title']} tried to fetch {refused[:3]}")
                    page.close()
                row["ready"] = sorted(times)[1]
print(json.dumps({"rows": out, "problem": problem}))
"""


def measure(tree: Path, graphs_file: Path, cases: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    """The timings of ``cases`` in ``tree``, in a process of its own."""
    run = subprocess.run([sys.executable, "-c", _MEASURE, str(graphs_file), json.dumps(cases)], cwd=tree,
                         env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True, text=True,
                         timeout=3600, check=False)
    if run.returncode != 0:
        raise RuntimeError(f"measuring the views of {tree} failed:\n{run.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(run.stdout.splitlines()[-1])
    return result


def _s(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.2f}"


def run() -> str:
    graphs = {"2k": synthetic_ecosystem(NODES), "5k": synthetic_ecosystem(BIG, SEED + 1)}
    rev = os.environ.get("AIKG_BENCH_BASELINE")
    with tempfile.TemporaryDirectory() as tmp:
        graphs_file = Path(tmp) / "graphs.pickle"
        graphs_file.write_bytes(pickle.dumps(graphs))
        now = measure(REPO, graphs_file, CASES)
        before = None
        if rev:
            from bench.checkout import checkout

            with checkout(rev, "%h") as (wt, name):
                before = {**measure(wt, graphs_file, CASES), "rev": name}
    lines = ["## Views (graph/views)", "",
             (f"Synthetic ecosystems of {NODES:,} nodes ({graphs['2k'].number_of_edges():,} facts, seed {SEED}) "
              f"and {BIG:,} nodes ({graphs['5k'].number_of_edges():,} facts, seed {SEED + 1}), documents in "
              f"{len(CITIES)} cities, {ACROSS:.0%} of the facts across two. Ready = the page's "
              "`window.aikgReadyAt` (ms from navigation start to the first drawn frame, or to the end of "
              "stabilisation for small views); median of 3 loads in headless Chromium. Nodes = in the page; "
              "drawn = the connected ones (the others are off the canvas until asked).")]
    if before:
        lines += ["", (f"Before: `{before['rev']}`, the same graphs in the same run (it has no grouping by "
                       "place: `n/a`).")]
    head = "| view | nodes | nodes drawn | lines |" + (" model before (s) |" if before else "")
    head += " model (s) | render (s) | file (MB) |"
    head += " ready before (s) | ready now (s) |" if before else " ready in Chromium (s) |"
    lines += ["", head, "|---|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if before else "")]
    for i, row in enumerate(now["rows"]):
        size = "2,000" if CASES[i][1] == "2k" else "5,000"
        old = before["rows"][i] if before else None
        old_ready = old["ready"] if old and not CASES[i][3] else None     # a #fragment asks for what it lacks
        cells = [f"{size}: {row['title']}", f"{row['nodes']:,}", f"{row['connected']:,}", f"{row['edges']:,}"]
        cells += [f"{old['model']:.2f}"] if old else []
        cells += [f"{row['model']:.2f}", f"{row['render']:.2f}", f"{row['mb']:.2f}"]
        cells += [_s(old_ready), _s(row["ready"])] if before else [_s(row["ready"])]
        lines.append("| " + " | ".join(cells) + " |")
    if now["problem"]:
        lines += ["", f"Browser timings skipped: {now['problem']}."]
    from graph.views.render import render_view
    from graph.views.viewmodel import all_models

    t0 = time.perf_counter()
    models = all_models(graphs["2k"])
    t_all = time.perf_counter() - t0
    egos = [m for m in models if m["kind"] == "ego"]
    sample = egos[:: max(1, len(egos) // 20)]
    t0 = time.perf_counter()
    sizes = [len(render_view(m).encode("utf-8")) for m in sample]
    per_page = (time.perf_counter() - t0) / len(sample)
    lines += ["", (f"All {len(models):,} view models of the {NODES:,}-node graph (ecosystem, 4 families, planned vs "
              f"achieved, bridges, {len(egos):,} ego views): {t_all:.1f} s; rendering an ego view takes "
              f"{per_page * 1000:.0f} ms and {sum(sizes) / len(sizes) / 1e6:.2f} MB on average, so `aikg view` "
              f"writes about {len(egos) * sum(sizes) / len(sizes) / 1e9:.1f} GB here: every page in-lines "
              "vis-network (0.47 MB) to open offline on its own."), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
