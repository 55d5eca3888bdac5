"""The progress bar of ``aikg build``: documents done of all, their rate and the time left, then the outputs.

The build reports through a callback (``graph.build.BuildProgress``); only this module draws it (rich).
"""
from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

if TYPE_CHECKING:
    from graph.build import BuildProgress

_STAGES = {"exports": "writing the exports from the store", "views": "writing the views"}


class BuildBar:
    """A rich progress bar fed by ``update(BuildProgress)``: documents done / total, documents a second, time
    left; then the output stage. Drawn on ``console`` (stderr) only when it is a terminal."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=24), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"), TextColumn("left"), TimeRemainingColumn(),
            TextColumn("{task.fields[last]}"),
            console=console, transient=True, speed_estimate_period=60.0)
        self._task: TaskID | None = None

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._progress.stop()

    def update(self, event: BuildProgress) -> None:
        if self._task is None:
            self._task = self._progress.add_task("documents", total=event.total, rate="", last="")
        if event.stage != "documents":
            self._progress.update(self._task, description=_STAGES.get(event.stage, event.stage),
                                  completed=event.done, last="")
            return
        task = self._progress.tasks[0]
        speed = task.finished_speed or task.speed
        name = event.doc_id if len(event.doc_id) <= 24 else event.doc_id[:23] + "…"
        self._progress.update(self._task, completed=event.done, last=f"{event.status}: {name}",
                              rate=f"{speed:.1f} docs/s" if speed else "")
