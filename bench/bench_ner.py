"""Organisation recognition on public NER data: CLUENER2020 dev, MSRA test, People's Daily dev (ORG).

Measured, never trained on: these files are read from ../shared/datasets and skipped when absent.
Spans must match exactly. Our classes map to theirs: Company → company; GovernmentBody → government;
ResearchInstitute, Alliance → organization; for MSRA and People's Daily every organisation class → ORG.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from extract.components.names import find_mentions
from extract.text import normalise

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
PUBLISHED = {"organization": 79.43, "company": 81.42, "government": 87.03}
CLUE_MAP = {"Company": "company", "GovernmentBody": "government", "ResearchInstitute": "organization",
            "Alliance": "organization"}
ORG_TYPES = {"Company", "GovernmentBody", "ResearchInstitute", "Alliance", "Platform"}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cluener(path: Path) -> dict[str, tuple[int, int, int]]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text = rec["text"]
        gold = {(s, e + 1, lab) for lab, ms in rec["label"].items() if lab in PUBLISHED
                for spans in ms.values() for s, e in spans}
        pred = {(c.start, c.end, CLUE_MAP[c.type]) for c in find_mentions(normalise(text)) if c.type in CLUE_MAP}
        for lab in PUBLISHED:
            g = {x for x in gold if x[2] == lab}
            p = {x for x in pred if x[2] == lab}
            tally[lab][0] += len(g & p)
            tally[lab][1] += len(p - g)
            tally[lab][2] += len(g - p)
    return {k: (v[0], v[1], v[2]) for k, v in tally.items()}


def bio(path: Path, sep: str | None) -> tuple[int, int, int]:
    tp = fp = fn = 0
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        nonlocal tp, fp, fn
        if not chars:
            return
        text = "".join(chars)
        gold, start = set(), None
        for i, t in enumerate(tags + ["O"]):
            if start is not None and not t.startswith("I-ORG"):
                gold.add((start, i))
                start = None
            if t.startswith("B-ORG"):
                start = i
        pred = {(c.start, c.end) for c in find_mentions(normalise(text)) if c.type in ORG_TYPES}
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        chars.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            continue
        parts = line.split(sep) if sep else line.split()
        if len(parts) >= 2:
            chars.append(parts[0][:1] or " ")
            tags.append(parts[-1])
    flush()
    return tp, fp, fn


def run() -> str:
    if not SHARED.is_dir():
        return "## Organisation recognition on public NER data\n\nSkipped: ../shared/datasets is absent.\n"
    lines = ["## Organisation recognition on public NER data", "",
             "Exact-span P/R/F1 of the rule-based mention finder (no training on these files).", "",
             "| data set | class | P | R | F1 | published (BERT) F1 |", "|---|---|---|---|---|---|"]
    clue = SHARED / "cluener2020" / "dev.jsonl"
    if clue.exists():
        for lab, (tp, fp, fn) in sorted(cluener(clue).items()):
            p, r, f = _prf(tp, fp, fn)
            lines.append(f"| CLUENER2020 dev | {lab} | {p:.3f} | {r:.3f} | {f:.3f} | {PUBLISHED[lab] / 100:.4f} |")
    for name, path, sep in (("MSRA test", SHARED / "msra_ner" / "msra_test_bio", "\t"),
                            ("People's Daily dev", SHARED / "peoples_daily_ner" / "example.dev", None)):
        if path.exists():
            p, r, f = _prf(*bio(path, sep))
            lines.append(f"| {name} | ORG | {p:.3f} | {r:.3f} | {f:.3f} | – |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
