"""Pure SQL builders shared by services (no connection, no policy)."""

from __future__ import annotations

from functools import cache

import duckdb

from raffinaderij.model.ontology import ontology
from raffinaderij.store.db import Store

__all__ = ["entity_of_sql", "has_table", "link_types", "special_pairs_sql"]


def has_table(store: Store, name: str) -> bool:
    cur = store.cursor()
    try:
        return bool(
            cur.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = ?", [name]).fetchone()
        )
    except duckdb.Error:
        return False
    finally:
        cur.close()


@cache
def link_types() -> tuple[str, ...]:
    return tuple(sorted(ontology().links))


def special_pairs_sql(schema_col: str = "s.schema", prop_col: str = "s.prop") -> str:
    """A predicate true for special-category values (LAW-09); the names come from the ontology."""
    pairs = sorted(ontology().special)
    if not pairs:
        return "false"
    items = " OR ".join(f"({schema_col} = '{s}' AND {prop_col} = '{p}')" for s, p in pairs)
    return f"({items})"


def entity_of_sql(store: Store, key_col: str) -> tuple[str, str]:
    """(join clause, expression) mapping an entity_key column to its resolved entity id."""
    if has_table(store, "entity_clusters"):
        return (
            f"LEFT JOIN entity_clusters ec ON ec.entity_key = {key_col}",
            f"coalesce(ec.entity_id, {key_col})",
        )
    return "", key_col
