"""Score extractions against gold annotations (GUIDE.md format), as ``../shared/eval/score.py`` does.

Entities match on any shared normalised form (NFKC, no quotes or spaces, lower case), one to one;
symmetric predicates ignore direction; optional gold items count neither way; a gold metric is found
by a prediction with the same unit and a value within 1 %.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.facts import SYMMETRIC_PREDICATES

QUOTES = "“”‘’\"'《》〈〉「」『』"


def norm(name: str) -> str:
    s = unicodedata.normalize("NFKC", name or "")
    return "".join(ch for ch in s if ch not in QUOTES and not ch.isspace()).lower()


def _forms(item: dict[str, Any]) -> set[str]:
    out = {norm(item.get("name", ""))} | {norm(a) for a in item.get("aliases", []) or []}
    out.discard("")
    return out


@dataclass
class Tally:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, o: Tally) -> None:
        self.tp += o.tp
        self.fp += o.fp
        self.fn += o.fn

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Score:
    """The scores of one document or of a whole set."""

    entities: Tally = field(default_factory=Tally)
    relations: Tally = field(default_factory=Tally)
    metrics: Tally = field(default_factory=Tally)
    tech: Tally = field(default_factory=Tally)
    typed: list[int] = field(default_factory=lambda: [0, 0])
    status: list[int] = field(default_factory=lambda: [0, 0])

    def add(self, o: Score) -> None:
        for k in ("entities", "relations", "metrics", "tech"):
            getattr(self, k).add(getattr(o, k))
        for k in ("typed", "status"):
            mine, theirs = getattr(self, k), getattr(o, k)
            mine[0] += theirs[0]
            mine[1] += theirs[1]

    @property
    def status_accuracy(self) -> float:
        return self.status[0] / self.status[1] if self.status[1] else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.typed[0] / self.typed[1] if self.typed[1] else 0.0


def _score_entities(gold: dict[str, Any], pred: dict[str, Any], sc: Score) -> dict[str, int]:
    gents = gold["entities"]
    tech_gold = {norm(t) for t in gold.get("tech_fields", [])}
    pents = [e for e in pred.get("entities", []) if e.get("type") != "TechField"]
    pred_tech = {norm(e["name"]) for e in pred.get("entities", []) if e.get("type") == "TechField"}
    gform = [_forms(g) for g in gents]
    used: set[int] = set()
    to_gold: dict[str, int] = {}
    for e in pents:
        f = _forms(e)
        hit = next((i for i, g in enumerate(gform) if f & g and i not in used), None)
        if hit is None:
            dup = next((i for i, g in enumerate(gform) if f & g), None)
            if dup is not None:
                for x in f:
                    to_gold.setdefault(x, dup)
                sc.entities.fp += gents[dup]["tier"] == "core"
            elif f & tech_gold:
                pred_tech |= f & tech_gold
            else:
                sc.entities.fp += 1
            continue
        used.add(hit)
        for x in f:
            to_gold.setdefault(x, hit)
        if gents[hit]["tier"] == "core":
            sc.entities.tp += 1
            sc.typed[1] += 1
            sc.typed[0] += e.get("type") == gents[hit]["type"]
    sc.entities.fn = sum(1 for i, g in enumerate(gents) if g["tier"] == "core" and i not in used)
    sc.tech = Tally(len(pred_tech & tech_gold), len(pred_tech - tech_gold), len(tech_gold - pred_tech))
    for n, forms in enumerate(gform):
        for x in forms:
            to_gold.setdefault("\0gold" + x, n)
    return to_gold


def score_document(gold: dict[str, Any], pred: dict[str, Any]) -> Score:
    """Score one document's prediction against its gold annotation."""
    sc = Score()
    to_gold = _score_entities(gold, pred, sc)

    def resolve(name: str, gold_side: bool) -> object:
        n = norm(name)
        if not gold_side and n in to_gold:
            return to_gold[n]
        return to_gold.get("\0gold" + n, "?" + n)

    def key(s: object, p: str, o: object) -> tuple[object, ...]:
        return (p, frozenset((s, o))) if p in SYMMETRIC_PREDICATES else (p, s, o)

    gold_rel = {key(resolve(r["subject"], True), r["predicate"], resolve(r["object"], True)): r
                for r in gold["relations"]}
    seen: set[tuple[object, ...]] = set()
    for r in pred.get("relations", []):
        k = key(resolve(r.get("subject", ""), False), r.get("predicate", ""), resolve(r.get("object", ""), False))
        if k in seen:
            continue
        seen.add(k)
        g = gold_rel.get(k)
        if g is None:
            sc.relations.fp += 1
        elif g["tier"] == "core":
            sc.relations.tp += 1
            sc.status[1] += 1
            sc.status[0] += r.get("status") == g["status"]
    sc.relations.fn = sum(1 for k, g in gold_rel.items() if g["tier"] == "core" and k not in seen)
    gm = list(gold.get("metrics", []))
    taken: set[int] = set()
    for m in pred.get("metrics", []):
        try:
            v = float(m.get("value"))
        except (TypeError, ValueError):
            sc.metrics.fp += 1
            continue
        hit = next((i for i, g in enumerate(gm) if i not in taken and g["unit"] == m.get("unit")
                    and abs(float(g["value"]) - v) <= 0.01 * abs(float(g["value"]))), None)
        if hit is None:
            sc.metrics.fp += 1
        else:
            taken.add(hit)
            sc.metrics.tp += 1
    sc.metrics.fn = len(gm) - len(taken)
    return sc


def format_row(name: str, sc: Score) -> str:
    e, r = sc.entities.prf(), sc.relations.prf()
    return (f"{name}: entity P/R/F1 {e[0]:.2f}/{e[1]:.2f}/{e[2]:.2f}  "
            f"relation P/R/F1 {r[0]:.2f}/{r[1]:.2f}/{r[2]:.2f}")


def format_total(sc: Score) -> list[str]:
    lines = []
    for k in ("entities", "relations", "metrics", "tech"):
        t: Tally = getattr(sc, k)
        p, r, f = t.prf()
        lines.append(f"{k:9s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {t.tp}, fp {t.fp}, fn {t.fn})")
    lines.append(f"type accuracy {sc.type_accuracy:.3f} on {sc.typed[1]} matched entities; "
                 f"status accuracy {sc.status_accuracy:.3f} on {sc.status[1]} matched relations")
    return lines


def evaluate(gold_dir: Path, docs_dir: Path) -> tuple[list[tuple[str, Score | None]], Score]:
    """Extract every document of ``docs_dir`` (recursively) that has a gold file and score it.

    Raises ``IngestError`` for a gold file that is not GUIDE.md JSON or a document that cannot be read.
    """
    import json

    from extract.ingest import IngestError, read_document
    from extract.pipeline import extract_document

    docs = {p.stem: p for p in sorted(Path(docs_dir).rglob("*")) if p.is_file() and p.suffix != ".json"}
    rows: list[tuple[str, Score | None]] = []
    total = Score()
    fix = "correct it to GUIDE.md's format (an object with entities, relations and metrics lists) or move it away"
    for gp in sorted(Path(gold_dir).glob("*.json")):
        try:
            gold = json.loads(gp.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise IngestError(gp, "the gold file cannot be read as JSON", str(exc), fix) from exc
        doc_path = docs.get(gp.stem)
        if doc_path is None:
            rows.append((gp.stem, None))
            continue
        pred = extract_document(read_document(doc_path)).to_guide_json()
        try:
            if not isinstance(gold, dict):
                raise TypeError(f"it holds a JSON {type(gold).__name__}, not an object")
            sc = score_document(gold, pred)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            why = f"it has no {exc} key" if isinstance(exc, KeyError) else str(exc)
            raise IngestError(gp, "the gold file does not follow GUIDE.md's format", why, fix) from exc
        total.add(sc)
        rows.append((gp.stem, sc))
    return rows, total
