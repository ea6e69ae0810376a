"""The type of the scoped relations the guard hands out (built in `guard.relations`); it lives
here so that layers below the guard (search, graph) can take one as an argument."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from raffinaderij.store.db import Store

__all__ = ["Relations", "found"]


def found(name: str, table: str, column: str, param: str) -> str:
    """A CTE of the rows of `table` whose `column` is one of the constants in `$param`: an
    index lookup (DuckDB uses an index for a filter on constants only, never for a join), kept
    apart (MATERIALIZED) so that no other filter joins the scan."""
    return f"{name} AS MATERIALIZED (SELECT * FROM {table} WHERE list_contains(${param}, {column}))"


@dataclass(frozen=True)
class Relations:
    """A WITH clause defining the scoped relations, and the parameters it needs; `predicate`
    is the scope itself, over `registrations AS r`, for the guard's lookups by key
    (`guard/lookup.py`); deny by default."""

    mode: str
    sql: str
    params: dict[str, Any]
    predicate: str = "false"
    #: what the guard's lookups found out once per relations (whether the adjacency is current)
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def with_(self, *more: str) -> str:
        """The WITH clause, followed by the caller's own CTEs (`name AS (...)`), if any."""
        return self.sql + "".join(f",\n{cte}" for cte in more)

    def by_key(self, regs: str, keys: str) -> str:
        """CTEs for a query about rows whose keys it already holds (search's candidates): `ok`,
        the registrations among `$regs` the scope admits (`predicate`, with `params`), and `i`,
        the ids of the entity keys in `$keys`, each found by index lookup; what such a query
        joins instead of `scoped_registrations` and `entity_of`, which are read in full."""
        return (
            f"{found('r', 'registrations', 'reg_key', regs)},"
            f" {found('i', 'entity_ids', 'entity_key', keys)},"
            f" ok AS MATERIALIZED (SELECT r.* FROM r WHERE {self.predicate})"
        )

    def query(
        self, store: Store, select: str, params: dict[str, Any] | None = None, *ctes: str
    ) -> list[tuple[Any, ...]]:
        """Run `select` against the relations (and the caller's CTEs) through the store."""
        return store.query(f"{self.with_(*ctes)}\n{select}", {**self.params, **(params or {})})

    def execute(
        self,
        cur: duckdb.DuckDBPyConnection,
        select: str,
        params: dict[str, Any] | None = None,
        *ctes: str,
    ) -> duckdb.DuckDBPyConnection:
        """The same on a cursor the caller holds (to see tables it registered on it)."""
        return cur.execute(f"{self.with_(*ctes)}\n{select}", {**self.params, **(params or {})})
