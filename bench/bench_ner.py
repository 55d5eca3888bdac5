"""Organisation recognition on public NER data: CLUENER2020 dev, MSRA test, People's Daily dev (ORG).

Measured, never trained on: these files are read from ../shared/datasets and skipped when absent.
Spans must match exactly. Our classes map to theirs: Company → company; GovernmentBody → government;
ResearchInstitute, Alliance → organization; for MSRA and People's Daily every organisation class → ORG.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from extract.components.names import Candidate, find_mentions
from extract.components.names.scorer import NameModel, shipped_model
from extract.lac import lac
from extract.segment import tokenize
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


def mentions(texts: list[str], model: NameModel | None) -> list[list[Candidate]]:
    """The mentions of each text as the extractor finds them: LAC's words (in batches) and the name model, or
    the rules alone when ``model`` is None."""
    out: list[list[Candidate]] = []
    for i in range(0, len(texts), 256):
        chunk = texts[i:i + 256]
        words = lac().words(chunk) if model is not None else [None] * len(chunk)
        for t, w in zip(chunk, words):
            norm = normalise(t)
            out.append(find_mentions(norm, tokenize(norm), w, model))
    return out


def cluener(path: Path, model: NameModel | None) -> dict[str, tuple[int, int, int]]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    found = mentions([r["text"] for r in recs], model)
    for rec, ms_ in zip(recs, found):
        gold = {(s, e + 1, lab) for lab, ms in rec["label"].items() if lab in PUBLISHED
                for spans in ms.values() for s, e in spans}
        pred = {(c.start, c.end, CLUE_MAP[c.type]) for c in ms_ if c.type in CLUE_MAP}
        for lab in PUBLISHED:
            g = {x for x in gold if x[2] == lab}
            p = {x for x in pred if x[2] == lab}
            tally[lab][0] += len(g & p)
            tally[lab][1] += len(p - g)
            tally[lab][2] += len(g - p)
    return {k: (v[0], v[1], v[2]) for k, v in tally.items()}


def bio(path: Path, sep: str | None, model: NameModel | None) -> tuple[int, int, int]:
    sentences: list[tuple[str, list[str]]] = []
    chars: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if chars:
                sentences.append(("".join(chars), tags))
            chars, tags = [], []
            continue
        parts = line.split(sep) if sep else line.split()
        if len(parts) >= 2:
            chars.append(parts[0][:1] or " ")
            tags.append(parts[-1])
    tp = fp = fn = 0
    for (text, tg), found in zip(sentences, mentions([t for t, _ in sentences], model)):
        gold, start = set(), None
        for i, t in enumerate([*tg, "O"]):
            if start is not None and not t.startswith("I-ORG"):
                gold.add((start, i))
                start = None
            if t.startswith("B-ORG"):
                start = i
        pred = {(c.start, c.end) for c in found if c.type in ORG_TYPES}
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    return tp, fp, fn


def run() -> str:
    if not SHARED.is_dir():
        return "## Organisation recognition on public NER data\n\nSkipped: ../shared/datasets is absent.\n"
    model = shipped_model()
    lines = ["## Organisation recognition on public NER data", "",
             ("Exact-span P/R/F1 of the mention finder, the rules alone and with the learned name scorer (LAC's "
             "words and the model trained on the dev corpus); nothing is trained on these files."), "",
             "| data set | class | rules P / R / F1 | with the name scorer P / R / F1 | published (BERT) F1 |",
             "|---|---|---|---|---|"]
    clue = SHARED / "cluener2020" / "dev.jsonl"

    def cell(tp: int, fp: int, fn: int) -> str:
        p, r, f = _prf(tp, fp, fn)
        return f"{p:.3f} / {r:.3f} / **{f:.3f}**"

    if clue.exists():
        rules, learned = cluener(clue, None), cluener(clue, model) if model else {}
        for lab in sorted(rules):
            lines.append(f"| CLUENER2020 dev | {lab} | {cell(*rules[lab])} | "
                         f"{cell(*learned[lab]) if lab in learned else '–'} | {PUBLISHED[lab] / 100:.4f} |")
    for name, path, sep in (("MSRA test", SHARED / "msra_ner" / "msra_test_bio", "\t"),
                            ("People's Daily dev", SHARED / "peoples_daily_ner" / "example.dev", None)):
        if path.exists():
            learned_cell = cell(*bio(path, sep, model)) if model else "–"
            lines.append(f"| {name} | ORG | {cell(*bio(path, sep, None))} | {learned_cell} | – |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
