"""Comparison, consent and hit details from the command line, four eyes and all (Wpg 11)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from raffinaderij.cli.main import main
from raffinaderij.services import compare
from raffinaderij.store.db import open_store
from support import add_record, make_world


def test_compare_consent_and_hit_details(
    tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RAFF_TODAY", clock().date().isoformat())
    db = tmp_path / "raff.duckdb"
    store = open_store(db)
    make_world(store, clock)
    add_record(
        store,
        reg_id="p1",
        first_processed=date(2026, 6, 1),
        entities=[("car", "Vehicle", {"plate": "XL-12-BB"})],
    )
    compare.rebuild_match_keys(store)
    store.close()
    subjects = tmp_path / "subjects.csv"
    subjects.write_text("kenteken\nxl12bb\n", encoding="utf-8")

    def raff(*argv: str, user: str) -> object:
        case = ["--case", "ZAAK-1", "--purpose", "vergelijking"]
        code = main([*argv, "--db", str(db), "--as", user, *case, "--json"])
        out = json.loads(capsys.readouterr().out)
        assert code == 0, out
        return out

    result = raff("compare", "--subjects", str(subjects), user="analyst1")
    assert isinstance(result, dict) and result["hits"] == 1
    hit_id = result["outcomes"][0]["hit_id"]
    listed = raff("compare", "list", user="analyst1")
    assert isinstance(listed, list) and listed[0]["comparison_id"] == result["comparison_id"]

    code = main(["hit", "show", hit_id, "--db", str(db), "--as", "analyst1", "--case", "ZAAK-1",
                 "--purpose", "p", "--json"])  # fmt: skip
    assert code == 1 and json.loads(capsys.readouterr().out)["kind"] == "ConsentRequired"
    raff("consent", "request", hit_id, "--reason", "nodig voor de zaak", user="analyst1")
    inbox = raff("consent", "inbox", user="lead")
    assert isinstance(inbox, list) and [i["hit_id"] for i in inbox] == [hit_id]
    raff("consent", "grant", hit_id, "--reason", "proportioneel", user="lead")
    details = raff("hit", "show", hit_id, user="analyst1")
    assert isinstance(details, dict)
    assert [r["reg_key"] for r in details["registrations"]] == ["src:p1"]
