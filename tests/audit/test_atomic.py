"""A write and its audit row commit in one transaction (issue 9): a crash or an error between
them leaves neither; denied and failed calls are logged after the rollback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from raffinaderij.audit import log
from raffinaderij.audit.log import verify
from raffinaderij.errors import Denied
from raffinaderij.services import accounts
from raffinaderij.store.db import Store, open_store
from support import guard_for, make_world

CHILD = Path(__file__).with_name("crash_child.py")


def _case_rows(store: Store) -> tuple[int, list[str]]:
    cases = store.query("SELECT count(*) FROM cases WHERE case_id = 'ZAAK-KILL'")[0][0]
    outcomes = [
        r[0]
        for r in store.query(
            "SELECT outcome FROM audit_log WHERE service = 'create_case'"
            " AND query LIKE '%ZAAK-KILL%' ORDER BY seq"
        )
    ]
    return cases, outcomes


def test_an_error_between_the_write_and_its_row_leaves_neither(store, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def boom() -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setitem(log.HOOKS, "before-commit", boom)
    with pytest.raises(RuntimeError):
        accounts.create_case(
            guard_for(store, clock, "lead", None), case_id="ZAAK-KILL", title="t", basis=9
        )
    monkeypatch.delitem(log.HOOKS, "before-commit")
    # the case is gone with its ok-row; the failure itself is logged after the rollback
    assert _case_rows(store) == (0, ["error"])
    assert verify(store).ok


def test_a_denied_write_is_logged_and_writes_nothing(store, clock) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Denied):
        accounts.create_case(
            guard_for(store, clock, "analyst1", None), case_id="ZAAK-KILL", title="t", basis=9
        )
    assert _case_rows(store) == (0, ["denied"])


def test_reads_inside_a_write_service_see_its_own_writes(store, clock) -> None:  # type: ignore[no-untyped-def]
    case = accounts.create_case(
        guard_for(store, clock, "lead", None), case_id="ZAAK-KILL", title="t", basis=9
    )
    assert case.members == {"lead": "lead"}  # read back inside the same transaction
    assert _case_rows(store) == (1, ["ok"])


def _killed_at(point: str, tmp_path: Path, clock) -> tuple[Path, int]:  # type: ignore[no-untyped-def]
    """A store file with the usual world; a child process dies at `point` in create_case.
    Returns the store and its number of audit rows before."""
    db = tmp_path / "raff.duckdb"
    store = open_store(db)
    make_world(store, clock)
    before = int(store.query("SELECT count(*) FROM audit_log")[0][0])
    store.close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.run(
        [sys.executable, str(CHILD), str(db), point],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    return db, before


@pytest.fixture(autouse=True)
def _checkpoints_next_to_the_store(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("RAFF_CHECKPOINT_DIR", raising=False)
    monkeypatch.delenv("RAFF_AUDIT_KEY", raising=False)


def test_kill_between_the_write_and_its_row_leaves_neither(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    db, before = _killed_at("before-commit", tmp_path, clock)
    store = open_store(db)
    assert _case_rows(store) == (0, [])
    assert store.query("SELECT count(*) FROM audit_log")[0][0] == before
    result = verify(store)
    assert result.ok, result.reason
    store.close()


def test_kill_after_the_commit_leaves_unconfirmed_rows_that_the_privacy_officer_seals(
    tmp_path: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    """The one window left: committed, but the checkpoint line not yet written."""
    from raffinaderij.services import audit

    db, before = _killed_at("before-seal", tmp_path, clock)
    store = open_store(db)
    assert _case_rows(store) == (1, ["ok"])
    assert store.query("SELECT count(*) FROM audit_log")[0][0] == before + 1
    result = verify(store)
    assert [f.kind for f in result.findings] == ["unconfirmed"]
    audit.seal_log(guard_for(store, clock, "fg", None))
    assert verify(store).ok
    store.close()
