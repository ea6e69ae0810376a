"""`raff retention run [--dry-run]` goes through the service: counts in JSON, refused for analysts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from raffinaderij.cli.main import main
from raffinaderij.clock import FixedClock
from raffinaderij.store.db import open_store
from support import add_record, make_world


def test_retention_run_from_the_cli(
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "raff.duckdb"
    store = open_store(path)
    make_world(store, clock)
    add_record(store, reg_id="old", first_processed=date(2020, 1, 1))
    store.close()
    monkeypatch.setenv("RAFF_TODAY", "2031-01-02")
    args = ["--db", str(path), "--json"]
    assert main(["retention", "run", "--dry-run", *args, "--as", "admin"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["destroyed"], out["job_id"]) == ({"8": 1}, None)
    assert main(["retention", "run", *args, "--as", "analyst4"]) == 1
    assert "privacy_officer" in json.loads(capsys.readouterr().out)["error"]
    assert main(["retention", "run", *args, "--as", "fg"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["destroyed"] == {"8": 1} and out["file_rewritten"] is True
    store = open_store(path)
    assert store.query("SELECT count(*) FROM registrations")[0][0] == 0
    assert store.query("SELECT step FROM tombstones") == [("destroyed",)]
    store.close()
