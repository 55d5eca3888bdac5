"""A git revision checked out beside the working tree, for measuring it side by side with the change."""
from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@contextmanager
def checkout(rev: str, fmt: str = "%h %s") -> Iterator[tuple[Path, str]]:
    """``rev`` in a temporary git worktree, and its commit described by ``git log --format=fmt``; the
    worktree is removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        wt = Path(tmp) / "baseline"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(wt), rev], check=True)
        try:
            name = subprocess.run(["git", "-C", str(wt), "log", "-1", f"--format={fmt}"], capture_output=True,
                                  text=True, check=True).stdout.strip()
            yield wt, name
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(wt)], check=False)
