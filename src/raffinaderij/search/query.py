"""Candidates from the full-text index, checked in SQL: the predicate decides, inside the query.

The caller passes the guard's predicate over `registrations AS r` (or `true` in a benchmark);
visibility, grouping by resolved entity, counts and facets all come from this one statement.
"""

from __future__ import annotations

from typing import Any

from raffinaderij.search.index import Candidates
from raffinaderij.store.db import Store
from raffinaderij.store.queries import entity_of_sql

__all__ = ["FACETS", "visible_groups"]

FACETS = ("schema", "source", "basis", "year")


def visible_groups(
    store: Store,
    found: Candidates,
    predicate: str,
    params: dict[str, Any],
    *,
    filters: dict[str, Any] | None = None,
) -> list[tuple[Any, ...]]:
    """Per resolved entity, best first:
    (entity_id, schema, [reg_key], [rank], sources, bases, years)."""
    if not len(found):
        return []
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
        cur.register("candidates", found.table)
        # plain list() + list_distinct: DISTINCT/ORDER BY aggregates cost twice as much here
        rows = cur.execute(
            f"""
            SELECT {entity} AS entity_id, any_value(c.schema),
                   list_sort(list_distinct(list(c.reg_key))), list(c.rank),
                   list_distinct(list(r.source)), list_distinct(list(r.legal_basis)),
                   list_distinct(list(year(r.first_processed))), min(c.rank) AS best
            FROM candidates c JOIN registrations r ON r.reg_key = c.reg_key {join}
            WHERE {" AND ".join(where)}
            GROUP BY 1 ORDER BY best, 1
            """,
            params,
        ).fetchall()
        cur.unregister("candidates")
    finally:
        cur.close()
    return [row[:7] for row in rows]
