"""The injectable clock: terms (Wpg 8, 9, 10, 14) are tested by moving it, never by sleeping."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime

__all__ = ["Clock", "FixedClock", "SystemClock", "default_clock"]

Clock = Callable[[], datetime]


def SystemClock() -> datetime:  # noqa: N802 - a clock is a callable; named like the others
    return datetime.now(UTC).replace(tzinfo=None)


class FixedClock:
    """A clock that stands still until moved; `RAFF_TODAY=YYYY-MM-DD` gives one for the CLI."""

    def __init__(self, now: datetime | date) -> None:
        self.now = now if isinstance(now, datetime) else datetime(now.year, now.month, now.day)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        from datetime import timedelta

        self.now = self.now + timedelta(**kwargs)


def default_clock() -> Clock:
    today = os.environ.get("RAFF_TODAY")
    if today:
        return FixedClock(date.fromisoformat(today))
    return SystemClock
