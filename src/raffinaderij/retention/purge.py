"""Moving registrations to the art. 14 store and destroying them, with everything derived.

Both work on a temp table of registration keys inside the caller's transaction, so a crash
leaves either all of a step or none of it. Destruction reaches every table that holds a value,
a key or a derived row of the records (statements, registrations, match keys, alterations,
entity ids and clusters, resolution frame, blocking keys, scored pairs, review decisions, hits
and the comparison subjects behind them); the file's free blocks are the caller's next step
(`store.rewrite`), the full-text index its last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

__all__ = [
    "DestroyCounts",
    "destroy",
    "move_to_art14",
    "prune_derived",
    "tombstone",
    "touched_keys",
]

#: The label a comparison subject keeps once the records behind its hit are destroyed.
REDACTED = "[vernietigd / destroyed]"


@dataclass(frozen=True)
class DestroyCounts:
    registrations: int
    statements: int
    entity_keys: int
    hits: int


def _one(cur: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = cur.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def touched_keys(cur: duckdb.DuckDBPyConnection, regs: str) -> None:
    """`_rt_touched`: entity keys with a statement in one of the registrations."""
    cur.execute(
        f"""CREATE OR REPLACE TEMP TABLE _rt_touched AS
        SELECT DISTINCT entity_key FROM statements WHERE reg_key IN (SELECT reg_key FROM {regs})"""
    )


def prune_derived(cur: duckdb.DuckDBPyConnection) -> None:
    """Resolution rows built from the touched keys' statements leave analysis (LAW-04); the
    keys that still have active records are framed and linked again by the next resolution."""
    touched = "(SELECT entity_key FROM _rt_touched)"
    cur.execute(f"DELETE FROM resolve_frame WHERE unique_id IN {touched}")
    cur.execute(f"DELETE FROM resolve_keys WHERE unique_id IN {touched}")
    cur.execute(f"DELETE FROM match_pairs WHERE left_key IN {touched} OR right_key IN {touched}")
    cur.execute(f"DELETE FROM entity_clusters WHERE entity_key IN {touched}")


def tombstone(
    cur: duckdb.DuckDBPyConnection,
    regs: str,
    *,
    step: str,
    reason: str,
    salt: str,
    now: datetime,
    job_id: str,
) -> int:
    """One content-free row per registration: a salted hash of its key, basis, dates, reason."""
    cur.execute(
        f"""INSERT INTO tombstones
        SELECT sha256($salt || r.reg_key), r.legal_basis, r.first_processed,
               CAST(c.closed_at AS DATE), $step, $reason, $now, $job
        FROM registrations r LEFT JOIN cases c ON c.case_id = r.case_id
        WHERE r.reg_key IN (SELECT reg_key FROM {regs})""",
        {"salt": salt, "step": step, "reason": reason, "now": now, "job": job_id},
    )
    return _one(cur, f"SELECT count(*) FROM {regs}")


def move_to_art14(cur: duckdb.DuckDBPyConnection, regs: str) -> int:
    """Wpg 14: the registrations leave analysis (blocked for everything but accountability);
    their match keys and resolution rows go, the records stay. Returns how many moved."""
    n = _one(cur, f"SELECT count(*) FROM {regs}")
    if not n:
        return 0
    touched_keys(cur, regs)
    cur.execute(
        f"UPDATE registrations SET stage = 'art14' WHERE reg_key IN (SELECT reg_key FROM {regs})"
    )
    cur.execute(f"DELETE FROM match_keys WHERE reg_key IN (SELECT reg_key FROM {regs})")
    prune_derived(cur)
    cur.execute("DROP TABLE _rt_touched")
    return n


def destroy(cur: duckdb.DuckDBPyConnection, regs: str) -> DestroyCounts:
    """Delete the registrations and every row that holds or was derived from them."""
    n = _one(cur, f"SELECT count(*) FROM {regs}")
    if not n:
        return DestroyCounts(0, 0, 0, 0)
    in_regs = f"reg_key IN (SELECT reg_key FROM {regs})"
    touched_keys(cur, regs)
    statements = _one(cur, f"SELECT count(*) FROM statements WHERE {in_regs}")
    cur.execute(f"DELETE FROM statements WHERE {in_regs}")
    cur.execute(f"DELETE FROM match_keys WHERE {in_regs}")
    cur.execute(f"DELETE FROM registration_alterations WHERE {in_regs}")
    cur.execute(f"DELETE FROM registrations WHERE {in_regs}")
    prune_derived(cur)
    # keys with no statement left are gone; so is an id none of the remaining keys holds
    cur.execute(
        """CREATE OR REPLACE TEMP TABLE _rt_gone AS
        SELECT entity_key FROM _rt_touched t
        WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.entity_key = t.entity_key)"""
    )
    cur.execute(
        """CREATE OR REPLACE TEMP TABLE _rt_gone_ids AS
        SELECT DISTINCT entity_id FROM entity_ids WHERE entity_key IN (SELECT entity_key FROM _rt_gone)
        EXCEPT SELECT entity_id FROM entity_ids WHERE entity_key NOT IN (SELECT entity_key FROM _rt_gone)"""
    )
    gone = "(SELECT entity_key FROM _rt_gone)"
    keys = _one(cur, "SELECT count(*) FROM _rt_gone")
    cur.execute(f"DELETE FROM entity_ids WHERE entity_key IN {gone}")
    cur.execute(f"DELETE FROM resolve_decisions WHERE left_key IN {gone} OR right_key IN {gone}")
    hits = _prune_hits(cur)
    for t in ("_rt_touched", "_rt_gone", "_rt_gone_ids"):
        cur.execute(f"DROP TABLE {t}")
    return DestroyCounts(n, statements, keys, hits)


def _prune_hits(cur: duckdb.DuckDBPyConnection) -> int:
    """A hit names entity ids: destroyed ids leave it; a hit left naming nothing goes, and the
    comparison subject behind it keeps its number but not the values it was compared on."""
    cur.execute(
        """CREATE OR REPLACE TEMP TABLE _rt_hits AS
        SELECT hit_id, comparison_id, subject_no,
               coalesce(list(id) FILTER (WHERE id NOT IN (SELECT entity_id FROM _rt_gone_ids)),
                        []) AS keep
        FROM (SELECT hit_id, comparison_id, subject_no, unnest(entity_ids) AS id FROM hits)
        GROUP BY ALL
        HAVING bool_or(id IN (SELECT entity_id FROM _rt_gone_ids))"""
    )
    emptied = "(SELECT hit_id FROM _rt_hits WHERE len(keep) = 0)"
    cur.execute(
        """UPDATE comparison_subjects SET label = $label, fields_json = '{}', keys = []
        WHERE (comparison_id, subject_no) IN
              (SELECT comparison_id, subject_no FROM _rt_hits WHERE len(keep) = 0)""",
        {"label": REDACTED},
    )
    changed = _one(cur, "SELECT count(*) FROM _rt_hits")
    cur.execute(f"DELETE FROM hits WHERE hit_id IN {emptied}")
    cur.execute(
        """UPDATE hits SET entity_ids = k.keep FROM _rt_hits k
        WHERE hits.hit_id = k.hit_id AND len(k.keep) > 0"""
    )
    cur.execute("DROP TABLE _rt_hits")
    return changed
