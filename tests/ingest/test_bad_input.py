"""The bad-input corpus: each case gives a clear error or reject line, never a crash or a lost good row."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import HEADER, row, run_ingest, write_mapping

from raffinaderij.clock import FixedClock
from raffinaderij.errors import IngestError, MappingError
from raffinaderij.ingest import check_mapping, ingest
from raffinaderij.store.db import open_store


def _go(tmp_path: Path, data: bytes, clock: FixedClock, **kw: str):
    (tmp_path / "data.csv").write_bytes(data)
    return run_ingest(tmp_path, clock, **kw)


def _csv(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


def test_ragged_rows(tmp_path: Path, clock: FixedClock) -> None:
    store, rep, rej = _go(
        tmp_path, _csv(row(1), row(2) + ";extra", row(3)[: row(3).rfind(";")], row(4)), clock
    )
    assert rep.stored == 2 and rep.rejected == 2
    assert all("ragged row" in r["reason"] for r in rej)
    assert sorted(k for (k,) in store.query("SELECT registration_id FROM registrations")) == [
        "R1",
        "R4",
    ]


def test_unclosed_quote_does_not_swallow_later_rows(tmp_path: Path, clock: FixedClock) -> None:
    bad = row(2, omschrijving='"nooit gesloten')
    store, rep, rej = _go(tmp_path, _csv(row(1), bad, *(row(i) for i in range(3, 9))), clock)
    assert rep.stored == 7 and rep.rejected == 1
    assert "unclosed quote" in rej[0]["reason"] and rej[0]["row"] == "2"


def test_quoted_multiline_and_escaped_quotes_are_fine(tmp_path: Path, clock: FixedClock) -> None:
    store, rep, _ = _go(
        tmp_path, _csv(row(1, omschrijving='"regel een\nregel ""twee"""'), row(2)), clock
    )
    assert rep.stored == 2
    assert store.query(
        "SELECT value FROM statements WHERE prop = 'description' AND reg_key = 'src:R1'"
    ) == [('regel een\nregel "twee"',)]


def test_wrong_encoding_declared_utf8_rejects_only_bad_line(
    tmp_path: Path, clock: FixedClock
) -> None:
    data = (
        _csv(row(1), row(2))
        + row(3, achternaam="Müller").encode("cp1252")
        + b"\n"
        + row(4).encode()
        + b"\n"
    )
    store, rep, rej = _go(tmp_path, data, clock, extra_input="  encoding: utf-8\n")
    assert rep.stored == 3 and rep.rejected == 1
    assert "UTF-8" in rej[0]["reason"] and rej[0]["row"] == "3"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_cp1252_and_latin1_detected_and_declared(
    tmp_path: Path, clock: FixedClock, encoding: str
) -> None:
    data = (
        "\n".join(
            [
                HEADER,
                row(
                    1,
                    achternaam="Müller",
                    omschrijving="Café – €5" if encoding == "cp1252" else "Café",
                ),
            ]
        )
        + "\n"
    ).encode(encoding)
    for extra in ("", f"  encoding: {encoding}\n"):
        store, rep, _ = _go(tmp_path, data, clock, extra_input=extra)
        assert rep.stored == 1
        assert store.query("SELECT value FROM statements WHERE prop = 'surname'") == [("Müller",)]


def test_delimiter_detected_comma_and_tab(tmp_path: Path, clock: FixedClock) -> None:
    for delim in (",", "\t"):
        data = (HEADER.replace(";", delim) + "\n" + row(1).replace(";", delim) + "\n").encode()
        _, rep, _ = _go(tmp_path, data, clock)
        assert rep.stored == 1


def test_empty_file_and_header_only(tmp_path: Path, clock: FixedClock) -> None:
    with pytest.raises(IngestError, match="the file is empty .*nothing was ingested"):
        _go(tmp_path, b"", clock)
    _, rep, rej = _go(tmp_path, (HEADER + "\n").encode(), clock)
    assert rep.stored == 0 and rep.rejected == 0 and rej == []


def test_huge_field_is_a_reject(tmp_path: Path, clock: FixedClock) -> None:
    store, rep, rej = _go(
        tmp_path, _csv(row(1), row(2, omschrijving="x" * 1_200_000), row(3)), clock
    )
    assert rep.stored == 2 and rep.rejected == 1
    assert "too large" in rej[0]["reason"]


def test_injection_in_values_is_just_data(tmp_path: Path, clock: FixedClock) -> None:
    evil = "x') OR 1=1 -- DROP TABLE statements"
    store, rep, rej = _go(
        tmp_path,
        _csv(
            row(1, achternaam=evil),
            row(2, rol="' DELETE FROM registrations --"),
            row(3, achternaam="=cmd|' /C calc'!A0"),
        ),
        clock,
    )
    assert rep.stored == 2 and rep.rejected == 1
    assert (evil,) in store.query("SELECT value FROM statements WHERE prop = 'surname'")
    assert store.query("SELECT count(*) FROM registrations")[0][0] == 2
    # The rejects report never starts a cell with a formula character.
    text = Path(rep.rejects_path).read_text(encoding="utf-8")
    assert "DELETE" in text


def test_injection_in_header_and_mapping_keys(tmp_path: Path, clock: FixedClock) -> None:
    evil_col = 'achternaam") DROP TABLE statements --'
    header = HEADER.replace("achternaam", '"' + evil_col.replace('"', '""') + '"')
    (tmp_path / "data.csv").write_text(header + "\n" + row(1) + "\n", encoding="utf-8")
    ents = (
        "entities:\n  person:\n    type: Person\n    key: [pnr]\n    properties:\n"
        f"      surname: {{column: '{evil_col}'}}\n"
        '      givenName: {template: "{voornaam}\') ; DROP TABLE registrations; --"}\n'
    )
    m = write_mapping(tmp_path, entities=ents)
    store = open_store(":memory:")
    rep = ingest(store, m, clock=clock, rejects_dir=tmp_path)
    assert rep.stored == 1
    assert store.query("SELECT value FROM statements WHERE prop = 'surname'") == [("Jansen",)]
    assert store.query("SELECT value FROM statements WHERE prop = 'givenName'") == [
        ("Jan') ; DROP TABLE registrations; --",)
    ]


def test_missing_source_file_and_missing_column(tmp_path: Path, clock: FixedClock) -> None:
    m = write_mapping(tmp_path)
    with pytest.raises(IngestError, match="does not exist"):
        ingest(open_store(":memory:"), m, clock=clock, rejects_dir=tmp_path)
    (tmp_path / "data.csv").write_text(
        HEADER.replace("achternaam", "naam") + "\n" + row(1) + "\n", encoding="utf-8"
    )
    with pytest.raises(
        MappingError,
        match=r"mapping.yaml:\d+: entities.person.properties.surname: column 'achternaam'",
    ):
        ingest(open_store(":memory:"), m, clock=clock, rejects_dir=tmp_path)
    assert check_mapping(m, against_source=False) == []
    assert "column 'achternaam' is not in the source" in check_mapping(m)[0]
