"""`make demo` keeps an existing demo store; only a store the demo built is ever wiped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from raffinaderij.cli.demo import DEMO_MARKER, prepare_demo, wipe_demo
from raffinaderij.errors import RaffError

QUIET = Console(quiet=True)


def finished_demo(out: Path) -> dict[str, object]:
    """What a finished demo build leaves (without spending a minute building one)."""
    (out / "data").mkdir(parents=True)
    (out / "raff.duckdb").write_bytes(b"store")
    summary = {"store": str(out / "raff.duckdb"), "complete": True, "cases": ["ZAAK-1"]}
    (out / DEMO_MARKER).write_text(json.dumps(summary), encoding="utf-8")
    return summary


def test_a_finished_demo_is_kept(tmp_path: Path) -> None:
    summary = finished_demo(tmp_path)
    again = prepare_demo(tmp_path, persons=10, seed=1, reset=False, console=QUIET)
    assert again == summary and (tmp_path / "raff.duckdb").read_bytes() == b"store"


def test_a_store_the_demo_did_not_build_is_never_touched(tmp_path: Path) -> None:
    (tmp_path / "raff.duckdb").write_bytes(b"real data")
    for reset in (False, True):
        with pytest.raises(RaffError, match="not a demo store"):
            prepare_demo(tmp_path, persons=10, seed=1, reset=reset, console=QUIET)
    assert (tmp_path / "raff.duckdb").read_bytes() == b"real data"


def test_reset_wipes_what_the_demo_wrote_and_nothing_else(tmp_path: Path) -> None:
    finished_demo(tmp_path)
    (tmp_path / "index").mkdir()
    (tmp_path / "raff.duckdb.wal").write_bytes(b"wal")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    wipe_demo(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
