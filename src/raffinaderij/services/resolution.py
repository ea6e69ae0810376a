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
from raffinaderij.resolve import rules
from raffinaderij.resolve.export import pairs_path
from raffinaderij.resolve.rules import RULES_VERSION
from raffinaderij.resolve.stages import StageReport
from raffinaderij.services.registry import service
from raffinaderij.store.relation import Relations

__all__ = [
    "RULES_VERSION",
    "approve_model",
    "approve_rules",
    "explain_match",
    "export_clusters",
    "list_models",
    "model_overview",
    "resolve_objects",
    "review_match",
    "run_resolution",
    "train_model",
]


def _candidates(guard: Guard) -> str:
    sql, params = guard.analysis_scope()
    return inline(sql, params)


@service("resolve_train", action="combine", needs_case=False, roles=("admin",))
def train_model(guard: Guard, *, seed: int = 42, progress: StageReport | None = None) -> str:
    """Estimate a matching model; it is unusable until a second person approves it."""
    version = resolve.train(
        guard.store,
        candidate_filter=_candidates(guard),
        created_by=guard.user.username,
        seed=seed,
        clock=guard.clock,
        progress=progress,
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
def run_resolution(
    guard: Guard, *, version: str | None = None, progress: StageReport | None = None
) -> Any:
    """Predict and cluster with the approved model; analysts' decisions are applied."""
    report = resolve.run(
        guard.store,
        version=version,
        candidate_filter=_candidates(guard),
        clock=guard.clock,
        progress=progress,
    )
    guard.note(version=report.model_version, records=report.records, entities=report.entities)
    return report


@service("resolve_models", action="consult", needs_case=False)
def list_models(guard: Guard) -> list[dict[str, Any]]:
    """Every model version with who trained and who approved it."""
    return resolve.list_models(guard.store)


@service("model_overview", action="consult", needs_case=False)
def model_overview(guard: Guard) -> dict[str, Any]:
    """For the administrator and the model approvers: every person model version (who trained
    and approved it, its training figures, its newest run), which one made the clusters in use,
    and the object rule set with its approval and newest run. No police data."""
    if not guard.user.roles & ({"admin"} | guard.policy.model_approvers):
        raise Denied("the model versions are for the administrator and the model approvers")
    in_use = resolve.current_version(guard.store)
    runs = resolve.last_runs(guard.store)
    models = [
        {**m, "in_use": m["version"] == in_use, "last_run": runs.get(m["version"])}
        for m in reversed(resolve.list_models(guard.store))
    ]
    rule_set = rules.rule_set(guard.store)
    may_approve = bool(guard.user.roles & guard.policy.model_approvers)
    guard.note(models=len(models), rules_version=rule_set.version)
    return {
        "models": models,
        "in_use": in_use,
        "rules": rule_set,
        "rules_last_run": rules.last_rule_run(guard.store),
        "may_approve": may_approve,
        "may_start": guard.user.has("admin"),
    }


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
def export_clusters(guard: Guard, *, out: str, pairs: bool = False) -> dict[str, Any]:
    """Write the clustering (source record → entity id, model version) as Parquet or CSV; with
    `pairs`, also the scored pairs with a per-field explanation beside it."""
    rows = resolve.export(guard.store, Path(out), pairs=pairs)
    guard.note(rows=rows, out=out, pairs=pairs)
    result: dict[str, Any] = {"out": out, "rows": rows}
    if pairs:
        result["pairs_out"] = str(pairs_path(Path(out)))
    return result


@service("rules_approve", action="alter", needs_case=False)
def approve_rules(guard: Guard, *, version: str) -> dict[str, Any]:
    """Approve the shipped rule set for vehicles, phones, addresses, organisations, bank
    accounts and documents (LAW-15): a designated approver, before it is ever used."""
    if not guard.user.roles & guard.policy.model_approvers:
        raise Denied(
            "approving a rule set needs the role"
            f" {' or '.join(sorted(guard.policy.model_approvers))}"
        )
    approved = rules.approve_rules(
        guard.store, version, approver=guard.user.username, now=guard.now()
    )
    guard.note(version=version)
    return {"version": approved.version, "approved_by": approved.approved_by}


@service("resolve_objects", action="combine", needs_case=False, roles=("admin",))
def resolve_objects(guard: Guard, *, progress: StageReport | None = None) -> rules.RuleReport:
    """Group vehicles, phones, addresses, organisations, bank accounts and documents by the
    approved rules, over the analysis scope only (no confidential, covert, blocked or expired
    record joins a group, LAW-02/14)."""
    report = rules.apply_rules(
        guard.store, guard.relations("analysis"), now=guard.now(), progress=progress
    )
    guard.note(rules_version=report.rules_version, entities=report.entities, joined=report.joined)
    return report
