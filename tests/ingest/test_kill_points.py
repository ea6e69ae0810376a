"""Crash at every named kill point (ingest/killpoints.py), in-process and with a real kill -9:
the store is either as before, or — once resumed — the batch is complete, audited and linked.

The tests are generated from killpoints.POINTS: a point added there is tested here unchanged.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ingest_helpers import HEADER, row, write_mapping

from raffinaderij.clock import FixedClock
from raffinaderij.ingest import ingest, killpoints
from raffinaderij.services import audit, resolution
from raffinaderij.services import ingest as ingest_service
from raffinaderij.store.db import Store, open_store
from support import NOW, guard_for, make_world

CHILD = Path(__file__).with_name("kill_collect_child.py")
POINTS = [p.name for p in killpoints.POINTS]
COMMITTED = {p.name for p in killpoints.POINTS if p.committed}
PEOPLE, BAD = 40, 3  # the batch under test: 40 rows, 3 refused (basis 12)
POLICE = (
    "registrations", "statements", "batches", "rejects", "entity_clusters", "entity_ids", "ingest_jobs",
)  # fmt: skip


class Crash(BaseException):
    """An in-process crash: nothing in the code under test may catch it."""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with users, a first source and a resolution run, so new people get linked."""
    from raffinaderij.demo import generate

    out = tmp_path_factory.mktemp("world")
    generate(out / "gen", persons=1500, seed=7)
    path = out / "base.duckdb"
    store = open_store(path)
    clock = FixedClock(NOW)
    make_world(store, clock)
    admin = guard_for(store, clock, "admin", case_id=None)
    os.environ["RAFF_DATA_DIR"] = str(out / "data")
    try:
        for mapping in sorted((out / "gen").glob("*.mapping.yaml")):
            if mapping.name.startswith("bvh"):
                ingest_service.collect(admin, mapping=str(mapping))
        version = resolution.train_model(admin, seed=1)
        resolution.approve_model(guard_for(store, clock, "lead", case_id=None), version=version)
        resolution.run_resolution(admin)
    finally:
        del os.environ["RAFF_DATA_DIR"]
    store.close()
    return path


@pytest.fixture
def case(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    path = tmp_path / "store.duckdb"
    shutil.copy(base, path)
    # the audit chain's signed checkpoints and key live beside the store: they move with it
    for extra in ("checkpoints", "audit-signing.key"):
        if (base.parent / extra).is_dir():
            shutil.copytree(base.parent / extra, tmp_path / extra)
        elif (base.parent / extra).exists():
            shutil.copy(base.parent / extra, tmp_path / extra)
    monkeypatch.setenv("RAFF_DATA_DIR", str(tmp_path / "data"))
    src = tmp_path / "src"
    src.mkdir()
    lines = [HEADER]
    for i in range(1, PEOPLE + 1):
        lines.append(row(i, basis="12" if i % 13 == 0 else "8", pnr=f"K{i}", voornaam=f"Kees{i}"))
    (src / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    yield {"store": path, "mapping": write_mapping(src), "rejects": tmp_path / "data" / "rejects"}
    killpoints.on_reach(None)


def _snapshot(path: Path) -> list[Any]:
    store = open_store(path)
    try:
        return [store.query(f"SELECT * FROM {t} ORDER BY ALL") for t in POLICE]
    finally:
        store.close()


def _collect_rows(store: Store) -> list[Any]:
    return store.query(
        "SELECT json_extract_string(query, '$.result.batch_id') FROM audit_log "
        "WHERE action = 'collect' AND outcome = 'ok'"
        " AND json_extract_string(query, '$.result.source') = 'src'"
    )


def _assert_before(case: dict[str, Any], before: list[Any]) -> None:
    assert _snapshot(case["store"]) == before
    store = open_store(case["store"])
    try:
        assert _collect_rows(store) == []
    finally:
        store.close()
    assert not case["rejects"].exists() or not any(case["rejects"].iterdir())


def _assert_complete(case: dict[str, Any]) -> None:
    """Complete, audited, linked — and nothing hidden left behind."""
    store = open_store(case["store"])
    try:
        (batch,) = [b for (b,) in store.query("SELECT batch_id FROM batches WHERE source = 'src'")]
        assert store.query(
            "SELECT rows_read, rows_stored, rows_rejected FROM batches WHERE batch_id = ?", [batch]
        ) == [(PEOPLE, PEOPLE - BAD, BAD)]
        assert store.query("SELECT count(*) FROM registrations WHERE source = 'src'") == [
            (PEOPLE - BAD,)
        ]
        assert _collect_rows(store) == [(batch,)]
        assert store.query("SELECT state FROM ingest_jobs WHERE batch_id = ?", [batch]) == [
            ("done",)
        ]
        unlinked = store.query(
            "SELECT count(DISTINCT s.entity_key) FROM statements s JOIN registrations r "
            "ON r.reg_key = s.reg_key WHERE r.batch_id = ? AND s.schema = 'Person' AND "
            "s.entity_key NOT IN (SELECT entity_key FROM entity_clusters)",
            [batch],
        )
        assert unlinked == [(0,)]
        assert store.query(
            "SELECT count(*) FROM audit_log WHERE service = 'resolve_link_new' "
            "AND json_extract_string(query, '$.batch_id') = ?",
            [batch],
        ) == [(1,)]
        guard = guard_for(store, FixedClock(NOW), "admin", case_id=None)
        verdict = audit.verify_log(guard)
        assert verdict.ok and not verdict.reason, verdict
    finally:
        store.close()
    files = sorted(p.name for p in case["rejects"].iterdir())
    assert files == [f"{batch}.csv"], files  # no hidden .part file
    report = (case["rejects"] / f"{batch}.csv").read_text(encoding="utf-8").splitlines()
    assert len(report) == 1 + BAD


def _resume(case: dict[str, Any]) -> None:
    store = open_store(case["store"])
    try:
        ingest_service.resume(guard_for(store, FixedClock(NOW), "admin", case_id=None))
    finally:
        store.close()


def _collect(case: dict[str, Any]) -> None:
    store = open_store(case["store"])
    try:
        ingest_service.collect(
            guard_for(store, FixedClock(NOW), "admin", case_id=None), mapping=str(case["mapping"])
        )
    finally:
        store.close()


def _finish_after_crash(case: dict[str, Any], point: str, before: list[Any]) -> None:
    """Either nothing was committed (the store is exactly as it was; the whole ingest service is
    one audited transaction now, so most points end here) or the batch committed and a resume
    completes it; both end complete, audited and linked."""
    if _snapshot(case["store"]) == before:
        _assert_before(case, before)
        _collect(case)
    else:
        assert point in COMMITTED, f"{point}: a partial store after the crash"
        _resume(case)
    _assert_complete(case)


@pytest.mark.parametrize("point", POINTS)
def test_in_process_crash_at_every_point(point: str, case: dict[str, Any]) -> None:
    before = _snapshot(case["store"])

    def crash(name: str) -> None:
        if name == point:
            raise Crash(name)

    killpoints.on_reach(crash)
    with pytest.raises(Crash):
        _collect(case)
    killpoints.on_reach(None)
    _finish_after_crash(case, point, before)


@pytest.mark.parametrize("point", POINTS)
def test_kill_9_at_every_point(point: str, case: dict[str, Any]) -> None:
    before = _snapshot(case["store"])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "RAFF_KILL_AT": point}
    child = subprocess.run(
        [sys.executable, str(CHILD), str(case["store"]), str(case["mapping"])],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-3000:]
    _finish_after_crash(case, point, before)


def test_every_point_is_reached_by_an_ingest(case: dict[str, Any]) -> None:
    """The registry and the code agree: a normal audited ingest passes every named point."""
    seen: list[str] = []
    killpoints.on_reach(seen.append)
    _collect(case)
    assert set(seen) == set(POINTS)
    _assert_complete(case)


def test_a_new_ingest_first_finishes_what_a_crashed_one_owes(case: dict[str, Any]) -> None:
    killpoints.on_reach(
        # after the service's commit, before its rejects report: the batch owes only that
        lambda name: (_ for _ in ()).throw(Crash()) if name == "ingest.report_part" else None
    )
    with pytest.raises(Crash):
        _collect(case)
    killpoints.on_reach(None)
    _collect(case)  # the same file again: unchanged, and the first batch is finished first
    store = open_store(case["store"])
    try:
        assert store.query("SELECT state, count(*) FROM ingest_jobs GROUP BY ALL ORDER BY 1") == [
            ("done", 3)  # bvh, the crashed batch, the re-run
        ]
        reports = sorted(p.name for p in case["rejects"].iterdir())
        assert reports and not [r for r in reports if r.endswith(".part")], reports
    finally:
        store.close()


def test_audit_verify_finds_a_batch_stored_without_its_collect_row(
    case: dict[str, Any],
) -> None:
    store = open_store(case["store"])
    try:
        rep = ingest(store, case["mapping"], clock=FixedClock(NOW))  # not through the service
        verdict = audit.verify_log(guard_for(store, FixedClock(NOW), "admin", case_id=None))
        assert not verdict.ok
        assert verdict.reason == (
            f"batch {rep.batch_id} stored {PEOPLE - BAD} registrations without a collect audit row"
        )
    finally:
        store.close()
