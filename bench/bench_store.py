"""Store benchmark: build time, peak memory and saved-question latency, pyoxigraph vs rdflib.

Synthetic ecosystems of 10^4, 10^5 and 10^6 triples (seeded) are made with the real RDF model
(``graph.rdf.extraction_quads`` of generated ``Extraction`` objects) and cached as N-Quads under
``bench/out/``. Each store is measured in its own process so that peak RSS is its own:

* embedded: every document graph written with ``Store.replace_document`` (what ``aikg build`` does)
  into a fresh on-disk store, then each saved question run with its parameters bound;
* rdflib: the N-Quads parsed into an in-memory ``Dataset``, then the same bound query texts. Slow
  rdflib queries are stopped after ``RDFLIB_CAP`` seconds (SIGALRM) and reported as such.

``python -m bench store`` runs all sizes; ``python -m bench store --quick`` only 10^4.
"""
from __future__ import annotations

import json
import math
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from extract.facts import Document, DocumentMeta, Entity, Extraction, Fact, Mention, Metric, Provenance

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "store"
SIZES = (10_000, 100_000, 1_000_000)
SEED = 20240627
GENERATOR_VERSION = 3      # 3: quads straight from graph.rdf.extraction_quads (same graphs, 20× faster)
RDFLIB_CAP = {10_000: 10.0, 100_000: 15.0, 1_000_000: 15.0}   # seconds for one rdflib query
REPS_BUDGET = 2.0      # seconds of repetitions per question and store (after one warm-up run)
MAX_REPS = 50

_SYLLABLES = ("华", "中", "东", "瓯", "温", "鹿", "龙", "海", "云", "智", "数", "联", "创", "新", "光", "微",
              "科", "信", "达", "合", "正", "泰", "天", "安", "博", "源", "星", "辰", "宏", "远", "浙", "江",
              "瑞", "乐", "永", "嘉", "文", "成", "平", "阳", "苍", "南", "洞", "头", "泰", "顺", "锦", "程")
_SUFFIX = {"Company": ("科技有限公司", "集团", "智能股份有限公司"), "ResearchInstitute": ("研究院", "实验室"),
           "GovernmentBody": ("区科学技术局", "经济技术开发区管委会"), "Platform": ("数字产业园", "创新中心", "算力中心"),
           "Alliance": ("产业联盟",), "Fund": ("产业引导基金",), "Event": ("人工智能峰会",), "Policy": ("行动方案",),
           "TechField": ("大模型", "机器视觉", "智能传感器", "工业互联网", "自然语言处理", "智能芯片")}
_TYPES = (("Company", 0.45), ("ResearchInstitute", 0.15), ("Platform", 0.12), ("GovernmentBody", 0.08),
          ("Alliance", 0.05), ("Fund", 0.03), ("Event", 0.04), ("Policy", 0.04), ("TechField", 0.04))
_TRIGGERS = {"signedAgreementWith": "与{o}签订战略合作协议", "coBuilt": "合作共建{o}", "clusters": "已集聚{o}",
             "innovationConsortiumWith": "与{o}组建创新联合体", "reliesOn": "依托{o}开展攻关",
             "established": "成立{o}", "hosted": "举办{o}", "plansCooperationWith": "积极对接{o}",
             "investedIn": "出资设立{o}", "partOf": "是{o}下属单位", "focusesOn": "聚焦{o}"}
_BY_OBJECT = {"Platform": ("coBuilt", "reliesOn", "established", "investedIn"), "Event": ("hosted",),
              "TechField": ("focusesOn",), "Fund": ("established", "investedIn"), "Policy": ("established",)}
_ORG_PREDICATES = ("signedAgreementWith", "signedAgreementWith", "innovationConsortiumWith", "plansCooperationWith",
                   "partOf", "clusters", "coBuilt")
ORG_TYPES = ("Company", "ResearchInstitute", "Platform", "GovernmentBody", "Alliance")


def _pool(n: int, rng: random.Random) -> list[tuple[str, str, tuple[str, ...]]]:
    """``n`` distinct (name, type, aliases) entities; the first one of each type is a hub."""
    out, seen = [], set()
    types = [t for t, _ in _TYPES]
    weights = [w for _, w in _TYPES]
    i = 0
    while len(out) < n:
        t = rng.choices(types, weights)[0]
        k = len(_SYLLABLES)
        stem = _SYLLABLES[i % k] + _SYLLABLES[(i // k) % k] + (_SYLLABLES[(i // k // k) % k] if i >= k * k else "")
        name = stem + rng.choice(_SUFFIX[t])
        i += 1
        if name in seen:
            continue
        seen.add(name)
        aliases = (stem + t[:1],) if t in ORG_TYPES and rng.random() < 0.3 else ()
        out.append((name, t, aliases))
    return out


def synthetic_extractions(n_triples: int, seed: int = SEED) -> Iterator[Extraction]:
    """Documents of about 1,000 triples each, over a pool of entities with Zipf-like popularity."""
    rng = random.Random(seed)
    n_docs = max(1, round(n_triples / 890))
    pool = _pool(max(60, n_triples // 60), rng)
    weights = [1 / (r + 1) ** 0.8 for r in range(len(pool))]
    gov = [e for e in pool if e[1] == "GovernmentBody"]
    for d in range(n_docs):
        doc_id = f"synthetic-{d:05d}.txt"
        picked = {pool.index(g) for g in rng.sample(gov, 1)} if gov else set()
        while len(picked) < min(30, len(pool)):
            picked.add(rng.choices(range(len(pool)), weights)[0])
        ents = [pool[i] for i in sorted(picked)]
        orgs = [e for e in ents if e[1] in ORG_TYPES]
        sentences: list[tuple[str, str, str, str]] = []
        for _ in range(40):
            s = rng.choice(orgs)
            o = rng.choice(ents)
            if o[0] == s[0]:
                continue
            pred = rng.choice(_BY_OBJECT.get(o[1], _ORG_PREDICATES))
            sentences.append((s[0], pred, o[0], f"{s[0]}{_TRIGGERS[pred].format(o=o[0])}。"))
        text, facts = "", []
        for s, p, o, sent in sentences:
            start = len(text)
            text += sent
            status = "planned" if rng.random() < 0.3 else "achieved"
            date = f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}" if rng.random() < 0.5 else None
            facts.append(Fact(s, p, o, status, date, Provenance(doc_id, start, len(text), sent, "synthetic")))
        metrics = []
        for _ in range(5):
            s = rng.choice(orgs)[0]
            start = len(text)
            value = float(rng.randint(1, 5000))
            sent = f"{s}已集聚企业{int(value)}家。"
            text += sent
            metrics.append(Metric(s, rng.choice(("enterprises", "computing power", "investment")), value,
                                  rng.choice(("count", "PFLOPS", "CNY")), rng.choice(("planned", "achieved")),
                                  None, Provenance(doc_id, start, len(text), sent, "synthetic")))
        entities = []
        for name, typ, aliases in ents:
            at = text.find(name)
            mentions = (Mention(name, at, at + len(name), typ, name, "synthetic"),) if at >= 0 else ()
            entities.append(Entity(name, typ, aliases, mentions, "synthetic"))
        meta = DocumentMeta(doc_number=f"温科〔2024〕{d}号", date=f"2024-{d % 12 + 1:02d}-01", issuer=ents[0][0],
                            title=f"合成文件{d}")
        doc = Document(doc_id, text, meta, sha256=f"{seed:x}{d:060x}"[-64:])
        yield Extraction(doc, tuple(entities), tuple(facts), tuple(metrics))


def ecosystem_file(n_triples: int, seed: int = SEED) -> tuple[Path, dict[str, dict[str, str]]]:
    """The cached N-Quads of an ecosystem of about ``n_triples`` and the parameters to ask it."""
    from pyoxigraph import RdfFormat, serialize

    from graph.rdf import extraction_quads

    OUT.mkdir(parents=True, exist_ok=True)
    nq = OUT / f"ecosystem-{n_triples}-{seed}-v{GENERATOR_VERSION}.nq"
    meta = nq.with_suffix(".json")
    if nq.is_file() and meta.is_file():
        return nq, json.loads(meta.read_text(encoding="utf-8"))
    degree: Counter[str] = Counter()
    signers: set[str] = set()
    names: dict[str, str] = {}
    first_doc = ""
    count = 0
    tmp = nq.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        for ex in synthetic_extractions(n_triples, seed):
            quads = list(dict.fromkeys(extraction_quads(ex)))     # each statement once, as a graph holds it
            serialize(quads, fh, format=RdfFormat.N_QUADS)
            count += len(quads)
            first_doc = first_doc or ex.document.id
            for f in ex.facts:
                degree[f.subject] += 1
                degree[f.object] += 1
                if f.predicate == "signedAgreementWith":
                    signers.add(f.subject)
            names.update({e.name: e.type for e in ex.entities})
    tmp.replace(nq)
    orgs = sorted((n for n in degree if names.get(n) in ORG_TYPES), key=lambda n: (-degree[n], n))
    median_org = orgs[len(orgs) // 2]
    hub = orgs[0]
    platforms = [n for n in orgs if names[n] == "Platform"]
    signing = [n for n in orgs if n in signers]
    params = {
        "partners": {"org": median_org},
        "signed-agreements": {"org": signing[len(signing) // 2] if signing else median_org},
        "co-built-platforms": {"platform": platforms[0] if platforms else hub},
        "innovation-consortia": {},
        "clusters": {"platform": platforms[0] if platforms else hub},
        "planned-vs-achieved": {"actor": hub},
        "organisations-by-type": {"type": "Company"},
        "metrics": {"actor": hub},
        "document-facts": {"doc": first_doc},
        "paths": {"from": median_org, "to": orgs[len(orgs) // 3]},
        "brokers": {},
    }
    info = {"params": params, "quads": count, "partner_degree": degree[median_org]}
    meta.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    return nq, info


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _time_query(run: Any, budget: float, cap: float | None) -> dict[str, Any]:
    """One warm-up run (bounded by ``cap``), then repetitions within ``budget`` seconds."""
    def once() -> tuple[float, int]:
        t = time.perf_counter()
        n = run()
        return time.perf_counter() - t, n

    if cap is not None:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, cap)
    try:
        first, rows = once()
    except _Timeout:
        return {"timeout": cap}
    except Exception as exc:  # noqa: BLE001 - a store's error is a result to report
        return {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
    finally:
        if cap is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
    times = [first]
    spent = first
    while spent < budget and len(times) < MAX_REPS:
        dt, rows = once()
        times.append(dt)
        spent += dt
    times_ms = sorted(t * 1000 for t in times[1:] or times)
    p95 = times_ms[min(len(times_ms) - 1, math.ceil(0.95 * len(times_ms)) - 1)]
    return {"p50": statistics.median(times_ms), "p95": p95, "reps": len(times_ms), "rows": rows}


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout()


def _bound_texts(params: dict[str, dict[str, str]]) -> dict[str, str]:
    """Every saved question with its parameters bound (synthetic names are canonical names)."""
    from graph.queries import bind_params, canonical_resolver, list_queries
    from graph.store.sparql import bind_values

    return {q.name: bind_values(q.text, bind_params(q, params.get(q.name, {}), canonical_resolver))
            for q in list_queries()}


def worker_embedded(nq: Path, params: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Build a fresh on-disk store document by document (streaming the file), then time every question."""
    from pyoxigraph import RdfFormat, parse

    from graph.store import open_store

    folder = Path(tempfile.mkdtemp(prefix="aikg-bench-"))
    try:
        t = time.perf_counter()
        store = open_store(folder / "store")
        graph, batch = "", []
        for q in parse(path=str(nq), format=RdfFormat.N_QUADS):      # the file holds one graph after another
            if q.graph_name.value != graph and batch:
                store.replace_document(unquote(graph.rsplit("/", 1)[1]), batch)
                batch = []
            graph = q.graph_name.value
            batch.append(q)
        if batch:
            store.replace_document(unquote(graph.rsplit("/", 1)[1]), batch)
        store.close()
        build = time.perf_counter() - t
        open_store(folder / "store").close()          # reopening retires the write-ahead log
        disk = sum(f.stat().st_size for f in (folder / "store").rglob("*") if f.is_file()) / 2**20
        store = open_store(folder / "store", read_only=True)
        quads_n = store.quad_count()
        texts = _bound_texts(params)
        queries = {name: _time_query(lambda text=text: len(store.query(text)), REPS_BUDGET, None)
                   for name, text in texts.items()}
        return {"build_s": build, "peak_mb": _peak_mb(), "disk_mb": disk, "quads": quads_n, "queries": queries}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def worker_rdflib(nq: Path, params: dict[str, dict[str, str]], cap: float) -> dict[str, Any]:
    """Parse into rdflib's in-memory Dataset, then time every question (each stopped after ``cap`` s)."""
    from rdflib import Dataset

    t = time.perf_counter()
    ds = Dataset()
    ds.parse(str(nq), format="nquads")
    build = time.perf_counter() - t
    texts = _bound_texts(params)
    queries = {name: _time_query(lambda text=text: len(list(ds.query(text))), REPS_BUDGET, cap)
               for name, text in texts.items()}
    return {"build_s": build, "peak_mb": _peak_mb(), "quads": len(ds), "queries": queries}


def _measure(kind: str, n: int, nq: Path, info: dict[str, Any]) -> dict[str, Any]:
    args = [sys.executable, "-m", "bench.bench_store", "--worker", kind, str(nq), str(RDFLIB_CAP[n])]
    proc = subprocess.run(args, cwd=ROOT, input=json.dumps(info["params"]), capture_output=True, text=True,
                          timeout=1800, check=False)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    return json.loads(proc.stdout)


def _fmt_ms(r: dict[str, Any], key: str) -> str:
    if "timeout" in r:
        return f"> {r['timeout'] * 1000:,.0f}"
    if "error" in r:
        return "error"
    v = r[key]
    return f"{v:,.2f}" if v < 100 else f"{v:,.0f}"


def _speedup(a: dict[str, Any], b: dict[str, Any]) -> str:
    if "p50" not in a or a["p50"] <= 0:
        return ""
    if "timeout" in b:
        return f"> {b['timeout'] * 1000 / a['p50']:,.0f}×"
    if "p50" not in b:
        return ""
    return f"{b['p50'] / a['p50']:,.0f}×"


def report(results: dict[int, dict[str, Any]]) -> str:
    """Markdown: a build table and, per size, query latencies on both stores."""
    intro = ("Synthetic ecosystems (seeded), the real RDF model; each store measured in its own process. "
             "Build = every document graph written (embedded: `replace_document` per document into a fresh "
             "on-disk store, as `aikg build` does; rdflib: parsing the N-Quads into a `Dataset`). Peak memory "
             "= the process's peak RSS. Disk = the store folder once reopened. Query times in ms: median and "
             "95th percentile of repeated runs after one warm-up, parameters bound as `aikg query` binds "
             "them; rdflib queries are stopped at the cap shown as `> N`.")
    lines = ["## Store: pyoxigraph (embedded, on disk) vs rdflib (in memory)", "", intro, "",
             "| triples | store | build (s) | peak RSS (MB) | disk (MB) |", "|---:|---|---:|---:|---:|"]
    for res in results.values():
        for kind in ("embedded", "rdflib"):
            r = res[kind]
            if "error" in r:
                lines.append(f"| {res['quads']:,} | {kind} | error: {r['error']} | | |")
                continue
            disk = f"{r['disk_mb']:.1f}" if "disk_mb" in r else "–"
            lines.append(f"| {res['quads']:,} | {kind} | {r['build_s']:.1f} | {r['peak_mb']:,.0f} | {disk} |")
    for res in results.values():
        emb, rdf = res["embedded"].get("queries", {}), res["rdflib"].get("queries", {})
        lines += ["", f"### {res['quads']:,} triples", "",
                  "| question | rows | pyoxigraph p50 | p95 | rdflib p50 | p95 | speed-up (p50) |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for name in sorted(emb):
            a, b = emb[name], rdf.get(name, {"error": "missing"})
            lines.append(f"| {name} | {a.get('rows', '')} | {_fmt_ms(a, 'p50')} | {_fmt_ms(a, 'p95')} | "
                         f"{_fmt_ms(b, 'p50')} | {_fmt_ms(b, 'p95')} | {_speedup(a, b)} |")
    big = results.get(max(results))
    if big:
        a = big["embedded"].get("queries", {}).get("partners", {})
        b = big["rdflib"].get("queries", {}).get("partners", {})
        aim = ("met" if "p50" in a and a["p50"] <= 10 and ("timeout" in b or ("p50" in b and b["p50"] >= 100 * a["p50"]))
               else "not met")
        headline = (f"**Partner question at {big['quads']:,} triples** (an organisation with "
                    f"{big['partner_degree']} relations): pyoxigraph p50 {_fmt_ms(a, 'p50')} ms, rdflib p50 "
                    f"{_fmt_ms(b, 'p50')} ms, speed-up {_speedup(a, b) or 'n/a'} — aim (≥100×, p50 ≤ 10 ms): "
                    f"{aim}.")
        lines += ["", headline]
    return "\n".join(lines) + "\n"


def run(quick: bool = False) -> str:
    """Run the benchmark (10^4 only when ``quick``) and return its Markdown section."""
    results: dict[int, dict[str, Any]] = {}
    for n in SIZES[:1] if quick else SIZES:
        nq, info = ecosystem_file(n)
        results[n] = {"quads": info["quads"], "partner_degree": info["partner_degree"],
                      "embedded": _measure("embedded", n, nq, info), "rdflib": _measure("rdflib", n, nq, info)}
    return report(results)


def _worker_main(argv: list[str]) -> None:
    kind, nq, cap = argv[0], Path(argv[1]), float(argv[2])
    params = json.loads(sys.stdin.read())
    res = worker_embedded(nq, params) if kind == "embedded" else worker_rdflib(nq, params, cap)
    sys.stdout.write(json.dumps(res))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker_main(sys.argv[2:])
    else:
        sys.stdout.write(run(quick="--quick" in sys.argv))
