"""CSV/TSV: detect encoding and delimiter, read with DuckDB, fall back to a careful reader.

The fast path hands the file to DuckDB's reader. Bad lines it reports without losing the lines
after them (ragged rows, invalid encoding) become rejects and the good rows stay as read, so one
bad line does not slow the rest. Only an error that may swallow later lines (an unclosed quote,
an over-long line) sends the file to a careful line-based reader that refuses exactly the bad
records and keeps every good one. A file that is not text at all is refused in one line.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import duckdb

from raffinaderij.errors import IngestError
from raffinaderij.ingest.staging import FILE, INTERNAL, PREHASH, ROW, RawWriter, ident

__all__ = ["CsvDialect", "detect_dialect", "land_csv"]

MAX_RECORD_BYTES = 16 * 1024 * 1024
MAX_FIELD_CHARS = 1_000_000
MAX_QUOTED_LINES = 200  # a quoted value spanning more lines than this is an unclosed quote
_CANDIDATES = (",", ";", "\t", "|")
_CHUNK = 4 * 1024 * 1024
# DuckDB errors after which later lines may be lost inside the bad one: read carefully instead.
_SWALLOWING = frozenset({"UNQUOTED VALUE", "LINE SIZE OVER MAXIMUM", "INVALID STATE", "CAST"})
# Leading bytes of files that are not delimited text (a wrong input.format is a common slip).
_MAGIC = (
    (b"PAR1", "a Parquet file (use format: parquet)"),
    (b"\x1f\x8b", "a gzip-compressed file (unpack it first)"),
    (b"PK\x03\x04", "a ZIP archive or an xlsx/docx file (use format: xlsx or docx, or unpack it)"),
    (b"%PDF", "a PDF document (use format: pdf)"),
    (b"SQLite format 3\x00", "an SQLite database (use format: sqlite)"),
    (b"BZh", "a bzip2-compressed file (unpack it first)"),
    (b"\xfd7zXZ\x00", "an xz-compressed file (unpack it first)"),
)

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class CsvDialect:
    encoding: str  # utf-8 | cp1252 | latin-1
    delimiter: str
    header: tuple[str, ...]
    empty: bool = False


def _detect_encoding(path: Path) -> str:
    """UTF-8 when the whole file decodes as UTF-8; else cp1252, or latin-1 for bytes cp1252 lacks."""
    dec = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            try:
                dec.decode(chunk)
            except UnicodeDecodeError:
                break
        else:
            try:
                dec.decode(b"", final=True)
                return "utf-8"
            except UnicodeDecodeError:
                pass
    cp = codecs.getincrementaldecoder("cp1252")()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            try:
                cp.decode(chunk)
            except UnicodeDecodeError:
                return "latin-1"
    return "cp1252"


def _clean_header(raw: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for i, name in enumerate(raw):
        name = name.strip().lstrip("\ufeff").strip() or f"column{i + 1}"
        base, n = name, 2
        while name in out or name in INTERNAL:
            name = f"{base}_{n}"
            n += 1
        out.append(name)
    return tuple(out)


def detect_dialect(
    path: Path, *, encoding: str | None = None, delimiter: str | None = None
) -> CsvDialect:
    """Encoding and delimiter (declared ones win) and the header row."""
    if not path.is_file():
        raise IngestError(f"{path}: the source file does not exist")
    with path.open("rb") as fh:
        head = fh.read(256 * 1024)
    _refuse_binary(path, head)
    enc = encoding or _detect_encoding(path)
    text = head.decode(enc, errors="replace").lstrip("\ufeff")
    if not text.strip():
        return CsvDialect(enc, delimiter or ",", (), empty=True)
    lines = text.splitlines()
    if len(head) == 256 * 1024 and len(lines) > 1:
        lines = lines[:-1]  # the last sampled line may be cut off
    lines = [ln for ln in lines[:60] if ln.strip()]
    if delimiter is None:
        best, best_score = ",", (-1.0, 0)
        for cand in _CANDIDATES:
            widths = [len(next(csv.reader([ln], delimiter=cand), [])) for ln in lines]
            if not widths or widths[0] < 2:
                continue
            agree = sum(1 for w in widths if w == widths[0]) / len(widths)
            score = (agree, widths[0])
            if score > best_score:
                best, best_score = cand, score
        delimiter = best
    header = next(csv.reader([lines[0]], delimiter=delimiter), [])
    return CsvDialect(enc, delimiter, _clean_header(header))


def _refuse_binary(path: Path, head: bytes) -> None:
    """A CSV mapping pointed at another kind of file: one clear line, never a traceback."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise IngestError(f"{path}: this is {what}, not CSV text; nothing was ingested")
    sample = head[:65536]
    control = sum(sample.count(c) for c in (*range(0, 9), *range(14, 32)))
    if sample and control > len(sample) // 20:
        raise IngestError(
            f"{path}: this is a binary file, not CSV text ({control} control bytes in its "
            f"first {len(sample)}); nothing was ingested"
        )


def _utf8_copy(path: Path, encoding: str, tmpdir: Path) -> Path:
    """DuckDB reads UTF-8 (and latin-1); cp1252 is transcoded here in bounded chunks."""
    out = tmpdir / (path.stem + ".utf8.csv")
    dec = codecs.getincrementaldecoder(encoding)(errors="replace")
    with path.open("rb") as src, out.open("wb") as dst:
        while chunk := src.read(_CHUNK):
            dst.write(dec.decode(chunk).encode("utf-8"))
        dst.write(dec.decode(b"", final=True).encode("utf-8"))
    return out


def _fast(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    display: str,
    dialect: CsvDialect,
    rejects: list[tuple[str, int, str | None, str]],
) -> bool:
    """DuckDB's parallel reader; False when it met a line that may have swallowed later ones
    (then the careful reader runs). Other bad lines become rejects; the good rows keep their
    record numbers."""
    columns = {name: "VARCHAR" for name in dialect.header}
    try:
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE __raw AS SELECT $file AS {ident(FILE)}, "
            f"row_number() OVER () AS {ident(ROW)}, NULL::VARCHAR AS {ident(PREHASH)}, * "
            "FROM read_csv($path, columns=$cols, header=true, auto_detect=false, delim=$delim, "
            "quote='\"', escape='\"', store_rejects=true, rejects_table='__csv_rej', "
            "rejects_scan='__csv_scan', max_line_size=$maxline)",
            {
                "file": display,
                "path": str(path),
                "cols": columns,
                "delim": dialect.delimiter,
                "maxline": MAX_RECORD_BYTES,
            },
        )
        errors = cur.execute(
            "SELECT line, any_value(CAST(error_type AS VARCHAR)), any_value(csv_line) "
            "FROM __csv_rej GROUP BY line ORDER BY line"
        ).fetchall()
        ok = not any(str(e[1]) in _SWALLOWING for e in errors)
    except duckdb.Error as exc:
        # The transaction is aborted by now: say so in one line rather than fall through.
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise IngestError(
            f"{display}: cannot be read as CSV text ({first}); nothing was ingested"
        ) from exc
    for table in ("__csv_rej", "__csv_scan"):
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    if not ok:
        cur.execute("DROP TABLE IF EXISTS __raw")
        return False
    if errors:
        _keep_good_rows(cur, display, dialect, errors, rejects)
    return True


def _keep_good_rows(
    cur: duckdb.DuckDBPyConnection,
    display: str,
    dialect: CsvDialect,
    errors: list[tuple[int, str, str]],
    rejects: list[tuple[str, int, str | None, str]],
) -> None:
    """Bad lines DuckDB skipped become rejects; each good row's number is shifted past the bad
    records before it, so `row` stays the record number in the file (line - 1: one header)."""
    width = len(dialect.header)
    bad = [int(line) - 1 for line, _, _ in errors]
    for (line, kind, text), record in zip(errors, bad, strict=True):
        if kind == "INVALID ENCODING":
            reason = (
                "not valid UTF-8 text; declare input.encoding (cp1252 or latin-1) if the file "
                "comes from another system"
            )
        else:
            fields = next(
                csv.reader([str(text or "").rstrip("\r\n")], delimiter=dialect.delimiter), []
            )
            reason = f"ragged row: {len(fields)} fields where the header has {width}"
        rejects.append((display, record, None, f"{reason} (line {line})"))
    # The k-th good row is record k + i, i = the bad records before it: with c_i = b_i - i
    # (good rows before the i-th bad one), i = the largest i whose c_i < k (an ASOF join).
    shifts = {}
    for i, b in enumerate(bad, start=1):
        shifts[b - i] = i
    # Bound as lists, not a registered Arrow table (registering imports pandas: a second).
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE __csv_shift AS SELECT unnest($c) AS c, unnest($i) AS i",
        {"c": list(shifts), "i": list(shifts.values())},
    )
    # The row numbers alone are updated, in place: rewriting the whole table in row order cost
    # five times as much, the largest part of what bad lines add to an ingest.
    row = ident(ROW)
    cur.execute(
        f"UPDATE __raw SET {row} = __raw.{row} + m.i FROM (SELECT r.{row} AS k, s.i "
        f"FROM (SELECT {row} FROM __raw) r ASOF JOIN __csv_shift s ON r.{row} > s.c) m "
        f"WHERE __raw.{row} = m.k"
    )
    cur.execute("DROP TABLE __csv_shift")


def _quote_open(text: str, delim: str, in_quote: bool) -> bool:
    """Whether a quoted field is still open at the end of `text` (RFC 4180 quoting)."""
    at_start = not in_quote
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if in_quote:
            if c == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 2
                    continue
                in_quote = False
        elif c == '"' and at_start:
            in_quote = True
        at_start = (c == delim) and not in_quote
        i += 1
    return in_quote


def _careful(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    display: str,
    dialect: CsvDialect,
    rejects: list[tuple[str, int, str | None, str]],
) -> int:
    writer = RawWriter(cur)
    header = dialect.header
    width = len(header)
    block: list[list[str | None]] = []
    first_row = 1
    record_no = 0
    pending: deque[tuple[int, bytes]] = deque()

    def reject(line_no: int, reason: str, field: str | None = None) -> None:
        nonlocal record_no
        record_no += 1
        rejects.append((display, record_no, field, f"{reason} (line {line_no})"))

    def emit(fields: list[str]) -> None:
        nonlocal record_no, first_row, block
        record_no += 1
        if not block:
            first_row = record_no
        block.append([f if f != "" else None for f in fields])
        if len(block) >= 50_000:
            writer.add_rows(display, first_row, header, block)
            block = []

    def flush_block() -> None:
        nonlocal block
        if block:
            writer.add_rows(display, first_row, header, block)
            block = []

    with path.open("rb") as fh:
        lines = ((n, raw) for n, raw in enumerate(fh, start=1))
        next(lines, None)  # header
        while True:
            if pending:
                start_no, start_raw = pending.popleft()
            else:
                nxt = next(lines, None)
                if nxt is None:
                    break
                start_no, start_raw = nxt
            parts = [start_raw]
            consumed: list[tuple[int, bytes]] = []
            ok = True
            try:
                text = start_raw.decode("utf-8")
            except UnicodeDecodeError:
                flush_block()
                reject(
                    start_no,
                    "not valid UTF-8 text; declare input.encoding (cp1252 or latin-1) if the file comes from another system",
                )
                continue
            if not text.strip():
                continue  # blank lines are not records
            open_q = '"' in text and _quote_open(text, dialect.delimiter, False)
            size = len(start_raw)
            while open_q:
                nxt = pending.popleft() if pending else next(lines, None)
                if nxt is None or len(consumed) >= MAX_QUOTED_LINES or size > MAX_RECORD_BYTES:
                    if nxt is not None:
                        consumed.append(nxt)
                    ok = False
                    break
                consumed.append(nxt)
                try:
                    more = nxt[1].decode("utf-8")
                except UnicodeDecodeError:
                    ok = False
                    break
                parts.append(nxt[1])
                size += len(nxt[1])
                text += more
                open_q = _quote_open(more, dialect.delimiter, True)
            if not ok:
                flush_block()
                reject(start_no, 'unclosed quote: a value opens with " and never closes')
                pending.extendleft(reversed(consumed))  # the lines after it are read again
                continue
            if size > MAX_RECORD_BYTES:
                flush_block()
                reject(start_no, f"record too large: {size} bytes (limit {MAX_RECORD_BYTES})")
                continue
            try:
                fields = next(
                    csv.reader(
                        io.StringIO(text),
                        delimiter=dialect.delimiter,
                        quotechar='"',
                        doublequote=True,
                        strict=True,
                    )
                )
            except (csv.Error, StopIteration) as exc:
                flush_block()
                reject(start_no, f"cannot parse the line: {exc}")
                continue
            if len(fields) != width:
                flush_block()
                reject(start_no, f"ragged row: {len(fields)} fields where the header has {width}")
                continue
            big = next((i for i, f in enumerate(fields) if len(f) > MAX_FIELD_CHARS), None)
            if big is not None:
                flush_block()
                reject(
                    start_no,
                    f"field too large: {len(fields[big])} characters (limit {MAX_FIELD_CHARS})",
                    header[big],
                )
                continue
            emit(fields)
    flush_block()
    if writer.rows == 0:
        writer.ensure_columns(header)
    return writer.rows


def land_csv(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    display: str,
    encoding: str | None,
    delimiter: str | None,
    tmpdir: Path,
    rejects: list[tuple[str, int, str | None, str]],
) -> int:
    """Fill __raw from one CSV/TSV file; returns the number of records that reached __raw."""
    dialect = detect_dialect(path, encoding=encoding, delimiter=delimiter)
    if dialect.empty:
        raise IngestError(
            f"{path}: the file is empty (no header and no rows); nothing was ingested"
        )
    source = path if dialect.encoding == "utf-8" else _utf8_copy(path, dialect.encoding, tmpdir)
    try:
        if not _fast(cur, source, display, dialect, rejects):
            _careful(cur, source, display, dialect, rejects)
        row = cur.execute("SELECT count(*) FROM __raw").fetchone()
        return int(row[0]) if row else 0
    finally:
        if source != path:
            os.unlink(source)
