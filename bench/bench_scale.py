"""Scale-out: peak memory of a default build at 1,000, 3,000 and 10,000 documents, and the local engine
against the Dask engine (a ``LocalCluster`` of two workers) on 10,000 documents, in the same run.

The corpora are ``bench_build.make_corpus``'s (the letter and the dev documents, their city swapped). Each
build is ``aikg build`` (SHACL and views, the default) in a fresh process into a fresh store; peak memory is
that of the largest process (the build, or one of its workers). ``python -m bench scale --quick``: 1,000 and
3,000 only.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bench.bench_build import REPO, build_once, make_corpus

SIZES = (1_000, 3_000, 10_000)
LIMIT_MB = 2048           # issue 18: a default build of 10,000 documents within 2 GB


def run(quick: bool = False) -> str:
    sizes = SIZES[:2] if quick else SIZES
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"docs{n}"
            chars = make_corpus(n, folder)
            rows.append(build_once(REPO, folder, chars, ()) | {"engine": "local"})
            if n == max(sizes):
                rows.append(build_once(REPO, folder, chars, ("--engine", "dask", "--workers", "2"))
                            | {"engine": "dask (LocalCluster, 2 workers)"})
    lines = ["## Scale-out: memory curve, local vs Dask", "",
             ("`aikg build` with SHACL and views (the default) in a fresh process into a fresh store, one run each "
             "(this shared 2-core machine: the ratios count). Peak RSS: the largest process of the build, its "
             "extraction processes or Dask workers included."), "",
             "| documents | characters | engine | build (s) | docs/s | peak RSS (MB) | files | exports (MB) | exit |",
             "|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['docs']:,} | {r['chars']:,} | {r['engine']} | {r['seconds']:.1f} | "
                     f"{r['docs'] / r['seconds']:.1f} | {r['rss_mb']:,.0f} | {r['files']:,} | {r['mb']:,.1f} | {r['rc']} |")
    local = [r for r in rows if r["engine"] == "local"]
    dask = [r for r in rows if r["engine"] != "local"]
    if dask:
        ratio = dask[0]["seconds"] / local[-1]["seconds"]
        lines += ["", f"Dask / local on {local[-1]['docs']:,} documents: {ratio:.2f}× the wall time."]
    top = max(r["rss_mb"] for r in local)
    lines += ["", f"Peak RSS from {local[0]['docs']:,} to {local[-1]['docs']:,} documents: "
              + " → ".join(f"{r['rss_mb']:,.0f}" for r in local) + f" MB; aim ≤ {LIMIT_MB:,} MB: "
              + ("met" if top <= LIMIT_MB else "not met") + "."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
