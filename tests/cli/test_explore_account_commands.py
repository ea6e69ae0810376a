"""The commands added after the registry landed: `raff timeline` and `raff map` (of entities or of
the case), and the privacy officer's `raff access extend|withhold|pdf` and `raff report
supervisor|algorithm` — each through its service, JSON out, audited like the pages."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

from raffinaderij.cli.main import main
from raffinaderij.store.db import open_store
from support import add_record, entity_id, make_world


def _raff(capsys: pytest.CaptureFixture[str], db: Path, user: str, *argv: str) -> object:
    code = main([*argv, "--db", str(db), "--as", user, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out
    return out


def test_timeline_and_map_of_an_entity_and_of_the_case(
    tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RAFF_TODAY", clock().date().isoformat())
    db = tmp_path / "raff.duckdb"
    store = open_store(db)
    make_world(store, clock)
    add_record(
        store,
        reg_id="inc1",
        case_id="ZAAK-1",
        basis=9,
        entities=[
            ("p1", "Person", {"givenName": "Jan", "surname": "Tijdlijn"}),
            (
                "i1",
                "Incident",
                {
                    "date": "2026-05-02",
                    "incidentCode": "B10",
                    "latitude": "52.09",
                    "longitude": "5.12",
                },
            ),
        ],  # fmt: skip
        links=[("p1", "involvedIn", "i1", "suspect")],
    )
    person = entity_id(store, "src/Person/p1")
    store.close()
    case = ("--case", "ZAAK-1", "--purpose", "tijdlijn bekijken")
    events = _raff(capsys, db, "analyst1", "timeline", person, *case)
    assert isinstance(events, dict)
    assert [e["date"] for e in events["events"] if e["kind"] == "incident"] == ["2026-05-02"]
    of_case = _raff(capsys, db, "analyst1", "timeline", *case)
    assert isinstance(of_case, dict) and of_case["total"] >= 1
    places = _raff(capsys, db, "analyst1", "map", person, *case)
    assert isinstance(places, dict)
    assert [(p["lat"], p["lon"]) for p in places["places"]] == [(52.09, 5.12)]


def test_the_privacy_officer_postpones_withholds_and_writes_the_answer(
    tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RAFF_TODAY", clock().date().isoformat())
    db = tmp_path / "raff.duckdb"
    store = open_store(db)
    make_world(store, clock)
    add_record(
        store,
        reg_id="r1",
        entities=[("p1", "Person", {"givenName": "Anna", "surname": "Inzage",
                                    "birthDate": "1970-01-02"})],
    )  # fmt: skip
    store.close()
    request = _raff(capsys, db, "fg", "access", "register", "--given-name", "Anna",
                    "--surname", "Inzage", "--birth-date", "1970-01-02",
                    "--identity-check", "paspoort aan de balie")  # fmt: skip
    assert isinstance(request, dict)
    rid = request["request_id"]
    later = _raff(capsys, db, "fg", "access", "extend", rid, "--weeks", "4", "--reason", "drukte")
    assert isinstance(later, dict) and later["extended_until"] > request["deadline"]
    pdf = tmp_path / "antwoord.pdf"
    written = _raff(capsys, db, "fg", "access", "pdf", rid, "--out", str(pdf))
    assert isinstance(written, dict) and pdf.read_bytes().startswith(b"%PDF")
    code = main(["access", "withhold", rid, "src:r1", "--ground", "z", "--reason", "x",
                 "--db", str(db), "--as", "fg", "--json"])  # fmt: skip
    assert code == 1 and "ground" in json.loads(capsys.readouterr().out)["error"]
    report = _raff(capsys, db, "fg", "report", "supervisor")
    assert isinstance(report, dict) and "thresholds" in report
    sr = tmp_path / "toezicht.pdf"
    written = _raff(capsys, db, "fg", "report", "supervisor", "--pdf", str(sr), "--lang", "en")
    assert isinstance(written, dict) and written["bytes"] == sr.stat().st_size
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(sr).pages)
    assert "Fg (fg)" in text and "THEMA-1" in text
    # the register entry describes the approved model: without one it says so, in one line
    code = main(["report", "algorithm", "--db", str(db), "--as", "fg", "--json"])
    assert (
        code == 1 and "no approved matching model" in json.loads(capsys.readouterr().out)["error"]
    )
