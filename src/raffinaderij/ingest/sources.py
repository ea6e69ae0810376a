"""Connectors: each one lands its source in __raw (all text) inside the ingest transaction."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from raffinaderij.errors import IngestError
from raffinaderij.ingest.csvfile import land_csv
from raffinaderij.ingest.mapping import DOCUMENT_FORMATS, Mapping
from raffinaderij.ingest.staging import FILE, PREHASH, ROW, RawWriter, ident, json_lines, to_text

__all__ = ["Reject", "land", "source_columns", "source_label"]

Reject = tuple[str, int, str | None, str]  # file, row, field, reason
_BLOCK = 50_000


def source_label(mapping: Mapping) -> str:
    """How reject lines and reports name the source: the path as written in the mapping."""
    inp = mapping.input
    if inp.format == "postgres":
        return "postgres:query"
    return inp.pattern or str(inp.path)


def land(
    cur: duckdb.DuckDBPyConnection,
    mapping: Mapping,
    *,
    tmpdir: Path,
    rejects: list[Reject],
    limit: int | None = None,
) -> int:
    """Fill __raw (and __pre for FtM and documents); returns the number of records landed.
    With `limit` (a preview), about the first `limit` records only, read without reading the
    rest where the format allows it (documents and FtM land whole)."""
    inp = mapping.input
    fmt = inp.format
    label = source_label(mapping)
    if fmt in ("csv", "tsv"):
        assert inp.path is not None
        _exists(inp.path)
        return land_csv(
            cur,
            inp.path if limit is None else head_copy(inp.path, limit, tmpdir),
            display=label,
            encoding=inp.encoding,
            delimiter=inp.delimiter,
            tmpdir=tmpdir,
            rejects=rejects,
        )
    if fmt == "parquet":
        assert inp.path is not None
        return _parquet(cur, inp.path, label, limit)
    if fmt in ("json", "ndjson"):
        assert inp.path is not None
        return _json(cur, inp.path, label, ndjson=fmt == "ndjson", rejects=rejects, limit=limit)
    if fmt == "xlsx":
        assert inp.path is not None
        return _xlsx(cur, inp.path, label, sheet=inp.sheet, limit=limit)
    if fmt == "sqlite":
        assert inp.path is not None and inp.query is not None
        return _sqlite(cur, inp.path, label, inp.query, limit)
    if fmt == "postgres":
        assert inp.dsn is not None and inp.query is not None
        return _postgres(cur, inp.dsn, label, inp.query, limit)
    if fmt in DOCUMENT_FORMATS:
        from raffinaderij.ingest.documents import land_documents

        return land_documents(cur, mapping, rejects=rejects)
    if fmt == "ftm":
        from raffinaderij.ingest.ftm import land_ftm

        assert inp.path is not None
        return land_ftm(cur, inp.path, label, source=mapping.source, rejects=rejects)
    raise IngestError(f"{mapping.path}: input.format {fmt!r} has no connector")


def source_columns(mapping: Mapping) -> list[str] | None:
    """The columns the source has, read cheaply (a header, a schema, a query's description);
    None when the format has no fixed columns (documents, FtM, JSON) or cannot be asked offline."""
    inp = mapping.input
    if inp.path is None or inp.format not in ("csv", "tsv", "parquet", "xlsx", "sqlite"):
        return None
    _exists(inp.path)
    if inp.format in ("csv", "tsv"):
        from raffinaderij.ingest.csvfile import detect_dialect

        dialect = detect_dialect(inp.path, encoding=inp.encoding, delimiter=inp.delimiter)
        if dialect.empty:
            raise IngestError(f"{inp.path}: the file is empty (no header and no rows)")
        return list(dialect.header)
    if inp.format == "parquet":
        con = duckdb.connect(":memory:")
        try:
            desc = con.execute("DESCRIBE SELECT * FROM read_parquet($p)", {"p": str(inp.path)})
            return [str(r[0]) for r in desc.fetchall()]
        except duckdb.Error as exc:
            raise IngestError(f"{inp.path}: not a readable Parquet file: {exc}") from exc
        finally:
            con.close()
    from raffinaderij.ingest.csvfile import _clean_header

    if inp.format == "xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(inp.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise IngestError(f"{inp.path}: not a readable xlsx workbook: {exc}") from exc
        try:
            ws = book[inp.sheet] if inp.sheet in book.sheetnames else book.worksheets[0]
            first = next(ws.iter_rows(values_only=True), None) or ()
            return list(_clean_header([to_text(h) or "" for h in first]))
        finally:
            book.close()
    assert inp.query is not None
    try:
        con3 = sqlite3.connect(f"file:{inp.path}?mode=ro", uri=True)
        try:
            res = con3.execute(f"SELECT * FROM ({inp.query}) LIMIT 0")
            return list(_clean_header([d[0] for d in res.description or ()]))
        finally:
            con3.close()
    except sqlite3.Error as exc:
        raise IngestError(f"{inp.path}: the query failed: {exc}") from exc


def head_copy(path: Path, records: int, tmpdir: Path) -> Path:
    """The header and the first `records` records of a CSV file, bytes unchanged, in a copy: a
    line with an odd number of quotes opens (or closes) a field that spans lines."""
    out = tmpdir / f"head-{path.name}"
    seen, inside = -1, False  # the header is not a record
    with path.open("rb") as src, out.open("wb") as dst:
        for line in src:
            dst.write(line)
            if line.count(b'"') % 2:
                inside = not inside
            if not inside:
                seen += 1
                if seen >= records:
                    break
    return out


def _exists(path: Path) -> None:
    if not path.is_file():
        raise IngestError(f"{path}: the source file does not exist")


def _parquet(cur: duckdb.DuckDBPyConnection, path: Path, label: str, limit: int | None) -> int:
    _exists(path)
    try:
        desc = cur.execute("DESCRIBE SELECT * FROM read_parquet($p)", {"p": str(path)}).fetchall()
    except duckdb.Error as exc:
        raise IngestError(f"{path}: not a readable Parquet file: {exc}") from exc
    cols = []
    for name, ctype, *_ in desc:
        q = ident(str(name))
        nested = any(t in str(ctype) for t in ("STRUCT", "[]", "MAP", "UNION"))
        cols.append(f"CAST({'to_json(' + q + ')' if nested else q} AS VARCHAR) AS {q}")
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE __raw AS SELECT $label AS {ident(FILE)}, "
        f"file_row_number + 1 AS {ident(ROW)}, NULL::VARCHAR AS {ident(PREHASH)}, {', '.join(cols)} "
        "FROM read_parquet($p, file_row_number=true)"
        + ("" if limit is None else f" WHERE file_row_number < {int(limit)}"),
        {"label": label, "p": str(path)},
    )
    row = cur.execute("SELECT count(*) FROM __raw").fetchone()
    return int(row[0]) if row else 0


def _flat(obj: dict[str, Any]) -> dict[str, str | None]:
    """Top-level keys become columns; nested values stay JSON text (a mapping may template them)."""
    out: dict[str, str | None] = {}
    for k, v in obj.items():
        out[str(k)] = (
            json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else to_text(v)
        )
    return out


def _json(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    label: str,
    *,
    ndjson: bool,
    rejects: list[Reject],
    limit: int | None = None,
) -> int:
    _exists(path)
    writer = RawWriter(cur)
    if ndjson:
        for row, _, obj in json_lines(path, label, rejects):
            if limit is not None and row > limit:
                break
            writer.add(label, row, _flat(obj))
    else:
        try:
            with path.open("rb") as fh:
                data = json.load(fh)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise IngestError(f"{path}: not valid JSON: {exc}") from exc
        if isinstance(data, dict):
            # {"records": [...]} or similar: take the one list inside.
            lists = [v for v in data.values() if isinstance(v, list)]
            data = lists[0] if len(lists) == 1 else [data]
        if not isinstance(data, list):
            raise IngestError(f"{path}: expected a JSON array of objects")
        for row, obj in enumerate(data[:limit] if limit is not None else data, start=1):
            if not isinstance(obj, dict):
                rejects.append((label, row, None, "not a JSON object"))
                continue
            writer.add(label, row, _flat(obj))
    writer.flush()
    return writer.rows


def _xlsx(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    label: str,
    *,
    sheet: str | None,
    limit: int | None = None,
) -> int:
    _exists(path)
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise IngestError(f"{path}: not a readable xlsx workbook: {exc}") from exc
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise IngestError(f"{path}: no sheet {sheet!r}; it has {', '.join(book.sheetnames)}")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header_raw = next(rows, None)
        writer = RawWriter(cur)
        if header_raw is None:
            return 0
        from raffinaderij.ingest.csvfile import _clean_header

        header = _clean_header([to_text(h) or "" for h in header_raw])
        return _blocks(writer, label, header, ([to_text(v) for v in r] for r in rows), limit)
    finally:
        book.close()


def _blocks(
    writer: RawWriter,
    label: str,
    header: tuple[str, ...],
    rows: Iterator[list[str | None]],
    limit: int | None = None,
) -> int:
    writer.ensure_columns(header)
    block: list[list[str | None]] = []
    row = 0
    for values in rows if limit is None else itertools.islice(rows, limit):
        row += 1
        if all(v is None or v == "" for v in values):
            continue  # spreadsheets end in empty rows
        if not block:
            first = row
        block.append([v if v != "" else None for v in values])
        if len(block) >= _BLOCK:
            writer.add_rows(label, first, header, block)
            block = []
    if block:
        writer.add_rows(label, first, header, block)
    return writer.rows


def _sqlite(
    cur: duckdb.DuckDBPyConnection, path: Path, label: str, query: str, limit: int | None = None
) -> int:
    _exists(path)
    try:
        # Read-only URI: a mapping's query can never change the source database.
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise IngestError(f"{path}: cannot open the SQLite database: {exc}") from exc
    try:
        try:
            res = con.execute(query)
        except sqlite3.Error as exc:
            raise IngestError(f"{path}: the query failed: {exc}") from exc
        from raffinaderij.ingest.csvfile import _clean_header

        header = _clean_header([d[0] for d in res.description or ()])
        writer = RawWriter(cur)

        def rows() -> Iterator[list[str | None]]:
            while batch := res.fetchmany(_BLOCK):
                for r in batch:
                    yield [to_text(v) for v in r]

        return _blocks(writer, label, header, rows(), limit)
    finally:
        con.close()


def _postgres(
    cur: duckdb.DuckDBPyConnection, dsn: str, label: str, query: str, limit: int | None = None
) -> int:
    import psycopg

    from raffinaderij.ingest.csvfile import _clean_header

    try:
        con = psycopg.connect(dsn, autocommit=False)
    except psycopg.Error as exc:
        raise IngestError(f"cannot connect to PostgreSQL: {exc}") from exc
    try:
        # A read-only transaction: a mapping's query can never change the source.
        con.execute("SET TRANSACTION READ ONLY")
        with con.cursor(name="raff_ingest") as pg:
            try:
                pg.execute(query)
                first = pg.fetchmany(_BLOCK)
            except psycopg.Error as exc:
                raise IngestError(f"the PostgreSQL query failed: {exc}") from exc
            header = _clean_header([d.name for d in pg.description or ()])
            writer = RawWriter(cur)

            def rows() -> Iterator[list[str | None]]:
                batch = first
                while batch:
                    for r in batch:
                        yield [to_text(v) for v in r]
                    batch = pg.fetchmany(_BLOCK)

            return _blocks(writer, label, header, rows(), limit)
    finally:
        con.rollback()
        con.close()
