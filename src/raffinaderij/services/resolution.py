"""Entity resolution as audited services: train, approve (a second person, LAW-15), run,
review decisions, explanations, export. Candidates are always limited by the guard's analysis
predicate: no confidential, covert, blocked or expired records (LAW-02, -04, -14)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from raffinaderij import resolve
from raffinaderij.errors import Denied, NotFound
from raffinaderij.guard.predicates import inline
from raffinaderij.guard.session import Guard
from raffinaderij.services.registry import service
from raffinaderij.store.relation import Relations

__all__ = [
    "approve_model",
    "explain_match",
    "export_clusters",
    "list_models",
    "review_match",
    "run_resolution",
    "train_model",
]


def _candidates(guard: Guard) -> str:
    sql, params = guard.analysis_scope()
    return inline(sql, params)


@service("resolve_train", action="combine", needs_case=False, roles=("admin",))
def train_model(guard: Guard, *, seed: int = 42) -> str:
    """Estimate a matching model; it is unusable until a second person approves it."""
    version = resolve.train(
        guard.store,
        candidate_filter=_candidates(guard),
        created_by=guard.user.username,
        seed=seed,
        clock=guard.clock,
    )
    guard.note(version=version)
    return version


@service("resolve_approve", action="alter", needs_case=False)
def approve_model(guard: Guard, *, version: str) -> dict[str, Any]:
    """Approve a model version (LAW-15): a designated approver who did not train it."""
    if not guard.user.roles & guard.policy.model_approvers:
        raise Denied(
            f"approving a model needs the role {' or '.join(sorted(guard.policy.model_approvers))}"
        )
    resolve.approve(guard.store, version, approver=guard.user.username, clock=guard.clock)
    guard.note(version=version)
    return {"version": version, "approved_by": guard.user.username}


@service("resolve_run", action="combine", needs_case=False, roles=("admin",))
def run_resolution(guard: Guard, *, version: str | None = None) -> Any:
    """Predict and cluster with the approved model; analysts' decisions are applied."""
    report = resolve.run(
        guard.store, version=version, candidate_filter=_candidates(guard), clock=guard.clock
    )
    guard.note(version=report.model_version, records=report.records, entities=report.entities)
    return report


@service("resolve_models", action="consult", needs_case=False)
def list_models(guard: Guard) -> list[dict[str, Any]]:
    """Every model version with who trained and who approved it."""
    return resolve.list_models(guard.store)


def _require_visible(guard: Guard, *entity_keys: str) -> Relations:
    """Decisions and explanations only about records this session may see (LAW-06); a hidden
    record answers like a missing one. Returns the relations it checked with."""
    rel = guard.relations("search")
    rows = rel.query(
        guard.store,
        "SELECT DISTINCT s.entity_key, s.reg_key FROM scoped_statements s"
        " WHERE list_contains($keys, s.entity_key)",
        {"keys": list(entity_keys)},
    )
    seen = {key for key, _ in rows}
    missing = [k for k in entity_keys if k not in seen]
    if missing:
        raise NotFound(f"no record {missing[0]!r} in this case's scope")
    guard.returned(reg for _, reg in rows)
    return rel


@service("resolve_review", action="alter")
def review_match(guard: Guard, *, left: str, right: str, decision: str, reason: str) -> Any:
    """Confirm or split two records; append-only, survives every re-run and retrain."""
    if decision not in ("confirm", "split"):
        raise Denied("a review decision is 'confirm' or 'split'")
    if not reason.strip():
        raise Denied("give the reason for this decision")
    _require_visible(guard, left, right)
    return resolve.decide(
        guard.store,
        left,
        right,
        decision=decision,
        username=guard.user.username,
        reason=reason,
        clock=guard.clock,
    )


@service("resolve_explain", action="consult")
def explain_match(guard: Guard, *, left: str, right: str) -> dict[str, Any]:
    """Why two records were (not) linked: per-field contributions to the match weight."""
    rel = _require_visible(guard, left, right)
    # values and agreement levels only from records the reader may see whole (issue 9)
    return resolve.explain(guard.store, left, right, rel=rel)


@service("resolve_export", action="consult", needs_case=False, roles=("admin",))
def export_clusters(guard: Guard, *, out: str) -> dict[str, Any]:
    """Write the clustering (source record → entity id, model version) as Parquet or CSV."""
    rows = resolve.export(guard.store, Path(out))
    guard.note(rows=rows, out=out)
    return {"out": out, "rows": rows}
