"""The audit log: append-only, hash-chained (each row holds the hash of the previous one).

Police Directive art. 25 / LAW-11: collection, alteration, consultation, disclosure,
combination and erasure are logged with user, time, case, purpose, the question and the
records that came back. `verify` recomputes the chain and names the first bad row.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from raffinaderij.store.db import Store

__all__ = ["ACTIONS", "GENESIS", "AuditRow", "Verification", "append", "canonical", "verify"]

ACTIONS = frozenset({"collect", "alter", "consult", "disclose", "combine", "erase"})
GENESIS = "0" * 64
_LOCK = threading.Lock()
_COLUMNS = (
    "seq, logged_at, username, case_id, purpose, action, service, query, record_ids, outcome,"
    " prev_hash, hash"
)


def canonical(value: Any) -> str:
    """Stable JSON: sorted keys, no spaces; dates and other objects as strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)


@dataclass(frozen=True)
class AuditRow:
    seq: int
    logged_at: datetime
    username: str
    case_id: str | None
    purpose: str | None
    action: str
    service: str
    query: str
    record_ids: str
    outcome: str
    prev_hash: str
    hash: str

    def expected_hash(self) -> str:
        body = canonical(
            [
                self.seq,
                self.logged_at.isoformat(),
                self.username,
                self.case_id,
                self.purpose,
                self.action,
                self.service,
                self.query,
                self.record_ids,
                self.outcome,
                self.prev_hash,
            ]
        )
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    store: Store,
    *,
    now: datetime,
    username: str,
    case_id: str | None,
    purpose: str | None,
    action: str,
    service: str,
    query: dict[str, Any],
    record_ids: Iterable[str],
    outcome: str = "ok",
    cur: duckdb.DuckDBPyConnection | None = None,
) -> AuditRow:
    """Add one row at the head of the chain. Pass `cur` to join the caller's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    with _LOCK:
        if cur is None:
            with store.transaction() as own:
                return _append(
                    own,
                    now,
                    username,
                    case_id,
                    purpose,
                    action,
                    service,
                    query,
                    record_ids,
                    outcome,
                )
        return _append(
            cur, now, username, case_id, purpose, action, service, query, record_ids, outcome
        )


def _append(
    cur: duckdb.DuckDBPyConnection,
    now: datetime,
    username: str,
    case_id: str | None,
    purpose: str | None,
    action: str,
    service: str,
    query: dict[str, Any],
    record_ids: Iterable[str],
    outcome: str,
) -> AuditRow:
    head = cur.execute("SELECT seq, hash FROM audit_anchor").fetchone()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    row = AuditRow(
        seq=seq,
        logged_at=now,
        username=username,
        case_id=case_id,
        purpose=purpose,
        action=action,
        service=service,
        query=canonical(query),
        record_ids=canonical(sorted(set(record_ids))),
        outcome=outcome,
        prev_hash=prev,
        hash="",
    )
    row = AuditRow(**{**row.__dict__, "hash": row.expected_hash()})
    cur.execute(
        f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [getattr(row, c.strip()) for c in _COLUMNS.split(",")],
    )
    cur.execute("DELETE FROM audit_anchor")
    cur.execute("INSERT INTO audit_anchor VALUES (?, ?)", [row.seq, row.hash])
    return row


@dataclass(frozen=True)
class Verification:
    ok: bool
    rows: int
    first_bad_seq: int | None = None
    reason: str = ""


def verify(store: Store) -> Verification:
    """Recompute the chain in storage order; any insert, alteration, deletion or reordering
    breaks either a row's own hash, the link to its predecessor, the numbering or the anchor."""
    cur = store.cursor()
    try:
        prev, expected_seq, count = GENESIS, 1, 0
        # rowid is DuckDB's physical order: a reordering shows even if seq values were swapped.
        result = cur.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY rowid")
        while batch := result.fetchmany(10_000):
            for raw in batch:
                row = AuditRow(*raw)
                count += 1
                if row.seq != expected_seq:
                    return Verification(
                        False,
                        count,
                        row.seq,
                        f"row {row.seq} stands where row {expected_seq} should",
                    )
                if row.prev_hash != prev:
                    return Verification(
                        False, count, row.seq, f"row {row.seq} does not link to the row before it"
                    )
                if row.expected_hash() != row.hash:
                    return Verification(
                        False,
                        count,
                        row.seq,
                        f"row {row.seq} was altered (its hash does not match)",
                    )
                prev, expected_seq = row.hash, expected_seq + 1
        anchor = store.cursor().execute("SELECT seq, hash FROM audit_anchor").fetchone()
        if anchor is None and count:
            return Verification(False, count, None, "the chain's anchor is missing")
        if anchor is not None and (anchor[0] != expected_seq - 1 or anchor[1] != prev):
            return Verification(
                False,
                count,
                expected_seq,
                f"rows after {expected_seq - 1} were deleted (the anchor is at {anchor[0]})",
            )
        return Verification(True, count)
    finally:
        cur.close()
