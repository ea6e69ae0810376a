"""Model lifecycle: train -> versioned artefact -> approved by a second person -> usable (LAW-15).

The artefact is Splink's settings dict with trained m/u, plus the clustering thresholds: the
thresholds are part of the method and are approved with it (BVerfG: which thresholds).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass
from typing import Any

from raffinaderij.clock import Clock, default_clock
from raffinaderij.errors import Denied, NotFound, RaffError
from raffinaderij.resolve.cluster import ClusterParams
from raffinaderij.resolve.engine import train_model
from raffinaderij.resolve.frame import build_frame, sample_keys
from raffinaderij.resolve.plan import plan_training
from raffinaderij.resolve.settings import dutch_settings
from raffinaderij.resolve.stages import StageReport, Stages
from raffinaderij.store.db import Store

__all__ = ["Model", "approve", "get_model", "latest_approved", "list_models", "train"]


# Above this many records, m/u and lambda are estimated on a uniform sample of them: lambda is the
# share of matching pairs among all pairs, which a uniform sample keeps (both scale with its
# square), and m/u are per-pair rates, so a sample estimates them as well at a fraction of the
# cost (EM on "same birth date" alone is ~19M pairs at 1M records).
TRAIN_SAMPLE = 250_000


@dataclass(frozen=True)
class Model:
    version: str
    created_by: str
    approved_by: str | None
    settings: dict[str, Any]
    params: ClusterParams
    training: dict[str, Any]

    @property
    def approved(self) -> bool:
        return self.approved_by is not None


def train(
    store: Store,
    *,
    candidate_filter: str,
    created_by: str,
    seed: int = 42,
    params: ClusterParams | None = None,
    clock: Clock | None = None,
    u_pairs: float = 2e6,
    progress: StageReport | None = None,
) -> str:
    """Estimate a model on the current candidates and save it, unapproved; returns the version.
    `progress` hears each stage as it starts (stages.py)."""
    if not created_by:
        raise RaffError("train needs the name of the user who trains the model")
    now = (clock or default_clock())()
    started = time.perf_counter()
    stages = Stages(6, progress)
    stages.start("person frame")
    cur = store.cursor()
    try:
        # a large population is trained on a sample (TRAIN_SAMPLE): only it is normalised
        records, keys = sample_keys(
            cur, candidate_filter=candidate_filter, n=TRAIN_SAMPLE, seed=seed
        )
        frame = build_frame(cur, candidate_filter=candidate_filter, entity_keys=keys)
    finally:
        cur.close()
    if frame.num_rows < 10:
        raise RaffError(
            f"too few person records to train a model ({frame.num_rows}); ingest data first"
        )
    stages.start("plan")
    plan = plan_training(frame)
    stages.total = stages.total + len(plan.em_rules) - 1
    trained = train_model(
        frame,
        dutch_settings(),
        seed=seed,
        deterministic_rules=plan.deterministic_rules,
        em_rules=plan.em_rules,
        u_pairs=u_pairs,
        stages=stages,
    )
    stages.start("save")
    settings_json = json.dumps(trained, sort_keys=True)
    digest = hashlib.sha256(settings_json.encode()).hexdigest()
    version = f"m{now:%Y%m%d%H%M%S}-{digest[:8]}"
    training = {
        "records": records,
        "trained_on": frame.num_rows,
        "candidate_filter": candidate_filter,
        "seed": seed,
        "u_pairs": u_pairs,
        "seconds": round(time.perf_counter() - started, 2),
        "cluster_params": asdict(params or ClusterParams()),
        "plan": plan.describe(),
        "stage_seconds": stages.seconds,
    }
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO resolve_models (version, created_at, created_by, settings_json, settings_hash,"
            " seed, training_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                version,
                now,
                created_by,
                settings_json,
                digest,
                seed,
                json.dumps(training, sort_keys=True),
            ],
        )
    stages.done()
    return version


def approve(store: Store, version: str, *, approver: str, clock: Clock | None = None) -> None:
    """Approve a version for use. LAW-15: the approver must be another person than the creator."""
    model = get_model(store, version)
    if model.approved:
        raise RaffError(f"model {version} was already approved by {model.approved_by}")
    if not approver or approver == model.created_by:
        raise Denied(
            f"model {version} was trained by {model.created_by}; a second person must approve it"
        )
    now = (clock or default_clock())()
    with store.transaction() as tx:
        tx.execute(
            "UPDATE resolve_models SET approved_by = ?, approved_at = ? WHERE version = ?",
            [approver, now, version],
        )


def get_model(store: Store, version: str) -> Model:
    rows = store.query(
        "SELECT version, created_by, approved_by, settings_json, settings_hash, training_json"
        " FROM resolve_models WHERE version = ?",
        [version],
    )
    if not rows:
        raise NotFound(f"no model version {version!r}; list versions with `raff resolve models`")
    v, created_by, approved_by, settings_json, digest, training_json = rows[0]
    if hashlib.sha256(settings_json.encode()).hexdigest() != digest:
        raise RaffError(f"model {version} was altered after training (hash mismatch); retrain it")
    training = json.loads(training_json)
    return Model(
        v,
        created_by,
        approved_by,
        json.loads(settings_json),
        ClusterParams(**training.get("cluster_params", {})),
        training,
    )


def latest_approved(store: Store) -> str:
    rows = store.query(
        "SELECT version FROM resolve_models WHERE approved_by IS NOT NULL"
        " ORDER BY approved_at DESC, version DESC LIMIT 1"
    )
    if not rows:
        raise Denied("no approved matching model: train one and have a second person approve it")
    return str(rows[0][0])


def list_models(store: Store) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT version, created_at, created_by, approved_by, approved_at, training_json"
        " FROM resolve_models ORDER BY created_at, version"
    )
    return [
        {
            "version": r[0],
            "created_at": r[1],
            "created_by": r[2],
            "approved_by": r[3],
            "approved_at": r[4],
            "training": json.loads(r[5]),
        }
        for r in rows
    ]


def cluster_model_version(store: Store) -> str | None:
    """LAW-15: the one approved model version that made the clusters in use, else None."""
    rows = store.query(
        "SELECT DISTINCT c.model_version, m.approved_by IS NOT NULL"
        " FROM entity_clusters c LEFT JOIN resolve_models m ON m.version = c.model_version"
    )
    if len(rows) == 1 and rows[0][1]:
        return str(rows[0][0])
    return None


def last_runs(store: Store) -> dict[str, dict[str, Any]]:
    """Each model version's newest run (when, which kind, its report's counts) and how many runs
    it made."""
    rows = store.query(
        "SELECT model_version, started_at, kind, report_json, count(*) OVER (PARTITION BY"
        " model_version) FROM resolve_runs QUALIFY row_number() OVER (PARTITION BY model_version"
        " ORDER BY started_at DESC, run_id DESC) = 1"
    )
    out: dict[str, dict[str, Any]] = {}
    for version, at, kind, report_json, runs in rows:
        report = json.loads(report_json)
        counts = {k: v for k, v in report.items() if isinstance(v, int | float | str)}
        out[version] = {"at": at, "kind": kind, "runs": int(runs), "report": counts}
    return out
