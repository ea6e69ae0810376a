"""The graph adjacency (issue 10): statements keyed for lookup by entity key, derived from
`statements`, rebuilt in bulk, never the truth.

Every statement is a row under the key it is about (`own` for a value, `out` for a link), and
every link statement a second row under the key it points to (`in`), all with an ART index on
the lookup key, so the rows of a hop's few keys are an index lookup instead of a join of whole
tables. It holds statement columns only: what the law decides per registration (level, basis,
term, blocking, art. 14 stage, ...) and the resolved entity ids are read live, by key, from
`registrations` and `entity_ids` (their own ART indexes), so blocking, moving to art. 14 or a
re-resolution never waits for a rebuild. The guard reads it (`guard/lookup.py`); no service
names it.

It is used only while current: `graph_adjacency_state` holds the fingerprint of the statements
it was built from, and a store whose statements differ (an ingest since the build) is read the
old way, through the scoped relations, until the next build (the ingest job's index phase).
Retention keeps it current itself: a destruction deletes the registrations' rows and a Wpg 28
rectification rewrites them, in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from raffinaderij.store.db import Store
from raffinaderij.store.queries import link_types

__all__ = [
    "adjacency_current",
    "adjacency_version",
    "build_adjacency",
    "forget_registrations",
    "kept_current",
    "rewrite_registration",
]


def adjacency_version() -> str:
    """The layout and the link types the rows were split by: another ontology, another build."""
    digest = hashlib.sha256("\n".join(link_types()).encode()).hexdigest()[:12]
    return f"adj-v1-{digest}"


_FINGERPRINT = """SELECT (SELECT count(*) FROM statements), (SELECT count(*) FROM registrations),
       (SELECT count(*) FROM batches), (SELECT max(ingested_at) FROM registrations)"""


def _insert(
    cur: duckdb.DuckDBPyConnection, only: str = "true", params: dict[str, Any] | None = None
) -> None:
    """Write the rows of the statements (`only`: a condition over `statements s`), sorted by
    lookup key so that one key's rows sit together."""
    cur.execute(
        f"""INSERT INTO graph_adjacency
        SELECT lookup_key, dir, reg_key, entity_key, schema, prop, value, qualifier FROM (
            SELECT s.entity_key AS lookup_key,
                   CASE WHEN list_contains($links, s.prop) THEN 'out' ELSE 'own' END AS dir, s.*
            FROM statements s WHERE {only}
            UNION ALL
            SELECT s.value, 'in', s.* FROM statements s
            WHERE list_contains($links, s.prop) AND {only}
        ) ORDER BY lookup_key""",
        {"links": list(link_types()), **(params or {})},
    )


def _record_state(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute("DELETE FROM graph_adjacency_state")
    cur.execute(
        f"INSERT INTO graph_adjacency_state SELECT $version, *, now() FROM ({_FINGERPRINT})",
        {"version": adjacency_version()},
    )


def build_adjacency(store: Store) -> int:
    """Rebuild the adjacency from the statements in one transaction (readers keep the previous
    rows until it commits); returns the rows written. The index is dropped for the bulk insert
    and built again over the sorted rows, which is much faster than inserting into it."""
    with store.transaction() as cur:
        cur.execute("DROP INDEX IF EXISTS graph_adjacency_key")
        cur.execute("DELETE FROM graph_adjacency")
        _insert(cur)
        cur.execute("CREATE INDEX graph_adjacency_key ON graph_adjacency (lookup_key)")
        _record_state(cur)
        row = cur.execute("SELECT count(*) FROM graph_adjacency").fetchone()
    return int(row[0]) if row else 0


def adjacency_current(cur: Any) -> bool:
    """True when the adjacency was built (with this ontology's link types) from the statements
    as they are now: same count of statements, registrations and batches and the same newest
    ingest. An ingest always adds a batch; Wpg 28 and retention keep the rows themselves."""
    state = cur.execute(
        "SELECT version, statements, registrations, batches, newest FROM graph_adjacency_state"
    ).fetchall()
    if not state or state[0][0] != adjacency_version():
        return False
    now = cur.execute(_FINGERPRINT).fetchone()
    return now is not None and tuple(state[0][1:]) == tuple(now)


@contextmanager
def kept_current(cur: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Around a retention step that deletes or rewrites statements and keeps the adjacency's
    rows in step itself (`forget_registrations`, `rewrite_registration`): an adjacency current
    before it is current after it; a stale one stays stale (its rows may lack an ingest)."""
    was = adjacency_current(cur)
    yield
    if was:
        _record_state(cur)


def forget_registrations(cur: duckdb.DuckDBPyConnection, regs: str) -> None:
    """Destruction: the rows of the registrations in the table `regs` (a reg_key column) go."""
    cur.execute(f"DELETE FROM graph_adjacency WHERE reg_key IN (SELECT reg_key FROM {regs})")


def rewrite_registration(cur: duckdb.DuckDBPyConnection, reg_key: str) -> None:
    """A registration's statements changed in place (Wpg 28 rectification): its rows are
    written again from them."""
    cur.execute("DELETE FROM graph_adjacency WHERE reg_key = $reg", {"reg": reg_key})
    _insert(cur, "s.reg_key = $reg", {"reg": reg_key})
