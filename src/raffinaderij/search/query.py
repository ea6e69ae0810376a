"""Candidates from the full-text index, checked in SQL: the predicate decides, inside the query.

The caller passes the guard's predicate over `registrations AS r` (or `true` in a benchmark);
visibility, grouping by resolved entity, counts and facets all come from this one statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from raffinaderij.search.index import Candidate
from raffinaderij.store.db import Store
from raffinaderij.store.queries import entity_of_sql

__all__ = ["FACETS", "visible_groups"]

FACETS = ("schema", "source", "basis", "year")


def visible_groups(
    store: Store,
    found: Sequence[Candidate],
    predicate: str,
    params: dict[str, Any],
    *,
    filters: dict[str, Any] | None = None,
) -> list[tuple[Any, ...]]:
    """Per resolved entity, best first: (entity_id, schema, [entity_key‖reg_key], sources, bases, years)."""
    if not found:
        return []
    table = pa.table(
        {
            "entity_key": [c.entity_key for c in found],
            "reg_key": [c.reg_key for c in found],
            "schema": [c.schema for c in found],
            "rank": pa.array([c.rank for c in found], pa.int32()),
        }
    )
    join, entity = entity_of_sql(store, "c.entity_key")
    where = [predicate]
    params = dict(params)
    for name, column in (
        ("schema", "c.schema"),
        ("source", "r.source"),
        ("basis", "r.legal_basis"),
        ("year", "year(r.first_processed)"),
    ):
        value = (filters or {}).get(name)
        if value not in (None, ""):
            where.append(f"{column} = $f_{name}")
            params[f"f_{name}"] = int(value) if name in ("basis", "year") else str(value)
    cur = store.cursor()
    try:
        cur.register("candidates", table)
        rows = cur.execute(
            f"""
            SELECT {entity} AS entity_id, any_value(c.schema),
                   list(DISTINCT c.entity_key || chr(31) || c.reg_key),
                   list(DISTINCT r.source), list(DISTINCT r.legal_basis),
                   list(DISTINCT year(r.first_processed)), min(c.rank) AS best
            FROM candidates c JOIN registrations r ON r.reg_key = c.reg_key {join}
            WHERE {" AND ".join(where)}
            GROUP BY 1 ORDER BY best, 1
            """,
            params,
        ).fetchall()
        cur.unregister("candidates")
    finally:
        cur.close()
    return [row[:6] for row in rows]
