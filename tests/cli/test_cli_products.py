"""`raff product-*` and `raff signal-*` (issue 11): the same services, the same rules."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pypdf

from raffinaderij.cli.main import main
from raffinaderij.store.db import open_store
from support import add_case_lead, add_record, entity_id, make_world


def _run(capsys, db: Path, user: str, *argv: str, case: bool = True) -> Any:  # type: ignore[no-untyped-def]
    extra = ["--case", "ZAAK-1", "--purpose", "cli"] if case else []
    code = main([*argv, "--db", str(db), "--as", user, *extra, "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_product_and_signal_from_the_command_line(tmp_path: Path, clock, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "raff.duckdb"
    store = open_store(db)
    make_world(store, clock)
    add_case_lead(store, clock, "lead2")
    add_record(
        store,
        reg_id="c1",
        entities=[("kees", "Person", {"givenName": "Kees", "surname": "Kok"})],
    )
    eid = entity_id(store, "src/Person/kees")
    store.close()
    made = _run(
        capsys, db, "analyst2", "product-new", "--title", "CLI-beeld", "--product-purpose", "Doel"
    )
    pid = made["product_id"]
    _run(capsys, db, "analyst2", "product-cite", pid, eid)
    _run(capsys, db, "analyst2", "product-submit", pid)
    # the author cannot issue it: one line, non-zero
    assert (
        main(
            [
                "product-review",
                pid,
                "--decision",
                "issue",
                "--db",
                str(db),
                "--as",
                "analyst2",
                "--case",
                "ZAAK-1",
                "--purpose",
                "cli",
            ]
        )
        == 1
    )
    assert "second person" in capsys.readouterr().err
    assert _run(capsys, db, "analyst3", "product-review", pid, "--decision", "issue") == "issued"
    out = tmp_path / "p.pdf"
    _run(capsys, db, "analyst3", "product-pdf", pid, "--out", str(out))
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Kok" in text and "analyst3" in text
    rid = _run(
        capsys,
        db,
        "fg",
        "recipient-add",
        "--organisation",
        "RIEC Oost",
        "--kind",
        "riec",
        case=False,
    )["recipient_id"]
    view = _run(capsys, db, "lead", "product-show", pid)
    nos = ",".join(str(f["no"]) for f in view["sections"][0]["facts"] if f["prop"] == "surname")
    sid = _run(
        capsys,
        db,
        "lead",
        "signal-draft",
        "--product",
        pid,
        "--recipient",
        rid,
        "--article",
        "Wpg 20",
        "--signal-purpose",
        "Bestuurlijke aanpak ondermijning",
        "--ground",
        "organised_crime",
        "--ground-facts",
        "Drugslab in loods, PV 2026-9",
        "--items",
        nos,
    )["signal_id"]
    assert (
        main(
            [
                "signal-sent",
                sid,
                "--db",
                str(db),
                "--as",
                "lead",
                "--case",
                "ZAAK-1",
                "--purpose",
                "cli",
            ]
        )
        == 1
    )
    capsys.readouterr()
    _run(capsys, db, "lead", "signal-agreement", sid, "--agreement", "OM-77")
    _run(capsys, db, "lead2", "signal-approve", sid)
    _run(capsys, db, "lead", "signal-sent", sid)
    register = _run(capsys, db, "fg", "provisions", case=False)
    assert register[0]["organisation"] == "RIEC Oost" and register[0]["approved_by"] == "lead2"
