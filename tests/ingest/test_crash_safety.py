"""kill -9 in the middle of an ingest leaves the store exactly as before; a re-run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from ingest_helpers import HEADER, row, write_mapping

from raffinaderij.clock import FixedClock
from raffinaderij.ingest import ingest
from raffinaderij.store import db

CHILD = Path(__file__).with_name("kill_child.py")


def _snapshot(path: Path) -> list[object]:
    store = db.open_store(path)
    try:
        return [
            store.query(f"SELECT * FROM {t} ORDER BY ALL")
            for t in ("registrations", "statements", "batches", "rejects")
        ]
    finally:
        store.close()


def test_kill_mid_file_leaves_store_unchanged_then_completes(
    tmp_path: Path, clock: FixedClock
) -> None:
    store_path = tmp_path / "store.duckdb"
    (tmp_path / "first.csv").write_text(
        "\n".join([HEADER, row(1), row(2)]) + "\n", encoding="utf-8"
    )
    first = write_mapping(tmp_path, path="first.csv", source="first")
    store = db.open_store(store_path)
    ingest(store, first, clock=clock, rejects_dir=tmp_path)
    store.close()
    before = _snapshot(store_path)

    big = tmp_path / "big"
    big.mkdir()
    with (big / "data.csv").open("w", encoding="utf-8") as fh:
        fh.write(HEADER + "\n")
        for i in range(1, 200_001):
            fh.write(row(i, basis="12" if i % 1000 == 0 else "8") + "\n")
    mapping = write_mapping(big)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(store_path), str(mapping), str(tmp_path)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stderr is not None
    seen = []
    for line in child.stderr:
        seen.append(line)
        if "mapping:" in line:  # well inside the transaction: some chunks already written
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, "".join(seen)
    assert _snapshot(store_path) == before

    done = subprocess.run(
        [sys.executable, str(CHILD), str(store_path), str(mapping), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert "COMPLETE" in done.stderr, done.stderr[-2000:]
    store = db.open_store(store_path)
    try:
        assert (
            store.query("SELECT count(*) FROM registrations WHERE source = 'src'")[0][0] == 199_800
        )
        assert store.query("SELECT count(*) FROM registrations WHERE source = 'first'")[0][0] == 2
        assert store.query(
            "SELECT rows_read, rows_stored, rows_rejected FROM batches WHERE source = 'src'"
        ) == [(200_000, 199_800, 200)]
    finally:
        store.close()
