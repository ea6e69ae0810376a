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
from raffinaderij.guard.policy import policy
from raffinaderij.services.jobs import JobRunner
from raffinaderij.store.db import open_store
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


def test_a_job_interrupted_by_a_stop_is_marked_failed(tmp_path: Path, clock: FixedClock) -> None:
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO jobs (job_id, kind, params, username, state, created_at, seq)"
            " VALUES ('job-1', 'ingest', '{}', 'admin', 'running', ?, 1)",
            [clock()],
        )
    runner = JobRunner(store, policy=policy(), clock=clock)
    runner.start()
    runner.stop()
    state, result = store.query("SELECT state, result FROM jobs WHERE job_id = 'job-1'")[0]
    assert state == "failed" and "interrupted" in json.loads(result)["error"]
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
    finally:
        server.terminate()
        server.wait(60)
    store = open_store(db)
    try:
        stored = store.query("SELECT count(*) FROM registrations WHERE source = 'nachtbatch'")[0][0]
    finally:
        store.close()
    assert stored == 2_000
