"""The police data a session may touch, handed out as SQL relations (issue 9).

The scope predicate is the FROM clause, not a WHERE a service may forget (Datasette's
`actions_sql` shape): services write their queries against these names and never name a
police-data table. `tests/test_architecture.py` fails when one does.

    rel = guard.relations("search")
    rows = rel.query(guard.store, "SELECT value FROM scoped_statements WHERE entity_id = $eid",
                     {"eid": entity_id})

Relations (each defined only over registrations the session's scope admits):

- `scoped_registrations`: the registrations themselves (every LAW-01 column).
- `scoped_statements`: statement columns (reg_key, entity_key, schema, prop, value, qualifier),
  the opaque resolved `entity_id` and the registration's columns (source, legal_basis,
  first_processed, level, reliability, role, fact_judgement, case_id, ...).
- `scoped_match_keys`: derived comparison keys (key_type, key_value, reg_key, entity_key) with
  `entity_id` and the registration's columns.
- `entity_of`: entity key -> opaque entity id. A mapping, not data: join it only to keys
  taken from another scoped relation (search joins index candidates through it).
- `whole_keys`: entity keys *all* of whose statements rest on admitted registrations; what was
  derived from a whole record (a resolution frame row) may be shown only for these.
- `scoped_frame`, `scoped_pairs`: resolution frame rows and scored pairs of whole keys only
  (the key's own statements and those of the addresses, phones and vehicles its frame row
  reads). In the analysis scope (never shown) every row the run built from the scope: a key
  with a statement in it.

Relations are `NOT MATERIALIZED` CTEs: DuckDB inlines each where it is used, so a service that
reads one entity pays for one entity, and an unused relation costs nothing.
"""

from __future__ import annotations

from typing import Any

from raffinaderij.resolve.frame import FRAME_LINKS
from raffinaderij.store.relation import Relations

_FRAME_LINKS = "(" + ", ".join(f"'{p}'" for p in FRAME_LINKS) + ")"

__all__ = ["POLICE_TABLES", "RELATIONS", "Relations", "relations_sql"]

#: Tables that hold police data or what is derived from it: only the guard and the layers below
#: it (store, ingest, resolve, search, graph) name them.
POLICE_TABLES = frozenset(
    {
        "registrations",
        "statements",
        "match_keys",
        "entity_ids",
        "entity_clusters",
        "resolve_frame",
        "resolve_keys",
        "match_pairs",
        "registration_alterations",
        "rejects",
        "graph_adjacency",
    }
)

RELATIONS = (
    "scoped_registrations",
    "scoped_statements",
    "scoped_match_keys",
    "entity_of",
    "whole_keys",
    "scoped_frame",
    "scoped_pairs",
)


def relations_sql(mode: str, predicate: str, params: dict[str, Any]) -> Relations:
    """The relations for a predicate over `registrations AS r` (from `guard.predicates`)."""
    frame_keys = (
        # the run built its frame from every key with a statement in this scope (the values of
        # those statements only); the split preview must cluster those same rows (never shown)
        "SELECT DISTINCT s.entity_key FROM statements s"
        " JOIN scoped_registrations r ON r.reg_key = s.reg_key"
        if mode == "analysis"
        else f"""
    SELECT w.entity_key FROM whole_keys w
    WHERE NOT EXISTS (
        SELECT 1 FROM statements l
        WHERE l.entity_key = w.entity_key AND l.prop IN {_FRAME_LINKS}
          AND l.value NOT IN (SELECT entity_key FROM whole_keys)
    )
"""
    )
    sql = f"""WITH scoped_registrations AS NOT MATERIALIZED (
    SELECT r.* FROM registrations r WHERE {predicate}
),
scoped_statements AS NOT MATERIALIZED (
    SELECT s.reg_key, s.entity_key, s.schema, s.prop, s.value, s.qualifier, ei.entity_id,
           r.* EXCLUDE (reg_key)
    FROM statements s
    JOIN scoped_registrations r ON r.reg_key = s.reg_key
    JOIN entity_ids ei ON ei.entity_key = s.entity_key
),
scoped_match_keys AS NOT MATERIALIZED (
    SELECT mk.key_type, mk.key_value, mk.reg_key, mk.entity_key, ei.entity_id,
           r.* EXCLUDE (reg_key)
    FROM match_keys mk
    JOIN scoped_registrations r ON r.reg_key = mk.reg_key
    JOIN entity_ids ei ON ei.entity_key = mk.entity_key
),
entity_of AS NOT MATERIALIZED (
    SELECT ei.entity_key, ei.entity_id FROM entity_ids ei
),
whole_keys AS NOT MATERIALIZED (
    SELECT s.entity_key
    FROM statements s LEFT JOIN scoped_registrations r ON r.reg_key = s.reg_key
    GROUP BY s.entity_key HAVING bool_and(r.reg_key IS NOT NULL)
),
-- a frame row also holds values of the addresses, phones and vehicles its person links to,
-- stated in other registrations maybe: shown to a reader, the row is whole when those are whole
-- too; the analysis scope is never shown: it holds every row the run built from it, so the split
-- preview clusters what the re-clustering will
whole_frame_keys AS NOT MATERIALIZED ({frame_keys}),
scoped_frame AS NOT MATERIALIZED (
    SELECT f.* FROM resolve_frame f WHERE f.unique_id IN (SELECT entity_key FROM whole_frame_keys)
),
scoped_pairs AS NOT MATERIALIZED (
    SELECT p.* FROM match_pairs p
    WHERE p.left_key IN (SELECT entity_key FROM whole_frame_keys)
      AND p.right_key IN (SELECT entity_key FROM whole_frame_keys)
)"""
    return Relations(mode, sql, dict(params), predicate)
