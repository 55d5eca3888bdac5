"""What the robustness tests share: run the CLI (in-process or in a subprocess), judge its error, fingerprint a store."""
from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]

# Chinese sentences to vary small generated documents (names from the bundled letter and public news).
PLACES = ("温州", "瑞安", "乐清", "永嘉", "平阳", "苍南", "文成", "泰顺", "龙港", "洞头")
ZH = "温州市科学技术局关于人工智能产业发展情况的报告。温州市人民政府与中国联通签订战略合作协议，共建温州人工智能创新中心。\n"
ZH_TW = "溫州市科學技術局關於人工智慧產業發展情況的報告。溫州市人民政府與中國聯通簽訂戰略合作協議，共建溫州人工智慧創新中心。\n"
ORGS = ("中电海康", "中国联通", "美团", "华为", "阿里云", "腾讯", "百度", "科大讯飞", "商汤科技", "海康威视")


@dataclass(frozen=True)
class Run:
    """What a CLI run left behind."""

    code: int
    stdout: str
    stderr: str
    crashed: bool = False          # an exception other than a clean exit reached the top

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def invoke(*args: str, input: str | None = None) -> Run:
    """``aikg ARGS`` in this process (typer's CliRunner): fast, for the cases that need no subprocess."""
    from graph.cli import app

    res = CliRunner().invoke(app, [str(a) for a in args], input=input)
    crashed = res.exception is not None and not isinstance(res.exception, SystemExit)
    return Run(res.exit_code, res.stdout, res.stderr, crashed)


def aikg(*args: str, cwd: Path, timeout: float = 180, input: str | None = None) -> Run:
    """``python -m graph ARGS`` in a subprocess (what a user runs: real exit code, real stderr)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "200"}
    proc = subprocess.run([sys.executable, "-m", "graph", *map(str, args)], cwd=cwd, env=env, input=input,
                          capture_output=True, text=True, timeout=timeout, check=False)
    return Run(proc.returncode, proc.stdout, proc.stderr, "Traceback" in proc.stderr)


def assert_clear_error(run: Run, *words: str) -> None:
    """Exit code ≠ 0, no traceback, and a message saying what went wrong, why and how to fix it."""
    text = " ".join(run.output.split())          # rich wraps long lines
    assert run.code != 0, run.output
    assert not run.crashed and "Traceback" not in run.output, run.output
    usage = "Usage:" in run.output and "--help" in run.output          # click/typer: option errors
    assert usage or ("error:" in text and "why:" in text and "fix:" in text), run.output
    for word in words:
        assert " ".join(word.split()) in text, f"{word!r} not in:\n{run.output}"


def store_digest(spec: str | Path) -> tuple[int, str]:
    """(quad count, sha256 of the sorted N-Quads) of a store's data, opened read-only."""
    from graph.store import open_store

    with open_store(str(spec), read_only=True) as st:
        lines = sorted(f"{q.subject} {q.predicate} {q.object} {q.graph_name} ." for q in st.quads())
    return len(lines), hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def small_document(i: int, rng: random.Random) -> str:
    """A short Chinese report with agreements, co-building, clusters, plans and a metric; varied by ``rng``."""
    place = rng.choice(PLACES)
    a, b = rng.sample(ORGS, 2)
    return "\n".join([
        f"{place}市科学技术局关于人工智能产业发展情况的报告（第{i}号）",
        f"{place}市人民政府与{a}签订战略合作协议，共建{place}人工智能创新中心。",
        f"{b}参与共建{place}数据产业园，目前已集聚{rng.randint(10, 400)}家数据企业。",
        f"{place}市计划于{2024 + i % 3}年建成{rng.randint(100, 3000)}P智算中心。",
        f"积极对接{a}研究院，谋划共建{place}大模型联合实验室。",
    ]) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """``n`` small generated documents ``doc-000.txt`` … in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        p = folder / f"doc-{i:03d}.txt"
        p.write_text(small_document(i, rng), encoding="utf-8")
        paths.append(p)
    return paths


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("温州市科学技术局关于人工智能产业的答复函")
    d.add_paragraph("我局与中国联通签订战略合作协议。")
    d.save(str(path))
    return path


def make_pdf(path: Path, text: str | None = "AI Computing Center", image: bool = False) -> Path:
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    if text is not None:
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    if image:                                  # a "scan": a picture of a page, no text layer
        pdf.image(Image.new("RGB", (200, 280), "white"), x=10, y=10, w=190)
    pdf.output(str(path))
    return path
