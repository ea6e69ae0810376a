"""Streamed writers: rows go out chunk by chunk, nothing is held for the whole run."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["CsvSink", "NdjsonSink", "ParquetSink"]


class CsvSink:
    def __init__(
        self, path: Path, columns: list[str], *, encoding: str = "utf-8", delimiter: str = ","
    ) -> None:
        self.path = path
        self.columns = columns
        # cp1252 has every character our lists use; "replace" only guards against future edits
        self._fh = path.open("w", encoding=encoding, errors="replace", newline="")
        self._w = csv.writer(
            self._fh, delimiter=delimiter, lineterminator="\r\n" if encoding == "cp1252" else "\n"
        )
        self._w.writerow(columns)
        self.rows = 0

    def write(self, cols: dict[str, list[Any]]) -> None:
        data = [cols[c] for c in self.columns]
        self._w.writerows(zip(*data, strict=True))
        self.rows += len(data[0]) if data else 0

    def close(self) -> None:
        self._fh.close()


class ParquetSink:
    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.schema = schema
        self._w = pq.ParquetWriter(path, schema, compression="zstd")
        self.rows = 0

    def write(self, cols: dict[str, Any]) -> None:
        table = pa.table(
            {f.name: pa.array(cols[f.name], type=f.type) for f in self.schema}, schema=self.schema
        )
        if table.num_rows:
            self._w.write_table(table)
        self.rows += table.num_rows

    def close(self) -> None:
        self._w.close()


class NdjsonSink:
    def __init__(self, path: Path, columns: list[str]) -> None:
        self.path = path
        self.columns = columns
        self._fh = path.open("w", encoding="utf-8", newline="\n")
        self.rows = 0

    def write(self, cols: dict[str, list[Any]]) -> None:
        data = [cols[c] for c in self.columns]
        dumps = json.dumps
        keys = self.columns
        self._fh.writelines(
            dumps(dict(zip(keys, row, strict=True)), ensure_ascii=False) + "\n"
            for row in zip(*data, strict=True)
        )
        self.rows += len(data[0]) if data else 0

    def close(self) -> None:
        self._fh.close()
