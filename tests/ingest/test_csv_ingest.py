from __future__ import annotations

import csv
from pathlib import Path

from ingest_helpers import HEADER, row, write_mapping

from raffinaderij.clock import FixedClock
from raffinaderij.ingest import ingest
from raffinaderij.store.db import open_store


def _run(tmp_path: Path, lines: list[str] | bytes, clock: FixedClock, **kw: str):
    data = tmp_path / "data.csv"
    if isinstance(lines, bytes):
        data.write_bytes(lines)
    else:
        data.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    store = open_store(":memory:")
    m = write_mapping(tmp_path, **kw)
    return store, ingest(store, m, clock=clock, rejects_dir=tmp_path / "rej")


def _rejects(report) -> list[dict[str, str]]:
    if report.rejects_path is None:
        return []
    with open(report.rejects_path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_law01_three_bad_rows_land_in_rejects_rest_stored(
    tmp_path: Path, clock: FixedClock
) -> None:
    lines = [row(i) for i in range(1, 8)]
    lines[1] = row(2, basis="12")  # Wpg 12: informants never ingested
    lines[3] = row(4, niveau="")  # missing level
    lines[5] = row(6, rol="bystander")
    store, rep = _run(tmp_path, lines, clock)
    assert (rep.rows_read, rep.stored, rep.rejected) == (7, 4, 3)
    rej = _rejects(rep)
    assert [r["row"] for r in rej] == ["2", "4", "6"]
    assert "12" in rej[0]["reason"] and rej[0]["field"] == "basis"
    assert rej[1]["field"] == "niveau" and "missing" in rej[1]["reason"]
    assert store.query("SELECT count(*) FROM registrations")[0][0] == 4
    assert store.query("SELECT count(*) FROM rejects WHERE batch_id = ?", [rep.batch_id])[0][0] == 3
    b = store.query("SELECT rows_read, rows_stored, rows_rejected, status FROM batches")
    assert b == [(7, 4, 3, "complete")]


def test_statements_shape_and_links(tmp_path: Path, clock: FixedClock) -> None:
    store, rep = _run(tmp_path, [row(1, gebdat="1980-04-03")], clock)
    got = set(
        store.query("SELECT reg_key, entity_key, schema, prop, value, qualifier FROM statements")
    )
    assert ("src:R1", "src/Person/P1", "Person", "birthDate", "1980-04-03", None) in got
    assert ("src:R1", "src/Person/P1", "Person", "involvedIn", "src/Incident/R1", "suspect") in got
    assert rep.entities_by_type == {"Person": 1, "Incident": 1}


def test_dates_in_five_formats(tmp_path: Path, clock: FixedClock) -> None:
    dates = ["03-04-1980", "1980-04-03", "03/04/1980", "19800403", "03.04.1980", "1980/13/45"]
    store, rep = _run(tmp_path, [row(i, gebdat=d) for i, d in enumerate(dates, start=1)], clock)
    assert rep.stored == 5 and rep.rejected == 1
    vals = {v for (v,) in store.query("SELECT value FROM statements WHERE prop = 'birthDate'")}
    assert vals == {"1980-04-03"}
    assert "1980/13/45" in _rejects(rep)[0]["reason"]


def test_confidential_and_covert_codes_are_stored(tmp_path: Path, clock: FixedClock) -> None:
    store, rep = _run(
        tmp_path,
        [
            row(1, vertr="V", heimelijk="interception"),
            row(2, heimelijk="Observation"),
            row(3, heimelijk="tap"),
        ],
        clock,
    )
    regs = dict(
        store.query(
            "SELECT registration_id, confidentiality || '/' || coalesce(covert, '') FROM registrations"
        )
    )
    assert regs == {"R1": "V/interception", "R2": "N/observation"}
    assert rep.rejected == 1 and "LAW-14" in _rejects(rep)[0]["reason"]


def test_rerun_is_idempotent_and_change_is_alteration(tmp_path: Path, clock: FixedClock) -> None:
    store, rep = _run(tmp_path, [row(1), row(2)], clock)
    m = tmp_path / "mapping.yaml"
    before = store.query("SELECT * FROM statements ORDER BY ALL")
    again = ingest(store, m, clock=clock, rejects_dir=tmp_path)
    assert (again.stored, again.altered, again.unchanged) == (0, 0, 2)
    assert store.query("SELECT * FROM statements ORDER BY ALL") == before
    (tmp_path / "data.csv").write_text(
        "\n".join([HEADER, row(1, achternaam="Janssen"), row(2)]) + "\n", encoding="utf-8"
    )
    third = ingest(store, m, clock=clock, rejects_dir=tmp_path)
    assert (third.stored, third.altered, third.unchanged) == (0, 1, 1)
    assert third.altered_keys == ["src:R1"]
    assert store.query(
        "SELECT value FROM statements WHERE reg_key = 'src:R1' AND prop = 'surname'"
    ) == [("Janssen",)]
    assert store.query("SELECT count(*) FROM registrations")[0][0] == 2
    assert store.query("SELECT reg_key FROM registration_alterations") == [("src:R1",)]


def test_duplicate_registration_id_in_batch_is_refused(tmp_path: Path, clock: FixedClock) -> None:
    store, rep = _run(tmp_path, [row(1), row(1, achternaam="X")], clock)
    assert rep.stored == 1 and rep.rejected == 1
    assert "duplicate" in _rejects(rep)[0]["reason"]


def test_future_first_processing_date_refused(tmp_path: Path, clock: FixedClock) -> None:
    store, rep = _run(tmp_path, [row(1, datum="01-01-2030"), row(2)], clock)
    assert rep.stored == 1 and "future" in _rejects(rep)[0]["reason"]
