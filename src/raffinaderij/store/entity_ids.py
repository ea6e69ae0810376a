"""Opaque, stable entity ids: the one mapping from entity-in-source keys to entity ids.

An id is random ('e' + 20 hex digits) and carries no record key, so an id in an answer never
names a record its reader may not see (issue 9). New keys get their own id when they are
stored; resolution (any object type) groups keys with `assign_groups`, which carries ids over
by member overlap, so a re-run that finds the same entities keeps their ids.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

__all__ = ["NEW_ID_SQL", "assign_groups", "assign_new_keys"]

#: A fresh opaque id, evaluated per row.
NEW_ID_SQL = "'e' || substr(md5(gen_random_uuid()::VARCHAR), 1, 20)"


def assign_new_keys(
    cur: duckdb.DuckDBPyConnection, *, keys: str = "(SELECT DISTINCT entity_key FROM statements)"
) -> int:
    """Give every stored entity key without an id its own id. `keys`: a relation whose
    `entity_key` column holds the keys to look at, each once; an ingest passes its own list of
    the keys its batch stored statements for, so the statements table is not read again."""
    cur.execute(
        f"""INSERT INTO entity_ids
        SELECT k.entity_key, {NEW_ID_SQL} FROM {keys} k
        WHERE NOT EXISTS (SELECT 1 FROM entity_ids i WHERE i.entity_key = k.entity_key)"""
    )
    row = cur.fetchone()
    return int(row[0]) if row else 0


def assign_groups(cur: duckdb.DuckDBPyConnection, groups: pa.Table | str) -> None:
    """Set the ids of the keys in `groups` (columns entity_key, grp: any label shared by the
    members of one entity): an Arrow table, or the name of a relation the cursor sees (millions
    of keys stay in DuckDB; nothing comes back to Python).

    A group takes the old id most of its members held, if that id's members went mostly to
    this group (mutual best overlap; ties by id, then label, so the outcome is deterministic);
    other groups get new ids. A key outside `groups` that still shares an id with a group now
    gets an id of its own: nothing stays joined to an entity it was taken out of."""
    name = groups if isinstance(groups, str) else "_eid_groups"
    if not isinstance(groups, str):
        cur.register(name, groups)
    try:
        cur.execute(
            f"""CREATE OR REPLACE TEMP TABLE _eid_overlap AS
            SELECT g.grp, i.entity_id AS old_id, count(*) AS n
            FROM {name} g JOIN entity_ids i ON i.entity_key = g.entity_key
            GROUP BY ALL"""
        )
        cur.execute(
            f"""CREATE OR REPLACE TEMP TABLE _eid_assign AS
            WITH best_of_group AS (
                SELECT grp, old_id FROM _eid_overlap
                QUALIFY row_number() OVER (PARTITION BY grp ORDER BY n DESC, old_id) = 1
            ),
            best_of_id AS (
                SELECT grp, old_id FROM _eid_overlap
                QUALIFY row_number() OVER (PARTITION BY old_id ORDER BY n DESC, grp) = 1
            ),
            kept AS (SELECT grp, old_id AS entity_id FROM best_of_group
                     INTERSECT SELECT grp, old_id FROM best_of_id)
            SELECT g.grp, coalesce(k.entity_id, {NEW_ID_SQL}) AS entity_id
            FROM (SELECT DISTINCT grp FROM {name}) g LEFT JOIN kept k ON k.grp = g.grp"""
        )
        cur.execute(
            f"""CREATE OR REPLACE TEMP TABLE _eid_new AS
            SELECT g.entity_key, a.entity_id FROM {name} g JOIN _eid_assign a ON a.grp = g.grp"""
        )
        # keys left behind in an id that a group now holds get their own id
        cur.execute(
            f"""UPDATE entity_ids SET entity_id = {NEW_ID_SQL}
            WHERE entity_id IN (SELECT entity_id FROM _eid_new)
              AND entity_key NOT IN (SELECT entity_key FROM _eid_new)"""
        )
        # only the keys whose id changes are written: a re-run that finds the same entities
        # rewrites nothing (every row rewritten cost minutes of index upkeep at 10M)
        cur.execute(
            """CREATE OR REPLACE TEMP TABLE _eid_changed AS
            SELECT n.entity_key, n.entity_id FROM _eid_new n
            LEFT JOIN entity_ids i ON i.entity_key = n.entity_key
            WHERE i.entity_id IS DISTINCT FROM n.entity_id"""
        )
        cur.execute(
            "DELETE FROM entity_ids WHERE entity_key IN (SELECT entity_key FROM _eid_changed)"
        )
        cur.execute("INSERT INTO entity_ids SELECT entity_key, entity_id FROM _eid_changed")
    finally:
        for t in ("_eid_overlap", "_eid_assign", "_eid_new", "_eid_changed"):
            cur.execute(f"DROP TABLE IF EXISTS {t}")
        if not isinstance(groups, str):
            cur.unregister(name)
