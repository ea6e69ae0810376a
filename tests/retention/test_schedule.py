"""Retention inside `raff serve` (LAW-04): once a day, from the configured hour, as a named admin
or privacy officer, audited; skipped (and said so, once a day) while requests hold the store;
with the store file rewritten under a running app that keeps answering. Fixed clock throughout."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from retention_seed import AT_DESTRUCTION, VALUES, files_holding, seed

from raffinaderij.api.app import create_app
from raffinaderij.api.schedule import Gate, RetentionSchedule
from raffinaderij.audit.log import verify
from raffinaderij.clock import FixedClock
from raffinaderij.errors import ConfigError, NotFound
from raffinaderij.store.db import Store
from support import login


def _rows(store: Store, service: str) -> list[tuple[str, str]]:
    return store.query(
        "SELECT username, outcome FROM audit_log WHERE service = ? ORDER BY seq", [service]
    )


def test_once_a_day_from_its_hour_audited_and_every_byte_gone(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = seed(tmp_path, clock)
    app = create_app(store, clock=clock, secret="test")
    schedule = RetentionSchedule(app.state.raff, app.state.gate, username="fg", hour=3)
    clock.now = AT_DESTRUCTION.replace(hour=2)
    assert schedule.tick() == "not_due"  # before its hour
    clock.now = AT_DESTRUCTION.replace(hour=3)
    assert schedule.tick() == "ran"
    assert _rows(store, "retention_run") == [("fg", "ok")]
    for value in VALUES:
        assert not files_holding(tmp_path, value), value  # the rewrite ran under the app
    assert schedule.tick() == "not_due"  # once a day
    clock.now = AT_DESTRUCTION + timedelta(days=1)
    assert schedule.tick() == "ran"
    assert len(_rows(store, "retention_run")) == 2
    # the app keeps answering on the rewritten file
    client = TestClient(app)
    login(client, "analyst1")
    assert client.get("/api/search", params={"q": "jansen"}).status_code == 200
    assert verify(store).ok


def test_skipped_while_requests_hold_the_store(store: Store, clock: FixedClock) -> None:
    app = create_app(store, clock=clock, secret="test")
    gate: Gate = app.state.gate
    schedule = RetentionSchedule(app.state.raff, gate, username="admin", hour=0, wait_seconds=0.05)
    gate.enter()  # a request in flight
    try:
        assert schedule.tick() == "skipped"
        assert schedule.tick() == "skipped"
    finally:
        gate.leave()
    assert _rows(store, "retention_skipped") == [("admin", "ok")]  # once a day, not per tick
    assert _rows(store, "retention_run") == []
    assert schedule.tick() == "ran"
    assert _rows(store, "retention_run") == [("admin", "ok")]


def test_requests_wait_while_the_job_has_the_store(store: Store, clock: FixedClock) -> None:
    gate = Gate()
    assert gate.acquire_alone(timeout=0.1)
    entered = threading.Event()
    worker = threading.Thread(target=lambda: (gate.enter(), entered.set(), gate.leave()))
    worker.start()
    assert not entered.wait(0.2)  # the request queues behind the job
    gate.release_alone()
    assert entered.wait(5)
    worker.join()


def test_only_an_admin_or_privacy_officer_runs_it(store: Store, clock: FixedClock) -> None:
    app = create_app(store, clock=clock, secret="test")
    with pytest.raises(ConfigError):
        RetentionSchedule(app.state.raff, app.state.gate, username="analyst4")
    with pytest.raises(NotFound):
        RetentionSchedule(app.state.raff, app.state.gate, username="nobody")
    with pytest.raises(ConfigError):
        RetentionSchedule(app.state.raff, app.state.gate, username="admin", hour=24)
