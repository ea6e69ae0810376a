"""Rich progress bars for long jobs: ingest (rows, rows/s, ETA, rejects so far) and resolution
(train and run: the stage under way, stages done, time spent)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

__all__ = ["ingest_progress", "job_progress", "stage_progress", "working"]


@contextmanager
def ingest_progress(*, enabled: bool = True) -> Iterator[Any]:
    """Yields a callback for `ingest(progress=...)`; one bar per source."""
    if not enabled:
        yield False
        return
    bars = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>10} rows/s"),
        TimeRemainingColumn(),
        TextColumn("rejects {task.fields[rejected]}"),
        console=Console(stderr=True),
        transient=False,
    )
    tasks: dict[str, Any] = {}

    def update(event: Any) -> None:
        task = tasks.get(event.source)
        if task is None:
            task = tasks[event.source] = bars.add_task(
                event.source, total=event.rows_total or None, rate="-", rejected=0
            )
        bars.update(
            task,
            completed=event.rows_done,
            total=event.rows_total or None,
            rate=f"{event.rows_per_second:,.0f}",
            rejected=f"{event.rejected:,}",
            description=f"{event.source} ({event.phase})",
        )

    with bars:
        yield update


@contextmanager
def stage_progress(title: str, *, enabled: bool = True) -> Iterator[Any]:
    """Yields a callback for resolve's `progress=` (stage, done, total); None when disabled."""
    if not enabled:
        yield None
        return
    bars = Progress(
        TextColumn(f"[bold]{title}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=False,
    )
    task = bars.add_task("", total=None)

    def update(stage: str, done: int, total: int) -> None:
        bars.update(task, completed=done, total=total, description=stage)

    with bars:
        yield update


@contextmanager
def working(message: str, *, enabled: bool = True) -> Iterator[None]:
    """A spinner with elapsed time for steps that report no progress of their own, so a long
    run is never silent. On stderr; off with --json."""
    if not enabled:
        yield
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bars:
        bars.add_task(message, total=None)
        yield


@contextmanager
def job_progress(job_id: str, *, enabled: bool = True) -> Iterator[Any]:
    """Yields a callback for a server job's polled state (rows done of total, phase)."""
    if not enabled:
        yield None
        return
    bars = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
    task = bars.add_task(f"{job_id} (queued)", total=None)

    def update(job: dict[str, Any]) -> None:
        bars.update(
            task,
            completed=job.get("rows_done") or 0,
            total=job.get("rows_total") or None,
            description=f"{job_id} ({job.get('phase') or job['state']})",
        )

    with bars:
        yield update
