"""Build time and peak memory for 100 and 1,000 documents into the store, with exports (and views).

Documents are the bundled letter and (when present) ../shared/corpus/dev, copied with their city
replaced by another prefecture-level city, so the graph grows with the corpus instead of repeating.
Each build is ``aikg build`` in a fresh subprocess into a fresh store; peak memory is that of its largest
process (the build itself, not its extraction workers). With ``AIKG_BENCH_BASELINE=<git revision>`` the
builds of that revision are measured too, in the same run (see ``bench_extract``).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.checkout import checkout

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "corpus" / "dev"
SIZES = (100, 1000)
FLAGS = (("--no-validate", "--no-views"), ())
AIM_SECONDS = 60          # issue 8: 1,000 documents into the store with exports


def _sources() -> list[str]:
    paths = sorted((REPO / "corpus").glob("*.txt")) + (sorted(DEV.glob("*.txt")) if DEV.is_dir() else [])
    return [p.read_text(encoding="utf-8") for p in paths]


def make_corpus(n: int, folder: Path) -> int:
    """Write ``n`` documents into ``folder``; returns the number of characters written."""
    from extract.lexicon import places

    cities = sorted(p.name[:-1] for p in places().values()
                    if p.level == "city" and p.name.endswith("市") and len(p.name) == 3)
    known = ("温州", "东阳", "杭州", "南京", "成都", "临平")
    pattern = re.compile("|".join(known))
    texts = _sources()
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for i in range(n):
        city = cities[i % len(cities)]
        text = pattern.sub(city, texts[i % len(texts)])
        (folder / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


# runs the build in a child and reports its wall time and peak RSS (RUSAGE_CHILDREN: the largest of the
# build and the workers it waited for)
_WRAPPER = """import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
dt = time.perf_counter() - t
print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)
sys.stderr.write(r.stderr[-2000:])
"""


def build_once(tree: Path, docs: Path, chars: int, flags: tuple[str, ...]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cmd = [sys.executable, "-m", "graph", "build", str(docs), "--out", str(root / "exports"),
               "--store", str(root / "store" / "db"), *flags]
        out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, cwd=root,
                             env={**os.environ, "PYTHONPATH": str(tree)}, check=False)
        dt, rss, rc = out.stdout.split()
        files = [p for p in (root / "exports").rglob("*") if p.is_file()]
        return {"docs": sum(1 for _ in docs.iterdir()), "chars": chars, "seconds": float(dt),
                "rss_mb": int(rss) / 1024, "rc": int(rc), "files": len(files),
                "mb": sum(p.stat().st_size for p in files) / 1e6, "what": " ".join(flags) or "everything"}


def _builds(tree: Path, corpora: dict[int, tuple[Path, int]]) -> list[dict[str, Any]]:
    return [build_once(tree, folder, chars, flags) for flags in FLAGS for folder, chars in corpora.values()]


def _baseline_builds(rev: str, corpora: dict[int, tuple[Path, int]]) -> tuple[str, list[dict[str, Any]]]:
    with checkout(rev, "%h") as (wt, name):
        return name, _builds(wt, corpora)


def run() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        corpora = {n: (Path(tmp) / f"docs{n}", make_corpus(n, Path(tmp) / f"docs{n}")) for n in SIZES}
        rows = _builds(REPO, corpora)
        rev = os.environ.get("AIKG_BENCH_BASELINE")
        before = _baseline_builds(rev, corpora) if rev else None
    lines = ["## Build: documents into the store, with exports", "",
             ("`aikg build` in a fresh process into a fresh store, one run each: extraction (2 processes), store, "
             "exports (Turtle, TriG, N-Quads, JSON-LD, CSV, GraphML, GEXF, Neo4j); then the same with SHACL "
             "validation of the documents built and the planner views (`everything`, the default). Peak RSS: "
             "the largest process of the build; exit 0 = success."), ""]
    head = "| documents | characters | flags | build (s) | peak RSS (MB) | files written | exports (MB) | exit |"
    if before:
        lines += [f"Before: `{before[0]}` (same documents, same run).", "",
                  head.replace("| build (s) |", "| before (s) | build (s) |"),
                  "|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
    else:
        lines += [head, "|---:|---:|---|---:|---:|---:|---:|---:|"]
    for i, r in enumerate(rows):
        was = f" {before[1][i]['seconds']:.1f} |" if before else ""
        lines.append(f"| {r['docs']:,} | {r['chars']:,} | {r['what']} |{was} {r['seconds']:.1f} | {r['rss_mb']:.0f} | "
                     f"{r['files']:,} | {r['mb']:.1f} | {r['rc']} |")
    big = [r for r in rows if r["docs"] == max(SIZES)]
    lines += ["", f"{max(SIZES):,} documents with exports: " + ", ".join(f"{r['seconds']:.1f} s ({r['what']})" for r in big)
              + f"; aim ≤ {AIM_SECONDS} s: " + ("met" if all(r["seconds"] <= AIM_SECONDS for r in big) else "not met") + "."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
