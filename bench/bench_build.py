"""Build time and peak memory for 100 and 1,000 documents into the store, with exports and views.

Documents are the bundled letter and (when present) ../shared/corpus/dev, copied with their city
replaced by another prefecture-level city, so the graph grows with the corpus instead of repeating.
Each size is built in a fresh subprocess (``aikg build``) so peak memory is the process's own.
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from extract.lexicon import places

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "corpus" / "dev"
SIZES = (100, 1000)


def _sources() -> list[str]:
    paths = sorted((REPO / "corpus").glob("*.txt")) + (sorted(DEV.glob("*.txt")) if DEV.is_dir() else [])
    return [p.read_text(encoding="utf-8") for p in paths]


def make_corpus(n: int, folder: Path) -> int:
    """Write ``n`` documents into ``folder``; returns the number of characters written."""
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


def build_once(n: int, *flags: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        chars = make_corpus(n, root / "docs")
        cmd = [sys.executable, "-m", "graph", "build", str(root / "docs"), "--out", str(root / "exports"),
               "--store", str(root / "store" / "db"), *flags]
        code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
                f"r = subprocess.run({cmd!r}, capture_output=True, text=True); "
                "dt = time.perf_counter() - t; "
                "m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
                "print(dt, m, r.returncode); sys.stderr.write(r.stderr[-2000:])")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False)
        dt, rss, rc = out.stdout.split()
        files = sum(1 for _ in (root / "exports").rglob("*") if _.is_file())
        size = sum(p.stat().st_size for p in (root / "exports").rglob("*") if p.is_file())
        return {"docs": n, "chars": chars, "seconds": float(dt), "rss_mb": int(rss) / 1024, "rc": int(rc),
                "files": files, "mb": size / 1e6, "what": " ".join(flags) or "everything"}


def run() -> str:
    rows = [build_once(n, "--no-validate", "--no-views") for n in SIZES] + [build_once(n) for n in SIZES]
    lines = ["## Build: documents into the store, with exports", "",
             "`aikg build` in a fresh process, one run each: extraction (2 processes), store, exports "
             "(Turtle, TriG, N-Quads, JSON-LD, CSV, GraphML, GEXF, Neo4j); then the same with SHACL "
             "validation of the documents built and the planner views.", "",
             "| documents | characters | flags | build (s) | peak RSS (MB) | files written | exports (MB) | exit |",
             "|---:|---:|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['docs']:,} | {r['chars']:,} | {r['what']} | {r['seconds']:.1f} | {r['rss_mb']:.0f} | "
                     f"{r['files']:,} | {r['mb']:.1f} | {r['rc']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
