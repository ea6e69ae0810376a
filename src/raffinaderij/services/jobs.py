"""Jobs owned by the server process: an administrator (or, for retention, a privacy officer)
queues a job, the server's runner thread executes it with the starter's rights while analysts
keep reading.

Kinds: `ingest` (a mapping), `ingest_resume` (what crashed batches still owe), `resolve_train`,
`resolve_run`, `resolve_objects`, `retention` and `index_rebuild` (the full-text index). Each
runs through its ordinary audited service under the starter's name, so every job leaves that
service's row beside its own `job_start` (and `job_cancel`) row. Starting one needs the roles
its service needs.

One runner per server takes queued jobs one at a time, oldest first (DuckDB has one writer).
Ingest and index jobs keep searches on the full-text index they have while they run, and an
ingest job ends by building the new index (phase `index`): when it is done, its records are
searchable, and no search ever waited for the build.
Progress is kept in the job's row (throttled) so any request can read it. Cancel: a queued job
is cancelled at once; a running one stops at its next progress report (every kind but
`ingest_resume` reports), its service's transaction rolls back, so nothing of it stays. A job
that was running when the server stopped is marked failed at the next start; an interrupted
ingest gets an `ingest_resume` job queued under the same name (what its committed batches owe is
finished), and any failed or cancelled job can be started again (`retry_job`; ingest is
idempotent).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from raffinaderij.errors import NotFound, RaffError
from raffinaderij.guard.policy import Policy
from raffinaderij.guard.session import Guard, load_user
from raffinaderij.jsonable import plain
from raffinaderij.services import graph, resolution, retention, search
from raffinaderij.services import ingest as ingest_service
from raffinaderij.services.registry import REGISTRY, service
from raffinaderij.store.db import Store

__all__ = [
    "KINDS",
    "Job",
    "JobRunner",
    "cancel_job",
    "job_status",
    "list_jobs",
    "retry_job",
    "start_job",
]

_STARTERS = ("admin", "privacy_officer")
_WAKE = threading.Event()  # set when a job is queued, so the runner need not poll often
_COLUMNS = (
    "job_id, kind, params, username, state, created_at, started_at, finished_at,"
    " rows_done, rows_total, phase, result, cancel_requested"
)
_GATE_WAIT = 60.0  # seconds a real retention run waits for the requests in flight
#: Jobs that change what the full-text index holds: while one runs, searches use the index they
#: have, and the job ends only when the index is current (its new records are searchable then).
_REINDEX = ("ingest", "ingest_resume", "index_rebuild")
#: Progress as the runner hands it to a job: (phase, done, total).
Report = Callable[[str, int, int], None]


def _ingest(guard: Guard, params: dict[str, Any], report: Report) -> Any:
    def progress(event: Any) -> None:
        report(event.phase, event.rows_done, event.rows_total)

    done = ingest_service.collect(guard, mapping=params["mapping"], progress=progress)
    keys = ("batch_id", "source", "rows_read", "stored", "altered", "rejected")
    return {k: getattr(done, k) for k in keys}


def _ingest_resume(guard: Guard, params: dict[str, Any], report: Report) -> Any:
    return {"resumed": ingest_service.resume(guard)}


def _train(guard: Guard, params: dict[str, Any], report: Report) -> Any:
    return {"version": resolution.train_model(guard, seed=params["seed"], progress=report)}


def _run(guard: Guard, params: dict[str, Any], report: Report) -> Any:
    return resolution.run_resolution(guard, version=params["version"], progress=report)


def _objects(guard: Guard, params: dict[str, Any], report: Report) -> Any:
    return resolution.resolve_objects(guard, progress=report)


def _index(guard: Guard, params: dict[str, Any], report: Report) -> Any:
    return search.index_rebuild(guard, progress=report)


def _retention(guard: Guard, params: dict[str, Any], report: Report) -> Any:
    return retention.retention_run(guard, dry_run=params["dry_run"], progress=report)


@dataclass(frozen=True)
class Kind:
    service: str  # the audited service the job runs: starting it needs that service's roles
    run: Callable[[Guard, dict[str, Any], Report], Any]


KINDS: dict[str, Kind] = {
    "ingest": Kind("ingest", _ingest),
    "ingest_resume": Kind("ingest_resume", _ingest_resume),
    "resolve_train": Kind("resolve_train", _train),
    "resolve_run": Kind("resolve_run", _run),
    "resolve_objects": Kind("resolve_objects", _objects),
    "retention": Kind("retention_run", _retention),
    "index_rebuild": Kind("index_rebuild", _index),
}


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
    result: dict[str, Any] | None  # a summary when done, {'error': ...} when failed
    cancel_requested: bool


class JobCancelled(RaffError):
    """Raised inside a running job at its next progress report after a cancel."""


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
        cancel_requested=bool(row[12]),
    )


def _read(store: Any, job_id: str) -> Job:
    rows = store.query(f"SELECT {_COLUMNS} FROM jobs WHERE job_id = ?", [job_id])
    if not rows:
        raise NotFound(f"no job {job_id!r}")
    return _job(rows[0])


def _visible(guard: Guard, job_id: str) -> Job:
    """A job its starter or an administrator may see; anyone else's answers like a missing one."""
    job = _read(guard.store, job_id)
    if job.username != guard.user.username and "admin" not in guard.user.roles:
        raise NotFound(f"no job {job_id!r}")
    return job


def _params(
    kind: str, *, mapping: str | None, version: str | None, seed: int | None, dry_run: bool
) -> dict[str, Any]:
    if kind == "ingest":
        if not mapping:
            raise RaffError("an ingest job needs a mapping file")
        path = Path(mapping)
        if not path.is_file():
            raise RaffError(f"no mapping file {mapping!r} on the server")
        return {"mapping": str(path.resolve())}
    if kind == "resolve_train":
        return {"seed": 42 if seed is None else int(seed)}
    if kind == "resolve_run":
        return {"version": version}
    if kind == "retention":
        return {"dry_run": bool(dry_run)}
    return {}


def _queue(guard: Guard, kind: str, params: dict[str, Any], *, username: str) -> str:
    job_id = "job-" + uuid.uuid4().hex[:12]
    with guard.store.transaction() as cur:
        cur.execute(
            "INSERT INTO jobs (job_id, kind, params, username, state, created_at, seq)"
            " SELECT ?, ?, ?, ?, 'queued', ?, coalesce(max(seq), 0) + 1 FROM jobs",
            [job_id, kind, json.dumps(params), username, guard.now()],
        )
    guard.note(job_id=job_id, kind=kind)
    _WAKE.set()
    return job_id


def _may_start(guard: Guard, kind: str) -> Kind:
    spec = KINDS.get(kind)
    if spec is None:
        raise RaffError(f"unknown job kind {kind!r}; known: {', '.join(KINDS)}")
    guard.require_role(*REGISTRY[spec.service].roles)
    return spec


@service("job_start", action="alter", needs_case=False, roles=_STARTERS)
def start_job(
    guard: Guard,
    *,
    kind: str,
    mapping: str | None = None,
    version: str | None = None,
    seed: int | None = None,
    dry_run: bool = False,
) -> Job:
    """Queue a job; the server's runner starts it when the one before it is done."""
    _may_start(guard, kind)
    params = _params(kind, mapping=mapping, version=version, seed=seed, dry_run=dry_run)
    return _read(guard.store, _queue(guard, kind, params, username=guard.user.username))


@service("job_retry", action="alter", needs_case=False, roles=_STARTERS)
def retry_job(guard: Guard, *, job_id: str) -> Job:
    """Queue a failed or cancelled job again, with the same parameters, as a new job."""
    old = _visible(guard, job_id)
    if old.state not in ("failed", "cancelled"):
        raise RaffError(f"job {job_id} is {old.state}: only a failed or cancelled job is retried")
    _may_start(guard, old.kind)
    return _read(guard.store, _queue(guard, old.kind, old.params, username=guard.user.username))


@service("job_cancel", action="alter", needs_case=False, roles=_STARTERS)
def cancel_job(guard: Guard, *, job_id: str) -> Job:
    """Cancel a queued job now, or ask a running one to stop at its next progress report."""
    job = _visible(guard, job_id)
    if job.state not in ("queued", "running"):
        raise RaffError(f"job {job_id} is {job.state} already")
    with guard.store.transaction() as cur:
        cur.execute(
            "UPDATE jobs SET cancel_requested = true,"
            " state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE state END,"
            " finished_at = CASE WHEN state = 'queued' THEN ? ELSE finished_at END"
            " WHERE job_id = ?",
            [guard.now(), job_id],
        )
    guard.note(job_id=job_id, was=job.state)
    return _read(guard.store, job_id)


@service("job_status", action="consult", needs_case=False, roles=_STARTERS)
def job_status(guard: Guard, *, job_id: str) -> Job:
    """One job's state and progress."""
    return _visible(guard, job_id)


@service("list_jobs", action="consult", needs_case=False, roles=_STARTERS)
def list_jobs(guard: Guard, *, limit: int = 50) -> list[Job]:
    """The newest jobs first: all of them for an administrator, one's own for others."""
    mine = "admin" not in guard.user.roles
    rows = guard.store.query(
        f"SELECT {_COLUMNS} FROM jobs WHERE (NOT ? OR username = ?) ORDER BY seq DESC LIMIT ?",
        [mine, guard.user.username, max(1, min(limit, 500))],
    )
    return [_job(r) for r in rows]


def _summary(result: Any) -> dict[str, Any]:
    """What a job's row keeps of its answer: the plain top-level fields, not long lists."""
    data = plain(result)
    if not isinstance(data, dict):
        return {"result": data}
    return {k: v for k, v in data.items() if not isinstance(v, list) or len(v) <= 20}


class JobRunner:
    """The server's one job thread. `start()` marks jobs interrupted by a previous stop as failed
    (queuing the resume of an interrupted ingest), then runs queued jobs oldest first until
    `stop()`."""

    def __init__(self, store: Store, *, policy: Policy, clock: Any, gate: Any = None) -> None:
        self.store, self.policy, self.clock = store, policy, clock
        # the server's store gate (api/schedule.Gate): a real retention run takes it alone, as
        # its file rewrite reopens the connection under the requests
        self.gate = gate
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="raff-jobs", daemon=True)

    def start(self) -> None:
        self.recover()
        self._thread.start()

    def recover(self) -> list[str]:
        """Mark jobs a stopped server left running as failed; returns the resume jobs queued."""
        interrupted = self.store.query(
            "SELECT job_id, kind, username FROM jobs WHERE state = 'running' ORDER BY seq"
        )
        resumes: list[str] = []
        for job_id, kind, username in interrupted:
            message = "interrupted: the server stopped while it ran"
            if kind == "ingest":
                resume_id = "job-" + uuid.uuid4().hex[:12]
                with self.store.transaction() as cur:
                    cur.execute(
                        "INSERT INTO jobs (job_id, kind, params, username, state, created_at, seq)"
                        " SELECT ?, 'ingest_resume', '{}', ?, 'queued', ?,"
                        " coalesce(max(seq), 0) + 1 FROM jobs",
                        [resume_id, username, self.clock()],
                    )
                resumes.append(resume_id)
                message += f"; what its committed batches owe is finished by {resume_id}"
            else:
                message += "; start it again"
            self._set(
                job_id,
                state="failed",
                finished_at=self.clock(),
                result=json.dumps({"error": message}),
            )
        return resumes

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

    def _cancelled(self, job_id: str) -> bool:
        rows = self.store.query("SELECT cancel_requested FROM jobs WHERE job_id = ?", [job_id])
        return bool(rows and rows[0][0])

    def _run(self, job: Job) -> None:
        self._set(job.job_id, state="running", started_at=self.clock())
        last = 0.0

        def report(phase: str, done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last < 0.5 and phase != "done":
                return
            last = now
            if self._cancelled(job.job_id):
                raise JobCancelled(f"job {job.job_id} was cancelled")
            self._set(job.job_id, rows_done=done, rows_total=total, phase=phase)

        alone = self.gate is not None and job.kind == "retention" and not job.params["dry_run"]
        try:
            guard = Guard(
                self.store, load_user(self.store, job.username), policy=self.policy,
                clock=self.clock,
            )  # fmt: skip
            if alone and not self.gate.acquire_alone(_GATE_WAIT):
                alone = False
                raise RaffError("requests held the store; start the job again")
            try:
                # searches keep the index they have until this job brings it up to date
                with search.refreshing(self.store) if job.kind in _REINDEX else nullcontext():
                    summary = _summary(KINDS[job.kind].run(guard, job.params, report))
                    if job.kind in _REINDEX and job.kind != "index_rebuild":
                        # its data is committed: a cancel now would undo nothing
                        self._set(job.job_id, phase="index")
                        summary["indexed"] = search.refresh_search_index(self.store)
                        summary["adjacency"] = graph.rebuild_adjacency(self.store)
            finally:
                if alone:
                    self.gate.release_alone()
            self._set(
                job.job_id,
                state="done",
                finished_at=self.clock(),
                phase="done",
                result=json.dumps(summary, default=str),
            )
        except JobCancelled as exc:
            self._set(job.job_id, state="cancelled", finished_at=self.clock(), result=_error(exc))
        except Exception as exc:  # a job's failure is its result, never the runner's end
            self._set(job.job_id, state="failed", finished_at=self.clock(), result=_error(exc))


def _error(exc: BaseException) -> str:
    return json.dumps({"error": (str(exc) or type(exc).__name__).splitlines()[0]})
