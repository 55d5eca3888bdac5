"""Bad documents through the CLI: ``aikg extract`` refuses each with what/why/fix; ``aikg build`` skips each
with a warning, builds the rest, and never deletes what it could not read."""
from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from robustness_helpers import (
    ROOT,
    ZH,
    ZH_TW,
    aikg,
    assert_clear_error,
    invoke,
    make_docx,
    make_pdf,
    store_digest,
)

from extract.text import MAX_TEXT_CHARS

LETTER = ROOT / "corpus" / "wenzhou-2024-111-reply-letter.txt"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
HUGE_BYTES = 100 * 2**20


def _huge(path: Path) -> None:
    line = (ZH * 20).encode("utf-8")
    with path.open("wb") as fh:
        for _ in range(HUGE_BYTES // len(line) + 1):
            fh.write(line)


def _zip_as_docx(path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("photos/a.jpg", b"\xff\xd8\xff")
    path.write_bytes(buf.getvalue())


def _corrupt_docx(path: Path) -> None:
    good = make_docx(path.with_name("tmp-good.docx")).read_bytes()
    path.with_name("tmp-good.docx").unlink()
    path.write_bytes(good[: len(good) // 2])


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(path.with_name("tmp-plain.pdf"))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)
    plain.unlink()


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


# name → (how to make it, words of the refusal); refused by `aikg extract`, skipped by `aikg build`
REFUSED: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "empty.txt": (_bytes(b""), ("the file is empty",)),
    "whitespace.txt": (_bytes(" \n\t\u3000\n".encode()), ("only whitespace",)),
    "binary.txt": (_bytes(random.Random(1).randbytes(4000)), ("binary",)),
    "invalid-utf8.txt": (_bytes(ZH.encode()[:20] + b"\xff\xfe\xfd" + ZH.encode()[20:]), ("not UTF-8",)),
    "huge.txt": (_huge, ("too large", "split it")),
    "too-long.txt": (_bytes(b"a" * (MAX_TEXT_CHARS + 1)), ("too long",)),
    "zip-renamed.docx": (_zip_as_docx, ("not a Word document",)),
    "corrupt.docx": (_corrupt_docx, ("corrupt",)),
    "encrypted.pdf": (_encrypted_pdf, ("encrypted", "password")),
    "scan.pdf": (lambda p: make_pdf(p, text=None, image=True), ("no text layer", "OCR")),
    "scripts.html": (_bytes(b"<html><head><script src='a.js'></script></head><body><div id='app'></div>"
                            b"<script>render()</script></body></html>"), ("no text", "JavaScript")),
}
# read (odd, but fine): name → (bytes, the text expected)
READ: dict[str, tuple[bytes, str]] = {
    "gb18030.txt": (ZH.encode("gb18030"), ZH),
    "big5.txt": (ZH_TW.encode("big5"), ZH_TW),
    "utf16-bom.txt": (ZH.encode("utf-16"), ZH),
    "truncated-utf8.txt": (ZH.encode() + "温州".encode()[:4], ZH + "温"),
}


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with every bad kind, the odd-but-readable ones, a symlink loop and the seed letter."""
    folder = tmp_path_factory.mktemp("bad-corpus") / "corpus"
    (folder / "sub").mkdir(parents=True)
    for name, (make, _) in REFUSED.items():
        make(folder / name)
    for name, (data, _) in READ.items():
        (folder / name).write_bytes(data)
    shutil.copy(LETTER, folder / "sub" / LETTER.name)
    (folder / "sub" / "loop").symlink_to(folder)                       # corpus/sub/loop/sub/loop/…
    (folder / "self.txt").symlink_to(folder / "self.txt")              # a link to itself
    (folder / "notes.txt").mkdir()                                     # a folder named like a document
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)  # not a supported suffix: ignored
    os.mkfifo(folder / "pipe.txt")                                     # reading it would block forever
    return folder


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bad_batch_extract_refuses_each_bad_document(bad_corpus: Path, name: str) -> None:
    assert_clear_error(invoke("extract", str(bad_corpus / name)), *REFUSED[name][1])


@pytest.mark.parametrize(("path", "words"), [
    ("self.txt", ("does not exist",)), ("pipe.txt", ("not a regular file",)), ("notes.txt", ("folder",)),
    ("old.doc", ("unsupported file type", "save it as .docx")),
])
def test_bad_batch_extract_refuses_odd_paths(bad_corpus: Path, path: str, words: tuple[str, ...]) -> None:
    assert_clear_error(invoke("extract", str(bad_corpus / path)), *words)


@pytest.mark.parametrize("name", sorted(READ))
def test_bad_batch_extract_reads_odd_encodings(bad_corpus: Path, name: str) -> None:
    import json

    run = invoke("extract", str(bad_corpus / name), "--format", "json")
    assert run.code == 0 and not run.crashed, run.output
    assert json.loads(run.stdout)["document"] == name


def test_bad_batch_build_skips_bad_documents_and_builds_the_rest(bad_corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    run = aikg("build", bad_corpus, "--store", store, "--out", tmp_path / "exports", cwd=tmp_path)
    assert run.code == 0, run.output
    assert "Traceback" not in run.output
    warnings = [line for line in run.stderr.splitlines() if line.startswith("warning: skipped")]
    for name, (_, words) in REFUSED.items():
        line = next((w for w in warnings if f"/{name}:" in w), None)
        assert line is not None, f"no warning for {name}:\n{run.stderr}"
        assert all(" ".join(w.split()) in line for w in words) and "How to fix:" in line, line
    assert any("self.txt" in w and "symbolic link" in w for w in warnings), run.stderr
    from graph.store import open_store

    with open_store(str(store), read_only=True) as st:
        assert sorted(st.documents()) == sorted([*READ, LETTER.name])
    assert (tmp_path / "exports" / "kg.ttl").is_file()


# Runs a command and prints its exit code and peak RSS. A child forked from the test process itself would
# carry that process's memory into its own peak (Linux keeps the high-water mark of the address space it
# leaves at exec), so the CLI is started from this small process instead.
_PEAK_OF = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024)
"""


def _extract_peak(path: Path, cwd: Path) -> tuple[int, str, int]:
    """(exit code, stderr, peak RSS in bytes) of `aikg extract PATH` in a process of its own."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-c", _PEAK_OF, sys.executable, "-m", "graph", "extract", str(path)],
                          check=True, cwd=cwd, env=env, capture_output=True, text=True)
    code, peak = (int(v) for v in proc.stdout.split()[-2:])
    return code, proc.stderr, peak


def test_bad_batch_100_mb_text_refused_in_bounded_memory(bad_corpus: Path, tmp_path: Path) -> None:
    """`aikg extract` on 100 MB: refused from the file size; the process never holds the text. Its peak
    memory is that of refusing an empty file, give or take far less than the file's 100 MB of bytes."""
    code, stderr, peak = _extract_peak(bad_corpus / "huge.txt", tmp_path)
    assert code == 2 and "Traceback" not in stderr and "too large" in stderr, stderr
    (tmp_path / "empty.txt").write_bytes(b"")
    code, stderr, baseline = _extract_peak(tmp_path / "empty.txt", tmp_path)
    assert code == 2 and "empty" in stderr, stderr
    assert peak - baseline < HUGE_BYTES // 4, (
        f"peak memory {peak / 2**20:.0f} MiB, {baseline / 2**20:.0f} MiB for an empty file: was the file read?")


def test_bad_batch_unreadable_file_is_skipped_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied on one file (simulated for root, who reads chmod 000 files): skipped, the rest built."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(LETTER, corpus / "a.txt")
    shutil.copy(LETTER, corpus / "b.txt")
    if IS_ROOT:
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self.name == "b.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    else:
        (corpus / "b.txt").chmod(0)
    try:
        run = invoke("build", str(corpus), "--store", str(tmp_path / "store"), "--out", str(tmp_path / "out"))
    finally:
        (corpus / "b.txt").chmod(0o644)
    assert run.code == 0 and not run.crashed, run.output
    assert "warning: skipped" in run.stderr and "permission denied" in run.stderr and "chmod" in run.stderr
    from graph.store import open_store

    with open_store(str(tmp_path / "store"), read_only=True) as st:
        assert list(st.documents()) == ["a.txt"]


def test_bad_batch_prune_never_removes_a_document_it_could_not_read(tmp_path: Path) -> None:
    """A held document that turns unreadable (here: emptied) is kept, and --prune deletes nothing."""
    from graph.build import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(LETTER, corpus / "a.txt")
    shutil.copy(LETTER, corpus / "b.txt")
    store = str(tmp_path / "store")
    build([corpus], tmp_path / "out", store, views=False)
    before = store_digest(store)
    (corpus / "b.txt").write_bytes(b"")
    report = build([corpus], tmp_path / "out", store, prune=True, views=False)
    assert store_digest(store) == before
    assert [d.doc_id for d in report.documents if d.status == "removed"] == []
    assert any("nothing pruned" in n and "b.txt" in n for n in report.notes)


def test_bad_batch_file_names_in_legacy_encodings(tmp_path: Path) -> None:
    """Names from a Windows archive are GBK bytes, not UTF-8: the document id is the decoded name (once
    a graph IRI could not be made of it and the build crashed); undecodable bytes are written \\xNN."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    folder = os.fsencode(corpus)
    for name, data in (("温州报告.txt".encode("gbk"), ZH.encode()), ("空文件.txt".encode("gbk"), b""),
                       ("臺灣報告.txt".encode("big5"), ZH_TW.encode()), (b"\xff\xfe.txt", ZH.encode())):
        with open(os.path.join(folder, name), "wb") as fh:
            fh.write(data)
    run = invoke("build", str(corpus), "--store", str(tmp_path / "store"), "--out", str(tmp_path / "out"))
    assert run.code == 0 and not run.crashed, run.output
    assert "warning: skipped" in run.stderr and "the file is empty" in run.stderr
    from graph.store import open_store

    with open_store(str(tmp_path / "store"), read_only=True) as st:
        held = sorted(st.documents())
    assert sorted(held) == sorted(["温州报告.txt", "臺灣報告.txt", "\\xff\\xfe.txt"])
    assert all(name.encode("utf-8") for name in held)
