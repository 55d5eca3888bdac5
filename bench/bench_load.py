"""The SPARQL endpoint under load: 50 concurrent clients × 200 queries against ``aikg serve`` on 127.0.0.1.

A store is built from 100 generated Chinese reports (seeded); ``aikg serve`` runs in its own process
(2 query workers, a 2 s timeout, a 1,000-row cap); the clients are threads of this process, each on one
keep-alive connection. The mix: the saved questions with parameters taken from the store, a few raw
SPARQL queries, 5 queries that never end (sent one after another by one client, so they test the
timeout without starving the pool) and 20 that ask for every quad (they test the row cap). The run
stops by itself after ``BUDGET`` seconds whatever is left.

Reported: errors by kind (aim: 0 unexpected), latency p50/p95/p99 of the ordinary queries, and whether
every slow query was stopped (503 at the timeout) and every huge answer was cut at the cap.

    python -m bench load            # or: python bench/bench_load.py
"""
from __future__ import annotations

import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS, PER_CLIENT = 50, 200
TIMEOUT, MAX_ROWS, WORKERS = 2.0, 1000, 2
N_DOCS, SEED = 100, 20240627
BUDGET = 90.0             # seconds of load at most (set-up and build, ~10 s, come on top)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HUGE = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
RAW = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
       ("PREFIX aikg: <https://w3id.org/aikg/ontology#> SELECT ?p (COUNT(?f) AS ?n) WHERE { GRAPH ?g { "
        "?f a aikg:Fact ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p } } GROUP BY ?p"),
       "ASK { GRAPH ?g { ?s a <https://w3id.org/aikg/ontology#Company> } }")
PLACES = ("温州", "瑞安", "乐清", "永嘉", "平阳", "苍南", "文成", "泰顺", "龙港", "洞头")
ORGS = ("中电海康", "中国联通", "美团", "华为", "阿里云", "腾讯", "百度", "科大讯飞", "商汤科技", "海康威视")


def _document(i: int, rng: random.Random) -> str:
    place = rng.choice(PLACES)
    a, b = rng.sample(ORGS, 2)
    return "\n".join([
        f"{place}市科学技术局关于人工智能产业发展情况的报告（第{i}号）",
        f"{place}市人民政府与{a}签订战略合作协议，共建{place}人工智能创新中心。",
        f"{b}参与共建{place}数据产业园，目前已集聚{rng.randint(10, 400)}家数据企业。",
        f"{place}市计划于{2024 + i % 3}年建成{rng.randint(100, 3000)}P智算中心。",
        f"积极对接{a}研究院，谋划共建{place}大模型联合实验室。",
    ]) + "\n"


def _build(folder: Path) -> tuple[str, int]:
    """Generate the corpus and build it; returns the store path and its quad count."""
    from graph.build import build

    corpus = folder / "corpus"
    corpus.mkdir()
    rng = random.Random(SEED)
    for i in range(N_DOCS):
        (corpus / f"report-{i:03d}.txt").write_text(_document(i, rng), encoding="utf-8")
    store = folder / ".aikg" / "store"
    report = build([corpus], folder / "exports", str(store), views=False, validate=False)
    return str(store), report.quads


def _serve(store: str, log: Path) -> tuple[subprocess.Popen[str], str]:
    """``aikg serve`` on 127.0.0.1 and a free port (its stderr into ``log``); returns the process and host:port."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "300"}
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--host", "127.0.0.1", "--port", "0",
                                 "--store", store, "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS),
                                 "--workers", str(WORKERS)], stdout=subprocess.PIPE, stderr=err, text=True,
                                env=env, cwd=ROOT)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if m is None:
        proc.kill()
        raise RuntimeError(f"aikg serve did not start: {line}{log.read_text()[-2000:]}")
    return proc, f"127.0.0.1:{m.group(1)}"


@dataclass(frozen=True)
class Request:
    kind: str           # "normal" | "slow" | "huge"
    label: str
    path: str
    body: bytes | None = None


def _sparql(kind: str, label: str, query: str) -> Request:
    return Request(kind, label, "/sparql", urllib.parse.urlencode({"query": query}).encode())


def _saved(name: str, **params: str) -> Request:
    return Request("normal", name, f"/queries/{name}?{urllib.parse.urlencode(params)}")


def _plan(names: dict[str, list[str]], docs: list[str]) -> list[list[Request]]:
    """200 requests for each of the 50 clients, seeded."""
    rng = random.Random(SEED)
    orgs, platforms = names.get("orgs") or ["温州市"], names.get("platforms") or ["温州市"]
    makers = [
        lambda: _saved("partners", org=rng.choice(orgs)),
        lambda: _saved("signed-agreements", org=rng.choice(orgs)),
        lambda: _saved("signed-agreements"),
        lambda: _saved("organisations-by-type", type=rng.choice(["Company", "Platform", "GovernmentBody"])),
        lambda: _saved("clusters", platform=rng.choice(platforms)),
        lambda: _saved("co-built-platforms"),
        lambda: _saved("planned-vs-achieved"),
        lambda: _saved("metrics", actor=rng.choice(orgs)),
        lambda: _saved("document-facts", doc=rng.choice(docs)),
        lambda: _saved("innovation-consortia"),
        lambda: _saved("paths", **dict(zip(("from", "to"), rng.sample(orgs, 2)))),
        lambda: _sparql("normal", "raw SPARQL", rng.choice(RAW)),
    ]
    plan = [[rng.choice(makers)() for _ in range(PER_CLIENT)] for _ in range(CLIENTS)]
    for k in range(5):                                     # one client, one slow query at a time
        plan[0][20 + 40 * k] = _sparql("slow", "never ends", SLOW)
    for c in range(1, 5):
        for k in range(5):
            plan[c][10 + 45 * k] = _sparql("huge", "every quad", HUGE)
    return plan


@dataclass
class Outcome:
    kind: str
    label: str
    status: int
    seconds: float
    rows: int = -1
    truncated: bool = False
    note: str = ""


def _client(host: str, requests: list[Request], deadline: float) -> list[Outcome]:
    out: list[Outcome] = []
    conn = http.client.HTTPConnection(host, timeout=60)
    for req in requests:
        if time.monotonic() > deadline:
            break
        headers = {"Accept": "application/sparql-results+json"}
        if req.body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            conn.request("POST" if req.body is not None else "GET", req.path, body=req.body, headers=headers)
            resp = conn.getresponse()
            body = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            out.append(Outcome(req.kind, req.label, 0, time.perf_counter() - started, note=f"{type(exc).__name__}"))
            conn.close()
            conn = http.client.HTTPConnection(host, timeout=60)
            continue
        took = time.perf_counter() - started
        o = Outcome(req.kind, req.label, resp.status, took, truncated=resp.getheader("X-Result-Truncated") == "true")
        if resp.status == 200:
            try:
                doc = json.loads(body)
                o.rows = len(doc["results"]["bindings"]) if "results" in doc else 1
            except (ValueError, KeyError) as exc:
                o.status, o.note = -1, f"bad JSON: {exc}"
        else:
            o.note = body.decode("utf-8", "replace")[:80]
        out.append(o)
        if resp.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection(host, timeout=60)
    conn.close()
    return out


def _names(host: str) -> dict[str, list[str]]:
    """Organisation and platform names in the store (the parameters of the saved questions)."""
    conn = http.client.HTTPConnection(host, timeout=60)
    out: dict[str, list[str]] = {}
    for key, kind in (("orgs", "Company"), ("platforms", "Platform")):
        conn.request("GET", f"/queries/organisations-by-type?type={kind}",
                     headers={"Accept": "application/sparql-results+json"})
        doc = json.loads(conn.getresponse().read())
        out[key] = sorted(b["name"]["value"] for b in doc["results"]["bindings"])[:40]
    conn.close()
    return out


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def _classify(o: Outcome) -> str:
    if o.status == 503 and "busy" in o.note:
        return "shed (503 busy)"                  # never ran: the pool was full for a whole timeout
    if o.kind == "slow":
        return "timeout held" if o.status == 503 and "did not finish" in o.note else "timeout FAILED"
    if o.kind == "huge":
        return "cap held" if o.status == 200 and o.truncated and o.rows == MAX_ROWS else "cap FAILED"
    return "ok" if o.status == 200 else "unexpected error"


def _tally(outcomes: list[Outcome], good: str) -> str:
    """"3 of 5 (2 shed, 0 failed)": how many held, of those sent."""
    kinds = Counter(_classify(o) for o in outcomes)
    shed = kinds.get("shed (503 busy)", 0)
    return f"{kinds.get(good, 0)} of {len(outcomes)} ({shed} shed before running, " \
           f"{len(outcomes) - kinds.get(good, 0) - shed} failed)"


def run() -> str:
    """Build, serve, load, and the Markdown section of the results."""
    folder = Path(tempfile.mkdtemp(prefix="aikg-load-"))
    proc = None
    try:
        t0 = time.perf_counter()
        store, quads = _build(folder)
        build_s = time.perf_counter() - t0
        proc, host = _serve(store, folder / "serve.log")
        docs = sorted(p.name for p in (folder / "corpus").iterdir())
        plan = _plan(_names(host), docs)
        deadline = time.monotonic() + BUDGET
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = [o for batch in pool.map(lambda reqs: _client(host, reqs, deadline), plan) for o in batch]
        wall = time.perf_counter() - started
        alive = proc.poll() is None
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(folder, ignore_errors=True)
    classes = Counter(_classify(o) for o in results)
    planned = CLIENTS * PER_CLIENT
    normal = [o.seconds * 1000 for o in results if o.kind == "normal" and o.status == 200]
    by_label: dict[str, list[float]] = {}
    for o in results:
        if o.kind == "normal" and o.status == 200:
            by_label.setdefault(o.label, []).append(o.seconds * 1000)
    slow = [o for o in results if o.kind == "slow"]
    huge = [o for o in results if o.kind == "huge"]
    unexpected = [o for o in results if _classify(o) in ("unexpected error", "timeout FAILED", "cap FAILED")]
    lines = [
        "## Endpoint under load",
        "",
        (f"`aikg serve` (own process, {WORKERS} query workers, timeout {TIMEOUT:g} s, cap {MAX_ROWS:,} rows) on "
         f"127.0.0.1 over a store of {N_DOCS} generated reports ({quads:,} quads, built in {build_s:.0f} s); "
         f"{CLIENTS} concurrent clients × {PER_CLIENT} queries, keep-alive connections."),
        "",
        "| what | result |",
        "|---|---|",
        (f"| queries answered | {len(results):,} of {planned:,} in {wall:.1f} s ({len(results) / wall:.0f} /s)"
         f"{'' if len(results) == planned else f' — stopped at the {BUDGET:.0f} s budget'} |"),
        f"| unexpected errors | **{len(unexpected)}** |",
        f"| shed under load (503: all workers busy) | {classes.get('shed (503 busy)', 0)} |",
        (f"| slow queries stopped at the timeout | {_tally(slow, 'timeout held')} (answered in "
         f"{', '.join(f'{o.seconds:.1f}' for o in slow)} s) |"),
        f"| huge answers cut at {MAX_ROWS:,} rows | {_tally(huge, 'cap held')} |",
        f"| latency of ordinary queries p50 / p95 / p99 | {_pct(normal, 50):.1f} / {_pct(normal, 95):.1f} / "
        f"{_pct(normal, 99):.1f} ms |" if normal else "| latency | no ordinary query answered |",
        f"| server alive after the run | {'yes' if alive else 'NO'} |",
        "",
        "| question | answered | p50 ms | p95 ms |",
        "|---|---|---|---|",
        *(f"| {label} | {len(v)} | {_pct(v, 50):.1f} | {_pct(v, 95):.1f} |" for label, v in sorted(by_label.items())),
    ]
    if unexpected:
        lines += ["", "Unexpected answers (first 10):", ""]
        lines += [f"- {o.kind} {o.label}: {o.status} {o.note}" for o in unexpected[:10]]
    lines += ["", ("Latency is seen from the clients, which share this machine's 2 cores with the server and its "
                   "workers; a slow query holds one of the two workers for the whole timeout.")]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(run())
