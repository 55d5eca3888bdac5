"""Snapshots of the graph (sorted N-Quads files) and what changed between two graphs: new, removed, changed facts.

A snapshot is ``<root>/<name>.nq``; the default root sits beside the store (``.aikg/store`` →
``.aikg/snapshots``). ``changes(old, new)`` compares facts keyed on subject, predicate and object (both
orders for the symmetric predicates) and entities keyed on their type: a fact only in ``new`` is ``new``,
only in ``old`` is ``removed``, in both with another status (planned → achieved) is ``changed``.

>>> from graph.rdf import new_dataset
>>> from graph.analysis.examples import example_dataset
>>> t = changes(new_dataset(), example_dataset())
>>> t[t["predicate"] == "signedAgreementWith"][["change", "subject", "object", "status_after"]].values.tolist()
[['new', '温州市', '中国联通', 'achieved']]
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
from rdflib import RDF, RDFS, SKOS, Dataset

from extract.facts import SYMMETRIC_PREDICATES
from ontology.namespace import AIKG, AIKG_IRI, ENTITY_CLASSES

__all__ = ["CHANGE_COLUMNS", "SnapshotError", "changes", "default_snapshot_root", "latest_snapshot",
           "list_snapshots", "load_snapshot", "take_snapshot"]

log = logging.getLogger(__name__)

CHANGE_COLUMNS = ["change", "subject", "predicate", "object", "status_before", "status_after", "document",
                  "evidence"]
_NAME = re.compile(r"^[\w][\w.\-]*$")
_ORDER = {"new": 0, "changed": 1, "removed": 2}
_ENTITY_TYPES = {AIKG[c] for c in ENTITY_CLASSES}


class SnapshotError(Exception):
    """A snapshot cannot be written or read: says what happened, why, and how to fix it."""

    def __init__(self, what: str, why: str, fix: str) -> None:
        super().__init__(f"{what}: {why}; {fix}")
        self.what, self.why, self.fix = what, why, fix


def default_snapshot_root(store_spec: str | Path | None = None) -> Path:
    """Where snapshots go: ``snapshots/`` beside a folder store (``.aikg/store`` → ``.aikg/snapshots``);
    ``.aikg/snapshots`` for ``:memory:`` and remote stores."""
    spec = str(store_spec) if store_spec is not None else ".aikg/store"
    if spec == ":memory:" or "://" in spec:
        return Path(".aikg/snapshots")
    return Path(spec).parent / "snapshots"


def _check_name(name: str) -> None:
    if not _NAME.match(name) or name.endswith(".nq"):
        raise SnapshotError(f"bad snapshot name {name!r}", "a name is one file name: letters, digits, _ . -",
                            "use e.g. 2024-06 or before-rebuild")


class HasDataset(Protocol):
    """Anything that gives its graph as an rdflib Dataset (a ``graph.store.Store``)."""

    def to_dataset(self) -> Dataset: ...


def _dataset_of(source: Dataset | HasDataset) -> Dataset:
    if isinstance(source, Dataset):
        return source
    if hasattr(source, "to_dataset"):
        return source.to_dataset()
    raise TypeError(f"take_snapshot needs a store or an rdflib Dataset, not {type(source).__name__}")


def nquads(ds: Dataset) -> str:
    """The dataset as N-Quads, lines sorted (the same graph always gives the same text)."""
    text = ds.serialize(format="nquads")
    text = text.decode("utf-8") if isinstance(text, bytes) else text
    # split at LF only: str.splitlines would also cut at U+0085, U+2028 … inside literals
    return "".join(sorted({line + "\n" for line in text.split("\n") if line.strip()}))


def take_snapshot(source: Dataset | HasDataset, name: str, root: Path | str) -> Path:
    """Save the graph of ``source`` (a store with ``to_dataset()`` or a Dataset) as ``root/name.nq``.

    An existing snapshot of that name is replaced (atomically). Returns the file's path.
    """
    _check_name(name)
    root = Path(root)
    path = root / f"{name}.nq"
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(nquads(_dataset_of(source)), encoding="utf-8", newline="\n")
        os.replace(tmp, path)
    except OSError as exc:
        raise SnapshotError(f"cannot write snapshot {path}", str(exc),
                            "check that the folder is writable or pass another snapshot folder") from exc
    log.info("snapshot %s written to %s", name, path)
    return path


def list_snapshots(root: Path | str) -> list[Path]:
    """The snapshot files under ``root``, oldest first (by modification time, then name)."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(root.glob("*.nq"), key=lambda p: (p.stat().st_mtime_ns, p.name))


def latest_snapshot(root: Path | str) -> Path | None:
    snaps = list_snapshots(root)
    return snaps[-1] if snaps else None


def load_snapshot(name: str | Path, root: Path | str) -> Dataset:
    """The snapshot ``root/name.nq`` (or the .nq file ``name`` points to) as a Dataset."""
    path = Path(name)
    if not (path.suffix == ".nq" and path.is_file()):
        _check_name(str(name))
        path = Path(root) / f"{name}.nq"
    if not path.is_file():
        have = ", ".join(p.stem for p in list_snapshots(root)) or "none"
        raise SnapshotError(f"no snapshot {str(name)!r} in {root}", f"snapshots there: {have}",
                            "take one with `aikg build --snapshot NAME` or pass --snapshots DIR")
    ds = Dataset()
    try:
        ds.parse(path, format="nquads")
    except Exception as exc:
        raise SnapshotError(f"cannot read snapshot {path}", str(exc), "take the snapshot again") from exc
    return ds


@dataclass
class _Record:
    subject: str
    predicate: str
    object: str
    statuses: set[str]
    evidence: list[tuple[str, int, str, str, str]]     # (document, start, sentence, subject, object)

    @property
    def status(self) -> str | None:
        if not self.statuses:
            return None
        return "achieved" if "achieved" in self.statuses else min(self.statuses)


def _records(ds: Dataset) -> dict[tuple[str, str, str], _Record]:
    labels: dict[Any, str] = {}
    files: dict[Any, str] = {}
    facts: dict[Any, dict[Any, Any]] = {}
    types: dict[Any, set[Any]] = {}
    for s, p, o, _ in ds.quads((None, None, None, None)):
        if p in (SKOS.prefLabel, RDFS.label):
            labels.setdefault(s, str(o))
        elif p == AIKG.fileName:
            files[s] = str(o)
        elif p == RDF.type and o in _ENTITY_TYPES:
            types.setdefault(s, set()).add(o)
        elif p == RDF.type and o == AIKG.Fact:
            facts.setdefault(s, {})
        if p in (RDF.subject, RDF.predicate, RDF.object, AIKG.status, AIKG.document, AIKG.evidence,
                 AIKG.startOffset):
            facts.setdefault(s, {})[p] = o
    out: dict[tuple[str, str, str], _Record] = {}
    for e, ts in types.items():
        for t in ts:
            name = str(t)[len(AIKG_IRI):]
            out[(str(e), "type", name)] = _Record(labels.get(e, str(e)), "type", name, set(), [])
    for rec in facts.values():
        if RDF.subject not in rec or RDF.object not in rec or RDF.predicate not in rec:
            continue
        s, o = rec[RDF.subject], rec[RDF.object]
        pred = str(rec[RDF.predicate])[len(AIKG_IRI):]
        ks, ko = (o, s) if pred in SYMMETRIC_PREDICATES and str(o) < str(s) else (s, o)
        r = out.setdefault((str(ks), pred, str(ko)), _Record("", pred, "", set(), []))
        if AIKG.status in rec:
            r.statuses.add(str(rec[AIKG.status]))
        doc = rec.get(AIKG.document)
        r.evidence.append((files.get(doc, str(doc or "")), int(rec.get(AIKG.startOffset, 0)),
                           str(rec.get(AIKG.evidence, "")), labels.get(s, str(s)), labels.get(o, str(o))))
    for r in out.values():
        if r.evidence:   # a symmetric fact reads in the direction of its first statement
            r.subject, r.object = min(r.evidence)[3:]
    return out


def changes(old: Dataset, new: Dataset) -> pd.DataFrame:
    """New, removed and changed facts (and new or removed entities, predicate ``type``) from ``old`` to ``new``.

    A fact stated several times counts as achieved when any statement is achieved. ``document`` and
    ``evidence`` come from ``new`` (from ``old`` for removed rows). Sorted: new, changed, removed.
    """
    before, after = _records(old), _records(new)
    rows = []
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key), after.get(key)
        if a is not None and b is not None:
            if a.status == b.status:
                continue
            change, rec = "changed", a
        elif a is not None:
            change, rec = "new", a
        elif b is not None:
            change, rec = "removed", b
        else:                                       # the key comes from one of them
            continue
        doc, _, sentence, _, _ = min(rec.evidence) if rec.evidence else (None, 0, None, "", "")
        rows.append({"change": change, "subject": rec.subject, "predicate": rec.predicate, "object": rec.object,
                     "status_before": b.status if b else None, "status_after": a.status if a else None,
                     "document": doc, "evidence": sentence})
    t = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    if t.empty:
        return t
    t["_o"] = t["change"].map(_ORDER)
    t["_t"] = t["predicate"] == "type"
    return t.sort_values(["_o", "_t", "subject", "predicate", "object"]).drop(columns=["_o", "_t"]).reset_index(drop=True)
