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
import pyarrow as pa

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


def _read(store: Store, rel: Relations) -> dict[str, tuple[str, dict[str, list[str]]]]:
    """entity key -> (schema, prop -> values) for every value a rule reads, in the scope."""
    props = sorted({p for r in RULES.values() for p in r.reads if not p.startswith("@")})
    links = sorted({p[1:] for r in RULES.values() for p in r.reads if p.startswith("@")})
    rows = rel.query(
        store,
        "SELECT entity_key, schema, prop, value FROM scoped_statements"
        " WHERE list_contains($schemas, schema)"
        "   AND (list_contains($props, prop) OR list_contains($links, prop))"
        " ORDER BY entity_key, prop, value",
        {"schemas": sorted(RULES), "props": props, "links": links},
    )
    out: dict[str, tuple[str, dict[str, list[str]]]] = {}
    for key, schema, prop, value in rows:
        out.setdefault(key, (schema, defaultdict(list)))[1][prop].append(value)
    return out


def _rule_keys(records: dict[str, tuple[str, dict[str, list[str]]]]) -> dict[str, set[str]]:
    """entity key -> its rule keys. Addresses first: an organisation's name joins only together
    with the key of an address it is established at."""
    keys: dict[str, set[str]] = {}
    for key, (schema, values) in records.items():
        if schema == "Address":
            keys[key] = RULES["Address"].keys(values)
    for key, (schema, values) in records.items():
        if schema == "Address":
            continue
        linked: Values = values
        if schema == "Organisation":
            addrs = [a for target in values.get("establishedAt", []) for a in keys.get(target, ())]
            linked = {**values, "@establishedAt": sorted(addrs)}
        keys[key] = RULES[schema].keys(linked)
    return keys


def _components(keys: dict[str, set[str]], everyone: dict[str, str]) -> dict[str, str]:
    """entity key -> group label: records sharing a rule key (directly or through others) are
    one group; a record without a key, or out of scope, is a group of its own."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for key, rks in keys.items():
        first = f"key:{key}"
        for rk in rks:
            a, b = find(first), find(rk)
            if a != b:
                parent[max(a, b)] = min(a, b)
    # the label is the component's smallest member *key*; it never leaves assign_groups
    label: dict[str, str] = {}
    for key in sorted(keys):
        label.setdefault(find(f"key:{key}"), key)
    return {
        key: (f"{schema}:{label[find(f'key:{key}')]}" if key in keys else f"{schema}:{key}")
        for key, schema in everyone.items()
    }


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
    records = _read(store, rel)
    stage("group", 1)
    keys = _rule_keys(records)
    # every stored key of these types takes part, so one that fell out of scope is cut loose
    everyone = dict(
        store.query(
            "SELECT DISTINCT entity_key, schema FROM statements WHERE list_contains(?, schema)",
            [sorted(RULES)],
        )
    )
    groups = _components(keys, everyone)
    run_id = uuid.uuid4().hex[:16]
    sizes: dict[str, int] = defaultdict(int)
    for grp in groups.values():
        sizes[grp] += 1
    report = RuleReport(run_id, rules.version)
    for schema in everyone.values():
        report.records[schema] = report.records.get(schema, 0) + 1
    for grp, n in sizes.items():
        schema = grp.split(":", 1)[0]
        report.entities[schema] = report.entities.get(schema, 0) + 1
        if n > 1:
            report.joined[schema] = report.joined.get(schema, 0) + 1
    table = pa.table(
        {
            "entity_key": pa.array(list(groups), type=pa.string()),
            "grp": pa.array(list(groups.values()), type=pa.string()),
        }
    )
    stage("write", 2)
    with store.transaction() as tx:
        assign_groups(tx, table)
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
