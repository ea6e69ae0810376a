"""Named kill points: every step of an ingest at which a crash may happen, declared once.

Code calls `reach(name)` at each step. Normally nothing happens. With `RAFF_KILL_AT=name` the
process kills itself with SIGKILL there (the real `kill -9` test); a test may instead install a
hook (`on_reach`) that raises, to crash in-process. The crash tests iterate over POINTS, so a
point added here is tested without touching the tests.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from dataclasses import dataclass

from raffinaderij import config

__all__ = ["POINTS", "KillPoint", "on_reach", "reach"]


@dataclass(frozen=True)
class KillPoint:
    name: str
    what: str
    committed: bool  # True when the batch is committed at this point (resume must finish it)


POINTS: tuple[KillPoint, ...] = (
    KillPoint("ingest.landed", "the source is staged, nothing mapped yet", False),
    KillPoint("ingest.chunk_written", "a chunk's registrations and statements are written", False),
    KillPoint("ingest.batch_recorded", "the batches and rejects rows are written", False),
    KillPoint("ingest.audited", "the collect/alter audit rows and the pending job are written", False),
    KillPoint("ingest.committed", "the batch is committed; no rejects report yet", True),
    KillPoint("ingest.report_part", "the rejects report is half written (a .part file)", True),
    KillPoint("ingest.reported", "the rejects report is in place; no linking yet", True),
    KillPoint("link.written", "the links are written, not committed", True),
    KillPoint("link.committed", "the links, their audit row and the job's end are committed", True),
)  # fmt: skip
_NAMES = frozenset(p.name for p in POINTS)
_hook: Callable[[str], None] | None = None


def on_reach(hook: Callable[[str], None] | None) -> None:
    """Install (or with None remove) a hook called at every point: tests crash in-process."""
    global _hook
    _hook = hook


def reach(name: str) -> None:
    if name not in _NAMES:
        raise ValueError(f"unknown kill point {name!r}")  # a typo must not make a point untested
    if _hook is not None:
        _hook(name)
    if config.get("kill_at") == name:
        os.kill(os.getpid(), signal.SIGKILL)
