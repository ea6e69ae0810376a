"""Retention as an audited service (LAW-04): the policy's terms applied at the guard's clock."""

from __future__ import annotations

from typing import Any

import duckdb

from raffinaderij.audit.log import append, verify
from raffinaderij.errors import StoreError
from raffinaderij.guard.session import Guard
from raffinaderij.retention import RetentionReport, Terms, run_retention
from raffinaderij.services.registry import service
from raffinaderij.store.db import Store

__all__ = ["retention_run"]


def _chain_verifies(copy: Store) -> None:
    result = verify(copy)
    if not result.ok:
        raise StoreError(f"the rewritten store's audit chain does not verify: {result.reason}")


@service("retention_run", action="erase", needs_case=False, roles=("admin", "privacy_officer"))
def retention_run(guard: Guard, *, dry_run: bool = False) -> RetentionReport:
    """Move what has reached its analysis term to the art. 14 store and destroy what has reached
    its end, leaving content-free tombstones; `dry_run` only counts."""

    def audit_row(cur: duckdb.DuckDBPyConnection, counts: dict[str, Any]) -> None:
        # Counts only: the tombstones hash the keys, so the log must not name them (LAW-11).
        append(
            guard.store,
            now=guard.now(),
            username=guard.user.username,
            case_id=None,
            purpose=guard.purpose,
            action="erase",
            service="retention_job",
            query=counts,
            record_ids=(),
            cur=cur,
        )

    report = run_retention(
        guard.store,
        terms=Terms(guard.policy.bases, guard.now()),
        confidential_codes=guard.policy.confidential_codes,
        username=guard.user.username,
        dry_run=dry_run,
        audit=audit_row,
        check=_chain_verifies,
    )
    guard.note(
        **report.counts(),
        job_id=report.job_id,
        file_rewritten=report.file_rewritten,
        index_rebuilt=report.index_rebuilt,
    )
    return report
