"""Extraction throughput (chars/s) beside spaCy blank zh + jieba tokenisation and our segmenter alone.

The corpus is scaled from the bundled letter and, when present, ../shared/corpus/dev: every document is
repeated until the corpus holds about ``TARGET`` characters, each copy a document of its own. Each
measurement runs in a fresh process of its own, one after the other; what counts is the ratio of the
whole extraction to plain tokenisation measured in the same process (absolute rates on this shared
machine are noise). Also: where the time goes (pyinstrument), and the extraction's scores on the gold
annotations (``aikg eval``), so a speed-up that costs quality shows.

With ``AIKG_BENCH_BASELINE=<git revision>`` (``make bench BASELINE=…``) the same measurements are made of
that revision too, checked out into a temporary worktree, in the same run: the before and after of a
change, side by side.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEV = SHARED / "corpus" / "dev"
TARGET = 1_000_000
PROFILED = 200_000          # characters of the corpus profiled (the profiler slows the code down)
STEPS = {"RJiebaTokenizer": "tokenizer (rjieba + splits, spaCy Doc)", "MentionFinder": "aikg_mentions",
         "EntityResolver": "aikg_resolve", "RelationExtractor": "aikg_relations", "MetricExtractor": "aikg_metrics"}


def corpus(target: int = TARGET) -> list[str]:
    paths = sorted((REPO / "corpus").glob("*.txt")) + (sorted(DEV.glob("*.txt")) if DEV.is_dir() else [])
    texts = [p.read_text(encoding="utf-8") for p in paths]
    out: list[str] = []
    n = 0
    while n < target:
        for t in texts:
            out.append(t)
            n += len(t)
    return out


def _rate(fn: Any, texts: list[str]) -> float:
    n = sum(map(len, texts))
    t = time.perf_counter()
    for i, tx in enumerate(texts):
        fn(i, tx)
    return n / (time.perf_counter() - t)


def measure(texts: list[str]) -> dict[str, float]:
    """chars/s of spaCy blank zh + jieba, of our segmenter alone, of the whole extraction (one process,
    then ``extract_documents`` over two)."""
    import spacy

    from extract.facts import Document, DocumentMeta
    from extract.pipeline import extract_document, extract_documents
    from extract.segment import tokens

    jieba_nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    jieba_nlp("预热")
    extract_document(Document("warm", texts[0], DocumentMeta()))
    docs = [Document(f"d{i}.txt", t, DocumentMeta()) for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    for _ in extract_documents(docs, n_process=2, batch_size=32):
        pass
    two = sum(map(len, texts)) / (time.perf_counter() - t0)
    return {
        "spacy_jieba": _rate(lambda i, t: jieba_nlp(t), texts),
        "segmenter": _rate(lambda i, t: tokens(t), texts),
        "extraction": _rate(lambda i, t: extract_document(docs[i]), texts),
        "extraction_2p": two,
    }


def profile(texts: list[str]) -> dict[str, Any]:
    """Where one process's extraction time goes: per pipeline step, and the functions with the most
    time of their own (pyinstrument, 1 ms samples)."""
    from pyinstrument import Profiler

    from extract.facts import Document, DocumentMeta
    from extract.pipeline import extract_document

    extract_document(Document("warm", texts[0], DocumentMeta()))
    prof = Profiler(interval=0.001)
    prof.start()
    for i, t in enumerate(texts):
        extract_document(Document(f"d{i}.txt", t, DocumentMeta()))
    prof.stop()
    root = prof.last_session.root_frame()
    total = root.time if root is not None else 0.0
    steps: dict[str, float] = defaultdict(float)
    own: dict[str, float] = defaultdict(float)

    def walk(frame: Any, inside: str | None) -> None:
        step = STEPS.get(frame.class_name or "") if frame.function == "__call__" else None
        if step and inside is None:
            steps[step] += frame.time
        real = [c for c in frame.children if not c.is_synthetic]     # "[self]" leaves hold the own time
        if frame.file_path_short and not frame.file_path_short.endswith(("bench_extract.py", "<thread>")) \
                and "pyinstrument" not in frame.file_path_short:
            where = Path(frame.file_path_short).name
            name = f"{frame.class_name}.{frame.function}" if frame.class_name else frame.function
            own[f"{name} ({where})"] += frame.time - sum(c.time for c in real)
        for child in real:
            walk(child, step or inside)

    if root is not None:
        walk(root, None)
    steps["everything else (Extraction objects, spaCy)"] = total - sum(steps.values())
    top = sorted(own.items(), key=lambda kv: -kv[1])[:10]
    return {"total": total, "chars": sum(map(len, texts)), "steps": dict(steps), "top": top}


_TOTAL = re.compile(r"^(entities|relations|metrics|tech)\s+P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)", re.MULTILINE)
_ACC = re.compile(r"status accuracy ([\d.]+)")


def quality(tree: Path) -> dict[str, Any]:
    """``aikg eval`` of ``tree``'s extractor on the gold annotations (empty when they are absent)."""
    gold, docs = SHARED / "eval" / "gold", SHARED / "corpus"
    if not gold.is_dir():
        return {}
    out = subprocess.run([sys.executable, "-m", "graph", "eval", str(gold), str(docs)], capture_output=True,
                         text=True, cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, check=False).stdout
    scores: dict[str, Any] = {m[0]: [float(m[1]), float(m[2]), float(m[3])] for m in _TOTAL.findall(out)}
    acc = _ACC.search(out)
    scores["status accuracy"] = float(acc.group(1)) if acc else None
    return scores


def _in_process(tree: Path, target: int) -> dict[str, Any]:
    """All measurements of the extractor of ``tree`` (a checkout), in a fresh process."""
    run = subprocess.run([sys.executable, __file__, "--json", str(target)], capture_output=True, text=True,
                         cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, check=False)
    if run.returncode != 0:
        raise RuntimeError(f"measuring {tree} failed:\n{run.stderr[-2000:]}")
    result = json.loads(run.stdout.splitlines()[-1])
    result["quality"] = quality(tree)
    return result


def _baseline(rev: str, target: int) -> dict[str, Any]:
    # imported here: run as a script (``--json``) in a baseline's tree, this module has no package
    from bench.checkout import checkout

    with checkout(rev) as (wt, name):
        return {**_in_process(wt, target), "rev": name}


def _fmt(v: float) -> str:
    return f"{v:,.0f}"


def _report(now: dict[str, Any], before: dict[str, Any] | None, chars: int, docs: int) -> str:
    cols = ["before", "now"] if before else ["now"]
    runs = [before, now] if before else [now]
    lines = ["## Extraction throughput", "",
             (f"Corpus: {docs:,} documents, {chars:,} characters (bundled letter + dev documents repeated). "
             "Each column is one fresh process; the ratios to plain tokenisation in the same process are "
             "what counts on a shared machine.")]
    if before:
        lines += ["", f"Before: `{before['rev']}`."]
    rows = [("spaCy blank zh + jieba, tokenisation only", "spacy_jieba"),
            ("our segmenter alone (rjieba + splits)", "segmenter"),
            ("whole extraction (entities, relations, metrics), one process", "extraction"),
            ("whole extraction, `extract_documents(n_process=2)`", "extraction_2p")]
    lines += ["", "| chars/s | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    lines += [f"| {label} | " + " | ".join(_fmt(r["rates"][k]) for r in runs) + " |" for label, k in rows]
    for label, k in (("whole extraction / spaCy+jieba, one process", "extraction"),
                     ("whole extraction / spaCy+jieba, two processes", "extraction_2p"),
                     ("our segmenter / spaCy+jieba", "segmenter")):
        lines.append(f"| **{label}** | " + " | ".join(f"**{r['rates'][k] / r['rates']['spacy_jieba']:.2f}×**"
                                                    for r in runs) + " |")
    if all(r.get("quality") for r in runs):
        lines += ["", "Quality on the gold annotations (`aikg eval`, the numbers of `../shared/eval/score.py`):", "",
                  "| | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
        for k in ("entities", "relations", "metrics", "tech"):
            lines.append(f"| {k} P / R / F1 | " + " | ".join(
                " / ".join(f"{x:.3f}" for x in r["quality"][k]) for r in runs) + " |")
        lines.append("| status accuracy | " + " | ".join(f"{r['quality']['status accuracy']:.3f}" for r in runs) + " |")
    for col, r in zip(cols, runs):
        p = r["profile"]
        lines += ["", (f"Where the time goes ({col}): pyinstrument over {p['chars']:,} characters, one process, "
                  f"{p['total']:.2f} s under the profiler."), "", "| pipeline step | s | share |", "|---|---:|---:|"]
        lines += [f"| {k} | {v:.2f} | {v / p['total']:.0%} |" for k, v in sorted(p["steps"].items(), key=lambda kv: -kv[1])]
        lines += ["", "| function (own time) | s | share |", "|---|---:|---:|"]
        lines += [f"| `{k}` | {v:.2f} | {v / p['total']:.0%} |" for k, v in p["top"]]
    return "\n".join(lines) + "\n"


def run(quick: bool = False) -> str:
    target = TARGET // 5 if quick else TARGET
    texts = corpus(target)
    now = _in_process(REPO, target)
    rev = os.environ.get("AIKG_BENCH_BASELINE")
    before = _baseline(rev, target) if rev else None
    return _report(now, before, sum(map(len, texts)), len(texts))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--json"]:        # one process's measurements, for run()
        texts = corpus(int(sys.argv[2]) if len(sys.argv) > 2 else TARGET)
        print(json.dumps({"rates": measure(texts), "profile": profile(corpus(PROFILED))}))
    else:
        print(run())
