"""Wpg 28 on request: block, rectify or destroy one registration (the privacy officer's
decision, taken through a service that audits it).

- Blocked data is kept but leaves analysis: the guard's predicate excludes `blocked`, and its
  match keys and resolution rows go now (the index follows its fingerprint).
- A rectified value replaces the wrong one in every statement of that property of that entity
  in the registration; the alteration is recorded; derived keys, frame rows and the index are
  rebuilt from the corrected statements (the graph adjacency's rows of the registration at
  once); the wrong value leaves the file at the next rewrite.
- A destroyed registration goes the way the retention job destroys (tombstone reason
  `request`); the file rewrite is owed and made by the next retention run.
- Either way the recipients of earlier provisions that held items of the registration are to
  be told (Wpg 28): one notification row per such provision, naming the recipient and the
  provided properties, never a value or the registration's key (a destruction, by request or
  by the term, writes them in `purge.destroy`).
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

import duckdb

from raffinaderij.errors import RaffError
from raffinaderij.graph.adjacency import kept_current, rewrite_registration
from raffinaderij.retention.purge import (
    DestroyCounts,
    LogScrub,
    destroy,
    notify_provided,
    prune_derived,
    touched_keys,
)
from raffinaderij.retention.purge import tombstone as write_tombstone
from raffinaderij.retention.typed import names_destroyed

__all__ = [
    "block",
    "destroy_on_request",
    "notify_recipients",
    "rectify",
    "registration_exists",
]


def registration_exists(cur: duckdb.DuckDBPyConnection, reg_key: str) -> bool:
    return bool(cur.execute("SELECT 1 FROM registrations WHERE reg_key = ?", [reg_key]).fetchall())


def _one_reg(cur: duckdb.DuckDBPyConnection, reg_key: str) -> None:
    cur.execute("CREATE OR REPLACE TEMP TABLE _rq_regs AS SELECT ? AS reg_key", [reg_key])


def block(cur: duckdb.DuckDBPyConnection, reg_key: str, *, blocked: bool) -> bool:
    """Set or lift the block; False when there is no such registration."""
    if not registration_exists(cur, reg_key):
        return False
    cur.execute("UPDATE registrations SET blocked = ? WHERE reg_key = ?", [blocked, reg_key])
    if blocked:
        _one_reg(cur, reg_key)
        touched_keys(cur, "_rq_regs")
        cur.execute("DELETE FROM match_keys WHERE reg_key = ?", [reg_key])
        prune_derived(cur)
        cur.execute("DROP TABLE _rt_touched")
        cur.execute("DROP TABLE _rq_regs")
    return True


def rectify(
    cur: duckdb.DuckDBPyConnection,
    reg_key: str,
    *,
    entity_keys: list[str],
    prop: str,
    value: str,
    now: datetime,
) -> int:
    """Replace the values of `prop` of these entity keys in the registration; returns how many
    statements changed (0: nothing of that kind is there)."""
    where = "reg_key = $reg AND prop = $prop AND list_contains($keys, entity_key)"
    params = {"reg": reg_key, "prop": prop, "keys": entity_keys}
    found = cur.execute(f"SELECT count(*) FROM statements WHERE {where}", params).fetchone()
    n = int(found[0]) if found else 0
    if not n:
        return 0
    old = cur.execute("SELECT content_hash FROM registrations WHERE reg_key = ?", [reg_key])
    old_hash = str(old.fetchone()[0])  # type: ignore[index]
    with kept_current(cur):  # the graph adjacency holds the statements' values too
        cur.execute(
            f"UPDATE statements SET value = $value WHERE {where}", params | {"value": value}
        )
        rewrite_registration(cur, reg_key)
    new_hash = hashlib.sha256(f"{old_hash}\x1frectified\x1f{uuid.uuid4()}".encode()).hexdigest()
    cur.execute("UPDATE registrations SET content_hash = ? WHERE reg_key = ?", [new_hash, reg_key])
    cur.execute(
        "INSERT INTO registration_alterations VALUES ('wpg28-rectify', ?, ?, ?, ?)",
        [reg_key, old_hash, new_hash, now],
    )
    # derived rows were built from the wrong value: they go, and the keys are rebuilt in full
    _one_reg(cur, reg_key)
    touched_keys(cur, "_rq_regs")
    prune_derived(cur)
    cur.execute("DELETE FROM match_keys_state")
    cur.execute("DROP TABLE _rt_touched")
    cur.execute("DROP TABLE _rq_regs")
    return n


def destroy_on_request(
    cur: duckdb.DuckDBPyConnection,
    reg_key: str,
    *,
    salt: str,
    now: datetime,
    username: str,
    reason: str,
    scrub_log: LogScrub,
) -> DestroyCounts | None:
    """Destroy one registration now (Wpg 28); None when there is no such registration. The
    reason is logged after the destruction has redacted the log, so it may not name what the
    registration alone holds."""
    if not registration_exists(cur, reg_key):
        return None
    job_id = "req-" + uuid.uuid4().hex[:16]
    _one_reg(cur, reg_key)
    if names_destroyed(cur, "_rq_regs", reason):
        cur.execute("DROP TABLE _rq_regs")
        raise RaffError(
            "the reason names a value of the registration (a name or a number), which would"
            " outlive its destruction in the audit log: give the reason without it (say, the"
            " request's number)"
        )
    write_tombstone(
        cur, "_rq_regs", step="destroyed", reason="request", salt=salt, now=now, job_id=job_id
    )
    gone = destroy(
        cur, "_rq_regs", salt=salt, now=now, why="request", username=username, scrub_log=scrub_log
    )
    cur.execute(
        "INSERT INTO retention_jobs VALUES (?, ?, ?, 0, 1, 'purged', NULL)", [job_id, now, username]
    )
    cur.execute("DROP TABLE _rq_regs")
    return gone


def notify_recipients(
    cur: duckdb.DuckDBPyConnection, reg_key: str, *, kind: str, username: str, now: datetime
) -> list[str]:
    """A notification for each earlier provision with items of the registration (Wpg 28);
    returns the organisations to notify. A destruction notifies by itself (`purge.destroy`)."""
    _one_reg(cur, reg_key)
    notified = notify_provided(cur, "_rq_regs", kind=kind, username=username, now=now)
    cur.execute("DROP TABLE _rq_regs")
    return notified
