"""Run the benchmarks and write bench/RESULTS.md: ``python -m bench [NAME …] [--quick]``.

Every ``bench/bench_*.py`` module with a ``run() -> str`` is found; NAME (``store`` for
``bench_store``) picks some. Each module's Markdown goes between ``<!-- bench:NAME -->`` markers, so
running one module replaces its section and keeps the others'.
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import logging
import os
import platform
import re
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
HEADER = ("# Benchmark results\n\nWritten by `make bench` (`python -m bench`); each section by its "
          "`bench/bench_*.py` module.\n")


def discover() -> list[str]:
    """Names of the bench modules (``store`` for ``bench/bench_store.py``), sorted."""
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def _section(name: str, quick: bool) -> str:
    started = time.perf_counter()
    try:
        module = importlib.import_module(f"bench.bench_{name}")
        run = module.run
        body = run(quick=quick) if quick and "quick" in inspect.signature(run).parameters else run()
    except Exception:  # noqa: BLE001 - one broken benchmark must not lose the others' results
        body = f"## {name}\n\nThis benchmark failed:\n\n```\n{traceback.format_exc()[-3000:]}```\n"
    took = time.perf_counter() - started
    stamp = (f"_Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
             f"{os.cpu_count()} cores, Python {platform.python_version()}; took {took:.0f} s"
             f"{' (quick)' if quick else ''}._")
    return f"<!-- bench:{name} -->\n{body.rstrip()}\n\n{stamp}\n<!-- /bench:{name} -->"


def merge(old: str, sections: dict[str, str]) -> str:
    """``old`` RESULTS.md with the given sections replaced (or appended), others kept."""
    text = old if old.strip() else HEADER
    for name, section in sections.items():
        pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.DOTALL)
        if pattern.search(text):
            text = pattern.sub(lambda _, new=section: new, text)
        else:
            text = text.rstrip() + "\n\n" + section
    return text.rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(discover())})")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, where a benchmark offers them")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    available = discover()
    unknown = [n for n in args.names if n not in available]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}: choose from {', '.join(available)}")
    sections = {}
    for name in args.names or available:
        print(f"bench: {name}…", file=sys.stderr, flush=True)
        sections[name] = _section(name, args.quick)
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    RESULTS.write_text(merge(old, sections), encoding="utf-8")
    print(f"bench: wrote {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
