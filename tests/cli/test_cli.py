"""Every CLI command accepts --json; errors exit non-zero with one line, never a traceback."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from raffinaderij.cli.main import build_parser, main
from raffinaderij.store.db import open_store


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def test_every_command_accepts_json() -> None:
    missing = [
        name for name, sub in subcommands().items() if "--json" not in sub._option_string_actions
    ]
    assert not missing


@pytest.fixture
def db(tmp_path: Path, clock) -> Path:  # type: ignore[no-untyped-def]
    from support import make_world

    path = tmp_path / "raff.duckdb"
    store = open_store(path)
    make_world(store, clock)
    store.close()
    return path


def test_search_without_case_is_refused_in_one_line(db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["search", "jan", "--db", str(db), "--as", "analyst1"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("raff: ") and "no case, no query" in err


def test_json_error_is_machine_readable(db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(
        [
            "search",
            "jan",
            "--db",
            str(db),
            "--as",
            "analyst1",
            "--case",
            "ZAAK-1",
            "--purpose",
            "",
            "--json",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out["kind"] == "Denied"


def test_search_in_case_gives_json(db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(
        [
            "search",
            "jan",
            "--db",
            str(db),
            "--as",
            "analyst1",
            "--case",
            "ZAAK-1",
            "--purpose",
            "test",
            "--json",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["total"] == 0


def test_unknown_user_is_refused(db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["audit", "verify", "--db", str(db), "--as", "niemand"]) == 1
    assert "unknown user" in capsys.readouterr().err


def test_busy_store_says_what_to_do(db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    db.with_suffix(".server.json").write_text(
        json.dumps({"pid": 1234, "url": "http://127.0.0.1:8000"})
    )
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('ok', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"ok"
        code = main(["audit", "verify", "--db", str(db)])
        err = capsys.readouterr().err
        assert code == 1
        assert "workbench server (pid 1234" in err and "go to the running server" in err
        assert "Conflicting lock" not in err
    finally:
        holder.kill()


def test_a_lead_records_an_order_from_the_command_line(db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    args = ["case", "order", "ZAAK-1", "--db", str(db), "--reference", "OvJ-2026-17"]
    args += ["--issued-by", "OvJ mr. De Vries", "--issued-on", "2026-10-20", "--scope", "s"]
    assert main([*args, "--as", "analyst1", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["kind"] == "Denied"
    assert main([*args, "--as", "lead", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["reference"] == "OvJ-2026-17" and out["recorded_by"] == "lead"
