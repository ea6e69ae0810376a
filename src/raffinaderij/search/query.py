"""Candidates from the full-text index, checked in SQL: the predicate decides, inside the query.
The candidates' registrations and ids are found by key (`Relations.by_key`).

The caller passes the guard's relations (`guard.relations("search")`, or unrestricted ones in a
benchmark); visibility, grouping by resolved entity, counts and facets all come from this one
statement, whose FROM is the scoped relation.
"""

from __future__ import annotations

from typing import Any

from raffinaderij.search.index import Candidates
from raffinaderij.store.db import Store
from raffinaderij.store.relation import Relations

__all__ = ["FACETS", "visible_groups"]

FACETS = ("schema", "source", "basis", "year")


def visible_groups(
    store: Store,
    found: Candidates,
    rel: Relations,
    *,
    filters: dict[str, Any] | None = None,
) -> list[tuple[Any, ...]]:
    """Per resolved entity, best first:
    (entity_id, schema, [reg_key], [rank], sources, bases, years)."""
    if not len(found):
        return []
    where = ["true"]
    params: dict[str, Any] = {}
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
    table = found.table
    params |= {
        **rel.params,
        "regs": sorted(set(table.column("reg_key").to_pylist())),
        "keys": sorted(set(table.column("entity_key").to_pylist())),
    }
    cur = store.cursor()
    try:
        cur.register("candidates", table)
        # plain list() + list_distinct: DISTINCT/ORDER BY aggregates cost twice as much here;
        # the candidates' registrations and ids are looked up by key (joined through the
        # scoped relations, every search read both tables in full: 260 ms at 10M)
        rows = cur.execute(
            f"""
            WITH {rel.by_key("regs", "keys")}
            SELECT e.entity_id, any_value(c.schema),
                   list_sort(list_distinct(list(c.reg_key))), list(c.rank),
                   list_distinct(list(r.source)), list_distinct(list(r.legal_basis)),
                   list_distinct(list(year(r.first_processed))), min(c.rank) AS best
            FROM candidates c
            JOIN ok r ON r.reg_key = c.reg_key
            JOIN i e ON e.entity_key = c.entity_key
            WHERE {" AND ".join(where)}
            GROUP BY 1 ORDER BY best, 1
            """,
            params,
        ).fetchall()
        cur.unregister("candidates")
    finally:
        cur.close()
    return [row[:7] for row in rows]
