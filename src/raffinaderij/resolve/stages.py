"""Stages of a training or a run, reported as each starts, and their seconds.

`resolve-train` and `resolve-run` print nothing for minutes otherwise; the CLI draws a bar from
the callback, the benchmark records time and memory per stage from it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["StageReport", "Stages"]

# (stage name, number of stages started so far, stages in all): number == total means done
StageReport = Callable[[str, int, int], None]


class Stages:
    def __init__(self, total: int, report: StageReport | None = None) -> None:
        self.total = total
        self.report = report
        self.seconds: dict[str, float] = {}
        self._name: str | None = None
        self._started = 0.0
        self._count = 0

    def start(self, name: str) -> None:
        self._close()
        self._name, self._started = name, time.perf_counter()
        self.total = max(self.total, self._count + 1)
        if self.report:
            self.report(name, self._count, self.total)
        self._count += 1

    def done(self) -> dict[str, float]:
        self._close()
        if self.report:
            self.report("done", self.total, self.total)
        return self.seconds

    def _close(self) -> None:
        if self._name is not None:
            self.seconds[self._name] = round(time.perf_counter() - self._started, 3)
            self._name = None
