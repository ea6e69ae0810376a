"""The bad-input corpus (issue 15), one table: every case a new user met, with the rows that land,
the rows refused and the message shown. A case whose file is refused whole gives its error."""

from __future__ import annotations

import gzip
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from ingest_helpers import ENTITIES, HEADER, REGISTRATION, row, run_ingest

from raffinaderij.clock import FixedClock
from raffinaderij.errors import IngestError, MappingError


def _csv(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


def _parquet() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "x.parquet"
        duckdb.connect().execute(f"COPY (SELECT 1 AS a) TO '{target}' (FORMAT parquet)")
        return target.read_bytes()


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    landed: int = 0
    rejected: int = 0
    message: str = ""  # in the first reject's reason, or in the error
    error: type[Exception] | None = None
    mapping: dict[str, str] = field(default_factory=dict)


FULL_GEBDAT = '["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d.%m.%Y"]'


def _gebdat(formats: str) -> dict[str, str]:
    return {"entities": ENTITIES.replace(FULL_GEBDAT, formats)}


CASES = [
    Case("unknown confidentiality code", _csv(row(1), row(2, vertr="confidential")), 1, 1,
         "confidentiality: confidential is not a known code (N, V)"),
    Case("translated code", _csv(row(1, vertr="confidential")), 1, 0, "",
         mapping={"registration": REGISTRATION.replace("confidentiality: vertr", "confidentiality: {column: vertr, values: {confidential: V}}")}),
    Case("unknown role", _csv(row(1, rol="dader")), 0, 1, "role: dader is not a known code"),
    Case("unknown covert tag", _csv(row(1, heimelijk="tap")), 0, 1, "covert: tap is not a known code"),
    Case("basis 12", _csv(row(1), row(2, basis="12")), 1, 1, "legal basis 12 (informants) is never ingested"),
    Case("missing level", _csv(row(1, niveau="")), 0, 1, "missing authorisation level"),
    Case("level 5", _csv(row(1, niveau="5")), 0, 1, "level: 5 is not a known code (1, 2, 3, 4)"),
    Case("future first-processing date", _csv(row(1, datum="01-01-2030")), 0, 1, "lies in the future"),
    Case("ragged row", _csv(row(1), row(2) + ";x"), 1, 1, "ragged row: 13 fields where the header has 12 (line 3)"),
    Case("unclosed quote", _csv(row(1), row(2, omschrijving='"open'), row(3)), 2, 1, "unclosed quote"),
    Case("invalid UTF-8 with utf-8 declared", _csv(row(1)) + (row(2, achternaam="J\xe9").encode("latin-1") + b"\n"), 1, 1,
         "not valid UTF-8 text", mapping={"extra_input": "  encoding: utf-8\n"}),
    Case("duplicate registration id", _csv(row(1), row(1)), 1, 1, "duplicate registration id R1 in this batch (first at row 1)"),
    Case("NUL bytes are stripped", _csv(row(1, achternaam="Jan\x00sen")), 1, 0),
    Case("header only", _csv(), 0, 0),
    Case("empty file", b"", error=IngestError, message="the file is empty (no header and no rows); nothing was ingested"),
    Case("gzip given to a CSV mapping", gzip.compress(_csv(row(1)), mtime=0), error=IngestError, message="this is a gzip-compressed file"),
    Case("Parquet given to a CSV mapping", _parquet(), error=IngestError, message="this is a Parquet file (use format: parquet)"),
    Case("binary given to a CSV mapping", bytes(range(256)) * 64, error=IngestError, message="this is a binary file, not CSV text"),
    Case("Dutch month name", _csv(row(1, gebdat="7 juni 1965")), 1, 0, mapping=_gebdat('["%d-%m-%Y", "%d %B %Y"]')),
    Case("two-digit year read as year 52", _csv(row(1, gebdat="19-12-52")), 0, 1, "not a date in the formats %d-%m-%Y",
         mapping=_gebdat('["%d-%m-%Y"]')),
    Case("two-digit year format without pivot", _csv(row(1)), error=MappingError, message="declare pivot:",
         mapping=_gebdat('["%d-%m-%y"]')),
    Case("partial dates kept", _csv(row(1, gebdat="00000000"), row(2, gebdat="19650000")), 2, 0),
    Case("not a date", _csv(row(1, gebdat="gisteren")), 0, 1, "not a date in the formats"),
    Case("huge field", _csv(row(1, omschrijving="x" * 1_100_000)), 0, 1, "too large"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus(case: Case, tmp_path: Path, clock: FixedClock) -> None:
    (tmp_path / "data.csv").write_bytes(case.data)
    if case.error is not None:
        with pytest.raises(case.error, match=re.escape(case.message)):
            run_ingest(tmp_path, clock, **case.mapping)
        return
    store, rep, rej = run_ingest(tmp_path, clock, **case.mapping)
    assert (rep.stored, rep.rejected) == (case.landed, case.rejected), rej
    assert len({r["row"] for r in rej}) == rep.rejected  # the counts and the report agree
    if case.message:
        assert case.message in rej[0]["reason"]
    stored = store.query("SELECT count(*) FROM registrations")[0][0]
    assert stored == case.landed
    assert not store.query("SELECT value FROM statements WHERE contains(value, chr(0))")
