"""Retention as an audited service (LAW-04): the policy's terms applied at the guard's clock."""

from __future__ import annotations

from collections.abc import Callable

from raffinaderij.audit.log import verify
from raffinaderij.errors import StoreError
from raffinaderij.guard.session import Guard
from raffinaderij.retention import RetentionReport, Terms, finish_retention, run_retention
from raffinaderij.services.audit import destruction_scrub
from raffinaderij.services.registry import service
from raffinaderij.store.db import Store

__all__ = ["retention_run", "retention_skipped"]

_RUNNERS = ("admin", "privacy_officer")


def _chain_verifies(copy: Store) -> None:
    result = verify(copy)
    if not result.ok:
        raise StoreError(f"the rewritten store's audit chain does not verify: {result.reason}")


@service("retention_run", action="erase", needs_case=False, roles=_RUNNERS)
def retention_run(
    guard: Guard, *, dry_run: bool = False, progress: Callable[[str, int, int], None] | None = None
) -> RetentionReport:
    """Move what has reached its analysis term to the art. 14 store and destroy what has reached
    its end, leaving content-free tombstones; `dry_run` only counts. The audit row holds counts,
    never keys: the tombstones hash the keys, so the log must not name them (LAW-11); what was
    typed about the destroyed records leaves the log's earlier rows (`destruction_scrub`)."""
    codes = guard.policy.confidential_codes
    report = run_retention(
        guard.store,
        terms=Terms(guard.policy.bases, guard.now()),
        confidential_codes=codes,
        username=guard.user.username,
        scrub_log=destruction_scrub(
            guard.store, username=guard.user.username, now=guard.now(), why="term"
        ),
        dry_run=dry_run,
        progress=progress,
    )
    guard.note(**report.counts(), job_id=report.job_id)
    if not dry_run:
        # the file rewrite cannot run inside a transaction: it follows the commit
        guard.after_commit(
            lambda: finish_retention(
                guard.store,
                report,
                now=guard.now(),
                confidential_codes=codes,
                check=_chain_verifies,
            )
        )
    return report


@service("retention_skipped", action="erase", needs_case=False, roles=_RUNNERS)
def retention_skipped(guard: Guard, *, reason: str) -> None:
    """The server's daily run did not start (another writer held the store): the row says so,
    and the schedule tries again until it runs."""
    guard.note(skipped=reason)
