"""Jobs owned by the server process: an administrator queues an ingest, the server's runner
thread executes it with that administrator's rights while analysts keep reading.

One runner per server takes queued jobs one at a time, oldest first (DuckDB has one writer).
Starting a job is audited (`job_start`); the job itself runs through the ordinary audited
service (`ingest` → a `collect` row under the starter's name), so every job leaves its rows.
Progress is kept in the job's row (throttled) so any request can read it. A job that was running
when the server stopped is marked failed at the next start; it can be queued again (ingest is
idempotent: a re-run of the same file changes nothing).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from raffinaderij.errors import NotFound, RaffError
from raffinaderij.guard.policy import Policy
from raffinaderij.guard.session import Guard, load_user
from raffinaderij.jsonable import plain
from raffinaderij.services import ingest as ingest_service
from raffinaderij.services.registry import service
from raffinaderij.store.db import Store

__all__ = ["KINDS", "Job", "JobRunner", "job_status", "list_jobs", "start_job"]

KINDS = ("ingest",)
_WAKE = threading.Event()  # set when a job is queued, so the runner need not poll often
_COLUMNS = (
    "job_id, kind, params, username, state, created_at, started_at, finished_at,"
    " rows_done, rows_total, phase, result"
)


@dataclass(frozen=True)
class Job:
    job_id: str
    kind: str
    params: dict[str, Any]
    username: str
    state: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    rows_done: int
    rows_total: int
    phase: str | None
    result: dict[str, Any] | None  # counts when done, {'error': ...} when failed


def _job(row: tuple[Any, ...]) -> Job:
    return Job(
        job_id=row[0],
        kind=row[1],
        params=json.loads(row[2]),
        username=row[3],
        state=row[4],
        created_at=row[5],
        started_at=row[6],
        finished_at=row[7],
        rows_done=row[8],
        rows_total=row[9],
        phase=row[10],
        result=json.loads(row[11]) if row[11] else None,
    )


def _read(store: Store, job_id: str) -> Job:
    rows = store.query(f"SELECT {_COLUMNS} FROM jobs WHERE job_id = ?", [job_id])
    if not rows:
        raise NotFound(f"no job {job_id!r}")
    return _job(rows[0])


@service("job_start", action="alter", needs_case=False, roles=("admin",))
def start_job(guard: Guard, *, kind: str, mapping: str) -> Job:
    """Queue a job; the server's runner starts it when the one before it is done."""
    if kind not in KINDS:
        raise RaffError(f"unknown job kind {kind!r}; known: {', '.join(KINDS)}")
    path = Path(mapping)
    if not path.is_file():
        raise RaffError(f"no mapping file {mapping!r} on the server")
    job_id = "job-" + uuid.uuid4().hex[:12]
    with guard.store.transaction() as cur:
        cur.execute(
            "INSERT INTO jobs (job_id, kind, params, username, state, created_at, seq)"
            " SELECT ?, ?, ?, ?, 'queued', ?, coalesce(max(seq), 0) + 1 FROM jobs",
            [job_id, kind, json.dumps({"mapping": str(path.resolve())}), guard.user.username,
             guard.now()],
        )  # fmt: skip
    guard.note(job_id=job_id, kind=kind)
    _WAKE.set()
    return _read(guard.store, job_id)


@service("job_status", action="consult", needs_case=False, roles=("admin",))
def job_status(guard: Guard, *, job_id: str) -> Job:
    """One job's state and progress."""
    return _read(guard.store, job_id)


@service("list_jobs", action="consult", needs_case=False, roles=("admin",))
def list_jobs(guard: Guard, *, limit: int = 50) -> list[Job]:
    """The newest jobs first."""
    rows = guard.store.query(
        f"SELECT {_COLUMNS} FROM jobs ORDER BY seq DESC LIMIT ?", [max(1, min(limit, 500))]
    )
    return [_job(r) for r in rows]


class JobRunner:
    """The server's one job thread. `start()` marks jobs interrupted by a previous stop as failed,
    then runs queued jobs oldest first until `stop()`."""

    def __init__(self, store: Store, *, policy: Policy, clock: Any) -> None:
        self.store, self.policy, self.clock = store, policy, clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="raff-jobs", daemon=True)

    def start(self) -> None:
        with self.store.transaction() as cur:
            cur.execute(
                "UPDATE jobs SET state = 'failed', finished_at = ?,"
                ' result = \'{"error": "interrupted: the server stopped while it ran; start it again"}\''
                " WHERE state = 'running'",
                [self.clock()],
            )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        _WAKE.set()
        self._thread.join(timeout)

    def run_pending(self) -> int:
        """Run queued jobs until none is left; returns how many ran."""
        ran = 0
        while not self._stop.is_set():
            rows = self.store.query(
                "SELECT job_id FROM jobs WHERE state = 'queued' ORDER BY seq LIMIT 1"
            )
            if not rows:
                return ran
            self._run(_read(self.store, rows[0][0]))
            ran += 1
        return ran

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_pending()
            _WAKE.wait(1.0)
            _WAKE.clear()

    def _set(self, job_id: str, **fields: Any) -> None:
        names = ", ".join(f"{k} = ?" for k in fields)
        with self.store.transaction() as cur:
            cur.execute(f"UPDATE jobs SET {names} WHERE job_id = ?", [*fields.values(), job_id])

    def _run(self, job: Job) -> None:
        self._set(job.job_id, state="running", started_at=self.clock())
        last = 0.0

        def progress(event: Any) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= 0.5 or event.phase == "done":
                last = now
                self._set(
                    job.job_id,
                    rows_done=event.rows_done,
                    rows_total=event.rows_total,
                    phase=event.phase,
                )

        try:
            guard = Guard(
                self.store, load_user(self.store, job.username), policy=self.policy,
                clock=self.clock,
            )  # fmt: skip
            report = ingest_service.collect(guard, mapping=job.params["mapping"], progress=progress)
            summary = {
                k: getattr(report, k)
                for k in ("batch_id", "source", "rows_read", "stored", "altered", "rejected")
            }
            self._set(
                job.job_id,
                state="done",
                finished_at=self.clock(),
                phase="done",
                result=json.dumps(plain(summary)),
            )
        except Exception as exc:  # a job's failure is its result, never the runner's end
            self._set(
                job.job_id,
                state="failed",
                finished_at=self.clock(),
                result=json.dumps({"error": (str(exc) or type(exc).__name__).splitlines()[0]}),
            )
