"""Collection (ingest) as an audited service: every batch leaves a 'collect' row with its
counts, and altered records an 'alter' row naming them (LAW-11)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from raffinaderij import config, resolve
from raffinaderij.audit.log import append
from raffinaderij.guard.predicates import inline
from raffinaderij.guard.session import Guard
from raffinaderij.ingest import check_mapping, ingest
from raffinaderij.services.registry import service

__all__ = ["check", "collect"]


@service("ingest", action="collect", needs_case=False, roles=("admin",))
def collect(guard: Guard, *, mapping: str, progress: bool | Callable[[Any], None] = False) -> Any:
    """Ingest one source through its mapping: good rows land, bad rows go to the rejects report."""
    report = ingest(
        guard.store,
        Path(mapping),
        clock=guard.clock,
        rejects_dir=config.data_dir() / "rejects",
        progress=progress,
    )
    counts = {
        k: getattr(report, k)
        for k in ("batch_id", "source", "rows_read", "stored", "altered", "unchanged", "rejected")
    }
    guard.note(**counts, rejects=str(report.rejects_path) if report.rejects_path else None)
    altered = list(getattr(report, "altered_keys", ()) or ())
    if altered:
        append(
            guard.store,
            now=guard.now(),
            username=guard.user.username,
            case_id=None,
            purpose=guard.purpose,
            action="alter",
            service="ingest",
            query={"mapping": mapping, "batch_id": report.batch_id},
            record_ids=altered,
        )
    _link_new_people(guard, report.batch_id)
    return report


def _link_new_people(guard: Guard, batch_id: str) -> None:
    """Link the batch's people against the existing clusters with the approved model, without
    retraining (issue 5); logged as a combination of data (LAW-11)."""
    if resolve.current_version(guard.store) is None:
        return  # no resolution has run yet: the first run clusters everything
    keys = [
        row[0]
        for row in guard.relations("analysis").query(
            guard.store,
            "SELECT DISTINCT entity_key FROM scoped_statements"
            " WHERE batch_id = $batch AND schema = 'Person' ORDER BY 1",
            {"batch": batch_id},
        )
    ]
    if not keys:
        return
    sql, params = guard.analysis_scope()
    report = resolve.link_new(
        guard.store, keys, candidate_filter=inline(sql, params), clock=guard.clock
    )
    guard.note(linked_people=len(keys), model_version=report.model_version)
    append(
        guard.store,
        now=guard.now(),
        username=guard.user.username,
        case_id=None,
        purpose=guard.purpose,
        action="combine",
        service="resolve_link_new",
        query={"batch_id": batch_id, "people": len(keys), "model_version": report.model_version},
        record_ids=(),
    )


@service("mapping_check", action="consult", needs_case=False, roles=("admin",))
def check(guard: Guard, *, mapping: str) -> list[str]:
    """Validate a mapping without running it; an empty list means it is valid."""
    return list(check_mapping(Path(mapping)))
