"""kill -9 at every step of the retention job: the store stays consistent (the destruction and
its tombstones and audit row are all there or none is), and a re-run completes it, leaving no
byte of the destroyed person behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from retention_seed import (
    AT_ART14,
    AT_DESTRUCTION,
    TYPED,
    VALUES,
    cite_everywhere,
    files_holding,
    seed,
)

from raffinaderij.audit.log import verify
from raffinaderij.clock import FixedClock
from raffinaderij.retention.job import IN_TRANSACTION, KILL_POINTS
from raffinaderij.services import retention
from raffinaderij.store import db
from support import guard_for

CHILD = Path(__file__).with_name("retention_child.py")


def _run(folder: Path, kill_at: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "RAFF_KILL_AT": kill_at or ""}
    return subprocess.run(
        [sys.executable, str(CHILD), str(folder / "raff.duckdb"), AT_DESTRUCTION.isoformat()],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _state(folder: Path) -> tuple[int, int, int, list[str], tuple[int, int, int]]:
    store = db.open_store(folder / "raff.duckdb")
    try:
        assert verify(store).ok
        regs = store.query("SELECT count(*) FROM registrations WHERE reg_key = 'bvh:1'")[0][0]
        stones = store.query("SELECT count(*) FROM tombstones WHERE step = 'destroyed'")[0][0]
        erased = store.query(
            "SELECT count(*) FROM audit_log WHERE service = 'retention_run'"
            ' AND query LIKE \'%"destroyed":{"8":1}%\''
        )[0][0]
        owed = [r[0] for r in store.query("SELECT status FROM retention_jobs ORDER BY status")]
        # the redaction of what cites the person, of what was typed about them (with its
        # re-anchor row) and the Wpg 28 notification go with it
        cited = store.query(
            "SELECT (SELECT count(*) FROM product_facts WHERE reg_key = 'bvh:1'),"
            " (SELECT count(*) FROM provision_notifications),"
            " (SELECT count(*) FROM audit_log WHERE service = 'audit_reanchor')"
        )[0]
        typed = [
            v
            for v in TYPED
            if store.query("SELECT count(*) FROM audit_log WHERE contains(query, ?)", [v])[0][0]
        ]
        assert typed in ([], list(TYPED)), typed
        assert bool(typed) == (cited[2] == 0)
        return (
            int(regs),
            int(stones),
            int(erased),
            owed,
            (int(cited[0]), int(cited[1]), int(cited[2])),
        )
    finally:
        store.close()


def test_kill_at_every_step_then_rerun(tmp_path: Path, clock: FixedClock) -> None:
    base = tmp_path / "base"
    base.mkdir()
    store = seed(base, clock)
    # searches typing the person's name, BSN, phone and plate: the destruction redacts them in
    # the log with everything else, or not at all; no access request (its file keeps the name
    # by law, and this test greps the store file whole)
    cite_everywhere(store, clock, access_request=False)
    cited = store.query("SELECT count(*) FROM product_facts WHERE reg_key = 'bvh:1'")[0][0]
    assert cited > 0
    clock.now = AT_ART14
    retention.retention_run(guard_for(store, clock, "admin", None))  # the art. 14 move
    store.close()
    for point in KILL_POINTS:
        folder = tmp_path / point
        shutil.copytree(base, folder)
        killed = _run(folder, point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr[-2000:])
        regs, stones, erased, jobs, redacted = _state(folder)
        if point in IN_TRANSACTION:  # inside the transaction: as if never started
            assert (regs, stones, erased) == (0 + 1, 0, 0), point
            assert jobs == ["done"], point
            assert redacted == (cited, 0, 0), point
        else:  # committed: all of it, and a rewrite owed until the swap
            assert (regs, stones, erased) == (0, 1, 1), point
            assert redacted == (0, 1, 1), point
            assert jobs == ["done", "done" if point == "retention.swapped" else "purged"], point
        done = _run(folder, None)
        assert "COMPLETE" in done.stderr, (point, done.stderr[-2000:])
        regs, stones, erased, jobs, redacted = _state(folder)
        assert (regs, stones, erased, redacted) == (0, 1, 1, (0, 1, 1)), point
        assert set(jobs) == {"done"}, point
        for value in (*VALUES, *TYPED):
            assert files_holding(folder, value) == [], (point, value)
