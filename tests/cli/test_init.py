"""First run: `raff init` on a fresh data folder, then the README's next commands as that admin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from raffinaderij.cli.main import main
from raffinaderij.guard.policy import SHIPPED_POLICY, policy_path
from raffinaderij.store.db import open_store


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("RAFF_DATA_DIR", str(folder))
    monkeypatch.delenv("RAFF_DB", raising=False)
    monkeypatch.delenv("RAFF_POLICY", raising=False)
    monkeypatch.setenv("RAFF_INIT_PASSWORD", "een-lang-wachtwoord")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_init_creates_store_policy_and_first_admin(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = run(capsys, "init", "--admin", "beheer", "--name", "Beheerder")
    assert code == 0, out
    assert out["store"] == str(data / "raff.duckdb") and out["admin"] == "beheer"
    assert out["policy_copied"] is True
    assert (data / "policy.yaml").read_bytes() == SHIPPED_POLICY.read_bytes()
    assert policy_path() == data / "policy.yaml"  # the copy is the one that applies now

    # then everything is done as a named user (the README's next commands)
    monkeypatch.setenv("RAFF_NEW_PASSWORD", "nog-een-wachtwoord")
    code, out = run(
        capsys, "user", "add", "anna", "--roles", "analyst", "--level", "2", "--as", "beheer"
    )
    assert code == 0 and out["roles"] == ["analyst"]
    code, out = run(
        capsys, "user", "add", "lotte", "--roles", "case_lead", "--level", "4", "--as", "beheer"
    )
    assert code == 0
    code, out = run(
        capsys, "case", "add", "ZAAK-1", "--title", "Inbraken", "--basis", "9",
        "--case-purpose", "onderzoek inbraken", "--lead", "lotte", "--as", "beheer",
    )  # fmt: skip
    assert code == 0 and out["case_id"] == "ZAAK-1"
    code, out = run(capsys, "case", "member", "ZAAK-1", "anna", "--as", "lotte")
    assert code == 0
    code, out = run(capsys, "case", "list", "--as", "anna")
    assert code == 0 and [c["case_id"] for c in out] == ["ZAAK-1"]
    code, out = run(capsys, "audit", "verify", "--as", "beheer")
    assert code == 0 and out["ok"] is True

    store = open_store(data / "raff.duckdb")
    try:
        rows = store.query("SELECT username, service, action FROM audit_log ORDER BY seq")
        roles = store.query("SELECT roles, level FROM users WHERE username = 'beheer'")
    finally:
        store.close()
    assert rows[0] == ("beheer", "init", "collect")
    assert roles == [(["admin"], 4)]


def test_init_refuses_a_store_with_users(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[0] == 0
    code, out = run(capsys, "init", "--admin", "indringer")
    assert code == 1 and "already has 1 user" in out["error"]


def test_init_keeps_an_edited_policy(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data.mkdir()
    edited = SHIPPED_POLICY.read_text(encoding="utf-8") + "\n# edited by the privacy officer\n"
    (data / "policy.yaml").write_text(edited, encoding="utf-8")
    code, out = run(capsys, "init")
    assert code == 0 and out["policy_copied"] is False
    assert (data / "policy.yaml").read_text(encoding="utf-8") == edited


def test_init_refuses_a_broken_policy_before_creating_anyone(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data.mkdir()
    (data / "policy.yaml").write_text("bases: {}\n", encoding="utf-8")
    code, out = run(capsys, "init")
    assert code == 1 and out["kind"] == "ConfigError"
    store = open_store(data / "raff.duckdb")
    try:
        assert store.query("SELECT count(*) FROM users") == [(0,)]
    finally:
        store.close()


def test_init_without_password_or_terminal_says_what_to_do(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RAFF_INIT_PASSWORD")
    code, out = run(capsys, "init")
    assert code == 1 and "RAFF_INIT_PASSWORD" in out["error"]
    monkeypatch.setenv("RAFF_INIT_PASSWORD", "kort")
    code, out = run(capsys, "init")
    assert code == 1 and "8 characters" in out["error"]
