"""The type of the scoped relations the guard hands out (built in `guard.relations`); it lives
here so that layers below the guard (search, graph) can take one as an argument."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from raffinaderij.store.db import Store

__all__ = ["Relations"]


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
