"""Every command refuses bad options, bad paths and broken stores with what/why/fix, exit code ≠ 0, no
traceback, and leaves the store as it was (same quads, compared by a hash of the sorted N-Quads)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from robustness_helpers import ROOT, aikg, assert_clear_error, invoke, store_digest
from store_samples import load_extractions, sample_extractions

LETTER = ROOT / "corpus" / "wenzhou-2024-111-reply-letter.txt"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A built store and the odd files the cases name: {STORE}, {FILE}, {BADTTL}, {TXT}, {MISSING}, …"""
    root = tmp_path_factory.mktemp("cli-errors")
    load_extractions(str(root / "store"), sample_extractions())
    (root / "a-file.txt").write_text("我不是文件夹", encoding="utf-8")
    (root / "bad.ttl").write_text("@prefix : <urn:x#> .\n:a :b ", encoding="utf-8")
    (root / "bad.rq").write_text("SELECT * WHERE { ?s ?p }\n", encoding="utf-8")
    (root / "slow.rq").write_text(SLOW, encoding="utf-8")
    (root / "gold").mkdir()
    (root / "gold" / "letter.json").write_text("{not json", encoding="utf-8")
    (root / "docs").mkdir()
    shutil.copy(LETTER, root / "docs" / "letter.txt")
    return {"STORE": str(root / "store"), "FILE": str(root / "a-file.txt"), "BADTTL": str(root / "bad.ttl"),
            "BADRQ": str(root / "bad.rq"), "SLOWRQ": str(root / "slow.rq"), "TXT": str(LETTER),
            "GOLD": str(root / "gold"), "DOCS": str(root / "docs"), "MISSING": str(root / "不存在"),
            "OUT": str(root / "out"), "ROOT": str(root)}


# (command line with placeholders, words the message must hold)
CASES: list[tuple[str, tuple[str, ...]]] = [
    ("--bogus", ("No such option",)),
    ("nonexistent-command", ("No such command",)),
    # extract
    ("extract --bogus {TXT}", ("No such option",)),
    ("extract", ("Missing argument",)),
    ("extract {TXT} --format xml", ("unknown --format",)),
    ("extract {MISSING}", ("does not exist",)),
    ("extract {BADTTL}", ("unsupported file type",)),
    ("extract {DOCS}", ("cannot read",)),
    # build
    ("build --nope", ("No such option",)),
    ("build {MISSING} --store {STORE}", ("does not exist",)),
    ("build {DOCS} --store {STORE} --out {FILE}", ("is a file",)),
    ("build {DOCS} --store {STORE} --snapshot ../escape", ("bad snapshot name",)),
    ("build {DOCS} --store {FILE} --out {OUT}", ("it is a file, not a folder",)),
    ("build {DOCS} --store {FILE}/store --out {OUT}", ("cannot create the store folder",)),
    ("build {DOCS} --store http://example.org/sparql --out {OUT}", ("unknown store",)),
    # query
    ("query --bogus", ("No such option",)),
    ("query --store {STORE}", ("say what to run",)),
    ("query partners -p org=温州市 -f xml --store {STORE}", ("unknown --format",)),
    ("query partners -p org --store {STORE}", ("NAME=VALUE",)),
    ("query partners -p org= --store {STORE}", ("is empty",)),
    ("query partners --store {STORE}", ("needs --param org",)),
    ("query partners -p org=温州市 -p bogus=1 --store {STORE}", ("has no parameter 'bogus'",)),
    ("query partners -p org=无此机构 --store {STORE}", ("no entity is called",)),
    ("query no-such-question --store {STORE}", ("no saved question named",)),
    ("query partners -p org=温州市 --timeout -1 --store {STORE}", ("Invalid value for '--timeout'",)),
    ("query partners -p org=温州市 --timeout soon --store {STORE}", ("Invalid value for '--timeout'",)),
    ("query --file {MISSING}.rq --store {STORE}", ("cannot read",)),
    ("query --file {BADRQ} --store {STORE}", ("not valid SPARQL", "expected")),
    ("query partners -p org=温州市 --store {FILE}", ("it is a file, not a folder",)),
    ("query partners -p org=温州市 --store {MISSING}", ("no store at", "aikg build")),
    ("query partners -p org=温州市 --store sparql+http://127.0.0.1:9/q", ("cannot reach the SPARQL server",)),
    # serve
    ("serve --bogus", ("No such option",)),
    ("serve --port 99999 --store {STORE}", ("Invalid value for '--port'",)),
    ("serve --port http --store {STORE}", ("Invalid value for '--port'",)),
    ("serve --timeout 0 --store {STORE}", ("Invalid value for '--timeout'",)),
    ("serve --max-rows 0 --store {STORE}", ("Invalid value for '--max-rows'",)),
    ("serve --workers 0 --store {STORE}", ("Invalid value for '--workers'",)),
    ("serve --store {MISSING}", ("no store at",)),
    ("serve --store {FILE}", ("it is a file, not a folder",)),
    ("serve --host no-such-host.invalid --port 0 --store {STORE}", ("not an address of this machine",)),
    # view
    ("view --bogus", ("No such option",)),
    ("view --from-ttl {MISSING}.ttl --out {OUT}", ("does not exist",)),
    ("view --from-ttl {BADTTL} --out {OUT}", ("cannot parse",)),
    ("view --from-ttl {TXT} --out {OUT}", ("unknown RDF file type",)),
    ("view --store {STORE} --from-ttl {BADTTL}", ("both --store and --from-ttl",)),
    ("view --store {FILE} --out {OUT}", ("it is a file, not a folder",)),
    ("view --store {STORE} --out {FILE}", ("is a file",)),
    # validate
    ("validate --bogus", ("No such option",)),
    ("validate --store {FILE}", ("it is a file, not a folder",)),
    ("validate --format xml --store {STORE}", ("unknown --format",)),
    ("validate --lang fr --store {STORE}", ("--lang 'fr'",)),
    ("validate --from-ttl {BADTTL}", ("cannot parse",)),
    ("validate --store {MISSING}", ("no store at",)),
    # export
    ("export --bogus", ("No such option",)),
    ("export --store {FILE} --out {OUT}", ("it is a file, not a folder",)),
    ("export --store {STORE} --out {FILE}", ("is a file",)),
    ("export --from-ttl {BADTTL} --out {OUT}", ("cannot parse",)),
    ("export --store {STORE} --from-ttl {BADTTL}", ("both --store and --from-ttl",)),
    # report
    ("report --bogus", ("No such option",)),
    ("report --store {FILE} --out {OUT}", ("it is a file, not a folder",)),
    ("report --seed many --store {STORE}", ("Invalid value for '--seed'",)),
    ("report --store {STORE} --out {FILE}", ("is a file",)),
    ("report --store {STORE} --out {OUT} --since no-such-snapshot", ("no snapshot 'no-such-snapshot'",)),
    # changes
    ("changes --bogus", ("No such option",)),
    ("changes --store {STORE}", ("say what to compare",)),
    ("changes --from {STORE}", ("say what to compare",)),
    ("changes --since x --format xml --store {STORE}", ("unknown --format",)),
    ("changes --since no-such-snapshot --store {STORE}", ("no snapshot 'no-such-snapshot'",)),
    ("changes --from {MISSING} --to {STORE}", ("no store at",)),
    # eval
    ("eval --bogus", ("No such option",)),
    ("eval", ("Missing argument",)),
    ("eval {MISSING} {DOCS}", ("is not a folder",)),
    ("eval {GOLD} {DOCS}", ("the gold file cannot be read as JSON",)),
]


@pytest.mark.parametrize(("line", "words"), CASES, ids=[c[0].split(" {")[0] + f"#{i}" for i, c in enumerate(CASES)])
def test_cli_errors_every_command_refuses_bad_input_clearly(place: dict[str, str], line: str,
                                                            words: tuple[str, ...]) -> None:
    before = store_digest(place["STORE"])
    run = invoke(*[part.format(**place) for part in line.split()])
    assert_clear_error(run, *words)
    assert store_digest(place["STORE"]) == before


@pytest.mark.parametrize("line", [
    "--bogus", "serve --port 99999", "query --file {BADRQ} --store {STORE}", "extract {MISSING}",
    "build {DOCS} --store {FILE} --out {OUT}",
])
def test_cli_errors_in_a_subprocess_there_is_no_traceback(place: dict[str, str], line: str) -> None:
    """What a user sees in a terminal: the same clear message, exit code 2, nothing from Python."""
    run = aikg(*[part.format(**place) for part in line.split()], cwd=Path(place["ROOT"]))
    assert run.code == 2
    assert_clear_error(run)


def test_cli_errors_sparql_syntax_error_from_standard_input(place: dict[str, str]) -> None:
    before = store_digest(place["STORE"])
    run = invoke("query", "-", "--store", place["STORE"], input="SELECT ?x WHERE { ?x ?p ")
    assert_clear_error(run, "not valid SPARQL", "fix the query")
    assert store_digest(place["STORE"]) == before


def test_cli_errors_query_that_never_ends_is_stopped(place: dict[str, str]) -> None:
    """A cartesian product over the store would run for hours: the worker is killed at --timeout."""
    before = store_digest(place["STORE"])
    run = aikg("query", "--file", place["SLOWRQ"], "--timeout", "1", "--store", place["STORE"],
               cwd=Path(place["ROOT"]), timeout=60)
    assert run.code == 2
    assert_clear_error(run, "did not finish within 1 s", "--timeout")
    assert store_digest(place["STORE"]) == before


def test_cli_errors_query_timeout_gives_the_same_answer_as_in_process(place: dict[str, str]) -> None:
    args = ("query", "partners", "-p", "org=温州市", "-f", "json", "--store", place["STORE"])
    worker, direct = invoke(*args), invoke(*args, "--timeout", "0")
    assert worker.code == direct.code == 0
    assert worker.stdout == direct.stdout and "中国联通" in worker.stdout


# ---- broken stores -----------------------------------------------------------------------------------

@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    load_extractions(str(path), sample_extractions())
    return path


def test_cli_errors_corrupt_store_says_how_to_rebuild(store: Path) -> None:
    (store / "CURRENT").write_text("garbage\n")
    for args in (("query", "organisations-by-type", "--timeout", "0"), ("build", str(LETTER), "--out",
                                                                         str(store.parent / "out"))):
        run = invoke(*args, "--store", str(store))
        assert_clear_error(run, "damaged", "aikg build")


def test_cli_errors_store_lock_that_is_a_folder_is_not_blamed_on_another_process(store: Path) -> None:
    (store / "LOCK").unlink()
    (store / "LOCK").mkdir()
    run = invoke("build", str(LETTER), "--store", str(store), "--out", str(store.parent / "out"))
    assert_clear_error(run, "cannot open the store")
    assert "another aikg process" not in run.output


def test_cli_errors_store_locked_by_another_process(store: Path, tmp_path: Path) -> None:
    """A build while another process writes: refused with the reason; queries still read the store."""
    code = "import pyoxigraph, sys, time; s = pyoxigraph.Store(sys.argv[1]); print('ready', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", code, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        run = invoke("build", str(LETTER), "--store", str(store), "--out", str(tmp_path / "out"))
        assert_clear_error(run, "another aikg process", "holds its write lock")
        ok = invoke("query", "organisations-by-type", "-f", "csv", "--store", str(store))
        assert ok.code == 0 and "美团" in ok.stdout
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert store_digest(store)[0] > 0


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[object]:
    """A function making a folder read-only for this process: chmod for a user, ``chattr +i`` for root (who
    ignores permission bits; the immutable flag binds root too). Skips where neither works."""
    locked: list[Path] = []

    def lock(folder: Path) -> None:
        if not IS_ROOT:
            folder.chmod(0o555)
        else:
            if shutil.which("chattr") is None:
                pytest.skip("running as root, and chattr (to make a folder immutable) is missing")
            res = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True, check=False)
            if res.returncode != 0:
                pytest.skip(f"running as root, and this file system has no immutable flag: {res.stderr.strip()}")
        locked.append(folder)

    yield lock
    for folder in locked:
        if IS_ROOT:
            subprocess.run(["chattr", "-i", str(folder)], check=False)
        else:
            folder.chmod(0o755)


def test_cli_errors_read_only_store_folder(store: Path, tmp_path: Path, read_only: object) -> None:
    before = store_digest(store)
    read_only(store)  # type: ignore[operator]
    run = invoke("build", str(LETTER), "--store", str(store), "--out", str(tmp_path / "out"), "--force")
    assert_clear_error(run, "cannot write to the store", "read-only")
    ok = invoke("query", "organisations-by-type", "-f", "csv", "--store", str(store))
    assert ok.code == 0 and "美团" in ok.stdout                    # reading still works
    assert store_digest(store) == before


@pytest.mark.parametrize("command", ["export", "view", "report", "build"])
def test_cli_errors_read_only_output_folder(store: Path, tmp_path: Path, read_only: object, command: str) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    before = store_digest(store)
    read_only(out)  # type: ignore[operator]
    args = [command, "--store", str(store), "--out", str(out)]
    run = invoke(*([command, str(LETTER), *args[1:]] if command == "build" else args))
    assert_clear_error(run, "cannot write into", "read-only")
    assert store_digest(store) == before                          # the build stopped before touching it


def test_cli_errors_failed_write_is_reported_not_raised(store: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk that fills up half-way: the OSError becomes a message."""
    from graph.exports import files as exports

    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(exports, "_write_atomic", full)
    run = invoke("export", "--store", str(store), "--out", str(tmp_path / "out"))
    assert_clear_error(run, "No space left on device", "free disk space")
