"""LAW-11: every alteration of the log is detected, and `raff audit verify` names the row and
the kind of tampering, also when the attacker rewrites the table and its anchor consistently
(signed checkpoints outside the store, issue 9)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from raffinaderij.audit.log import GENESIS, AuditRow, verify
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


# -- tampering with a sealed store (checkpoints next to the store file) --------------------------
@pytest.fixture
def sealed(tmp_path: Path, clock, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    """A store file with a filled log; its checkpoints and key sit next to it (the defaults)."""
    from support import make_world

    monkeypatch.delenv("RAFF_CHECKPOINT_DIR", raising=False)
    monkeypatch.delenv("RAFF_AUDIT_KEY", raising=False)
    db = tmp_path / "raff.duckdb"
    store = open_store(db)
    make_world(store, clock)
    fill(store, clock)
    store.close()
    return db


def tampered(db: Path, change: Callable[[Store], None]) -> Store:
    store = open_store(db)
    change(store)
    return store


def rechain(rows: list[tuple]) -> list[tuple]:  # type: ignore[type-arg]
    """Recompute every hash from the first row on: a consistent rewrite without the key."""
    out, prev = [], GENESIS
    for raw in rows:
        row = AuditRow(*raw)
        row = AuditRow(**{**row.__dict__, "prev_hash": prev, "hash": ""})
        row = AuditRow(**{**row.__dict__, "hash": row.expected_hash()})
        out.append(tuple(getattr(row, c.strip()) for c in COLS.split(",")))
        prev = row.hash
    return out


def fix_anchor(store: Store) -> None:
    last = store.query("SELECT max(seq), arg_max(hash, seq) FROM audit_log")[0]
    with store.transaction() as cur:
        cur.execute("DELETE FROM audit_anchor")
        if last[0] is not None:
            cur.execute("INSERT INTO audit_anchor VALUES (?, ?)", list(last))


def drop_newest(n: int) -> Callable[[Store], None]:
    def change(store: Store) -> None:
        last = store.query("SELECT max(seq) FROM audit_log")[0][0]
        with store.transaction() as cur:
            cur.execute("DELETE FROM audit_log WHERE seq > ?", [last - n])

    return change


def forged_append(store: Store) -> None:
    top = store.query("SELECT max(seq) FROM audit_log")[0][0]
    last = AuditRow(*store.query(f"SELECT {COLS} FROM audit_log WHERE seq = ?", [top])[0])
    forged = AuditRow(**{**last.__dict__, "seq": last.seq + 1, "username": "vervalser"})
    forged = AuditRow(**{**forged.__dict__, "prev_hash": last.hash, "hash": ""})
    forged = AuditRow(**{**forged.__dict__, "hash": forged.expected_hash()})
    with store.transaction() as cur:
        cur.execute(
            f"INSERT INTO audit_log ({COLS}) VALUES ({', '.join('?' * 12)})",
            [getattr(forged, c.strip()) for c in COLS.split(",")],
        )


def consistent_rewrite(store: Store) -> None:
    def mutate(rows):  # type: ignore[no-untyped-def]
        rows = [list(r) for r in rows]
        rows[4][2] = "iemand-anders"  # who did it, rewritten from row 5 on
        return rechain([tuple(r) for r in rows])

    rewrite(store, mutate)


def everything(store: Store) -> None:
    with store.transaction() as cur:
        cur.execute("DELETE FROM audit_log")
        cur.execute("DELETE FROM audit_anchor")


def insert(store: Store) -> None:
    def change(rows):  # type: ignore[no-untyped-def]
        forged = list(rows[2])
        forged[2] = "vervalser"
        return rows[:3] + [tuple(forged)] + rows[3:]

    rewrite(store, change)


def alter(store: Store) -> None:
    with store.transaction() as cur:
        cur.execute("UPDATE audit_log SET username = 'iemand' WHERE seq = 5")


TAMPERING: dict[str, tuple[Callable[[Store], None], str]] = {
    "insert": (insert, "inserted"),
    "alter": (alter, "altered"),
    "delete middle": (lambda s: rewrite(s, lambda rows: [r for r in rows if r[0] != 4]), "deleted"),
    "delete newest": (drop_newest(1), "truncated"),
    "delete newest N, fix the anchor": (
        lambda s: (drop_newest(3)(s), fix_anchor(s)),  # type: ignore[func-returns-value]
        "truncated",
    ),
    "delete everything and the anchor": (everything, "emptied"),
    "forged append with a recomputed hash": (
        lambda s: (forged_append(s), fix_anchor(s)),  # type: ignore[func-returns-value]
        "unconfirmed",
    ),
    "reorder": (
        lambda s: rewrite(s, lambda rows: rows[:2] + [rows[3], rows[2]] + rows[4:]),
        "reordered",
    ),
    "consistent rewrite without the key": (
        lambda s: (consistent_rewrite(s), fix_anchor(s)),  # type: ignore[func-returns-value]
        "rewritten",
    ),
}


def test_a_sealed_log_verifies_and_every_row_is_confirmed(sealed: Path) -> None:
    store = open_store(sealed)
    result = verify(store)
    assert result.ok, result.reason
    assert result.checkpoints > 0 and result.confirmed_through == result.rows
    assert (sealed.parent / "audit-signing.key").stat().st_mode & 0o777 == 0o600
    store.close()


@pytest.mark.parametrize("tamper", list(TAMPERING))
def test_every_kind_of_tampering_is_detected_and_named(
    sealed: Path, tamper: str, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    change, kind = TAMPERING[tamper]
    store = tampered(sealed, change)
    result = verify(store)
    assert not result.ok
    assert result.findings[0].kind == kind, result.findings
    store.close()
    monkeypatch.setenv("RAFF_USER", "auditor")
    code = main(["audit", "verify", "--db", str(sealed), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and f"{kind}:" in out["error"], out


def test_truncation_stays_visible_after_new_rows_refill_the_numbers(sealed: Path, clock) -> None:  # type: ignore[no-untyped-def]
    store = tampered(sealed, lambda s: (drop_newest(3)(s), fix_anchor(s)))  # type: ignore[func-returns-value]
    fill(store, clock, n=5)  # the server keeps appending on top of the truncated chain
    result = verify(store)
    assert not result.ok and result.findings[0].kind == "rewritten", result.findings
    store.close()


def test_forged_checkpoints_are_named(sealed: Path) -> None:
    """A rewrite that also appends checkpoint lines for its new hashes, without the key."""
    store = tampered(sealed, lambda s: (consistent_rewrite(s), fix_anchor(s)))  # type: ignore[func-returns-value]
    seq, head = store.query("SELECT max(seq), arg_max(hash, seq) FROM audit_anchor")[0]
    day = next((sealed.parent / "checkpoints").glob("audit-*.jsonl"))
    genuine = json.loads(day.read_text().splitlines()[-1])
    with day.open("a") as fh:
        fh.write(json.dumps({**genuine, "first": 1, "seq": seq, "hash": head}) + "\n")
    kinds = [f.kind for f in verify(store).findings]
    assert "forged checkpoint" in kinds and "rewritten" in kinds
    store.close()


def test_a_new_key_does_not_vouch_for_old_checkpoints(sealed: Path) -> None:
    from raffinaderij.audit import checkpoint

    (sealed.parent / "audit-signing.key").unlink()
    checkpoint._KEYS.clear()
    store = open_store(sealed)
    result = verify(store)
    assert not result.ok and "forged checkpoint" in [f.kind for f in result.findings]
    store.close()
