"""Jobs in the server (issue 13): an administrator starts an ingest while an analyst searches;
the searches keep answering during the job and find the new records when it ends. The same from
the CLI against a running `raff serve`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from ingest_helpers import HEADER, row, write_mapping

from raffinaderij.api.app import create_app
from raffinaderij.cli.main import main
from raffinaderij.clock import FixedClock
from raffinaderij.errors import Denied, NotFound, RaffError
from raffinaderij.graph.adjacency import adjacency_current
from raffinaderij.guard.policy import policy
from raffinaderij.guard.session import Guard, load_user
from raffinaderij.services import jobs
from raffinaderij.services.jobs import JobRunner
from raffinaderij.store.db import Store, open_store
from support import login, make_world

ROWS = 30_000


def source(folder: Path, rows: int = ROWS) -> Path:
    """A CSV of people named Zwartkop (no one else is) and its mapping."""
    lines = [HEADER, *(row(i, achternaam="Zwartkop", datum="01-02-2024") for i in range(rows))]
    (folder / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return write_mapping(folder, source="nachtbatch")


def test_searches_answer_during_an_ingest_job(tmp_path: Path, clock: FixedClock) -> None:
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    mapping = source(tmp_path)
    app = create_app(store, clock=clock, secret="test")
    runner = JobRunner(store, policy=policy(), clock=clock)
    runner.start()
    try:
        admin, analyst = TestClient(app), TestClient(app)
        login(admin, "admin", case_id=None)
        login(analyst, "analyst2")
        assert analyst.get("/api/search", params={"q": "zwartkop"}).json()["total"] == 0
        started = admin.post("/api/jobs", json={"kind": "ingest", "mapping": str(mapping)})
        assert started.status_code == 202, started.text
        job_id = started.json()["job_id"]
        answered_while_running, job = 0, started.json()
        deadline = time.monotonic() + 300
        while job["state"] in ("queued", "running") and time.monotonic() < deadline:
            searched = analyst.get("/api/search", params={"q": "jansen"})
            assert searched.status_code == 200, searched.text
            job = admin.get(f"/api/jobs/{job_id}").json()
            answered_while_running += job["state"] == "running"
        assert job["state"] == "done", job
        assert answered_while_running >= 1
        assert job["result"]["stored"] == ROWS and job["rows_done"] == ROWS
        # the job ends with the index up to date: the new records' documents are in it
        assert job["result"]["indexed"] >= ROWS
        # and with the graph adjacency current: expand and path read the new links by key
        assert job["result"]["adjacency"] >= ROWS
        cur = store.cursor()
        assert adjacency_current(cur)
        cur.close()
        found = analyst.get("/api/search", params={"q": "zwartkop"}).json()
        assert found["total"] > 0
        # an analyst may not start jobs; another job's id answers like a missing one
        assert analyst.post("/api/jobs", json={"mapping": str(mapping)}).status_code == 403
        assert admin.get("/api/jobs/job-000000000000").status_code == 404
    finally:
        runner.stop()
    services = [r[0] for r in store.query("SELECT service FROM audit_log WHERE username = 'admin'")]
    assert "job_start" in services and "ingest" in services
    store.close()


def test_a_job_interrupted_by_a_stop_is_marked_failed_and_an_ingest_resumed(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    with store.transaction() as cur:
        for seq, kind in enumerate(("ingest", "resolve_train"), start=1):
            cur.execute(
                "INSERT INTO jobs (job_id, kind, params, username, state, created_at, seq)"
                " VALUES (?, ?, '{}', 'admin', 'running', ?, ?)",
                [f"job-{seq}", kind, clock(), seq],
            )
    runner = JobRunner(store, policy=policy(), clock=clock)
    [resume_id] = runner.recover()
    rows = dict(store.query("SELECT job_id, result FROM jobs WHERE state = 'failed'"))
    assert "interrupted" in json.loads(rows["job-1"])["error"]
    assert resume_id in json.loads(rows["job-1"])["error"]
    assert "start it again" in json.loads(rows["job-2"])["error"]
    # the resume job runs under the interrupted job's name, through the audited service
    assert runner.run_pending() == 1
    job = jobs.job_status(_guard(store, clock, "admin"), job_id=resume_id)
    assert (job.kind, job.state, job.username, job.result) == (
        "ingest_resume",
        "done",
        "admin",
        # the job ends with the index and the graph adjacency up to date
        {"resumed": [], "indexed": 0, "adjacency": 0},
    )
    store.close()


def _guard(store: Store, clock: FixedClock, username: str) -> Guard:
    return Guard(store, load_user(store, username), policy=policy(), clock=clock)


def test_cancel_a_queued_job_and_a_running_one(tmp_path: Path, clock: FixedClock) -> None:
    """A queued job is cancelled at once; a running one stops at its next progress report and
    its service's transaction rolls back, so nothing of it stays; it can be started again."""
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    mapping = source(tmp_path, rows=3_000)
    admin = _guard(store, clock, "admin")
    runner = JobRunner(store, policy=policy(), clock=clock)  # not started: run_pending by hand

    queued = jobs.start_job(admin, kind="ingest", mapping=str(mapping))
    assert jobs.cancel_job(admin, job_id=queued.job_id).state == "cancelled"
    assert runner.run_pending() == 0

    running = jobs.start_job(admin, kind="ingest", mapping=str(mapping))
    with store.transaction() as cur:  # as the runner leaves it when it takes the job
        cur.execute("UPDATE jobs SET state = 'running' WHERE job_id = ?", [running.job_id])
    asked = jobs.cancel_job(admin, job_id=running.job_id)
    assert (asked.state, asked.cancel_requested) == ("running", True)
    with store.transaction() as cur:
        cur.execute("UPDATE jobs SET state = 'queued' WHERE job_id = ?", [running.job_id])
    assert runner.run_pending() == 1
    job = jobs.job_status(admin, job_id=running.job_id)
    assert job.state == "cancelled" and "cancelled" in (job.result or {})["error"]
    count = "SELECT count(*) FROM registrations WHERE source = 'nachtbatch'"
    assert store.query(count)[0][0] == 0

    again = jobs.retry_job(admin, job_id=running.job_id)
    assert again.job_id != running.job_id and again.params == running.params
    assert runner.run_pending() == 1
    done = jobs.job_status(admin, job_id=again.job_id)
    assert done.state == "done" and (done.result or {})["stored"] == 3_000
    assert store.query(count)[0][0] == 3_000
    with pytest.raises(RaffError, match="only a failed or cancelled job"):
        jobs.retry_job(admin, job_id=again.job_id)
    services = {r[0] for r in store.query("SELECT service FROM audit_log WHERE username = 'admin'")}
    assert {"job_start", "job_cancel", "job_retry", "ingest"} <= services
    store.close()


def test_resolution_and_retention_jobs_need_their_services_roles(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    runner = JobRunner(store, policy=policy(), clock=clock)
    fg, admin = _guard(store, clock, "fg"), _guard(store, clock, "admin")
    # a privacy officer may run retention, not an ingest or a resolution
    with pytest.raises(Denied):
        jobs.start_job(fg, kind="resolve_run")
    with pytest.raises(Denied):
        jobs.start_job(_guard(store, clock, "analyst1"), kind="retention", dry_run=True)
    counted = jobs.start_job(fg, kind="retention", dry_run=True)
    run = jobs.start_job(admin, kind="resolve_run")
    assert runner.run_pending() == 2
    done = jobs.job_status(fg, job_id=counted.job_id)
    assert done.state == "done" and done.result is not None and "destroyed" in done.result
    # the resolution runs through its service: without an approved model it fails, said plainly
    failed = jobs.job_status(admin, job_id=run.job_id)
    assert failed.state == "failed" and "model" in (failed.result or {})["error"]
    # the privacy officer sees their own jobs only; another's answers like a missing one
    assert [j.job_id for j in jobs.list_jobs(fg)] == [counted.job_id]
    with pytest.raises(NotFound):
        jobs.job_status(fg, job_id=run.job_id)
    assert {j.job_id for j in jobs.list_jobs(admin)} == {counted.job_id, run.job_id}
    store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cli_ingest_goes_through_the_running_server(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "raff.duckdb"
    store = open_store(db)
    make_world(store, clock)
    store.close()
    mapping = source(tmp_path, rows=2_000)
    port = _free_port()
    env = {**os.environ, "RAFF_TODAY": "2024-06-01", "RAFF_DATA_DIR": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "raffinaderij.cli.main", "serve", "--db", str(db), "--port", str(port)],
        env=env,
    )  # fmt: skip
    try:
        marker = db.with_suffix(".server.json")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        assert marker.exists() and oct(marker.stat().st_mode & 0o777) == "0o600"
        code = main(["ingest", str(mapping), "--db", str(db), "--as", "admin", "--json"])
        out = json.loads(capsys.readouterr().out)
        assert code == 0, out
        assert out["state"] == "done" and out["result"]["stored"] == 2_000
        # the server checks the user's rights: an analyst cannot start an ingest through it
        code = main(["ingest", str(mapping), "--db", str(db), "--as", "analyst1", "--json"])
        assert code == 1 and json.loads(capsys.readouterr().out)["kind"] == "Denied"
        # the job commands and retention go through the server too
        code = main(["job", "list", "--db", str(db), "--as", "admin", "--json"])
        listed = json.loads(capsys.readouterr().out)
        assert code == 0 and out["job_id"] in [j["job_id"] for j in listed]
        code = main(["retention", "run", "--dry-run", "--db", str(db), "--as", "fg", "--json"])
        counted = json.loads(capsys.readouterr().out)
        assert code == 0 and counted["kind"] == "retention" and counted["state"] == "done"
    finally:
        server.terminate()
        server.wait(60)
    store = open_store(db)
    try:
        stored = store.query("SELECT count(*) FROM registrations WHERE source = 'nachtbatch'")[0][0]
    finally:
        store.close()
    assert stored == 2_000


def test_a_real_retention_job_takes_the_store_gate_alone(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its file rewrite reopens the connection: it waits for the requests in flight, and fails
    (to be started again) when they hold the store too long."""
    from raffinaderij.api.schedule import Gate

    monkeypatch.setattr(jobs, "_GATE_WAIT", 0.2)
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    gate = Gate()
    runner = JobRunner(store, policy=policy(), clock=clock, gate=gate)
    fg = _guard(store, clock, "fg")
    gate.enter()  # a request in flight
    held = jobs.start_job(fg, kind="retention")
    counted = jobs.start_job(fg, kind="retention", dry_run=True)  # counting needs no gate
    assert runner.run_pending() == 2
    assert (
        "requests held the store" in (jobs.job_status(fg, job_id=held.job_id).result or {})["error"]
    )
    assert jobs.job_status(fg, job_id=counted.job_id).state == "done"
    gate.leave()
    again = jobs.retry_job(fg, job_id=held.job_id)
    assert runner.run_pending() == 1
    assert jobs.job_status(fg, job_id=again.job_id).state == "done"
    store.close()
