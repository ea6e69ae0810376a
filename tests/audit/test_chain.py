"""LAW-11: every alteration of the log is detected, and `raff audit verify` names the row."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from raffinaderij.audit.log import verify
from raffinaderij.cli.main import main
from raffinaderij.services import search
from raffinaderij.store.db import Store, open_store
from support import guard_for

COLS = "seq, logged_at, username, case_id, purpose, action, service, query, record_ids, outcome, prev_hash, hash"


def fill(store: Store, clock, n: int = 6) -> None:  # type: ignore[no-untyped-def]
    guard = guard_for(store, clock, "analyst1")
    for i in range(n):
        search.search(guard, q=f"naam{i}")


def rewrite(store: Store, mutate: Callable[[list[tuple]], list[tuple]]) -> None:  # type: ignore[type-arg]
    """Replace the table's rows as an attacker with write access would."""
    rows = store.query(f"SELECT {COLS} FROM audit_log ORDER BY rowid")
    with store.transaction() as cur:
        cur.execute("DELETE FROM audit_log")
        for row in mutate(rows):
            cur.execute(f"INSERT INTO audit_log ({COLS}) VALUES ({', '.join('?' * 12)})", list(row))


def test_untouched_chain_verifies(store, clock) -> None:  # type: ignore[no-untyped-def]
    fill(store, clock)
    result = verify(store)
    assert result.ok and result.rows > 6


def test_alteration_is_detected(store, clock) -> None:  # type: ignore[no-untyped-def]
    fill(store, clock)
    with store.transaction() as cur:
        cur.execute("UPDATE audit_log SET username = 'iemand' WHERE seq = 5")
    result = verify(store)
    assert not result.ok and result.first_bad_seq == 5


def test_deletion_is_detected(store, clock) -> None:  # type: ignore[no-untyped-def]
    fill(store, clock)
    rewrite(store, lambda rows: [r for r in rows if r[0] != 4])
    result = verify(store)
    assert not result.ok and result.first_bad_seq == 5


def test_deleting_the_newest_rows_is_detected(store, clock) -> None:  # type: ignore[no-untyped-def]
    fill(store, clock)
    last = store.query("SELECT max(seq) FROM audit_log")[0][0]
    with store.transaction() as cur:
        cur.execute("DELETE FROM audit_log WHERE seq = ?", [last])
    assert not verify(store).ok


def test_insertion_is_detected(store, clock) -> None:  # type: ignore[no-untyped-def]
    fill(store, clock)

    def insert(rows):  # type: ignore[no-untyped-def]
        forged = list(rows[2])
        forged[2] = "vervalser"
        return rows[:3] + [tuple(forged)] + rows[3:]

    rewrite(store, insert)
    result = verify(store)
    assert not result.ok and result.first_bad_seq is not None


def test_reordering_is_detected(store, clock) -> None:  # type: ignore[no-untyped-def]
    fill(store, clock)
    rewrite(store, lambda rows: rows[:2] + [rows[3], rows[2]] + rows[4:])
    result = verify(store)
    assert not result.ok and result.first_bad_seq == 4


@pytest.mark.parametrize("tamper", ["none", "alter"])
def test_cli_verify_exit_code_names_the_row(
    tmp_path: Path, clock, tamper: str, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from support import make_world

    db = tmp_path / "raff.duckdb"
    store = open_store(db)
    make_world(store, clock)
    fill(store, clock)
    if tamper == "alter":
        with store.transaction() as cur:
            cur.execute("UPDATE audit_log SET query = '{}' WHERE seq = 7")
    store.close()
    monkeypatch.setenv("RAFF_USER", "auditor")
    code = main(["audit", "verify", "--db", str(db), "--json"])
    out = json.loads(capsys.readouterr().out)
    if tamper == "none":
        assert code == 0 and out["ok"] is True
    else:
        assert code == 1 and "row 7" in out["error"]


def test_analyst_cannot_read_the_log(store, clock) -> None:  # type: ignore[no-untyped-def]
    from raffinaderij.errors import Denied
    from raffinaderij.services import audit

    with pytest.raises(Denied):
        audit.read_log(guard_for(store, clock, "analyst4"))
    assert audit.read_log(guard_for(store, clock, "fg", case_id=None))
    denied = store.query("SELECT outcome FROM audit_log WHERE service = 'read_log' ORDER BY seq")
    assert denied[0][0] == "denied"
