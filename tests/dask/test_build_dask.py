"""The Dask engine: the same store as the local engine, quad for quad; a worker killed mid-build loses
nothing; a scheduler that goes away ends the build clearly, keeps what was written, and a rerun finishes."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from shared_corpus import DEV
from typer.testing import CliRunner

from graph.build import BuildProgress, EngineError, build
from graph.cli import app
from graph.store import open_store

pytestmark = [pytest.mark.xdist_group("dask"), pytest.mark.slow, pytest.mark.timeout(300)]

REPO = Path(__file__).resolve().parents[2]
SLOW = Path(__file__).with_name("slow_worker.py")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled letter and eleven more documents: dev documents, or (without ``../shared``) the letter's
    paragraphs in groups, each a document of its own."""
    folder = tmp_path_factory.mktemp("dask-corpus")
    letter = REPO / "corpus" / "wenzhou-2024-111-reply-letter.txt"
    shutil.copy(letter, folder)
    dev = sorted(DEV.glob("*.txt"))[:11] if DEV.is_dir() else []
    for p in dev:
        shutil.copy(p, folder)
    if len(dev) < 11:
        paragraphs = [p for p in letter.read_text(encoding="utf-8").split("\n") if p.strip()]
        for i in range(11 - len(dev)):
            part = paragraphs[i::11 - len(dev)]
            (folder / f"part-{i:02d}.txt").write_text("\n".join(part) + "\n", encoding="utf-8")
    return folder


def _nquads(spec: str) -> list[str]:
    with open_store(spec, read_only=True) as st:
        return sorted(f"{q}" for q in st.quads())


@pytest.fixture(scope="module")
def local_build(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path]:
    root = tmp_path_factory.mktemp("local-build")
    report = build([corpus], root / "exports", str(root / "store"), engine="local")
    assert report.ok and report.built == len(list(corpus.iterdir()))
    return _nquads(str(root / "store")), root / "exports"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A scheduler and two one-thread workers (their extraction slowed by ``slow_worker``) as processes."""

    def __init__(self, tmp: Path) -> None:
        self.address = f"tcp://127.0.0.1:{_port()}"
        env = {**os.environ, "AIKG_TEST_DELAY": "0.4", "PYTHONPATH": str(REPO)}
        common = {"cwd": tmp, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host",
                                           "127.0.0.1", "--port", self.address.rsplit(":", 1)[1],
                                           "--no-dashboard"], **common)  # type: ignore[call-overload]
        self.workers = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", self.address,
                                          "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
                                          "--preload", str(SLOW)], **common)  # type: ignore[call-overload]
                        for _ in range(2)]

    def wait(self) -> None:
        from distributed import Client

        with Client(self.address, timeout=60) as c:
            c.wait_for_workers(2, timeout=120)

    def worker_pids(self) -> list[int]:
        from distributed import Client

        with Client(self.address, timeout=30) as c:
            return sorted(c.run(os.getpid).values())

    def stop(self) -> None:
        for p in [*self.workers, self.scheduler]:
            if p.poll() is None:
                p.kill()
            p.wait(timeout=30)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    c = Cluster(tmp_path)
    try:
        c.wait()
        yield c
    finally:
        c.stop()


def test_build_dask_local_cluster_equals_the_local_build(corpus: Path, local_build: tuple[list[str], Path],
                                                         tmp_path: Path) -> None:
    events: list[BuildProgress] = []
    report = build([corpus], tmp_path / "exports", str(tmp_path / "store"), engine="dask", workers=2,
                   progress=events.append)
    assert report.ok and report.built == len(list(corpus.iterdir()))
    assert _nquads(str(tmp_path / "store")) == local_build[0]
    for f in sorted(p for p in local_build[1].rglob("*") if p.is_file()):
        assert (tmp_path / "exports" / f.relative_to(local_build[1])).read_bytes() == f.read_bytes(), f
    docs = [e for e in events if e.stage == "documents"]
    assert [e.done for e in docs] == list(range(1, report.built + 1)) and {e.total for e in docs} == {report.built}
    assert [e.stage for e in events if e.stage != "documents"] == ["exports", "views"]


def test_build_dask_a_worker_killed_mid_build_loses_nothing(corpus: Path, local_build: tuple[list[str], Path],
                                                            cluster: Cluster, tmp_path: Path) -> None:
    pids = cluster.worker_pids()
    killed: list[int] = []

    def kill_one(event: BuildProgress) -> None:
        if event.done == 2 and not killed:
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    report = build([corpus], tmp_path / "exports", str(tmp_path / "store"), engine="dask",
                   scheduler=cluster.address, progress=kill_one, views=False)
    assert killed and report.ok and report.built == len(list(corpus.iterdir()))
    quads = _nquads(str(tmp_path / "store"))
    assert quads == local_build[0]                        # nothing lost, no fact twice
    assert len(quads) == len(set(quads))


def test_build_dask_scheduler_lost_keeps_what_was_written_and_a_rerun_finishes(
        corpus: Path, local_build: tuple[list[str], Path], cluster: Cluster, tmp_path: Path) -> None:
    spec = str(tmp_path / "store")
    written: list[str] = []

    def kill_scheduler(event: BuildProgress) -> None:
        written.append(event.doc_id)
        if event.done == 3:
            cluster.scheduler.kill()

    with pytest.raises(EngineError) as err:
        build([corpus], tmp_path / "exports", spec, engine="dask", scheduler=cluster.address,
              progress=kill_scheduler, views=False)
    assert "lost the Dask scheduler" in err.value.what and "rerun" not in err.value.what
    assert "the documents written so far are kept" in err.value.fix
    with open_store(spec, read_only=True) as st:
        held = st.documents()
    assert set(written) <= set(held) and 3 <= len(held) < len(list(corpus.iterdir()))
    again = build([corpus], tmp_path / "exports", spec, engine="local", views=False)
    assert again.ok and again.built == len(list(corpus.iterdir())) - len(held)
    assert _nquads(spec) == local_build[0]


def test_build_dask_cli_unreachable_scheduler_is_a_clear_error(corpus: Path, tmp_path: Path) -> None:
    port = _port()
    t = time.monotonic()
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(tmp_path / "exports"), "--store",
                                      str(tmp_path / "store"), "--engine", "dask", "--scheduler",
                                      f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 2, result.output
    assert "error: cannot reach the Dask scheduler" in result.output and "fix:" in result.output
    assert "Traceback" not in result.output and time.monotonic() - t < 120
    with open_store(str(tmp_path / "store"), read_only=True) as st:
        assert st.documents() == {}


def test_build_dask_cli_scheduler_needs_the_dask_engine(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(tmp_path / "e"), "--scheduler",
                                      "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--scheduler needs --engine dask" in result.output
