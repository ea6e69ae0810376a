"""A preview lands only the rows it shows (issue 13): the first N records of a CSV (a field that
spans lines included), a Parquet file, NDJSON and a JSON array — not the whole source first."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from ingest import ingest_helpers
from raffinaderij.ingest.preview import preview_mapping
from raffinaderij.ingest.sources import head_copy
from raffinaderij.store.db import open_store
from support import NOW


def _rows(n: int) -> list[str]:
    return [ingest_helpers.row(i) for i in range(1, n + 1)]


def test_a_csv_preview_lands_the_first_records_only(tmp_path: Path) -> None:
    spanning = ingest_helpers.row(2, omschrijving='"eerste regel\ntweede regel ""citaat"""')
    lines = [ingest_helpers.HEADER, ingest_helpers.row(1), spanning, *_rows(5000)[2:]]
    (tmp_path / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = ingest_helpers.write_mapping(tmp_path)
    store = open_store(":memory:")
    shown = preview_mapping(store, mapping, rows=3, now=NOW)
    assert shown.rows_landed == 3 and [r.row for r in shown.rows] == [1, 2, 3]
    assert not any(r.refused for r in shown.rows)  # the spanning field was copied whole
    head = head_copy(tmp_path / "data.csv", 2, tmp_path)
    assert head.read_text(encoding="utf-8") == "\n".join(lines[:3]) + "\n"
    store.close()


def test_parquet_and_json_previews_land_the_first_records_only(tmp_path: Path) -> None:
    header = ingest_helpers.HEADER.split(";")
    records = [dict(zip(header, r.split(";"), strict=True)) for r in _rows(2000)]
    (tmp_path / "data.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "data.ndjson").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT * FROM read_json('{tmp_path / 'data.ndjson'}', format='newline_delimited',"
        " columns={" + ", ".join(f"'{h}': 'VARCHAR'" for h in header) + "}))"
        f" TO '{tmp_path / 'data.parquet'}' (FORMAT parquet)"
    )
    con.close()
    store = open_store(":memory:")
    for fmt in ("parquet", "json", "ndjson"):
        mapping = ingest_helpers.write_mapping(tmp_path, fmt=fmt, path=f"data.{fmt}")
        shown = preview_mapping(store, mapping, rows=4, now=NOW)
        assert shown.rows_landed == 4, fmt
        assert len(shown.rows) == 4 and not any(r.refused for r in shown.rows), fmt
    store.close()
