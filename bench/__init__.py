"""Benchmarks: each ``bench/bench_*.py`` module exposes ``run() -> str`` (a Markdown section).

``python -m bench`` (``make bench``) runs them all and writes ``bench/RESULTS.md``; ``python -m bench
store --quick`` runs only ``bench_store`` with its quick option (modules whose ``run`` takes ``quick``).
"""
