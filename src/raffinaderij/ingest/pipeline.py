"""One ingest run: land the source, refuse what the law refuses, store the rest, in ONE transaction.

Re-running a file changes nothing (same registration key and content hash); a changed record is
an alteration, logged in registration_alterations. Everything the batch writes — registrations,
statements, alterations, rejects, the batch row and, through `before_commit`, its audit rows and
pending job — commits at the very end, together: `kill -9` at any named point (killpoints.py)
leaves either the store as it was or the batch whole, with its owed work recorded (jobs.py).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from raffinaderij import config
from raffinaderij.clock import Clock, default_clock
from raffinaderij.errors import IngestError, MappingError, StoreError
from raffinaderij.ingest import jobs, killpoints
from raffinaderij.ingest.compile import Compiled, compile_mapping
from raffinaderij.ingest.mapping import DOCUMENT_FORMATS, Mapping, bind_positions, load_mapping
from raffinaderij.ingest.sources import Reject, land, source_label
from raffinaderij.ingest.staging import (
    FILE,
    INTERNAL,
    PREHASH,
    ROW,
    create_pre,
    create_rejects,
    ident,
)
from raffinaderij.store.db import Store
from raffinaderij.store.entity_ids import assign_new_keys

__all__ = [
    "IngestReport",
    "Progress",
    "dup_sql",
    "ingest",
    "land_staged",
    "named_params",
    "rejects_sql",
    "stage_sql",
]

# Rows mapped per step. The staged chunk is narrower than __raw, which is fully in memory
# already, so a large chunk costs little memory; every extra chunk re-scans __raw and makes
# the entity count de-duplicate across chunks.
CHUNK_ROWS = 2_000_000
_TIMING = bool(os.environ.get("RAFF_INGEST_TIMING"))
_REG_COLUMNS = (
    "legal_basis", "first_processed", "level", "confidentiality", "reliability", "acquisition",
    "covert", "fact_judgement", "role",
)  # fmt: skip


@dataclass(frozen=True)
class Progress:
    source: str
    phase: str  # 'landed' | 'mapping' | 'done'
    rows_done: int
    rows_total: int
    rejected: int
    elapsed: float
    rows_per_second: float
    eta_seconds: float | None

    def line(self) -> str:
        pct = 100 * self.rows_done / self.rows_total if self.rows_total else 100.0
        eta = f"{self.eta_seconds:.0f}s" if self.eta_seconds is not None else "-"
        return (
            f"[{self.source}] {self.phase}: {self.rows_done:,}/{self.rows_total:,} rows ({pct:.0f}%), "
            f"{self.rows_per_second:,.0f} rows/s, ETA {eta}, rejects {self.rejected:,}"
        )


@dataclass
class IngestReport:
    batch_id: str
    source: str
    mapping: str
    input: str
    rows_read: int
    stored: int
    altered: int
    unchanged: int
    rejected: int
    statements: int
    rejects_path: str | None
    entities_by_type: dict[str, int] = field(default_factory=dict)
    altered_keys: list[str] = field(default_factory=list)
    reg_keys_sample: list[str] = field(default_factory=list)
    # stored documents that gained a `mentions` link to an entity this batch brought
    rescanned_documents: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _emit(progress: bool | Callable[[Progress], None], event: Progress) -> None:
    if progress is True:
        print(event.line(), file=sys.stderr, flush=True)
    elif callable(progress):
        progress(event)


def _check_columns(cur: duckdb.DuckDBPyConnection, mapping: Mapping, *, empty: bool) -> None:
    have = {str(r[0]) for r in cur.execute("DESCRIBE __raw").fetchall()}
    lenient = empty or mapping.input.format in DOCUMENT_FORMATS or mapping.input.format == "ftm"
    for col in mapping.input.fill_down:
        if str(col) not in have:
            raise MappingError(
                f"{mapping.path}: input.fill_down: column {col!r} is not in the source "
                f"{source_label(mapping)}"
            )
    for spec in mapping.specs():
        for col in spec.columns():
            if col in have:
                continue
            if lenient:
                # Documents and FtM have no fixed header: an absent field is simply empty.
                cur.execute(f"ALTER TABLE __raw ADD COLUMN {ident(col)} VARCHAR")
                have.add(col)
                continue
            shown = ", ".join(sorted(c for c in have if not c.startswith("__"))[:40])
            raise MappingError(
                f"{mapping.path}:{spec.line}: {'.'.join(spec.where)}: column {col!r} is not in the source "
                f"{source_label(mapping)} (it has: {shown})"
            )


def _fill_down(cur: duckdb.DuckDBPyConnection, mapping: Mapping) -> None:
    """A column the source fills only on a group's first row takes the last value above it."""
    if not mapping.input.fill_down:
        return
    filled = ", ".join(
        f"last_value(nullif(trim({ident(str(c))}), '') IGNORE NULLS) OVER "
        f"(ORDER BY {ident(ROW)} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS {ident(str(c))}"
        for c in dict.fromkeys(mapping.input.fill_down)
    )
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE __raw AS SELECT * REPLACE ({filled}) FROM __raw "
        f"ORDER BY {ident(ROW)}"
    )


def named_params(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters a statement names: DuckDB refuses unused ones."""
    named = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", sql))
    return {k: v for k, v in params.items() if k in named}


def land_staged(
    cur: duckdb.DuckDBPyConnection, mapping: Mapping, *, tmpdir: Path, limit: int | None = None
) -> tuple[Mapping, int, list[Reject]]:
    """Land the source in the staging tables (__raw, __pre, __rej) and check its columns; returns
    the mapping bound to the source's header, the records landed and the rows refused early.
    `limit`: a preview's first records only (sources.land)."""
    create_rejects(cur)
    create_pre(cur)
    early: list[Reject] = []
    landed = land(cur, mapping, tmpdir=tmpdir, rejects=early, limit=limit)
    killpoints.reach("ingest.landed")
    _insert_rejects(cur, early)
    header = [str(r[0]) for r in cur.execute("DESCRIBE __raw").fetchall()]
    mapping = bind_positions(mapping, [c for c in header if c not in INTERNAL])
    _check_columns(cur, mapping, empty=landed == 0 and not any(r > 0 for _, r, _, _ in early))
    _fill_down(cur, mapping)
    return mapping, landed, early


def dup_sql(c: Compiled) -> str:
    """__dup: every row whose registration id an earlier row of the batch has already."""
    rid, row = c.reg_id_expr, ident(ROW)
    return (
        f"CREATE OR REPLACE TEMP TABLE __dup AS WITH ids AS (SELECT {row}, {rid} AS rid FROM __raw), "
        f"firsts AS (SELECT rid, min({row}) AS first FROM ids WHERE rid IS NOT NULL GROUP BY rid HAVING count(*) > 1) "
        f"SELECT ids.{row}, ids.rid, firsts.first FROM ids JOIN firsts USING (rid) WHERE ids.{row} <> firsts.first"
    )


def _insert_rejects(cur: duckdb.DuckDBPyConnection, rows: list[Reject]) -> None:
    """One INSERT of the columns bound as lists: executemany ran one statement per row (0.75 s
    for 1,667 ragged lines)."""
    if not rows:
        return
    files, nums, fields, reasons = (list(col) for col in zip(*rows, strict=True))
    cur.execute(
        "INSERT INTO __rej SELECT unnest($f), unnest($n), CAST(unnest($fld) AS VARCHAR), unnest($why)",
        {"f": files, "n": nums, "fld": fields, "why": reasons},
    )


def _values_sql(c: Compiled) -> str:
    """Every mapped value (intermediate ones too) of the rows $lo..$hi of __raw."""
    cols = ", ".join(f"{expr} AS {ident(alias)}" for alias, expr in c.stage_columns)
    return f"SELECT {ident(FILE)}, {ident(ROW)}, {ident(PREHASH)}, {cols} FROM __raw WHERE {ident(ROW)} BETWEEN $lo AND $hi"


def stage_sql(c: Compiled, *, seen_before: bool) -> str:
    """One pass over the chunk: the values the writes need, whether the row is refused, its
    hash, and the hash of the version already stored (__old, NULL when new).

    Only the columns the writes read are materialised: writing the intermediate ones cost
    more than computing them. Reasons for refused rows are worked out in rejects_sql.
    """
    refused = [f"coalesce({chk.condition}, false)" for chk in c.checks]
    refused.append(f"s.{ident(ROW)} IN (SELECT {ident(ROW)} FROM __dup)")
    keep = ", ".join(f"s.{ident(a)}" for a in dict.fromkeys([ROW, *c.keep]))
    # A source seen for the first time has no earlier versions: no look-up.
    old, join = (
        ("r.content_hash", " LEFT JOIN registrations r ON r.reg_key = s.__reg_key")
        if seen_before
        else ("NULL::VARCHAR", "")
    )
    return (
        f"CREATE OR REPLACE TEMP TABLE __stage AS SELECT {keep}, ({' OR '.join(refused)}) AS __bad, "
        f"{_hash_expr(c)} AS __hash, {old} AS __old FROM ({_values_sql(c)}) s{join}"
    )


def rejects_sql(c: Compiled) -> str:
    """Why each refused row is refused: the values are computed again, for those rows only."""
    refused = (
        f"({_values_sql(c)} AND {ident(ROW)} IN (SELECT {ident(ROW)} FROM __stage WHERE __bad))"
    )
    parts = [
        f"SELECT {ident(FILE)}, {ident(ROW)}, CAST($f{i} AS VARCHAR) AS field, {chk.reason} AS reason "
        f"FROM __refused WHERE coalesce({chk.condition}, false)"
        for i, chk in enumerate(c.checks)
    ]
    parts.append(
        f"SELECT s.{ident(FILE)}, s.{ident(ROW)}, 'registration id', "
        "printf('duplicate registration id %s in this batch (first at row %d)', left(d.rid, 60), d.first) "
        f"FROM __refused s JOIN __dup d ON d.{ident(ROW)} = s.{ident(ROW)}"
    )
    return (
        f"CREATE OR REPLACE TEMP TABLE __crej AS WITH __refused AS MATERIALIZED {refused} "
        + " UNION ALL ".join(parts)
    )


def _count(res: duckdb.DuckDBPyConnection) -> int:
    """The row count an INSERT returns."""
    row = res.fetchone()
    return int(row[0]) if row else 0


def _hash_expr(c: Compiled) -> str:
    # md5 is stable across DuckDB versions (hash() is not): an upgrade must not "alter" every record.
    parts = ", ".join(f"coalesce(CAST(s.{ident(a)} AS VARCHAR), chr(31))" for a in c.hash_columns)
    return f"md5(concat_ws(chr(30), $digest, {parts}))"


def ingest(
    store: Store,
    mapping_path: str | Path | Mapping,
    *,
    batch_id: str | None = None,
    clock: Clock | None = None,
    rejects_dir: str | Path | None = None,
    progress: bool | Callable[[Progress], None] = False,
    chunk_rows: int = CHUNK_ROWS,
    before_commit: Callable[[duckdb.DuckDBPyConnection, IngestReport], None] | None = None,
    write_report: bool = True,
) -> IngestReport:
    """Run one mapping against the store; all or nothing. See docs/mappings.md.

    `before_commit(cur, report)` runs inside the transaction once the batch is written: the
    caller's audit rows and pending job commit with the batch or not at all.
    """
    mapping = mapping_path if isinstance(mapping_path, Mapping) else load_mapping(mapping_path)
    now = (clock or default_clock())()
    batch = batch_id or f"{mapping.source}-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    label = source_label(mapping)
    started = time.monotonic()
    out_dir = Path(rejects_dir) if rejects_dir is not None else config.data_dir() / "rejects"
    report = IngestReport(batch, mapping.source, str(mapping.path), label, 0, 0, 0, 0, 0, 0, None)
    with tempfile.TemporaryDirectory(prefix="raff-ingest-") as tmp, store.transaction() as cur:
        mapping, landed, early = land_staged(cur, mapping, tmpdir=Path(tmp))
        if _TIMING:
            print(f"{time.monotonic() - started:8.3f}s landed", file=sys.stderr)
        compiled = compile_mapping(mapping, has_prehash=mapping.input.format == "ftm")
        params: dict[str, Any] = dict(compiled.params.values)
        params["today"] = now.date().isoformat()
        early_rows = len({(f, r) for f, r, _, _ in early if r > 0})
        total = landed + early_rows
        _emit(
            progress,
            Progress(
                mapping.source,
                "landed",
                0,
                total,
                len(early),
                time.monotonic() - started,
                0.0,
                None,
            ),
        )

        def run(sql: str, extra: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
            """Bind only the parameters a statement names (DuckDB refuses unused ones)."""
            used = named_params(sql, {**params, **(extra or {})})
            try:
                t0, c0 = time.monotonic(), time.process_time()
                res = cur.execute(sql, used)
                if _TIMING:
                    print(
                        f"{time.monotonic() - t0:8.3f}s cpu {time.process_time() - c0:6.2f}s {sql[:80]}",
                        file=sys.stderr,
                    )
                return res
            except duckdb.Error as exc:
                raise StoreError(
                    f"ingest of {label} failed: {exc}\n-- while running:\n{sql[:4000]}"
                ) from exc

        run(dup_sql(compiled))
        for i, chk in enumerate(compiled.checks):
            params[f"f{i}"] = chk.field
        params["digest"] = mapping.digest
        params["batch"] = batch
        params["now"] = now
        params["source"] = mapping.source
        bounds = cur.execute(f"SELECT min({ident(ROW)}), max({ident(ROW)}) FROM __raw").fetchone()
        lo_all, hi_all = (
            (int(bounds[0]), int(bounds[1])) if bounds and bounds[0] is not None else (1, 0)
        )
        seen = cur.execute(
            "SELECT EXISTS (SELECT 1 FROM registrations WHERE source = $s)", {"s": mapping.source}
        ).fetchone()
        seen_before = bool(seen and seen[0])
        staging, refusing = stage_sql(compiled, seen_before=seen_before), rejects_sql(compiled)
        ents_sql = " UNION ALL ".join(
            [
                *compiled.entity_rows,
                f"SELECT p.schema, p.entity_key FROM __pre p JOIN __good g ON p.{ident(ROW)} = g.{ident(ROW)}",
            ]
        )
        run("CREATE OR REPLACE TEMP TABLE __ents (schema VARCHAR, entity_key VARCHAR)")
        chunks = 0
        done = 0
        rejected_rows = early_rows
        for lo in range(lo_all, hi_all + 1, chunk_rows):
            hi = lo + chunk_rows - 1
            chunks += 1
            run(staging, {"lo": lo, "hi": hi})
            # What gets written: accepted rows that are new or altered, not the unchanged ones.
            run(
                "CREATE OR REPLACE TEMP VIEW __good AS SELECT * FROM __stage "
                "WHERE NOT __bad AND __old IS DISTINCT FROM __hash"
            )
            run(refusing, {"lo": lo, "hi": hi})
            run(f"INSERT INTO __rej SELECT {ident(FILE)}, {ident(ROW)}, field, reason FROM __crej")
            row = run(f"SELECT count(DISTINCT {ident(ROW)}) FROM __crej").fetchone()
            rejected_rows += int(row[0]) if row else 0
            counts = run(
                "SELECT count(*) FILTER (WHERE __old IS NULL), count(*) FILTER (WHERE __old <> __hash), "
                "count(*) FILTER (WHERE __old = __hash) FROM __stage WHERE NOT __bad"
            ).fetchone()
            new, altered, unchanged = (int(x) for x in counts) if counts else (0, 0, 0)
            report.stored += new
            report.altered += altered
            report.unchanged += unchanged
            if altered:
                keys = [
                    str(r[0])
                    for r in run(
                        "SELECT __reg_key FROM __good WHERE __old IS NOT NULL ORDER BY __reg_key"
                    ).fetchall()
                ]
                report.altered_keys.extend(keys)
                run(
                    "INSERT INTO registration_alterations SELECT $batch, __reg_key, __old, __hash, $now FROM __good WHERE __old IS NOT NULL"
                )
                run(
                    "DELETE FROM statements WHERE reg_key IN (SELECT __reg_key FROM __good WHERE __old IS NOT NULL)"
                )
                sets = ", ".join(f"{c} = g.__reg_{c}" for c in _REG_COLUMNS)
                run(
                    f"UPDATE registrations SET {sets}, case_id = g.__reg_case, content_hash = g.__hash, "
                    "batch_id = $batch, ingested_at = $now FROM __good g "
                    "WHERE registrations.reg_key = g.__reg_key AND g.__old IS NOT NULL"
                )
            if new:
                cols = ", ".join(f"__reg_{c}" for c in _REG_COLUMNS)
                run(
                    "INSERT INTO registrations (reg_key, source, registration_id, " + ", ".join(_REG_COLUMNS) +
                    ", case_id, blocked, stage, content_hash, batch_id, ingested_at) "
                    f"SELECT __reg_key, $source, __reg_id, {cols}, __reg_case, false, 'active', "
                    "__hash, $batch, $now FROM __good WHERE __old IS NULL",
                )  # fmt: skip
            if new or altered:
                if mapping.input.format in DOCUMENT_FORMATS:
                    from raffinaderij.ingest.documents import add_mentions

                    add_mentions(cur, mapping)
                if compiled.statements:
                    report.statements += _count(
                        run("INSERT INTO statements " + " UNION ALL ".join(compiled.statements))
                    )
                report.statements += _count(
                    run(
                        "INSERT INTO statements SELECT g.__reg_key, p.entity_key, p.schema, p.prop, p.value, p.qualifier "
                        f"FROM __pre p JOIN __good g ON p.{ident(ROW)} = g.{ident(ROW)}"
                    )
                )
                # Entities of this chunk, for the report; the statements table is not read again.
                run(f"INSERT INTO __ents SELECT DISTINCT * FROM ({ents_sql})")
                if len(report.reg_keys_sample) < 5:
                    sample = run(
                        "SELECT __reg_key FROM __good ORDER BY " + ident(ROW) + " LIMIT 5"
                    ).fetchall()
                    report.reg_keys_sample.extend(
                        str(r[0]) for r in sample[: 5 - len(report.reg_keys_sample)]
                    )
            killpoints.reach("ingest.chunk_written")
            done = min(hi, hi_all) - lo_all + 1
            elapsed = time.monotonic() - started
            rate = done / elapsed if elapsed > 0 else 0.0
            eta = (hi_all - lo_all + 1 - done) / rate if rate > 0 else None
            _emit(
                progress,
                Progress(
                    mapping.source,
                    "mapping",
                    done + early_rows,
                    total,
                    rejected_rows,
                    elapsed,
                    rate,
                    eta,
                ),
            )
        # One chunk holds each entity once already; several may share an entity.
        distinct = "count(*)" if chunks <= 1 else "count(DISTINCT entity_key)"
        for etype, n in run(f"SELECT schema, {distinct} FROM __ents GROUP BY schema").fetchall():
            report.entities_by_type[str(etype)] = int(n)
        report.rows_read = total
        report.rejected = rejected_rows
        report.seconds = round(time.monotonic() - started, 3)
        cur.execute(
            "INSERT INTO batches VALUES ($batch, $source, $mapping, $started, $finished, $read, $stored, "
            "$rejected, $altered, $unchanged, 'complete')",
            {
                "batch": batch, "source": mapping.source, "mapping": str(mapping.path), "started": now,
                "finished": (clock or default_clock())(), "read": report.rows_read, "stored": report.stored,
                "rejected": report.rejected, "altered": report.altered, "unchanged": report.unchanged,
            },
        )  # fmt: skip
        # Opaque ids for the new entities (issue 9): __ents holds every key the batch gave a
        # statement (the keys its statements hold, without reading them again), each once when
        # the batch was one chunk.
        assign_new_keys(
            cur, keys="__ents" if chunks <= 1 else "(SELECT DISTINCT entity_key FROM __ents)"
        )
        if mapping.input.format not in DOCUMENT_FORMATS and (report.stored or report.altered):
            from raffinaderij.ingest.documents import rescan_mentions

            report.rescanned_documents = rescan_mentions(cur, batch)
        cur.execute(
            "INSERT INTO rejects SELECT $b, file, row_number, field, reason FROM __rej",
            {"b": batch},
        )
        nrej = cur.execute("SELECT count(*) FROM __rej").fetchone()
        has_rejects = bool(nrej and nrej[0])
        killpoints.reach("ingest.batch_recorded")
        if before_commit is not None:
            before_commit(cur, report)
        killpoints.reach("ingest.audited")
        _emit(
            progress,
            Progress(
                mapping.source,
                "done",
                total,
                total,
                rejected_rows,
                time.monotonic() - started,
                total / max(time.monotonic() - started, 1e-9),
                0.0,
            ),
        )
    killpoints.reach("ingest.committed")
    if has_rejects and write_report:
        # Written from the committed rejects table; a crash before it is mended by jobs.resume.
        written = jobs.write_report(store, batch, out_dir)
        report.rejects_path = str(written) if written else None
    killpoints.reach("ingest.reported")
    report.seconds = round(time.monotonic() - started, 3)
    return report


def ensure_store_ready(store: Store) -> None:
    """The alterations table comes with migration 0002; fail clearly if an old store lacks it."""
    try:
        store.query("SELECT count(*) FROM registration_alterations")
    except StoreError as exc:
        raise IngestError(
            "the store lacks the ingest tables; open it with open_store() to migrate"
        ) from exc
