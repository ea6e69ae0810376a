"""The visible statements and links of a few entity keys, found by key (issue 10).

A hop of expand or path needs the rows of a handful of keys. Read through the scoped relations
(NOT MATERIALIZED CTEs over whole tables) every such read hash-joins `statements`,
`registrations` and `entity_ids` in full: linear in the store. Here the same rows come from ART
index lookups with the keys as constants (DuckDB uses an index for a filter on constants only,
never for a join): the statements of the keys from the graph adjacency (graph/adjacency.py),
then the registrations those rows rest on and the ids of their keys, each by key in a
`MATERIALIZED` CTE (which keeps the key filter the only one on its scan), joined small. The law
is the scope's own predicate (`Relations.predicate`, from `guard.predicates`) over those
registration rows, in SQL, so a row is visible here exactly when it is in `scoped_statements`.

While the adjacency is stale (statements changed since its build: an ingest whose index phase
has not run yet) the same rows are read the old way, through the scoped relations: slower,
never different. `tests/services/test_graph.py` checks both ways against the definition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from raffinaderij.graph import EdgeRow
from raffinaderij.graph.adjacency import adjacency_current
from raffinaderij.store.db import Store
from raffinaderij.store.queries import link_types
from raffinaderij.store.relation import Relations, found

__all__ = ["KeyStatement", "by_key", "keys_of", "link_rows", "statements_of"]


@dataclass(frozen=True)
class KeyStatement:
    """A visible statement about one of the keys asked for (a link counts: it is a statement
    about its source), with the opaque id of its key."""

    entity_id: str
    schema: str
    prop: str
    value: str
    reg_key: str


def by_key(store: Store, rel: Relations) -> bool:
    """Whether this session's lookups read the adjacency (it is current) or the relations;
    asked once per relations, i.e. once per service call."""
    if "by_key" not in rel.memo:
        cur = store.cursor()
        try:
            rel.memo["by_key"] = adjacency_current(cur)
        finally:
            cur.close()
    return bool(rel.memo["by_key"])


def keys_of(store: Store, ids: Sequence[str]) -> list[str]:
    """The entity keys of some opaque ids (the id mapping, by id: `entity_of` read the other
    way), to look their statements up by. A mapping, not data: never part of an answer."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    rows = store.query(
        f"WITH {found('i', 'entity_ids', 'entity_id', 'ids')} SELECT entity_key FROM i",
        {"ids": wanted},
    )
    return sorted(str(r[0]) for r in rows)


def _regs(store: Store, keys: list[str], dirs: str) -> list[str]:
    """The registrations of the adjacency rows of `keys` (directions `dirs`, SQL list)."""
    rows = store.query(
        f"WITH {found('a', 'graph_adjacency', 'lookup_key', 'keys')}"
        f" SELECT DISTINCT reg_key FROM a WHERE dir IN {dirs}",
        {"keys": keys},
    )
    return [str(r[0]) for r in rows]


def statements_of(store: Store, rel: Relations, keys: Sequence[str]) -> list[KeyStatement]:
    """The visible statements about these keys, as `scoped_statements` holds them, ordered by
    id, property, value and registration."""
    wanted = sorted(set(keys))
    if not wanted:
        return []
    if not by_key(store, rel):
        rows = rel.query(
            store,
            "SELECT entity_id, schema, prop, value, reg_key FROM scoped_statements"
            " WHERE list_contains($keys, entity_key) ORDER BY entity_id, prop, value, reg_key",
            {"keys": wanted},
        )
        return [KeyStatement(*map(str, r)) for r in rows]
    regs = _regs(store, wanted, "('own', 'out')")
    if not regs:
        return []
    rows = store.query(
        f"""WITH {found("a", "graph_adjacency", "lookup_key", "keys")},
        {found("r", "registrations", "reg_key", "regs")},
        {found("i", "entity_ids", "entity_key", "keys")}
        SELECT i.entity_id, a.schema, a.prop, a.value, a.reg_key
        FROM a JOIN r ON r.reg_key = a.reg_key JOIN i ON i.entity_key = a.entity_key
        WHERE a.dir IN ('own', 'out') AND {rel.predicate}
        ORDER BY i.entity_id, a.prop, a.value, a.reg_key""",
        {**rel.params, "keys": wanted, "regs": regs},
    )
    return [KeyStatement(*map(str, r)) for r in rows]


def link_rows(
    store: Store,
    rel: Relations,
    types: Sequence[str],
    keys: Sequence[str],
    only: tuple[str, dict[str, Any]] = ("", {}),
) -> list[EdgeRow]:
    """The visible links of these types out of or into these keys whose other end (the
    link's value) has a visible value of its own, as (source id, target id, type, role,
    registration): the rows of the visible-edge definition with an end among the keys.
    `only` narrows them further: SQL over `l` (the link statement with its registration's
    columns: qualifier, legal_basis, first_processed, ...) and its parameters."""
    wanted = sorted(set(keys))
    if not wanted or not types:
        return []
    extra, params = only
    if not by_key(store, rel):
        return _links_by_relations(store, rel, list(types), wanted, extra, params)
    near = store.query(
        f"WITH {found('a', 'graph_adjacency', 'lookup_key', 'keys')}"
        " SELECT DISTINCT reg_key, entity_key, value FROM a"
        " WHERE dir IN ('out', 'in') AND list_contains($types, prop)",
        {"keys": wanted, "types": list(types)},
    )
    if not near:
        return []
    ends = sorted({str(r[2]) for r in near})
    regs = {str(r[0]) for r in near} | set(_regs(store, ends, "('own',)"))
    either = sorted({str(r[1]) for r in near} | set(ends))
    rows = store.query(
        f"""WITH {found("a", "graph_adjacency", "lookup_key", "keys")},
        {found("e", "graph_adjacency", "lookup_key", "ends")},
        {found("r", "registrations", "reg_key", "regs")},
        {found("i", "entity_ids", "entity_key", "either")},
        -- the registrations in scope, the predicate evaluated once for both uses
        ok AS MATERIALIZED (SELECT r.* FROM r WHERE {rel.predicate}),
        -- the other ends with a visible value of their own
        seen AS (
            SELECT DISTINCT e.entity_key FROM e JOIN ok ON ok.reg_key = e.reg_key
            WHERE e.dir = 'own'
        ),
        -- the visible link statements, once each (a link between two of the keys is found
        -- under both: its 'out' row stands for it)
        l AS (
            SELECT a.reg_key, a.entity_key, a.prop, a.value, a.qualifier, ok.* EXCLUDE (reg_key)
            FROM a JOIN ok ON ok.reg_key = a.reg_key
            WHERE list_contains($types, a.prop)
              AND (a.dir = 'out' OR (a.dir = 'in' AND NOT list_contains($keys, a.entity_key)))
        )
        SELECT si.entity_id, di.entity_id, l.prop, l.qualifier, l.reg_key
        FROM l JOIN seen ON seen.entity_key = l.value
        JOIN i si ON si.entity_key = l.entity_key JOIN i di ON di.entity_key = l.value
        WHERE true{extra}""",
        {
            **rel.params,
            **params,
            "keys": wanted,
            "ends": ends,
            "regs": sorted(regs),
            "either": either,
            "types": list(types),
        },
    )
    return _sorted([(str(a), str(b), str(t), q, str(k)) for a, b, t, q, k in rows])


def _sorted(rows: list[EdgeRow]) -> list[EdgeRow]:
    return sorted(rows, key=lambda r: (r[0], r[1], r[2], r[4], r[3] or ""))


def _links_by_relations(
    store: Store, rel: Relations, types: list[str], keys: list[str], extra: str, params: Any
) -> list[EdgeRow]:
    """`link_rows` through the scoped relations, in three small steps so that the scans are
    filtered by the keys (pushed into the table scans as constant filters) instead of joining
    every visible statement: the visible link statements out of or into the keys; which other
    ends have a visible value of their own, with their ids. Each step is its own query: joined
    in one, DuckDB plans the scoped join of every link statement first (it shares it between
    both directions) and filters afterwards."""
    links = rel.query(
        store,
        "SELECT l.entity_id, l.value, l.prop, l.qualifier, l.reg_key FROM scoped_statements l"
        " WHERE list_contains($types, l.prop)"
        f" AND (list_contains($keys, l.entity_key) OR list_contains($keys, l.value)){extra}",
        {"types": types, "keys": keys, **params},
    )
    ends = sorted({str(r[1]) for r in links})
    if not ends:
        return []
    visible = dict(
        rel.query(
            store,
            "SELECT DISTINCT entity_key, entity_id FROM scoped_statements"
            " WHERE list_contains($ends, entity_key) AND NOT list_contains($all_links, prop)",
            {"ends": ends, "all_links": list(link_types())},
        )
    )
    return _sorted(
        [
            (str(src), str(visible[end]), str(prop), role, str(reg))
            for src, end, prop, role, reg in links
            if end in visible
        ]
    )
