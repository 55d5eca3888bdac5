"""What every ``aikg`` command shares: the consoles, clear errors (what, why, fix), the graph's sources.

Errors never end in a traceback: ``fail`` prints what happened, why, and how to fix it, and exits with 2.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:                    # rdflib is imported when a graph is read, not for every command
    from rdflib import Dataset

# messages carry paths: never wrap them; names, paths and sentences are data: never read as markup or emoji
err = Console(stderr=True, soft_wrap=True, markup=False, emoji=False)
con = Console(soft_wrap=True, markup=False, emoji=False)

DEFAULT_CORPUS = Path("corpus")
DEFAULT_OUT = Path("exports")


def fail(what: str, why: str, fix: str, code: int = 2) -> NoReturn:
    """Print a clear error (what, why, how to fix) and exit non-zero, without a traceback."""
    err.print(Text.assemble(("error:", "bold red"), f" {what}\n  why: {why}\n  fix: {fix}"), highlight=False)
    raise typer.Exit(code)


def say(label: str, style: str, text: str) -> None:
    """``label: text`` on stderr, the label in ``style``."""
    err.print(Text.assemble((f"{label}:", style), f" {text}"), highlight=False)


@contextmanager
def writing_into(out: Path) -> Iterator[None]:
    """Check that ``out`` can be written before any work starts (so a store is not updated for nothing),
    and turn a failed write (permissions, full disk) into a clear error instead of a traceback."""
    probe = out
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        fail(f"cannot write into {out}", f"{probe} is a file, not a folder", "pass --out a folder path")
    if probe.exists() and not os.access(probe, os.W_OK | os.X_OK):
        fail(f"cannot write into {out}", f"the folder {probe} is read-only for this user",
             "make it writable (chmod u+w) or pass --out another folder")
    try:
        yield
    except OSError as exc:
        fail(f"cannot write {exc.filename or out}", exc.strerror or str(exc),
             "check the folder's permissions and the free disk space, or pass --out another folder")


def out_folder(out: Path, why: str) -> None:
    """Refuse an ``--out`` that is a file (``why``: what goes into the folder)."""
    if out.exists() and not out.is_dir():
        fail(f"{out} is a file", why, "pass a folder path with --out")


def store_spec(store: str | None) -> str:
    """``--store`` as given, or the project's store."""
    from graph.store import DEFAULT_STORE

    return store or DEFAULT_STORE


def check_source(store: str | None, from_ttl: Path | None) -> None:
    """The graph comes from one place: ``--store`` or an RDF file (``--from-ttl``) that exists."""
    if store and from_ttl:
        fail("both --store and --from-ttl given", "the graph comes from one place", "pass only one of them")
    if from_ttl is not None and not from_ttl.exists():
        fail(f"{from_ttl} does not exist", "the path names no file", "check the path")


def read_graph(store: str | None, from_ttl: Path | None) -> Dataset:
    """The graph of ``--from-ttl`` when given, else of ``--store`` (checked by ``check_source``)."""
    return dataset_from_file(from_ttl) if from_ttl is not None else dataset_from_store(store)


def dataset_from_file(path: Path) -> Dataset:
    """Read a dataset written by the exports (TriG, N-Quads, JSON-LD) or a plain Turtle/N-Triples graph."""
    from rdflib import Dataset

    formats = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}
    fmt = formats.get(path.suffix.lower())
    if fmt is None:
        fail(f"cannot read {path}", f"unknown RDF file type {path.suffix!r}",
             f"give a file ending in one of {', '.join(sorted(formats))}")
    ds = Dataset(default_union=True)
    try:
        ds.parse(path, format=fmt)
    except Exception as exc:  # noqa: BLE001 - rdflib raises many parser-specific types
        fail(f"cannot parse {path} as {fmt}", str(exc), "check that the file is valid RDF")
    return ds


def dataset_from_store(spec: str | None) -> Dataset:
    """The whole graph of the store ``spec`` (default: the project's store), read-only."""
    from graph.store import DEFAULT_STORE, StoreError, open_store

    try:
        with open_store(spec or DEFAULT_STORE, read_only=True) as st:
            return st.to_dataset()
    except StoreError as exc:
        fail(exc.what, exc.why, f"{exc.fix} (or read an RDF file with `aikg view --from-ttl FILE`)")


def graph_source(spec: str, snapshots: Path) -> tuple[str, Dataset]:
    """A graph named on the command line: an RDF file, a snapshot name (in ``snapshots``) or a store;
    what it is (for messages) and its dataset."""
    from graph.snapshot import SnapshotError, load_snapshot

    path = Path(spec)
    if path.is_file():
        return f"file {path}", dataset_from_file(path)
    if (snapshots / f"{spec}.nq").is_file():
        try:
            return f"snapshot {spec}", load_snapshot(spec, snapshots)
        except SnapshotError as exc:
            fail(exc.what, exc.why, exc.fix)
    return f"store {spec}", dataset_from_store(spec)
