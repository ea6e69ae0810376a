"""Moving registrations to the art. 14 store and destroying them, with everything derived.

Both work on a temp table of registration keys inside the caller's transaction, so a crash
leaves either all of a step or none of it. Destruction reaches every table that holds a value,
a key or a derived row of the records (statements, registrations, match keys, alterations,
entity ids and clusters, resolution frame, blocking keys, scored pairs, review decisions, hits
and the comparison subjects behind them, the graph adjacency) and every table that cites them:
product facts and signal items are redacted (number, property and level stay; keys and the
value's hash go, the tombstone's salted hash and when and why stay), a provision keeps its
existence but its items' keys become tombstone hashes, an access request's withholding names
the tombstone, a product section and a saved chart's recipe no longer name a destroyed entity
id, and the audit fields in which someone typed a value only these registrations held are
redacted and re-anchored (the caller's `scrub_log`: `retention/typed.py` finds them,
`audit.log.redact_rows` redacts them), and so is what people wrote in their own words about them — a finding, a heading, a chart's
title, a signal's purpose, a reason (`typed.FREE_TEXT`): each run naming a value only these
registrations held becomes `[vernietigd]`, the rest of the text stays. Recipients of earlier provisions are notified
(Wpg 28) whichever path destroys. `tests/retention/test_destruction_reach.py` walks every text
column of the schema to prove it. The file's free blocks are the caller's next step
(`store.rewrite`), the full-text index its last.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from raffinaderij.graph.adjacency import forget_registrations, kept_current
from raffinaderij.retention.typed import free_text_redactions

__all__ = [
    "TOMBSTONE_PREFIX",
    "DestroyCounts",
    "LogScrub",
    "destroy",
    "move_to_art14",
    "notify_provided",
    "prune_derived",
    "tombstone",
    "touched_keys",
]

#: A destroyed registration's key, where a record must keep a reference to it (a provision's
#: items, an access request's withholding), becomes this prefix and the tombstone's salted hash.
TOMBSTONE_PREFIX = "tombstone:"

#: Called by `destroy` in its transaction, before the statements go, with the temp table of the
#: registrations: redacts what was typed about them in the audit log; returns the rows redacted.
LogScrub = Callable[[duckdb.DuckDBPyConnection, str], int]

#: The label a comparison subject keeps once the records behind its hit are destroyed.
REDACTED = "[vernietigd / destroyed]"


@dataclass(frozen=True)
class DestroyCounts:
    registrations: int
    statements: int
    entity_keys: int
    hits: int
    #: Wpg 28: organisations that received items of the destroyed registrations, to be told
    notified: tuple[str, ...] = ()
    #: audit rows whose typed fields named a value only these registrations held, redacted
    audit_rows: int = 0
    #: values of people's own text (findings, titles, reasons) that named one, redacted
    texts: int = 0


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


def notify_provided(
    cur: duckdb.DuckDBPyConnection, regs: str, *, kind: str, username: str, now: datetime
) -> list[str]:
    """Wpg 28: one notification per earlier provision with items of the registrations, naming
    the recipient and the provided properties (never a value or a key); returns the
    organisations to tell. Reads the provisions' items, so it runs before they are redacted."""
    rows = cur.execute(
        f"""SELECT provision_id, signal_id, recipient_id, organisation,
                  list_sort(list_distinct(
                      [i.prop FOR i IN from_json(items, '[{{"prop": "VARCHAR", "reg_key": "VARCHAR"}}]')
                       IF list_contains(d.keys, i.reg_key)])) AS props
        FROM provisions, (SELECT coalesce(list(reg_key), []) AS keys FROM {regs}) d
        WHERE list_has_any(reg_keys, d.keys)
        ORDER BY provided_at, provision_id"""
    ).fetchall()
    for provision_id, signal_id, recipient_id, organisation, props in rows:
        cur.execute(
            "INSERT INTO provision_notifications VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                "n" + uuid.uuid4().hex[:16],
                provision_id,
                signal_id,
                recipient_id,
                organisation,
                kind,
                props,
                username,
                now,
            ],
        )
    return [str(r[3]) for r in rows]


def _redact_citations(
    cur: duckdb.DuckDBPyConnection, regs: str, *, salt: str, now: datetime, why: str
) -> None:
    """What cites a destroyed registration keeps its place and loses its content: product facts
    and signal items (whatever their section kind) keep number, property and level; a provision
    keeps recipient, article, purpose, date and who, its items' keys become tombstone hashes."""
    params = {"salt": salt, "now": now, "why": why, "prefix": TOMBSTONE_PREFIX}
    in_regs = f"reg_key IN (SELECT reg_key FROM {regs})"
    for table in ("product_facts", "signal_items"):
        cur.execute(
            f"""UPDATE {table} SET reg_hash = sha256($salt || reg_key), destroyed_at = $now,
                   destroyed_why = $why, reg_key = NULL, entity_key = NULL, value_hash = NULL
            WHERE {in_regs}""",
            {k: params[k] for k in ("salt", "now", "why")},
        )
    cur.execute(
        f"""UPDATE provisions SET
            items = to_json([{{'prop': i.prop,
                               'reg_key': CASE WHEN list_contains(d.keys, i.reg_key)
                                          THEN $prefix || sha256($salt || i.reg_key)
                                          ELSE i.reg_key END}}
                             FOR i IN from_json(items, '[{{"prop": "VARCHAR", "reg_key": "VARCHAR"}}]')]),
            reg_keys = [CASE WHEN list_contains(d.keys, k) THEN $prefix || sha256($salt || k)
                        ELSE k END FOR k IN reg_keys]
        FROM (SELECT coalesce(list(reg_key), []) AS keys FROM {regs}) d
        WHERE list_has_any(provisions.reg_keys, d.keys)""",
        {k: params[k] for k in ("salt", "prefix")},
    )
    cur.execute(
        f"UPDATE access_withholdings SET reg_key = $prefix || sha256($salt || reg_key) WHERE {in_regs}",
        {k: params[k] for k in ("salt", "prefix")},
    )


def destroy(
    cur: duckdb.DuckDBPyConnection,
    regs: str,
    *,
    salt: str,
    now: datetime,
    why: str,
    username: str,
    scrub_log: LogScrub,
) -> DestroyCounts:
    """Delete the registrations and every row that holds or was derived from them; redact what
    cites them and what was typed about them; notify the recipients of earlier provisions
    (`why`: 'term' | 'request')."""
    n = _one(cur, f"SELECT count(*) FROM {regs}")
    if not n:
        return DestroyCounts(0, 0, 0, 0)
    in_regs = f"reg_key IN (SELECT reg_key FROM {regs})"
    # before the statements go: the values to look for, and whether others still hold them
    audit_rows = scrub_log(cur, regs)
    texts = _redact_free_text(cur, regs)
    notified = notify_provided(cur, regs, kind="destroyed", username=username, now=now)
    _redact_citations(cur, regs, salt=salt, now=now, why=why)
    touched_keys(cur, regs)
    statements = _one(cur, f"SELECT count(*) FROM statements WHERE {in_regs}")
    with kept_current(cur):  # the graph adjacency loses the same rows
        cur.execute(f"DELETE FROM statements WHERE {in_regs}")
        forget_registrations(cur, regs)
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
    # a cited entity's id names nothing once its keys are gone
    cur.execute(
        "UPDATE product_sections SET entity_id = NULL"
        " WHERE entity_id IN (SELECT entity_id FROM _rt_gone_ids)"
    )
    _prune_charts(cur)
    for t in ("_rt_touched", "_rt_gone", "_rt_gone_ids"):
        cur.execute(f"DROP TABLE {t}")
    return DestroyCounts(n, statements, keys, hits, tuple(notified), audit_rows, texts)


def _redact_free_text(cur: duckdb.DuckDBPyConnection, regs: str) -> int:
    """People's own words that name a value only the destroyed registrations held, in place."""
    found = free_text_redactions(cur, regs)
    for r in found:
        cur.execute(f'UPDATE "{r.table}" SET "{r.column}" = ? WHERE rowid = ?', [r.text, r.rowid])
    return len(found)


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


def _mentions(obj: Any, gone: set[str]) -> bool:
    if isinstance(obj, str):
        return obj in gone
    if isinstance(obj, dict):
        return any(k in gone or _mentions(v, gone) for k, v in obj.items())
    if isinstance(obj, list):
        return any(_mentions(v, gone) for v in obj)
    return False


def _scrub(obj: Any, gone: set[str]) -> Any:
    """The recipe without the gone ids: a list loses every element naming one (a seed, an
    expansion from it, a path to it), a mapping every key that is one (a position)."""
    if isinstance(obj, dict):
        return {k: _scrub(v, gone) for k, v in obj.items() if k not in gone}
    if isinstance(obj, list):
        return [_scrub(v, gone) for v in obj if not _mentions(v, gone)]
    return obj


def _prune_charts(cur: duckdb.DuckDBPyConnection) -> None:
    """A saved chart's recipe names entity ids: destroyed ones leave it (the chart stays)."""
    rows = cur.execute(
        """SELECT c.chart_id, c.recipe, list(g.entity_id) FROM charts c
        JOIN _rt_gone_ids g ON contains(c.recipe, g.entity_id) GROUP BY ALL"""
    ).fetchall()
    for chart_id, recipe, ids in rows:
        scrubbed = _scrub(json.loads(recipe), set(ids))
        cur.execute(
            "UPDATE charts SET recipe = ? WHERE chart_id = ?", [json.dumps(scrubbed), chart_id]
        )
