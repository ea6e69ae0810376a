"""The retention job: move what is due to the art. 14 store, destroy what is due, tombstone
every step, then rewrite the store file and rebuild the full-text index (LAW-04).

Steps and what a crash (`kill -9`) at each leaves, each named as a kill point (`RAFF_KILL_AT`):

1. `run_retention`, one transaction (the service's): tombstones, the art. 14 moves, the
   destruction (with the redaction of what cites it, of the audit fields that typed its values
   and their re-anchor row, and the Wpg 28 notifications) and the job row (`purged`). A crash
   inside (`retention.destroyed`, after the destruction and before the job row;
   `retention.erasing`, at its end) leaves the store as it was.
2. `finish_retention`, after the commit (`retention.purged`): the file still holds deleted values
   in free blocks. The job row says a rewrite is owed, so the next run (even with nothing due)
   rewrites first.
3. the file is copied into a fresh one whose job row says `done`, and swapped in atomically
   (`retention.copied`: before the swap, the old file and its owed rewrite stand).
4. `retention.swapped`: the index is rebuilt from what is left (it is derived; a crash here
   leaves a stale index that `index_for` rebuilds on its fingerprint).
"""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from raffinaderij.retention.purge import LogScrub, destroy, move_to_art14, tombstone
from raffinaderij.retention.terms import Terms, due_sql
from raffinaderij.search.index import rebuild_index
from raffinaderij.search.keys import match_keys_current_in, refresh_match_keys_state
from raffinaderij.store.db import Store
from raffinaderij.store.rewrite import rewrite_file
from raffinaderij.store.secret_files import TOMBSTONE_SALT, beside_store

__all__ = [
    "IN_TRANSACTION",
    "KILL_POINTS",
    "RetentionReport",
    "finish_retention",
    "last_run",
    "overdue",
    "owed_rewrite",
    "reach",
    "run_retention",
    "salt_for",
]

KILL_POINTS = (
    "retention.destroyed",
    "retention.erasing",
    "retention.purged",
    "retention.copied",
    "retention.swapped",
)
#: the kill points inside the purge's transaction: a crash there leaves the store as it was
IN_TRANSACTION = ("retention.destroyed", "retention.erasing")


def reach(name: str) -> None:
    """A crash test sets RAFF_KILL_AT to one of KILL_POINTS; the process kills itself there."""
    if name not in KILL_POINTS:
        raise ValueError(f"unknown kill point {name!r}")
    if os.environ.get("RAFF_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def salt_for(store: Store) -> str:
    """The tombstone salt: a file in the data folder, outside the store, so a tombstone cannot be
    matched to a guessed registration key by whoever holds only the store file."""
    return beside_store(store.path, TOMBSTONE_SALT)


@dataclass
class RetentionReport:
    job_id: str | None
    dry_run: bool
    moved: dict[int, int] = field(default_factory=dict)  # legal basis -> registrations
    destroyed: dict[int, int] = field(default_factory=dict)
    statements_destroyed: int = 0
    entity_keys_destroyed: int = 0
    hits_pruned: int = 0
    notifications: int = 0  # Wpg 28: provisions whose recipients are to be told
    audit_rows_redacted: int = 0  # rows whose typed fields named only destroyed records
    texts_redacted: int = 0  # people's own text (findings, titles, reasons) that named them
    file_rewritten: bool = False  # set by finish_retention, after the commit
    index_rebuilt: bool = False

    def counts(self) -> dict[str, Any]:
        """What the audit row keeps: counts, never values or keys."""
        return {
            "moved": {str(k): v for k, v in sorted(self.moved.items())},
            "destroyed": {str(k): v for k, v in sorted(self.destroyed.items())},
            "statements_destroyed": self.statements_destroyed,
            "entity_keys_destroyed": self.entity_keys_destroyed,
            "hits_pruned": self.hits_pruned,
            "notifications": self.notifications,
            "audit_rows_redacted": self.audit_rows_redacted,
            "texts_redacted": self.texts_redacted,
        }


def _by_basis(cur: duckdb.DuckDBPyConnection, table: str) -> dict[int, int]:
    rows = cur.execute(
        f"SELECT legal_basis, count(*) FROM {table} GROUP BY 1 ORDER BY 1"
    ).fetchall()
    return {int(b): int(n) for b, n in rows}


def last_run(store: Store) -> datetime | None:
    """When the retention job last ran for its terms (not a Wpg 28 destruction on request)."""
    rows = store.query("SELECT max(started_at) FROM retention_jobs WHERE job_id LIKE 'ret-%'")
    return rows[0][0] if rows and rows[0][0] else None


def owed_rewrite(store: Store) -> list[str]:
    """Jobs whose destruction is committed but whose file rewrite has not happened yet."""
    return [r[0] for r in store.query("SELECT job_id FROM retention_jobs WHERE status = 'purged'")]


def overdue(store: Store, terms: Terms) -> dict[str, int]:
    """Retention compliance: records past their term still in the store (both must be 0 after
    a run), and destructions whose file rewrite is still owed."""
    (move_sql, move_params), (destroy_sql, destroy_params) = due_sql(terms)
    move = store.query(f"SELECT count(*) FROM registrations r WHERE {move_sql}", move_params)
    gone = store.query(f"SELECT count(*) FROM registrations r WHERE {destroy_sql}", destroy_params)
    return {
        "past_analysis_term": int(move[0][0]),
        "past_destruction_term": int(gone[0][0]),
        "rewrites_owed": len(owed_rewrite(store)),
    }


def run_retention(
    store: Store,
    *,
    terms: Terms,
    confidential_codes: Sequence[str],
    username: str,
    scrub_log: LogScrub,
    dry_run: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> RetentionReport:
    """Apply the terms at `terms.now` in one transaction (the caller's, when `store` is a view
    of one); `scrub_log` redacts the audit fields that typed a destroyed value (`destroy`).
    The file rewrite and index rebuild follow the commit: `finish_retention`.
    `progress(stage, done, total)` hears of each stage inside the transaction (a job may stop
    there: everything rolls back), none after it."""

    def stage(name: str, done: int) -> None:
        if progress is not None:
            progress(name, done, 4)

    stage("select", 0)
    (move_sql, move_params), (destroy_sql, destroy_params) = due_sql(terms)
    job_id = None if dry_run else "ret-" + uuid.uuid4().hex[:16]
    with store.transaction() as cur:
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE _rt_destroy AS SELECT r.reg_key, r.legal_basis"
            f" FROM registrations r WHERE {destroy_sql}",
            destroy_params,
        )
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE _rt_move AS SELECT r.reg_key, r.legal_basis"
            f" FROM registrations r WHERE {move_sql}"
            " AND r.reg_key NOT IN (SELECT reg_key FROM _rt_destroy)",
            move_params,
        )
        moved, destroyed = _by_basis(cur, "_rt_move"), _by_basis(cur, "_rt_destroy")
        if dry_run:
            cur.execute("DROP TABLE _rt_move")
            cur.execute("DROP TABLE _rt_destroy")
            stage("done", 4)
            return RetentionReport(None, True, moved, destroyed)
        assert job_id is not None
        stage("tombstones", 1)
        keys_were_current = match_keys_current_in(cur, confidential_codes=confidential_codes)
        salt = salt_for(store)
        for table, step in (("_rt_move", "art14"), ("_rt_destroy", "destroyed")):
            tombstone(cur, table, step=step, reason="term", salt=salt, now=terms.now, job_id=job_id)
        stage("art14", 2)
        move_to_art14(cur, "_rt_move")
        stage("destroy", 3)
        gone = destroy(
            cur,
            "_rt_destroy",
            salt=salt,
            now=terms.now,
            why="term",
            username=username,
            scrub_log=scrub_log,
        )
        reach("retention.destroyed")
        if keys_were_current:
            refresh_match_keys_state(cur, confidential_codes=confidential_codes)
        cur.execute(
            "INSERT INTO retention_jobs VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                job_id,
                terms.now,
                username,
                sum(moved.values()),
                gone.registrations,
                "purged" if gone.registrations else "done",
                None if gone.registrations else terms.now,
            ],
        )
        cur.execute("DROP TABLE _rt_move")
        cur.execute("DROP TABLE _rt_destroy")
        reach("retention.erasing")
        stage("done", 4)
    return RetentionReport(
        job_id,
        False,
        moved,
        destroyed,
        gone.statements,
        gone.entity_keys,
        gone.hits,
        notifications=len(gone.notified),
        audit_rows_redacted=gone.audit_rows,
        texts_redacted=gone.texts,
    )


def finish_retention(
    store: Store,
    report: RetentionReport,
    *,
    now: Any,
    confidential_codes: Sequence[str],
    check: Callable[[Store], None] | None = None,
) -> RetentionReport:
    """After the commit: rewrite the store file when a destruction owes it (this job's or a
    crashed earlier one's), then rebuild the full-text index from what is left."""
    reach("retention.purged")
    report.file_rewritten = finish_rewrite(store, now=now, check=check)
    if report.file_rewritten or report.moved:
        report.index_rebuilt = _rebuild_index(store, confidential_codes)
    return report


def finish_rewrite(store: Store, *, now: Any, check: Callable[[Store], None] | None = None) -> bool:
    """Rewrite the store file when a committed destruction still owes it (this job's or a crashed
    earlier one's); the fresh copy records the jobs as done."""
    owed = owed_rewrite(store)
    if not owed:
        return False

    def mark_done(cur: duckdb.DuckDBPyConnection, alias: str) -> None:
        cur.execute(
            f"UPDATE {alias}.retention_jobs SET status = 'done', finished_at = ?"
            " WHERE status = 'purged'",
            [now],
        )

    done = rewrite_file(
        store, finish=mark_done, check=check, before_swap=lambda: reach("retention.copied")
    )
    if done:
        reach("retention.swapped")
    else:  # in memory: nothing on disk to rewrite
        store.query(
            "UPDATE retention_jobs SET status = 'done', finished_at = ? WHERE status = 'purged'",
            [now],
        )
    return done


def _rebuild_index(store: Store, confidential_codes: Sequence[str]) -> bool:
    if store.path == ":memory:":
        return False
    if not (Path(store.path).parent / "index").exists():
        return False  # never built: the first search builds it from what is left
    rebuild_index(store, confidential_codes=confidential_codes)
    return True
