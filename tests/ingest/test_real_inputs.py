"""Real inputs as a new user brings them (issue 15): each case with its landed and refused
counts and the message shown."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import duckdb
import pytest
from ingest_helpers import HEADER, row, run_ingest, write_mapping

from raffinaderij.cli.main import main
from raffinaderij.clock import FixedClock
from raffinaderij.errors import IngestError
from raffinaderij.ingest import check_mapping, csvfile
from raffinaderij.store.db import Store, open_store


def _go(folder: Path, clock: FixedClock, store: Store | None = None, **kw: str):
    return run_ingest(folder, clock, store, **kw)


def _write(path: Path, *lines: str) -> None:
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")


def test_a_renamed_input_file_alters_nothing(tmp_path: Path, clock: FixedClock) -> None:
    _write(tmp_path / "export-maart.csv", row(1), row(2))
    store, first, _ = _go(tmp_path, clock, path="export-maart.csv")
    (tmp_path / "export-maart.csv").rename(tmp_path / "export-april.csv")
    _, again, _ = _go(tmp_path, clock, store, path="export-april.csv")
    assert (first.stored, again.stored, again.altered, again.unchanged) == (2, 0, 0, 2)


def test_nul_and_control_characters_are_stripped(tmp_path: Path, clock: FixedClock) -> None:
    _write(tmp_path / "data.csv", row(1, achternaam="Jan\x00sen\x07", omschrijving="a\tb\x1b"))
    store, rep, _ = _go(tmp_path, clock)
    assert (rep.stored, rep.rejected) == (1, 0)
    got = dict(
        store.query("SELECT prop, value FROM statements WHERE prop IN ('surname', 'description')")
    )
    assert got == {"surname": "Jansen", "description": "a\tb"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            gzip.compress(b"a;b\n1;2\n", mtime=0),
            "this is a gzip-compressed file (unpack it first), not CSV text",
        ),
        (b"PAR1" + b"\x00" * 100, "this is a Parquet file (use format: parquet), not CSV text"),
        (b"PK\x03\x04" + b"\x00" * 100, "this is a ZIP archive or an xlsx/docx file"),
        (bytes(range(256)) * 40, "this is a binary file, not CSV text"),
    ],
    ids=["gzip", "parquet", "zip", "binary"],
)
def test_a_file_of_another_kind_is_refused_in_one_line(
    content: bytes, message: str, tmp_path: Path, clock: FixedClock
) -> None:
    (tmp_path / "data.csv").write_bytes(content)
    with pytest.raises(IngestError, match=re.escape(message)) as exc:
        _go(tmp_path, clock)
    assert "\n" not in str(exc.value)


def test_a_parquet_file_through_the_cli_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    duckdb.sql("SELECT 1 AS a").write_parquet(str(tmp_path / "data.csv"))
    write_mapping(tmp_path)
    code = main(["mapping-check", str(tmp_path / "mapping.yaml")])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "Parquet file" in err


def test_an_empty_file_is_refused_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FixedClock
) -> None:
    (tmp_path / "data.csv").write_bytes(b"")
    store = open_store(":memory:")
    with pytest.raises(IngestError, match="the file is empty"):
        _go(tmp_path, clock, store)
    assert store.query("SELECT count(*) FROM batches") == [(0,)]  # nothing recorded either
    code = main(["mapping-check", str(tmp_path / "mapping.yaml")])
    assert code == 1 and "the file is empty" in capsys.readouterr().err


def test_one_bad_line_keeps_the_fast_reader_and_the_record_numbers(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def careful(*_: object, **__: object) -> int:
        raise AssertionError("the careful reader ran for a file DuckDB read whole")

    monkeypatch.setattr(csvfile, "_careful", careful)
    lines = [row(i, basis="12" if i == 6 else "8") for i in range(1, 9)]
    lines[1] += ";extra"  # record 2 ragged
    lines[3] = lines[3][: lines[3].rfind(";")]  # record 4 ragged
    _write(tmp_path / "data.csv", *lines, row(1))  # record 9 repeats id R1
    store, rep, rej = _go(tmp_path, clock)
    assert (rep.rows_read, rep.stored, rep.rejected) == (9, 5, 4)
    assert [(r["row"], r["reason"].split(":")[0]) for r in rej] == [
        ("2", "ragged row"),
        ("4", "ragged row"),
        ("6", "legal basis 12 (informants) is never ingested (Wpg 12, LAW-01)"),
        ("9", "duplicate registration id R1 in this batch (first at row 1)"),
    ]
    assert rej[0]["reason"] == "ragged row: 13 fields where the header has 12 (line 3)"


def test_many_bad_lines_keep_every_record_number(tmp_path: Path, clock: FixedClock) -> None:
    """Ragged lines all through a file of several row groups: each later reject still names
    its own record (the good rows' numbers are shifted past every bad line before them)."""
    n = 140_000
    ragged = set(range(50, n + 1, 997))
    informant = set(range(3, n + 1, 1009)) - ragged
    lines = [row(i, basis="12" if i in informant else "8") for i in range(1, n + 1)]
    for i in ragged:
        lines[i - 1] += ";extra"
    _write(tmp_path / "data.csv", *lines)
    _, rep, rej = _go(tmp_path, clock)
    assert (rep.rows_read, rep.rejected) == (n, len(ragged) + len(informant))
    assert sorted(int(r["row"]) for r in rej if r["reason"].startswith("ragged")) == sorted(ragged)
    assert sorted(int(r["row"]) for r in rej if "basis 12" in r["reason"]) == sorted(informant)


def test_an_unclosed_quote_still_loses_nothing(tmp_path: Path, clock: FixedClock) -> None:
    _write(tmp_path / "data.csv", row(1), row(2, omschrijving='"open'), row(3), row(4))
    _, rep, rej = _go(tmp_path, clock)
    assert (rep.stored, rep.rejected) == (3, 1) and "unclosed quote" in rej[0]["reason"]


def test_mapping_check_reads_the_source_columns_and_needs_no_account(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data.csv").write_text(HEADER.replace("omschrijving", "oms") + "\n" + row(1) + "\n")
    mapping = write_mapping(tmp_path)
    problems = check_mapping(mapping)
    assert len(problems) == 1
    assert (
        "entities.incident.properties.description: column 'omschrijving' is not in the source data.csv"
        in problems[0]
    )
    code = main(["mapping-check", str(mapping)])  # no --as, no store
    assert code == 1 and "column 'omschrijving' is not in the source" in capsys.readouterr().err
    _write(tmp_path / "data.csv", row(1))
    assert main(["mapping-check", str(mapping), "--json"]) == 0
