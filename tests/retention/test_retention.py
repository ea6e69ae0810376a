"""LAW-04: the retention job moves data to the art. 14 store at its analysis term and destroys
it at the end, so that no byte under the data folder holds it; tombstones remain; the audit
chain verifies."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from retention_seed import (
    AT_ART14,
    AT_DESTRUCTION,
    FIRST_PROCESSED,
    KEPT,
    VALUES,
    files_holding,
    seed,
)

from raffinaderij.audit.log import verify
from raffinaderij.clock import FixedClock
from raffinaderij.errors import Denied
from raffinaderij.services import retention
from raffinaderij.store.db import Store
from support import add_record, guard_for


def _count(store: Store, sql: str) -> int:
    return int(store.query(sql)[0][0])


def test_destroyed_data_is_gone_from_every_byte(tmp_path: Path, clock: FixedClock) -> None:
    store = seed(tmp_path, clock)
    for value in VALUES:  # the grep can find them: they are there before
        assert "raff.duckdb" in files_holding(tmp_path, value), value
        assert any(f.startswith("index/") for f in files_holding(tmp_path, value)), value

    # analysis term over: the art. 14 store, out of every index, still in the store
    clock.now = AT_ART14
    report = retention.retention_run(guard_for(store, clock, "admin", None))
    assert report.moved == {8: 1} and report.destroyed == {}
    assert store.query("SELECT stage FROM registrations WHERE reg_key = 'bvh:1'") == [("art14",)]
    assert _count(store, "SELECT count(*) FROM match_keys WHERE reg_key = 'bvh:1'") == 0
    assert _count(store, "SELECT count(*) FROM resolve_frame") == 0
    for value in VALUES:
        assert not [f for f in files_holding(tmp_path, value) if f.startswith("index/")], value

    # destruction term over
    clock.now = AT_DESTRUCTION
    report = retention.retention_run(guard_for(store, clock, "fg", None))
    assert report.destroyed == {8: 1} and report.file_rewritten
    assert report.statements_destroyed == 7 and report.entity_keys_destroyed == 3
    assert report.hits_pruned == 1
    for table in ("registrations", "statements", "match_keys", "hits", "resolve_keys"):
        assert _count(store, f"SELECT count(*) FROM {table} WHERE {_naming(table)}") == 0, table
    steps = store.query(
        "SELECT step, legal_basis, first_processed, reason FROM tombstones ORDER BY done_at, step"
    )
    assert ("art14", 8, FIRST_PROCESSED, "term") in steps
    assert ("destroyed", 8, FIRST_PROCESSED, "term") in steps
    assert all("bvh" not in h for (h,) in store.query("SELECT reg_hash FROM tombstones"))
    assert verify(store).ok
    erase_rows = store.query(
        "SELECT action, query, record_ids FROM audit_log WHERE service = 'retention_run'"
        " ORDER BY seq"
    )
    assert [a for a, _, _ in erase_rows] == ["erase", "erase"]
    assert all(ids == "[]" and "bvh" not in q for _, q, ids in erase_rows)  # counts, no keys
    assert '"destroyed":{"8":1}' in erase_rows[1][1]
    store.close()

    for value in VALUES:
        assert files_holding(tmp_path, value) == [], value
    assert "raff.duckdb" in files_holding(tmp_path, KEPT)  # what stays is still there


def _naming(table: str) -> str:
    return {
        "hits": "true",
        "resolve_keys": "unique_id LIKE 'bvh/%/p1'",
    }.get(table, "reg_key = 'bvh:1'")


def test_dry_run_counts_and_changes_nothing(store: Store, clock: FixedClock) -> None:
    add_record(store, reg_id="old", first_processed=date(2015, 1, 1))
    add_record(store, reg_id="mid", first_processed=date(2020, 1, 1))
    add_record(store, reg_id="new", first_processed=date(2026, 1, 1))
    report = retention.retention_run(guard_for(store, clock, "admin", None), dry_run=True)
    assert (report.moved, report.destroyed, report.job_id) == ({8: 1}, {8: 1}, None)
    assert _count(store, "SELECT count(*) FROM registrations") == 3
    assert _count(store, "SELECT count(*) FROM tombstones") == 0


def test_case_data_leaves_after_its_case_closes(store: Store, clock: FixedClock) -> None:
    """Art. 9 data: in analysis while the case runs and 182 days after it closes, then the art. 14
    store; destroyed 2009 days after the close. An open case keeps its data however old."""
    add_record(store, reg_id="z", basis=9, case_id="ZAAK-1", first_processed=date(2010, 1, 1))
    add_record(store, reg_id="t", basis=10, case_id="THEMA-1", first_processed=date(2010, 1, 1))
    admin = guard_for(store, clock, "admin", None)
    assert retention.retention_run(admin, dry_run=True).moved == {}
    store.query("UPDATE cases SET closed_at = ? WHERE case_id = 'ZAAK-1'", [clock.now])
    clock.advance(days=182)  # the guard's own boundary: out of term from day 183
    assert retention.retention_run(admin).moved == {}
    clock.advance(days=1)
    assert retention.retention_run(admin).moved == {9: 1}
    clock.now = datetime(2026, 11, 1, 12, 0)
    clock.advance(days=2009)
    report = retention.retention_run(admin)
    assert report.destroyed == {9: 1} and report.moved == {}
    assert store.query("SELECT reg_key FROM registrations") == [("src:t",)]


def test_only_admin_and_privacy_officer_run_it(store: Store, clock: FixedClock) -> None:
    with pytest.raises(Denied):
        retention.retention_run(guard_for(store, clock, "analyst4", None))
    assert store.query(
        "SELECT outcome FROM audit_log WHERE service = 'retention_run' ORDER BY seq DESC LIMIT 1"
    ) == [("denied",)]
