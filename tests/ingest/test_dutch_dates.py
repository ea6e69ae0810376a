"""Dates the Dutch way: month names, two-digit years only with a pivot, partial dates kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import ENTITIES, HEADER, row, write_mapping

from raffinaderij.clock import FixedClock
from raffinaderij.errors import MappingError
from raffinaderij.ingest import ingest, load_mapping
from raffinaderij.store.db import open_store

FORMATS = '["%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%Y%m%d"]'


def _ingest(
    tmp_path: Path, clock: FixedClock, dates: list[str], formats: str = FORMATS, pivot: str = ""
):
    lines = [HEADER, *(row(i, gebdat=d) for i, d in enumerate(dates, 1))]
    (tmp_path / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    spec = f"{{column: gebdat, format: {formats}{pivot}}}"
    entities = ENTITIES.replace(
        'birthDate: {column: gebdat, format: ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d.%m.%Y"]}',
        f"birthDate: {spec}",
    )
    store = open_store(":memory:")
    rep = ingest(
        store, write_mapping(tmp_path, entities=entities), clock=clock, rejects_dir=tmp_path
    )
    got = dict(
        store.query(
            "SELECT r.registration_id, s.value FROM statements s JOIN registrations r USING (reg_key) "
            "WHERE s.prop = 'birthDate'"
        )
    )
    return rep, [got.get(f"R{i}") for i in range(1, len(dates) + 1)]


def test_dutch_month_names_and_abbreviations(tmp_path: Path, clock: FixedClock) -> None:
    rep, got = _ingest(
        tmp_path,
        clock,
        [
            "3 februari 1980",
            "7 juni 1965",
            "1 mrt 1990",
            "2 okt. 2001",
            "9 Mei 1977",
            "4 March 1950",
        ],
    )
    assert rep.rejected == 0
    assert got == [
        "1980-02-03",
        "1965-06-07",
        "1990-03-01",
        "2001-10-02",
        "1977-05-09",
        "1950-03-04",
    ]


def test_a_two_digit_year_is_never_read_as_the_year_52(tmp_path: Path, clock: FixedClock) -> None:
    rep, got = _ingest(tmp_path, clock, ["19-12-52", "19-12-1952"])
    assert (rep.stored, rep.rejected) == (1, 1)
    assert got == [None, "1952-12-19"]


def test_two_digit_years_need_a_declared_pivot(tmp_path: Path, clock: FixedClock) -> None:
    with pytest.raises(MappingError, match=r"two-digit year \(%y\) is ambiguous: declare pivot"):
        _ingest(tmp_path, clock, ["19-12-52"], formats='["%d-%m-%y"]')
    rep, got = _ingest(
        tmp_path,
        clock,
        ["19-12-52", "01-01-29", "01-01-30"],
        formats='["%d-%m-%y"]',
        pivot=", pivot: 1930",
    )
    assert rep.rejected == 0 and got == ["1952-12-19", "2029-01-01", "1930-01-01"]


def test_partial_dates_are_kept_with_their_precision(tmp_path: Path, clock: FixedClock) -> None:
    rep, got = _ingest(
        tmp_path,
        clock,
        [
            "00000000",
            "19650000",
            "19650300",
            "1965",
            "03-1965",
            "1965-03",
            "00-03-1965",
            "00-00-1965",
            "juni 1965",
        ],
        formats='["%d-%m-%Y", "%Y%m%d", "%B %Y"]',
    )
    assert rep.rejected == 0
    # wholly unknown: no statement; otherwise ISO text of the precision the source has
    assert got == [
        None,
        "1965",
        "1965-03",
        "1965",
        "1965-03",
        "1965-03",
        "1965-03",
        "1965",
        "1965-06",
    ]


def test_not_a_date_is_still_refused_naming_the_formats(tmp_path: Path, clock: FixedClock) -> None:
    rep, got = _ingest(tmp_path, clock, ["31-02-1980", "gisteren", "12"], formats='["%d-%m-%Y"]')
    assert (rep.stored, rep.rejected) == (0, 3)


def test_pivot_is_validated(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text(HEADER + "\n", encoding="utf-8")
    bad = ENTITIES.replace("surname: achternaam", "surname: {column: achternaam, pivot: 1930}")
    with pytest.raises(MappingError, match="pivot: only with format"):
        load_mapping(write_mapping(tmp_path, entities=bad))
