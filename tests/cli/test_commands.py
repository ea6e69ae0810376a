"""Tests generated from the command registry: every command has --help, accepts --json (usage
errors included), and starting `raff` imports nothing heavy."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from raffinaderij.cli.commands import COMMANDS
from raffinaderij.cli.main import build_parser, leaf_parsers, main
from raffinaderij.store.db import open_store

PATHS = [c.path for c in COMMANDS]
HEAVY = ("fastapi", "starlette", "uvicorn", "duckdb", "splink", "pandas", "pyarrow", "tantivy")


def test_registry_and_parser_agree() -> None:
    assert sorted(leaf_parsers(build_parser())) == sorted(PATHS)
    assert len(set(PATHS)) == len(PATHS)


@pytest.mark.parametrize("path", PATHS)
def test_every_command_has_help(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([*path.split(), "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: raff {path}") and "--json" in out


@pytest.mark.parametrize("path", PATHS)
def test_every_command_gives_json_usage_errors(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wrong option (or a missing argument) is a JSON error object on stdout and exit 2."""
    code = main([*path.split(), "--json", "--no-such-option"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2 and out["kind"] == "UsageError" and out["error"]


def test_start_up_imports_nothing_heavy() -> None:
    """--version, --help of every command and usage errors run without FastAPI, DuckDB, Splink
    or pandas (lazy imports per command)."""
    script = f"""
import sys
from raffinaderij.cli.main import main
for argv in [["--version"], ["--help"]] + [p.split() + ["--help"] for p in {PATHS!r}]:
    try:
        main(argv)
    except SystemExit:
        pass
main(["serach", "x", "--json"])
main(["resolve", "review", "--json"])
print([m for m in {HEAVY!r} if m in sys.modules])
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    from raffinaderij import __version__

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.strip() == __version__


@pytest.mark.parametrize(
    ("argv", "suggestion"),
    [
        (["serach", "jan"], "'search'"),
        (["resolve", "trian"], "'train'"),
        (["resolve-trian"], "'resolve train'"),
        (["audit", "verify", "--jsno"], "'--json'"),
        (["search", "jan", "--limt", "3"], "'--limit'"),
        (["resolve", "review", "a", "b", "confrm", "--reason", "r"], "'confirm'"),
    ],
)
def test_did_you_mean(argv: list[str], suggestion: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"did you mean {suggestion}?" in err


def test_a_group_alone_names_its_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert "train" in out["error"] and "approve" in out["error"]
    assert main([]) == 2


@pytest.fixture
def db(tmp_path: Path, clock) -> Path:  # type: ignore[no-untyped-def]
    from support import add_record, make_world

    path = tmp_path / "raff.duckdb"
    store = open_store(path)
    make_world(store, clock)
    add_record(
        store,
        reg_id="pv-1",
        basis=9,
        case_id="ZAAK-1",
        first_processed=date(2026, 10, 1),
        entities=[("p1", "Person", {"fullName": "Jan Jansen", "birthDate": "1980-02-03"})],
    )
    store.close()
    return path


def test_old_hyphenated_names_still_work(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve-models", "--db", str(db), "--as", "admin", "--json"]) == 0
    old = json.loads(capsys.readouterr().out)
    assert main(["resolve", "models", "--db", str(db), "--as", "admin", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == old


def test_people_get_tables_not_dict_printouts(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = ["--db", str(db), "--as", "analyst1", "--case", "ZAAK-1", "--purpose", "test"]
    assert main(["search", "jansen", *case, "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert len(hits) == 1
    assert main(["search", "jansen", *case]) == 0
    out = capsys.readouterr().out
    assert "1 entities for jansen" in out and "Jan Jansen" in out and "{'" not in out
    assert main(["entity", hits[0]["entity_id"], *case]) == 0
    out = capsys.readouterr().out
    # one row per value with its provenance in the same row (LAW-01)
    assert "1980-02-03" in out and "art. 9" in out and "'value'" not in out
    assert main(["case", "list", "--db", str(db), "--as", "analyst1"]) == 0
    out = capsys.readouterr().out
    assert "ZAAK-1" in out and "THEMA-1" in out and "{'" not in out


#: Every command name `raff` had before the registry: each still works, as an alias.
OLD_NAMES = [
    "serve",
    "audit-verify",
    "audit-seal",
    "audit-reanchor",
    "audit-show",
    "user-add",
    "case-add",
    "case-member",
    "case-order",
    "search",
    "entity",
    "demo",
    "demo-generate",
    "ingest",
    "ingest-resume",
    "mapping-check",
    "resolve-train",
    "resolve-approve",
    "resolve-run",
    "resolve-models",
    "resolve-review",
    "resolve-explain",
    "resolve-export",
    "rules-approve",
    "resolve-objects",
    "compare",
    "retention-run",
    "registration-block",
    "registration-rectify",
    "registration-destroy",
    "graph-expand",
    "graph-path",
    "graph-central",
    "graph-communities",
    "product-list",
    "product-new",
    "product-show",
    "product-finding",
    "product-cite",
    "product-cite-search",
    "product-submit",
    "product-review",
    "product-action",
    "product-withdraw",
    "product-revise",
    "recipient-add",
    "recipient-list",
    "signal-draft",
    "signal-show",
    "signal-agreement",
    "signal-approve",
    "signal-sent",
    "provisions",
    "product-pdf",
    "signal-letter",
]


@pytest.mark.parametrize("name", OLD_NAMES)
def test_old_names_are_aliases(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([name, "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("usage: raff ")


def test_a_group_default_takes_a_positional(capsys: pytest.CaptureFixture[str]) -> None:
    """`raff ingest MAPPING` is `raff ingest run MAPPING`; `raff ingest resume` its own command."""
    args = build_parser().parse_args(["ingest", "run", "m.yaml"])
    assert main(["ingest", "--json"]) == 2  # the mapping is missing, said as JSON
    assert "mapping" in json.loads(capsys.readouterr().out)["error"]
    assert args._command.path == "ingest run"


def test_access_requests_from_the_cli(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`raff access register|list|report|close` go through the services, privacy officer only."""
    who = ["--db", str(db), "--json"]
    person = ["--given-name", "Jan", "--surname", "Jansen", "--birth-date", "1980-02-03"]
    check = ["--identity-check", "paspoort NX123 aan de balie"]
    assert main(["access", "register", *person, *check, *who, "--as", "analyst1"]) == 1
    assert "privacy_officer" in json.loads(capsys.readouterr().out)["error"]
    assert main(["access", "register", *person, *check, *who, "--as", "fg"]) == 0
    request_id = json.loads(capsys.readouterr().out)["request_id"]
    assert main(["access", "list", *who, "--as", "fg"]) == 0
    assert [r["request_id"] for r in json.loads(capsys.readouterr().out)] == [request_id]
    assert main(["access", "report", request_id, *who, "--as", "fg"]) == 0
    assert json.loads(capsys.readouterr().out)
    assert main(["access", "close", request_id, "--outcome", "answered", *who, "--as", "fg"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "answered"


def test_users_and_cases_from_the_cli(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    who = ["--db", str(db), "--json", "--as", "admin"]
    assert (
        main(["user", "access", "analyst1", "--roles", "analyst,case_lead", "--level", "3", *who])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["roles"] == ["analyst", "case_lead"]
    assert main(["user", "list", *who]) == 0
    users = {u["username"]: u for u in json.loads(capsys.readouterr().out)}
    assert users["analyst1"]["level"] == 3 and "password_hash" not in users["analyst1"]
    assert main(["user", "access", "admin", "--roles", "analyst", "--level", "4", *who]) == 1
    assert "yourself" in json.loads(capsys.readouterr().out)["error"]
    assert main(["case", "all", *who]) == 0
    cases = {c["case_id"]: c for c in json.loads(capsys.readouterr().out)}
    assert {"ZAAK-1", "THEMA-1"} <= set(cases) and cases["ZAAK-1"]["members"]
    assert main(["user", "list", "--db", str(db), "--json", "--as", "analyst2"]) == 1


def test_jobs_on_the_store_when_no_server_runs(
    db: Path, clock, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from raffinaderij.guard.policy import policy
    from raffinaderij.guard.session import Guard, load_user
    from raffinaderij.services import jobs

    store = open_store(db)
    job = jobs.start_job(
        Guard(store, load_user(store, "fg"), policy=policy(), clock=clock),
        kind="retention",
        dry_run=True,
    )
    store.close()
    who = ["--db", str(db), "--json"]
    assert main(["job", "list", *who, "--as", "admin"]) == 0
    assert [j["job_id"] for j in json.loads(capsys.readouterr().out)] == [job.job_id]
    assert main(["job", "show", job.job_id, *who, "--as", "analyst1"]) == 1
    assert "privacy_officer" in json.loads(capsys.readouterr().out)["error"]
    assert main(["job", "cancel", job.job_id, *who, "--as", "fg"]) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "cancelled"
    assert main(["job", "retry", job.job_id, *who, "--as", "fg"]) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "queued"
