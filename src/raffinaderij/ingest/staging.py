"""The staging tables a connector fills inside the ingest transaction.

`__raw`: one row per source record, every source column as VARCHAR, plus its file and row number.
`__pre`: statements a connector already knows (FtM entities, document mentions), keyed by row.
`__rej`: rows refused before mapping (unreadable lines, ragged rows, bad encoding).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

__all__ = [
    "FILE",
    "INTERNAL",
    "PREHASH",
    "ROW",
    "RawWriter",
    "create_pre",
    "create_rejects",
    "ident",
    "json_lines",
    "to_text",
]

FILE, ROW, PREHASH = "__file", "__row", "__prehash"
INTERNAL = frozenset({FILE, ROW, PREHASH})


def ident(name: str) -> str:
    """A SQL identifier, always quoted: mapping and header names are data, never SQL (injection)."""
    return '"' + name.replace('"', '""') + '"'


def to_text(value: Any) -> str | None:
    """Every source value becomes text; the mapping decides what it means."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def create_rejects(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE __rej (file VARCHAR, row_number BIGINT, field VARCHAR, reason VARCHAR)"
    )


def create_pre(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE __pre (__row BIGINT, entity_key VARCHAR, schema VARCHAR, "
        "prop VARCHAR, value VARCHAR, qualifier VARCHAR)"
    )


class RawWriter:
    """Appends record batches to __raw, widening it when a later batch brings new columns."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, *, batch_rows: int = 50_000) -> None:
        self.cur = cur
        self.columns: list[str] = []
        self.batch_rows = batch_rows
        self.rows = 0
        self._buf: list[dict[str, str | None]] = []
        self._file = ""
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE __raw ({ident(FILE)} VARCHAR, {ident(ROW)} BIGINT, {ident(PREHASH)} VARCHAR)"
        )

    def ensure_columns(self, names: Iterable[str]) -> None:
        for name in names:
            if name not in self.columns:
                if name in INTERNAL:
                    continue
                self.cur.execute(f"ALTER TABLE __raw ADD COLUMN {ident(name)} VARCHAR")
                self.columns.append(name)

    def add(
        self, file: str, row: int, values: dict[str, str | None], prehash: str | None = None
    ) -> None:
        rec: dict[str, str | None] = dict(values)
        rec[FILE] = file
        rec[ROW] = row  # type: ignore[assignment]
        rec[PREHASH] = prehash
        self._buf.append(rec)
        if len(self._buf) >= self.batch_rows:
            self.flush()

    def add_rows(
        self, file: str, first_row: int, header: Sequence[str], rows: Sequence[Sequence[str | None]]
    ) -> None:
        """A block of same-shaped rows (CSV, spreadsheets, SQL results), columnar and fast."""
        if not rows:
            return
        self.flush()
        self.ensure_columns(header)
        arrays: dict[str, pa.Array] = {
            FILE: pa.array([file] * len(rows), pa.string()),
            ROW: pa.array(range(first_row, first_row + len(rows)), pa.int64()),
        }
        for i, name in enumerate(header):
            if name in INTERNAL:
                continue
            arrays[name] = pa.array([r[i] if i < len(r) else None for r in rows], pa.string())
        self._insert(pa.table(arrays))
        self.rows += len(rows)

    def flush(self) -> None:
        if not self._buf:
            return
        names: dict[str, None] = {}
        for rec in self._buf:
            names.update(dict.fromkeys(rec))
        self.ensure_columns(n for n in names if n not in INTERNAL)
        arrays = {
            n: pa.array([rec.get(n) for rec in self._buf], pa.int64() if n == ROW else pa.string())
            for n in names
        }
        self._insert(pa.table(arrays))
        self.rows += len(self._buf)
        self._buf = []

    def _insert(self, table: pa.Table) -> None:
        self.cur.register("__batch", table)
        try:
            self.cur.execute("INSERT INTO __raw BY NAME SELECT * FROM __batch")
        finally:
            self.cur.unregister("__batch")


def json_lines(
    path: Path, label: str, rejects: list[tuple[str, int, str | None, str]]
) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """(row, line number, object) for each JSON object on its own line; blank lines are skipped,
    anything else becomes a reject naming the line (nothing is lost silently)."""
    row = 0
    with path.open("rb") as fh:
        for line_no, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            row += 1
            try:
                obj = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                rejects.append((label, row, None, f"not a JSON object: {exc} (line {line_no})"))
                continue
            if not isinstance(obj, dict):
                rejects.append((label, row, None, f"not a JSON object (line {line_no})"))
                continue
            yield row, line_no, obj
