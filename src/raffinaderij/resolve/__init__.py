"""Entity resolution: the Dutch layer on Splink, approved model versions, durable review.

train(store, *, candidate_filter, created_by, seed) -> version
approve(store, version, *, approver)            second person only (LAW-15)
run(store, *, version=None, candidate_filter) -> RunReport
link_new(store, entity_keys, *, candidate_filter) -> RunReport   (no retraining)
decide(store, left, right, *, decision, username, reason) -> Decision
explain(store, left, right) -> dict
export(store, out) -> rows
"""

from __future__ import annotations

from raffinaderij.clock import Clock
from raffinaderij.resolve.cluster import ClusterParams, cluster
from raffinaderij.resolve.decisions import Decision, history, record_decision
from raffinaderij.resolve.explain import explain
from raffinaderij.resolve.export import export
from raffinaderij.resolve.models import (
    Model,
    approve,
    get_model,
    last_runs,
    latest_approved,
    list_models,
    train,
)
from raffinaderij.resolve.pipeline import (
    RunReport,
    current_version,
    link_new,
    recluster,
    run,
    split_preview,
)
from raffinaderij.store.db import Store

__all__ = [
    "ClusterParams",
    "Decision",
    "Model",
    "RunReport",
    "approve",
    "cluster",
    "current_version",
    "decide",
    "explain",
    "export",
    "get_model",
    "history",
    "last_runs",
    "latest_approved",
    "link_new",
    "list_models",
    "recluster",
    "run",
    "split_preview",
    "train",
]


def decide(
    store: Store,
    left: str,
    right: str,
    *,
    decision: str,
    username: str,
    reason: str,
    clock: Clock | None = None,
    apply: bool = True,
) -> Decision:
    """Record an analyst's confirm/split (append-only) and, by default, re-cluster right away."""
    d = record_decision(
        store, left, right, decision=decision, username=username, reason=reason, clock=clock
    )
    if apply:
        recluster(store, clock=clock)
    return d
