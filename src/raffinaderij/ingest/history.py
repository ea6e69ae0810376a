"""What earlier ingests recorded: each mapping's newest batch and that batch's rejects (file, row,
field, reason). Counts and reasons only; no statement is read here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from raffinaderij.store.db import Store

__all__ = ["Batch", "Reject", "batch_rejects", "last_batches"]


@dataclass(frozen=True)
class Batch:
    batch_id: str
    source: str
    mapping: str
    started_at: datetime
    finished_at: datetime | None
    rows_read: int
    stored: int
    rejected: int
    altered: int
    unchanged: int
    status: str


@dataclass(frozen=True)
class Reject:
    file: str
    row: int | None
    field: str | None
    reason: str


def last_batches(store: Store) -> dict[str, Batch]:
    """The newest batch of every mapping path that was ever ingested."""
    rows = store.query(
        "SELECT batch_id, source, mapping, started_at, finished_at, rows_read, rows_stored,"
        " rows_rejected, rows_altered, rows_unchanged, status FROM batches"
        " QUALIFY row_number() OVER (PARTITION BY mapping ORDER BY started_at DESC, batch_id DESC)"
        " = 1 ORDER BY mapping"
    )
    out = {}
    for r in rows:
        read, stored, rejected, altered, unchanged = (int(n or 0) for n in r[5:10])
        out[r[2]] = Batch(
            r[0], r[1], r[2], r[3], r[4], read, stored, rejected, altered, unchanged, r[10]
        )
    return out


def batch_rejects(store: Store, batch_id: str, *, limit: int) -> list[Reject]:
    """The first rejects of one batch, in file and row order."""
    rows = store.query(
        "SELECT file, row_number, field, reason FROM rejects WHERE batch_id = ?"
        " ORDER BY file, row_number NULLS FIRST, field LIMIT ?",
        [batch_id, limit],
    )
    return [Reject(str(f), None if n is None else int(n), fld, str(why)) for f, n, fld, why in rows]
