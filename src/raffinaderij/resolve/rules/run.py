"""Apply the approved rule set: read the objects' values from the relations the guard hands in
(its analysis scope), join records that share a rule key, and give each group one opaque id
(`store.entity_ids.assign_groups`, ids carried over by member overlap)."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from raffinaderij.errors import Denied, RaffError
from raffinaderij.resolve.rules.keys import RULES, RULES_VERSION, Values, rules_hash, rules_json
from raffinaderij.store.db import Store
from raffinaderij.store.entity_ids import assign_groups
from raffinaderij.store.relation import Relations

__all__ = ["RuleReport", "RuleSet", "apply_rules", "approve_rules", "last_rule_run", "rule_set"]


@dataclass(frozen=True)
class RuleSet:
    version: str
    rules: dict[str, dict[str, object]]
    approved_by: str | None
    approved_at: datetime | None


@dataclass(frozen=True)
class RuleReport:
    run_id: str
    rules_version: str
    records: dict[str, int] = field(default_factory=dict)  # schema -> entity-in-source keys
    entities: dict[str, int] = field(default_factory=dict)  # schema -> resolved entities
    joined: dict[str, int] = field(default_factory=dict)  # schema -> groups of 2 or more


def rule_set(store: Store) -> RuleSet:
    """The shipped rule set and who approved this version, if anyone did."""
    rows = store.query(
        "SELECT approved_by, approved_at, rules_hash FROM rule_sets WHERE version = ?",
        [RULES_VERSION],
    )
    rules = json.loads(rules_json())["rules"]
    if rows and rows[0][2] != rules_hash():
        raise RaffError(
            f"rule set {RULES_VERSION} changed after it was approved; a changed rule set needs a"
            " new version and a new approval"
        )
    by, at = (rows[0][0], rows[0][1]) if rows else (None, None)
    return RuleSet(RULES_VERSION, rules, by, at)


def approve_rules(store: Store, version: str, *, approver: str, now: datetime) -> RuleSet:
    """LAW-15: a designated approver approves the shipped version before it is used."""
    if version != RULES_VERSION:
        raise RaffError(f"this installation ships rule set {RULES_VERSION}, not {version!r}")
    current = rule_set(store)
    if current.approved_by is not None:
        raise RaffError(f"rule set {version} was already approved by {current.approved_by}")
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO rule_sets VALUES (?, ?, ?, ?, ?)",
            [version, rules_json(), rules_hash(), approver, now],
        )
    return rule_set(store)


#: rows fetched from DuckDB at a time while the rule keys are computed
_BATCH = 100_000


@dataclass
class _Keyed:
    """What the read leaves behind, in Arrow and numpy rather than Python objects (10M records
    held as dicts of lists took 19 GB): the scoped records in key order, and which rule key
    each one has (`pair_entity[i]` holds `pair_key[i]`)."""

    entity_keys: list[pa.Array] = field(default_factory=list)
    schemas: list[pa.Array] = field(default_factory=list)
    pair_entity: list[np.ndarray] = field(default_factory=list)
    pair_key: list[pa.Array] = field(default_factory=list)
    count: int = 0

    def add_batch(self, keys: list[str], schemas: list[str], pairs: list[tuple[int, str]]) -> None:
        self.entity_keys.append(pa.array(keys, type=pa.string()))
        self.schemas.append(pa.array(schemas, type=pa.string()).dictionary_encode())
        self.add_pairs(pairs)
        self.count += len(keys)

    def add_pairs(self, pairs: list[tuple[int, str]]) -> None:
        if pairs:
            self.pair_entity.append(np.fromiter((i for i, _ in pairs), np.int64, len(pairs)))
            self.pair_key.append(pa.array([k for _, k in pairs], type=pa.string()))


def _read(store: Store, rel: Relations) -> _Keyed:
    """Stream the scoped values every rule reads, one entity at a time in key order, and keep
    only each entity's rule keys. Addresses an organisation is established at keep theirs until
    the organisations (held back to the end) have read them."""
    props = sorted({p for r in RULES.values() for p in r.reads if not p.startswith("@")})
    links = sorted({p[1:] for r in RULES.values() for p in r.reads if p.startswith("@")})
    params = {"schemas": sorted(RULES), "props": props, "links": links}
    wanted = {
        row[0]
        for row in rel.query(
            store,
            "SELECT DISTINCT value FROM scoped_statements"
            " WHERE schema = 'Organisation' AND list_contains($links, prop)",
            {"links": links},
        )
    }
    out = _Keyed()
    addresses: dict[str, set[str]] = {}
    organisations: list[tuple[int, dict[str, list[str]]]] = []
    cur = store.cursor()
    try:
        result = rel.execute(
            cur,
            "SELECT entity_key, schema, prop, value FROM scoped_statements"
            " WHERE list_contains($schemas, schema)"
            "   AND (list_contains($props, prop) OR list_contains($links, prop))"
            " ORDER BY entity_key, prop, value",
            params,
        )
        keys: list[str] = []
        schemas: list[str] = []
        pairs: list[tuple[int, str]] = []
        values: dict[str, list[str]] = defaultdict(list)

        def finish() -> None:  # the entity keys[-1] has all its values
            index, schema = out.count + len(keys) - 1, schemas[-1]
            if schema == "Organisation":
                organisations.append((index, dict(values)))
                return
            found = RULES[schema].keys(values)
            if schema == "Address" and keys[-1] in wanted:
                addresses[keys[-1]] = found
            pairs.extend((index, k) for k in found)

        while batch := result.fetchmany(_BATCH):
            for key, schema, prop, value in batch:
                if not keys or keys[-1] != key:
                    if keys:
                        finish()
                    values = defaultdict(list)
                    keys.append(key)
                    schemas.append(schema)
                values[prop].append(value)
            # the last entity may go on in the next batch: it moves along
            last = (keys.pop(), schemas.pop()) if keys else None
            out.add_batch(keys, schemas, pairs)
            keys, schemas, pairs = ([last[0]], [last[1]], []) if last else ([], [], [])
        if keys:
            finish()
            out.add_batch(keys, schemas, pairs)
    finally:
        cur.close()
    # organisations: name + the address key of where each is established
    org_pairs: list[tuple[int, str]] = []
    for index, values in organisations:
        addrs = [a for target in values.get("establishedAt", []) for a in addresses.get(target, ())]
        linked: Values = {**values, "@establishedAt": sorted(addrs)}
        org_pairs.extend((index, k) for k in RULES["Organisation"].keys(linked))
    out.add_pairs(org_pairs)
    return out


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The smallest node of each node's connected component, for the graph with nodes 0..n-1
    and edges a[i]-b[i]: hook the larger root under the smaller, then jump pointers until
    every node points at its root; repeat until no edge joins two roots."""
    parent = np.arange(n, dtype=np.int64)
    while True:
        ra, rb = parent[a], parent[b]
        joins = ra != rb
        if not joins.any():
            return parent
        np.minimum.at(parent, np.maximum(ra, rb)[joins], np.minimum(ra, rb)[joins])
        while not np.array_equal(grand := parent[parent], parent):
            parent = grand


def _groups(keyed: _Keyed) -> pa.Table:
    """entity key -> group label for every scoped record: records sharing a rule key (directly
    or through others) are one group, labelled by its type and its smallest member *key* (the
    label never leaves assign_groups); a record without a key is a group of its own."""
    n = keyed.count
    entity_keys = pa.chunked_array(keyed.entity_keys, type=pa.string())
    schemas = pc.cast(pa.chunked_array(keyed.schemas), pa.string())
    if keyed.pair_key:
        # one array (large: past 2 GB of keys a string array's offsets overflow), one dictionary
        every = pc.cast(pa.chunked_array(keyed.pair_key), pa.large_string()).combine_chunks()
        codes = pc.dictionary_encode(every)
        rule_nodes = n + codes.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        entity_nodes = np.concatenate(keyed.pair_entity)
        roots = _components(n + len(codes.dictionary), entity_nodes, rule_nodes)[:n]
    else:
        roots = np.arange(n, dtype=np.int64)
    # entities are numbered in key order, so the smallest node is the smallest member key
    label = pc.take(entity_keys, pa.array(roots))
    grp = pc.binary_join_element_wise(schemas, label, ":")
    return pa.table({"entity_key": entity_keys, "grp": grp})


def apply_rules(
    store: Store,
    rel: Relations,
    *,
    now: datetime,
    before_commit: Callable[[duckdb.DuckDBPyConnection, RuleReport], None] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> RuleReport:
    """Group every vehicle, phone, address, organisation, bank account and document record by
    the approved rules. `rel` must be the analysis scope: what it leaves out (confidential,
    covert, blocked, expired records) contributes no value, so it joins nothing (LAW-02).
    `progress(stage, done, total)` hears of each of its three stages."""

    def stage(name: str, done: int) -> None:
        if progress is not None:
            progress(name, done, 3)

    rules = rule_set(store)
    if rules.approved_by is None:
        raise Denied(
            f"rule set {rules.version} is not approved; a model approver must approve it first"
            f" (raff rules approve --version {rules.version})"
        )
    stage("read", 0)
    keyed = _read(store, rel)
    stage("group", 1)
    scoped = _groups(keyed)
    del keyed
    run_id = uuid.uuid4().hex[:16]
    stage("write", 2)
    with store.transaction() as tx:
        # every stored key of these types takes part, so one that fell out of scope is cut loose
        tx.register("_rule_scoped", scoped)
        tx.execute(
            """CREATE OR REPLACE TEMP TABLE _rule_groups AS
            SELECT s.entity_key, s.schema, coalesce(g.grp, s.schema || ':' || s.entity_key) AS grp
            FROM (SELECT DISTINCT entity_key, schema FROM statements
                  WHERE list_contains($schemas, schema)) s
            LEFT JOIN _rule_scoped g USING (entity_key)""",
            {"schemas": sorted(RULES)},
        )
        tx.unregister("_rule_scoped")
        report = RuleReport(run_id, rules.version)
        for schema, records, entities, joined in tx.execute(
            """SELECT schema, sum(n)::BIGINT, count(*), count(*) FILTER (WHERE n > 1)
            FROM (SELECT schema, grp, count(*) AS n FROM _rule_groups GROUP BY ALL)
            GROUP BY schema ORDER BY schema"""
        ).fetchall():
            report.records[schema] = records
            report.entities[schema] = entities
            if joined:
                report.joined[schema] = joined
        assign_groups(tx, "_rule_groups")
        tx.execute("DROP TABLE _rule_groups")
        tx.execute(
            "INSERT INTO rule_runs VALUES (?, ?, ?, ?)",
            [
                run_id,
                rules.version,
                now,
                json.dumps(
                    {
                        "records": report.records,
                        "entities": report.entities,
                        "joined": report.joined,
                    },
                    sort_keys=True,
                ),
            ],
        )
        if before_commit is not None:  # e.g. the caller's audit row, in the same transaction
            before_commit(tx, report)
        stage("done", 3)
    return report


def last_rule_run(store: Store) -> dict[str, Any] | None:
    """The newest run of the rule set: when, which version, its counts (no values)."""
    rows = store.query(
        "SELECT rules_version, started_at, report_json FROM rule_runs"
        " ORDER BY started_at DESC, run_id DESC LIMIT 1"
    )
    if not rows:
        return None
    version, at, report_json = rows[0]
    report = json.loads(report_json)
    # counts per object type, summed: records, entities, joined
    counts = {k: sum(v.values()) if isinstance(v, dict) else v for k, v in report.items()}
    return {"version": version, "at": at, "report": counts}
