"""What a committed batch still owes, and the check that every stored batch was audited.

The ingest transaction records a pending job (`ingest_jobs`) next to the batch; after the commit
the batch's rejects report is written and its new people linked, and the job ends in the same
transaction as the links. A crash in between leaves the job pending; `resume` (services.ingest)
finishes it on the next ingest or on `raff ingest resume`. Nothing a batch owes is lost.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from raffinaderij.ingest import killpoints
from raffinaderij.store.db import Store

__all__ = [
    "Job",
    "finish",
    "pending",
    "record",
    "report_path",
    "unaudited_batches",
    "write_report",
]


@dataclass(frozen=True)
class Job:
    batch_id: str
    username: str
    purpose: str | None
    rejects_dir: str


def record(
    cur: duckdb.DuckDBPyConnection,
    *,
    batch_id: str,
    username: str,
    purpose: str | None,
    rejects_dir: Path | None,
    now: datetime,
) -> None:
    """Inside the ingest transaction: the batch owes its report and its linking."""
    cur.execute(
        "INSERT INTO ingest_jobs VALUES (?, ?, ?, ?, 'pending', ?, NULL)",
        [batch_id, username, purpose, str(rejects_dir) if rejects_dir else "", now],
    )


def pending(store: Store) -> list[Job]:
    rows = store.query(
        "SELECT batch_id, username, purpose, rejects_dir FROM ingest_jobs "
        "WHERE state = 'pending' ORDER BY created_at, batch_id"
    )
    return [Job(str(b), str(u), p, str(d or "")) for b, u, p, d in rows]


def owed_reports(store: Store) -> list[tuple[str, Path]]:
    """Batches with rejects whose report file is missing (a crash after the commit, before the
    report was written): (batch id, folder)."""
    rows = store.query(
        "SELECT j.batch_id, j.rejects_dir FROM ingest_jobs j WHERE j.rejects_dir IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM rejects r WHERE r.batch_id = j.batch_id)"
        " ORDER BY j.created_at, j.batch_id"
    )
    return [(str(b), Path(d)) for b, d in rows if not report_path(Path(d), str(b)).exists()]


def finish(cur: duckdb.DuckDBPyConnection, batch_id: str, now: datetime) -> None:
    cur.execute(
        "UPDATE ingest_jobs SET state = 'done', finished_at = ? WHERE batch_id = ?",
        [now, batch_id],
    )


def report_path(out_dir: Path, batch_id: str) -> Path:
    return out_dir / f"{batch_id}.csv"


def _cell(value: Any) -> str:
    """A rejects report opened in a spreadsheet must not run formulas from source data."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_report(store: Store, batch_id: str, out_dir: Path) -> Path | None:
    """The batch's rejects report, from the committed `rejects` table; None when it has none.

    Written beside its final name and renamed, so a reader never sees half a report; a crash
    leaves at most the `.part` file, which the next write replaces.
    """
    cur = store.cursor()
    try:
        res = cur.execute(
            "SELECT file, row_number, field, reason FROM rejects WHERE batch_id = ? "
            "ORDER BY file, row_number, field",
            [batch_id],
        )
        first = res.fetchmany(10_000)
        if not first:
            return None
        out_dir.mkdir(parents=True, exist_ok=True)
        final = report_path(out_dir, batch_id)
        part = out_dir / f".{batch_id}.csv.part"
        with part.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["file", "row", "field", "reason"])
            batch = first
            while batch:
                for f, r, fld, reason in batch:
                    w.writerow([_cell(f), r, _cell(fld), _cell(reason)])
                fh.flush()
                killpoints.reach("ingest.report_part")
                batch = res.fetchmany(10_000)
        os.replace(part, final)
        return final
    finally:
        cur.close()


def unaudited_batches(store: Store) -> list[tuple[str, int]]:
    """(batch, registrations stored) of every batch with no `collect` audit row naming it:
    a store-consistency check `raff audit verify` runs after the hash chain (LAW-11)."""
    rows = store.query(
        """
        SELECT b.batch_id, coalesce(b.rows_stored, 0) + coalesce(b.rows_altered, 0)
        FROM batches b
        WHERE NOT EXISTS (
            SELECT 1 FROM audit_log a
            WHERE a.action = 'collect' AND a.outcome = 'ok'
              AND b.batch_id IN (json_extract_string(a.query, '$.batch_id'),
                                 json_extract_string(a.query, '$.result.batch_id')))
        ORDER BY b.started_at, b.batch_id
        """
    )
    return [(str(b), int(n)) for b, n in rows]
