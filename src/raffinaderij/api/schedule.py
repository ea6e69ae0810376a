"""Jobs inside the server (`raff serve`): the retention job once a day.

The file rewrite after a destruction closes and reopens the store's connection, so the job must
have the store to itself: every HTTP request holds the `Gate` shared (`StoreGate` middleware),
and the job takes it exclusively. While the job waits for the requests in flight, new ones queue
behind it; if they do not finish within `wait_seconds`, the run is skipped (audited once a day)
and the next tick tries again. The clock is the app's, so tests move it instead of waiting.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from typing import Any

import anyio

from raffinaderij import config
from raffinaderij.api.deps import AppState
from raffinaderij.errors import ConfigError
from raffinaderij.guard.session import Guard, load_user
from raffinaderij.retention.job import last_run
from raffinaderij.services import retention

__all__ = ["Gate", "RetentionSchedule", "StoreGate", "start_retention_schedule"]

_log = logging.getLogger("raffinaderij.schedule")


class Gate:
    """A readers-writer gate with writer preference: requests enter shared, a job alone."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._writer_waiting = False

    def enter(self) -> None:
        with self._cond:
            self._cond.wait_for(lambda: not (self._writer or self._writer_waiting))
            self._readers += 1

    def leave(self) -> None:
        with self._cond:
            self._readers -= 1
            self._cond.notify_all()

    def acquire_alone(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the requests in flight; False if they did not end."""
        with self._cond:
            self._writer_waiting = True
            got = self._cond.wait_for(lambda: not self._writer and self._readers == 0, timeout)
            self._writer_waiting = False
            self._writer = got
            self._cond.notify_all()
            return got

    def release_alone(self) -> None:
        with self._cond:
            self._writer = False
            self._cond.notify_all()


class StoreGate:
    """ASGI middleware: each HTTP request holds the gate shared while it runs."""

    def __init__(self, app: Any, gate: Gate) -> None:
        self.app, self.gate = app, gate

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await anyio.to_thread.run_sync(self.gate.enter)
        try:
            await self.app(scope, receive, send)
        finally:
            self.gate.leave()


class RetentionSchedule:
    """Runs `retention_run` once a day from `hour`, as `username` (an admin or privacy officer;
    refused at start otherwise: deny by default)."""

    def __init__(
        self,
        state: AppState,
        gate: Gate,
        *,
        username: str,
        hour: int = 2,
        wait_seconds: float = 30.0,
    ) -> None:
        user = load_user(state.store, username)  # NotFound for an unknown account
        if not user.has("admin", "privacy_officer"):
            raise ConfigError(
                f"RAFF_RETENTION_USER {username!r} is neither an admin nor a privacy officer"
            )
        if not 0 <= hour <= 23:
            raise ConfigError(f"RAFF_RETENTION_HOUR must be 0-23, got {hour}")
        self.state, self.gate, self.username = state, gate, username
        self.hour, self.wait_seconds = hour, wait_seconds
        self._skipped_on: date | None = None
        self._stop = threading.Event()

    def _guard(self) -> Guard:
        st = self.state
        return Guard(st.store, load_user(st.store, self.username), policy=st.policy, clock=st.clock)

    def due(self) -> bool:
        now = self.state.clock()
        if now.hour < self.hour:
            return False
        last = last_run(self.state.store)
        return last is None or last.date() < now.date()

    def tick(self) -> str:
        """One look at the clock: 'not_due', 'skipped' (the store was busy) or 'ran'."""
        if not self.due():
            return "not_due"
        today = self.state.clock().date()
        if not self.gate.acquire_alone(self.wait_seconds):
            if self._skipped_on != today:  # one row a day, not one per tick
                retention.retention_skipped(
                    self._guard(), reason="requests held the store; retried at the next tick"
                )
                self._skipped_on = today
            return "skipped"
        try:
            retention.retention_run(self._guard())
        finally:
            self.gate.release_alone()
        return "ran"

    def run_forever(self, poll_seconds: float = 60.0) -> None:
        while not self._stop.wait(poll_seconds):
            try:
                self.tick()
            except Exception:  # the service audited it; the server keeps serving
                _log.exception("scheduled retention run failed")

    def start(self, poll_seconds: float = 60.0) -> threading.Thread:
        thread = threading.Thread(
            target=self.run_forever, args=(poll_seconds,), name="raff-retention", daemon=True
        )
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()


def start_retention_schedule(app: Any) -> RetentionSchedule | None:
    """For `raff serve`: the daily retention run when RAFF_RETENTION_USER names an account."""
    username = config.get("retention_user")
    if not username:
        return None
    schedule = RetentionSchedule(
        app.state.raff, app.state.gate, username=username, hour=config.get_int("retention_hour")
    )
    schedule.start()
    return schedule
