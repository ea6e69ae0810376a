"""Run an approved model: predict, cluster under constraints and decisions, store (LAW-15).

Every stored pair and cluster row names the model version and run.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import duckdb
import pyarrow as pa

from raffinaderij.clock import Clock, default_clock
from raffinaderij.errors import Denied
from raffinaderij.resolve import spark
from raffinaderij.resolve.blockkeys import probe_keys_sql, stored_keys_sql
from raffinaderij.resolve.cluster import cluster
from raffinaderij.resolve.decisions import active_decisions
from raffinaderij.resolve.engine import predict
from raffinaderij.resolve.frame import FRAME_COLUMNS, build_frame
from raffinaderij.resolve.models import Model, get_model, latest_approved
from raffinaderij.resolve.recheck import cluster_rechecked
from raffinaderij.resolve.scoring import score_pairs_sql
from raffinaderij.resolve.stages import StageReport, Stages
from raffinaderij.store.db import Store
from raffinaderij.store.entity_ids import assign_groups
from raffinaderij.store.relation import Relations

__all__ = ["RunReport", "current_version", "link_new", "recluster", "run", "split_preview"]

# Pairs down to this weight are kept for review and explanation, linked or not.
REVIEW_WEIGHT = -4.0
_COLS = ", ".join(FRAME_COLUMNS)


@dataclass(frozen=True)
class RunReport:
    run_id: str
    model_version: str
    records: int
    pairs: int
    linked_pairs: int
    entities: int
    multi_record_entities: int
    decisions_applied: int
    seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _usable(store: Store, version: str | None) -> Model:
    model = get_model(store, version or latest_approved(store))
    if not model.approved:
        raise Denied(
            f"model {model.version} is not approved; a second person must approve it first"
        )
    return model


def current_version(store: Store) -> str | None:
    rows = store.query(
        "SELECT model_version FROM resolve_runs ORDER BY started_at DESC, run_id DESC LIMIT 1"
    )
    return str(rows[0][0]) if rows else None


def _cluster_frame(
    cur: duckdb.DuckDBPyConnection,
    keys: list[str],
    bsn: list[str | None],
    pairs: pa.Table,
    model: Model,
    frame: str,
) -> tuple[dict[str, str], int, pa.Table | None]:
    """Cluster under decisions and constraints, every pair inside a cluster re-checked against
    `frame` (recheck.py); returns the mapping, the decisions applied and the re-checked pairs."""
    confirms, splits = active_decisions(cur)

    run_cluster = _clusterer(keys, bsn, confirms, splits, model)
    mapping, extra = cluster_rechecked(run_cluster, cur, frame, pairs, model.settings, model.params)
    return mapping, len(confirms) + len(splits), extra


def _clusterer(
    keys: list[str],
    bsn: list[str | None],
    confirms: list[tuple[str, str]],
    splits: list[tuple[str, str]],
    model: Model,
    fixed: Sequence[tuple[str, str, float]] = (),
) -> Callable[[pa.Table], dict[str, str]]:
    """Clustering of `keys` under the decisions, as `cluster_rechecked` calls it with a table of
    scored pairs (left_key, right_key, match_weight); `fixed` edges are added every time."""

    def run_cluster(edges_t: pa.Table) -> dict[str, str]:
        edges = zip(
            edges_t.column("left_key").to_pylist(),
            edges_t.column("right_key").to_pylist(),
            edges_t.column("match_weight").to_pylist(),
            strict=True,
        )
        return cluster(
            keys, bsn, [*edges, *fixed], confirms=confirms, splits=splits, params=model.params
        )

    return run_cluster


def _write(
    tx: duckdb.DuckDBPyConnection, mapping: dict[str, str], version: str, run_id: str
) -> None:
    """Store the clusters under opaque ids carried over by member overlap (issue 9): the
    cluster label (a member key) never leaves this function."""
    groups = pa.table(
        {
            "entity_key": pa.array(list(mapping.keys()), type=pa.string()),
            "grp": pa.array(list(mapping.values()), type=pa.string()),
        }
    )
    tx.register("_resolve_groups", groups)
    assign_groups(tx, "_resolve_groups")
    tx.execute(
        "INSERT INTO entity_clusters SELECT i.entity_key, i.entity_id, ?, ?"
        " FROM _resolve_groups g JOIN entity_ids i USING (entity_key)",
        [version, run_id],
    )
    tx.unregister("_resolve_groups")


def _linked_flags(pairs: pa.Table, mapping: dict[str, str]) -> pa.Array:
    return pa.array(
        [
            mapping.get(a) is not None and mapping.get(a) == mapping.get(b)
            for a, b in zip(
                pairs.column("left_key").to_pylist(),
                pairs.column("right_key").to_pylist(),
                strict=True,
            )
        ],
        type=pa.bool_(),
    )


def _report(
    run_id: str,
    model: Model,
    records: int,
    pairs: pa.Table,
    linked: pa.Array,
    mapping: dict[str, str],
    decisions: int,
    started: float,
) -> RunReport:
    sizes: dict[str, int] = {}
    for eid in mapping.values():
        sizes[eid] = sizes.get(eid, 0) + 1
    return RunReport(
        run_id,
        model.version,
        records,
        pairs.num_rows,
        sum(1 for x in linked.to_pylist() if x),
        len(sizes),
        sum(1 for s in sizes.values() if s > 1),
        decisions,
        round(time.perf_counter() - started, 3),
    )


def run(
    store: Store,
    *,
    version: str | None = None,
    candidate_filter: str,
    clock: Clock | None = None,
    progress: StageReport | None = None,
) -> RunReport:
    """Resolve all candidates with an approved model; replaces the derived tables atomically.
    `progress` hears each stage as it starts (stages.py)."""
    started = time.perf_counter()
    model = _usable(store, version)
    backend = spark.backend()  # RAFF_RESOLVE_BACKEND; an unknown one is refused before work
    now = (clock or default_clock())()
    run_id = f"r{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
    stages = Stages(4, progress)
    cur = store.cursor()
    try:
        stages.start("person frame")
        frame = build_frame(cur, candidate_filter=candidate_filter)
        if backend == "spark":
            stages.start("scoring pairs on Spark")
            pairs = spark.predict_spark(frame, model.settings, threshold_weight=REVIEW_WEIGHT)
        else:
            stages.start("scoring pairs")
            pairs = predict(frame, model.settings, threshold_weight=REVIEW_WEIGHT)
        stages.start("clustering")
        keys = frame.column("unique_id").to_pylist()
        cur.register("_resolve_frame_now", frame)
        try:
            mapping, n_dec, extra = _cluster_frame(
                cur, keys, frame.column("bsn").to_pylist(), pairs, model, "_resolve_frame_now"
            )
        finally:
            cur.unregister("_resolve_frame_now")
    finally:
        cur.close()
    if extra is not None:
        pairs = pa.concat_tables([pairs, extra.cast(pairs.schema)])
    linked = _linked_flags(pairs, mapping)
    stages.start("storing")
    report = _report(run_id, model, frame.num_rows, pairs, linked, mapping, n_dec, started)
    stored = (
        pairs.append_column(
            "model_version", pa.array([model.version] * pairs.num_rows, pa.string())
        )
        .append_column("run_id", pa.array([run_id] * pairs.num_rows, pa.string()))
        .append_column("linked", linked)
    )
    with store.transaction() as tx:
        tx.execute("DELETE FROM entity_clusters")
        tx.execute("DELETE FROM match_pairs")
        tx.execute("DELETE FROM resolve_frame")
        tx.register("_resolve_frame", frame)
        tx.execute(f"INSERT INTO resolve_frame ({_COLS}) SELECT {_COLS} FROM _resolve_frame")
        tx.unregister("_resolve_frame")
        tx.execute("DELETE FROM resolve_keys")
        tx.execute(f"INSERT INTO resolve_keys {stored_keys_sql('resolve_frame')}")
        tx.register("_resolve_pairs", stored)
        tx.execute(
            "INSERT INTO match_pairs SELECT left_key, right_key, match_weight, match_probability,"
            " contributions, model_version, run_id, linked FROM _resolve_pairs"
        )
        tx.unregister("_resolve_pairs")
        _write(tx, mapping, model.version, run_id)
        tx.execute(
            "INSERT INTO resolve_runs VALUES (?, ?, ?, 'run', ?)",
            [run_id, model.version, now, json.dumps(report.to_dict())],
        )
    return replace(report, stage_seconds=stages.done())


def split_preview(
    store: Store, rel: Relations, entity_id: str, left: str, right: str
) -> list[list[str]]:
    """The groups the records of one entity would fall into if the pair were split: clustered
    as `recluster` clusters, on all the entity's members, their stored pairs (re-checked as a
    run re-checks them) and the analysts' decisions with this split added; largest first.

    The frame and the pairs come from `rel` (the analysis scope the clustering ran under), so
    members the reader does not see count as they will in the re-clustering: the preview says
    what the split will do, which the reader sees once it is done anyway."""
    version = current_version(store)
    if version is None:
        return []
    model = _usable(store, version)
    cur = store.cursor()
    try:
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE _sp_frame AS {rel.with_()}"
            f" SELECT {_COLS} FROM scoped_frame WHERE unique_id IN"
            " (SELECT entity_key FROM entity_of WHERE entity_id = $sp_entity)",
            {**rel.params, "sp_entity": entity_id},
        )
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE _sp_members AS SELECT unique_id AS k FROM _sp_frame"
        )
        pairs = cur.sql(
            f"{rel.with_()} SELECT left_key, right_key, match_weight FROM scoped_pairs"
            " WHERE left_key IN (SELECT k FROM _sp_members)"
            " AND right_key IN (SELECT k FROM _sp_members)",
            params=rel.params,
        ).to_arrow_table()
        keys_bsn = cur.execute("SELECT unique_id, bsn FROM _sp_frame ORDER BY 1").fetchall()
        confirms, splits = active_decisions(cur)
        pair = tuple(sorted((left, right)))
        confirms = [c for c in confirms if tuple(sorted(c)) != pair]
        splits = [*splits, (pair[0], pair[1])]
        keys = [str(k) for k, _ in keys_bsn]
        bsn = [b for _, b in keys_bsn]

        run_cluster = _clusterer(keys, bsn, confirms, splits, model)
        mapping, _ = cluster_rechecked(
            run_cluster, cur, "_sp_frame", pairs, model.settings, model.params
        )
        cur.execute("DROP TABLE _sp_frame")
        cur.execute("DROP TABLE _sp_members")
    finally:
        cur.close()
    groups: dict[str, list[str]] = {}
    for key, label in mapping.items():
        groups.setdefault(label, []).append(key)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g))


def recluster(store: Store, *, clock: Clock | None = None) -> RunReport | None:
    """Re-cluster the stored pairs of the current run (after a decision); no re-scoring."""
    version = current_version(store)
    if version is None:
        return None
    started = time.perf_counter()
    model = _usable(store, version)
    now = (clock or default_clock())()
    run_id = f"r{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
    cur = store.cursor()
    try:
        keys_bsn = cur.sql(
            "SELECT unique_id, bsn FROM resolve_frame ORDER BY unique_id"
        ).to_arrow_table()
        pairs = cur.sql(
            "SELECT left_key, right_key, match_weight FROM match_pairs"
        ).to_arrow_table()
        mapping, n_dec, extra = _cluster_frame(
            cur,
            keys_bsn.column(0).to_pylist(),
            keys_bsn.column(1).to_pylist(),
            pairs,
            model,
            "resolve_frame",
        )
    finally:
        cur.close()
    if extra is not None:
        pairs = pa.concat_tables([pairs, extra.select(pairs.column_names).cast(pairs.schema)])
    linked = _linked_flags(pairs, mapping)
    report = _report(run_id, model, keys_bsn.num_rows, pairs, linked, mapping, n_dec, started)
    flags = pa.table(
        {
            "left_key": pairs.column("left_key"),
            "right_key": pairs.column("right_key"),
            "linked": linked,
        }
    )
    with store.transaction() as tx:
        tx.execute("DELETE FROM entity_clusters")
        _write(tx, mapping, model.version, run_id)
        if extra is not None:
            tx.register("_resolve_extra", extra)
            tx.execute(
                "INSERT INTO match_pairs SELECT left_key, right_key, match_weight,"
                " match_probability, contributions, ?, ?, false FROM _resolve_extra",
                [model.version, run_id],
            )
            tx.unregister("_resolve_extra")
        tx.register("_resolve_flags", flags)
        tx.execute(
            "UPDATE match_pairs SET linked = f.linked, run_id = ? FROM _resolve_flags f"
            " WHERE match_pairs.left_key = f.left_key AND match_pairs.right_key = f.right_key",
            [run_id],
        )
        tx.unregister("_resolve_flags")
        tx.execute(
            "INSERT INTO resolve_runs VALUES (?, ?, ?, 'recluster', ?)",
            [run_id, model.version, now, json.dumps(report.to_dict())],
        )
    return report


def _ensure_keys(cur: duckdb.DuckDBPyConnection) -> None:
    n = cur.execute("SELECT count(*) FROM (SELECT 1 FROM resolve_keys LIMIT 1)").fetchall()
    if not n[0][0]:
        # a frame stored before resolve_keys existed (migration 0005): index it once
        cur.execute(f"INSERT INTO resolve_keys {stored_keys_sql('resolve_frame')}")


def _candidates(cur: duckdb.DuckDBPyConnection) -> pa.Table:
    """Stored frame rows sharing a blocking key with a row of `_resolve_new`: one hash join
    against resolve_keys, then a lookup of those rows, however large the frame."""
    _ensure_keys(cur)
    return cur.sql(
        f"SELECT {', '.join('f.' + c for c in FRAME_COLUMNS)} FROM resolve_frame f"
        " WHERE f.unique_id IN (SELECT k.unique_id FROM resolve_keys k"
        f" JOIN ({probe_keys_sql('_resolve_new')}) p ON p.key = k.key)"
        " AND f.unique_id NOT IN (SELECT unique_id FROM _resolve_new)"
    ).to_arrow_table()


def _score_new(cur: duckdb.DuckDBPyConnection, settings: dict[str, Any]) -> pa.Table:
    """Pairs of `_resolve_new` with each other and with the stored frame that share a blocking
    key, scored in SQL (scoring.py) at or above the review weight."""
    cols = ", ".join(FRAME_COLUMNS)
    _ensure_keys(cur)
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _resolve_probe AS "
        + probe_keys_sql("_resolve_new", with_ids=True)
    )
    cur.execute(
        f"""CREATE OR REPLACE TEMP TABLE _resolve_pairs0 AS
        SELECT DISTINCT least(p.unique_id, k.unique_id) AS left_key,
                        greatest(p.unique_id, k.unique_id) AS right_key
        FROM _resolve_probe p JOIN resolve_keys k ON k.key = p.key
        WHERE k.unique_id NOT IN (SELECT unique_id FROM _resolve_new)
        UNION
        SELECT least(p.unique_id, s.unique_id), greatest(p.unique_id, s.unique_id)
        FROM _resolve_probe p JOIN ({stored_keys_sql("_resolve_new")}) s ON s.key = p.key
        WHERE p.unique_id <> s.unique_id"""
    )
    cur.execute(
        f"""CREATE OR REPLACE TEMP TABLE _resolve_both AS
        SELECT {cols} FROM resolve_frame WHERE unique_id IN
            (SELECT left_key FROM _resolve_pairs0 UNION SELECT right_key FROM _resolve_pairs0)
            AND unique_id NOT IN (SELECT unique_id FROM _resolve_new)
        UNION ALL SELECT {cols} FROM _resolve_new"""
    )
    try:
        sql = score_pairs_sql(settings, "_resolve_pairs0", "_resolve_both", list(FRAME_COLUMNS))
        return cur.sql(
            f"SELECT * FROM ({sql}) WHERE match_weight >= {REVIEW_WEIGHT!r}"
        ).to_arrow_table()
    finally:
        for t in ("_resolve_probe", "_resolve_pairs0", "_resolve_both"):
            cur.execute(f"DROP TABLE IF EXISTS {t}")


def link_new(
    store: Store,
    entity_keys: list[str],
    *,
    candidate_filter: str,
    version: str | None = None,
    clock: Clock | None = None,
    before_commit: Callable[[duckdb.DuckDBPyConnection, RunReport], None] | None = None,
) -> RunReport:
    """Link newly ingested Person entities against the existing clusters, without retraining.

    `before_commit(cur, report)` runs inside the write transaction (the caller's audit row and
    the end of its pending ingest job commit with the links)."""
    started = time.perf_counter()
    model = _usable(store, version or current_version(store))
    now = (clock or default_clock())()
    run_id = f"r{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
    cur = store.cursor()
    try:
        new = build_frame(cur, candidate_filter=candidate_filter, entity_keys=entity_keys)
        new_keys = new.column("unique_id").to_pylist()
        cur.register("_resolve_new", new)
        pairs = _score_new(cur, model.settings)
        # the clusters the new records touch, whole, so constraints see every member
        touched = set(pairs.column("left_key").to_pylist()) | set(
            pairs.column("right_key").to_pylist()
        )
        touched_t = pa.table({"k": pa.array(sorted(touched), pa.string())})
        cur.register("_resolve_touched", touched_t)
        # their members once, for both lookups below (each would otherwise scan the clusters)
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE _resolve_members AS SELECT entity_key, entity_id"
            " FROM entity_clusters WHERE entity_id IN (SELECT entity_id FROM entity_clusters"
            " WHERE entity_key IN (SELECT k FROM _resolve_touched))"
        )
        members = cur.execute(
            "SELECT m.entity_key, m.entity_id, f.bsn FROM _resolve_members m"
            " JOIN resolve_frame f ON f.unique_id = m.entity_key ORDER BY m.entity_key"
        ).fetchall()
        old_pairs = cur.sql(
            "SELECT left_key, right_key, match_weight FROM match_pairs WHERE linked AND left_key IN"
            " (SELECT entity_key FROM _resolve_members)"
        ).to_arrow_table()
        # the frame rows of the touched members and the new records, for the re-check below
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE _resolve_lnframe AS SELECT {_COLS} FROM resolve_frame"
            " WHERE unique_id IN (SELECT entity_key FROM _resolve_members)"
            " AND unique_id NOT IN (SELECT unique_id FROM _resolve_new)"
            f" UNION ALL SELECT {_COLS} FROM _resolve_new"
        )
        cur.execute("DROP TABLE _resolve_members")
        confirms, splits = active_decisions(cur)
        new_set = set(new_keys)
        keys = [k for k, _, _ in members if k not in new_set] + new_keys
        bsn = [b for k, _, b in members if k not in new_set] + new.column("bsn").to_pylist()
        # existing clusters stay whole: their members are held together like confirmed pairs
        first_of: dict[str, str] = {}
        held: list[tuple[str, str]] = []
        for k, eid, _ in members:
            if k in new_set:
                continue
            first = first_of.setdefault(eid, k)
            if first != k:
                held.append((first, k))
        old_edges = list(
            zip(
                old_pairs.column(0).to_pylist(),
                old_pairs.column(1).to_pylist(),
                old_pairs.column(2).to_pylist(),
                strict=True,
            )
        )

        run_cluster = _clusterer(keys, bsn, [*confirms, *held], splits, model, old_edges)

        # a new record that joins a cluster, or joins two clusters, is scored against every
        # member it was not scored with, and members of clusters it joins against each other:
        # a chain cannot carry it past a pair whose own score says "different"
        before = {k: str(eid) for k, eid, _ in members if k not in new_set}
        mapping, extra = cluster_rechecked(
            run_cluster, cur, "_resolve_lnframe", pairs, model.settings, model.params, before
        )
        cur.execute("DROP TABLE _resolve_lnframe")
        cur.unregister("_resolve_touched")
        cur.unregister("_resolve_new")
    finally:
        cur.close()
    if extra is not None:
        pairs = pa.concat_tables([pairs, extra.select(pairs.column_names).cast(pairs.schema)])
    linked = _linked_flags(pairs, mapping)
    report = _report(
        run_id, model, new.num_rows, pairs, linked, mapping, len(confirms) + len(splits), started
    )
    stored = (
        pairs.append_column(
            "model_version", pa.array([model.version] * pairs.num_rows, pa.string())
        )
        .append_column("run_id", pa.array([run_id] * pairs.num_rows, pa.string()))
        .append_column("linked", linked)
    )
    remap = pa.table({"entity_key": pa.array(list(mapping), pa.string())})
    with store.transaction() as tx:
        tx.register("_resolve_remap", remap)
        tx.register("_resolve_newframe", new)
        tx.execute(
            "DELETE FROM entity_clusters WHERE entity_key IN (SELECT entity_key FROM _resolve_remap)"
        )
        tx.execute(
            "DELETE FROM resolve_frame WHERE unique_id IN (SELECT unique_id FROM _resolve_newframe)"
        )
        tx.execute(f"INSERT INTO resolve_frame ({_COLS}) SELECT {_COLS} FROM _resolve_newframe")
        tx.execute(
            "DELETE FROM resolve_keys WHERE unique_id IN (SELECT unique_id FROM _resolve_newframe)"
        )
        tx.execute(f"INSERT INTO resolve_keys {stored_keys_sql('_resolve_newframe')}")
        tx.register("_resolve_pairs", stored)
        tx.execute(
            "INSERT INTO match_pairs SELECT left_key, right_key, match_weight, match_probability,"
            " contributions, model_version, run_id, linked FROM _resolve_pairs"
        )
        _write(tx, mapping, model.version, run_id)
        for name in ("_resolve_remap", "_resolve_newframe", "_resolve_pairs"):
            tx.unregister(name)
        tx.execute(
            "INSERT INTO resolve_runs VALUES (?, ?, ?, 'link_new', ?)",
            [run_id, model.version, now, json.dumps(report.to_dict())],
        )
        if before_commit is not None:
            before_commit(tx, report)
    return report
