"""The saved questions on the three stores at 10⁶ triples (10⁷ with ``AIKG_BENCH_SIZES=1000000,10000000``):
embedded pyoxigraph, Oxigraph's server and Virtuoso; load time, disk, p50 of every question.

The ecosystems are ``bench_store``'s (seeded, the real RDF model, cached under ``bench/out/store``). Each store
is loaded through its bulk path: pyoxigraph's ``bulk_load``; ``oxigraph load`` into the folder the server then
serves; Virtuoso's bulk loader (``ld_dir`` + ``rdf_loader_run``, then a checkpoint). Each question runs with
its parameters bound as ``aikg query`` binds them: one warm-up, then repetitions within ``REPS_BUDGET``
seconds; the embedded store is measured in a process of its own, the servers over HTTP on 127.0.0.1 (a
question that takes more than ``CAP`` seconds is reported as such). ``--quick``: 10⁵ triples.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bench_store import ROOT, _bound_texts, ecosystem_file

sys.path.insert(0, str(ROOT / "tests"))
import servers

REPS_BUDGET = 3.0
MAX_REPS = 20
CAP = 120.0
AIM_MS = 1000.0


def _du(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def _time(run: Any) -> dict[str, Any]:
    t = time.perf_counter()
    try:
        rows = run()
    except Exception as exc:  # noqa: BLE001 - a store's error is a result
        return {"error": f"{type(exc).__name__}: {str(exc)[:160]}"}
    first = time.perf_counter() - t
    if first > CAP:
        return {"over": first * 1000, "rows": rows}
    times, spent = [], first
    while spent < REPS_BUDGET and len(times) < MAX_REPS:
        t = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - t)
        spent += times[-1]
    ms = sorted(x * 1000 for x in (times or [first]))
    return {"p50": statistics.median(ms), "reps": len(ms), "rows": rows}


def _questions(spec: str, params: dict[str, dict[str, str]], read_only: bool = False) -> dict[str, Any]:
    from graph.store import open_store

    texts = _bound_texts(params)
    with open_store(spec, read_only=read_only) as st:
        if hasattr(st, "timeout"):
            st.timeout = CAP * 2
        return {name: _time(lambda text=text: len(st.query(text))) for name, text in texts.items()}


def _embedded(nq: Path, params: dict[str, dict[str, str]], root: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    t = time.perf_counter()
    store = ox.Store(str(root / "embedded"))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    load = time.perf_counter() - t
    out = subprocess.run([sys.executable, "-m", "bench.bench_servers", "--embedded", str(root / "embedded")],
                         input=json.dumps(params), capture_output=True, text=True, cwd=ROOT, check=False,
                         timeout=CAP * 40)
    queries = json.loads(out.stdout) if out.returncode == 0 else {"error": out.stderr[-300:]}
    return {"load_s": load, "disk_mb": _du(root / "embedded"), "queries": queries}


def _oxigraph(nq: Path, params: dict[str, dict[str, str]], root: Path) -> dict[str, Any]:
    binary = servers.oxigraph_binary()
    if binary is None:
        return {"error": "the oxigraph binary is missing"}
    folder = root / "oxigraph"
    t = time.perf_counter()
    subprocess.run([binary, "load", "--location", str(folder), "--file", str(nq)], check=True,
                   capture_output=True, timeout=7200)
    load = time.perf_counter() - t
    server = servers.start_oxigraph(folder, wait=120)
    try:
        return {"load_s": load, "disk_mb": _du(folder), "queries": _questions(server.spec, params)}
    finally:
        server.stop()


def _virtuoso(nq: Path, params: dict[str, dict[str, str]], root: Path) -> dict[str, Any]:
    missing = servers.virtuoso_missing()
    if missing:
        return {"error": missing}
    folder = root / "virtuoso"
    server = servers.start_virtuoso(folder, buffers=170_000, dirs_allowed=(nq.parent,))   # 1.3 GB of pages
    try:
        t = time.perf_counter()
        server.isql(f"ld_dir('{nq.parent}', '{nq.name}', 'urn:aikg:unused'); rdf_loader_run(); checkpoint;")
        load = time.perf_counter() - t
        return {"load_s": load, "disk_mb": _du(folder), "queries": _questions(server.spec, params)}
    finally:
        server.stop()


def _cell(r: dict[str, Any]) -> str:
    if "error" in r:
        return "error"
    if "over" in r:
        return f"> {CAP * 1000:,.0f}"
    v = r["p50"]
    return f"**{v:,.0f}**" if v > AIM_MS else (f"{v:,.1f}" if v < 100 else f"{v:,.0f}")


def run(quick: bool = False) -> str:
    sizes = [100_000] if quick else [int(x) for x in os.environ.get("AIKG_BENCH_SIZES", "1000000").split(",")]
    lines = ["## The saved questions on three stores", "",
             ("Synthetic ecosystems (`bench_store`'s), each store loaded through its bulk path (pyoxigraph "
             "`bulk_load`; `oxigraph load`, then its server; Virtuoso's bulk loader), one run on this shared "
             "2-core machine. Query p50 in ms (warm-up, then repetitions within "
             f"{REPS_BUDGET:.0f} s), parameters bound as `aikg query` binds them; over {AIM_MS:,.0f} ms in bold."), ""]
    for n in sizes:
        nq, info = ecosystem_file(n)
        with tempfile.TemporaryDirectory(dir=ROOT / "bench" / "out") as tmp:
            root = Path(tmp)
            res = {"embedded": _embedded(nq, info["params"], root)}
            shutil.rmtree(root / "embedded", ignore_errors=True)
            res["Oxigraph server"] = _oxigraph(nq, info["params"], root)
            shutil.rmtree(root / "oxigraph", ignore_errors=True)
            res["Virtuoso"] = _virtuoso(nq, info["params"], root)
        lines += [f"### {info['quads']:,} triples", "", "| store | load (s) | disk (MB) |", "|---|---:|---:|"]
        for kind, r in res.items():
            lines.append(f"| {kind} | {r.get('load_s', 0):,.1f} | {r.get('disk_mb', 0):,.0f} |" if "load_s" in r
                         else f"| {kind} | error: {r.get('error', '')[:120]} | |")
        names = sorted(next((r["queries"] for r in res.values() if isinstance(r.get("queries"), dict)
                             and "error" not in r["queries"]), {}))
        lines += ["", "| question | rows | " + " | ".join(res) + " |", "|---|---:|" + "---:|" * len(res)]
        for q in names:
            rows = next((r["queries"][q].get("rows", "") for r in res.values() if q in r.get("queries", {})), "")
            lines.append(f"| {q} | {rows} | " + " | ".join(_cell(r.get("queries", {}).get(q, {"error": 1}))
                                                        for r in res.values()) + " |")
        lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--embedded":
        sys.stdout.write(json.dumps(_questions(sys.argv[2], json.loads(sys.stdin.read()), read_only=True)))
    else:
        print(run(quick="--quick" in sys.argv))
