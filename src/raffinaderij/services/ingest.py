"""Collection (ingest) as an audited service: every batch leaves a 'collect' row with its
counts, and altered records an 'alter' row naming them (LAW-11)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from raffinaderij import config
from raffinaderij.audit.log import append
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
    return report


@service("mapping_check", action="consult", needs_case=False, roles=("admin",))
def check(guard: Guard, *, mapping: str) -> list[str]:
    """Validate a mapping without running it; an empty list means it is valid."""
    return list(check_mapping(Path(mapping)))
