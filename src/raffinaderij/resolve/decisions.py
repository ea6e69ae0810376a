"""Analyst decisions (confirm / split a pair): append-only, with user, time, reason, supersession.

A new decision on the same pair supersedes the previous one; nothing is ever deleted, so the
history of who decided what, and why, survives every re-run and retrain.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import duckdb

from raffinaderij.clock import Clock, default_clock
from raffinaderij.errors import RaffError
from raffinaderij.store.db import Store

__all__ = ["Decision", "active_decisions", "history", "record_decision"]

DECISIONS = ("confirm", "split")


@dataclass(frozen=True)
class Decision:
    decision_id: str
    left_key: str
    right_key: str
    decision: str
    username: str
    decided_at: datetime
    reason: str
    superseded_by: str | None


def record_decision(
    store: Store,
    left: str,
    right: str,
    *,
    decision: str,
    username: str,
    reason: str,
    clock: Clock | None = None,
) -> Decision:
    if decision not in DECISIONS:
        raise RaffError(f"decision must be one of {DECISIONS}, not {decision!r}")
    if not username or not reason or not reason.strip():
        raise RaffError("a decision needs the analyst's user name and a reason")
    if left == right:
        raise RaffError("a decision needs two different records")
    a, b = sorted((left, right))
    now = (clock or default_clock())()
    decision_id = f"d{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:12]}"
    with store.transaction() as tx:
        tx.execute(
            "UPDATE resolve_decisions SET superseded_by = ? WHERE left_key = ? AND right_key = ?"
            " AND superseded_by IS NULL",
            [decision_id, a, b],
        )
        tx.execute(
            "INSERT INTO resolve_decisions VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
            [decision_id, a, b, decision, username, now, reason.strip()],
        )
    return Decision(decision_id, a, b, decision, username, now, reason.strip(), None)


def active_decisions(
    cur: duckdb.DuckDBPyConnection,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(confirmed pairs, split pairs) of the decisions not superseded."""
    rows = cur.execute(
        "SELECT left_key, right_key, decision FROM resolve_decisions WHERE superseded_by IS NULL"
        " ORDER BY left_key, right_key"
    ).fetchall()
    confirms = [(a, b) for a, b, d in rows if d == "confirm"]
    splits = [(a, b) for a, b, d in rows if d == "split"]
    return confirms, splits


def history(store: Store, left: str, right: str) -> list[Decision]:
    a, b = sorted((left, right))
    rows = store.query(
        "SELECT decision_id, left_key, right_key, decision, username, decided_at, reason, superseded_by"
        " FROM resolve_decisions WHERE left_key = ? AND right_key = ? ORDER BY decided_at, decision_id",
        [a, b],
    )
    return [Decision(*r) for r in rows]
