"""Reading and verifying the audit log: privacy officer, auditor and supervisor only (LAW-11)."""

from __future__ import annotations

from typing import Any

from raffinaderij.audit.log import Verification, verify
from raffinaderij.errors import Denied, RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.ingest.jobs import pending, unaudited_batches
from raffinaderij.services.registry import service

__all__ = ["read_log", "verify_log"]


_MAX_ROWS = 10_000


def _require_reader(guard: Guard) -> None:
    if not guard.user.roles & guard.policy.audit_readers:
        raise Denied("only the privacy officer, auditor and supervisor read the audit log")


@service("read_log", action="consult", needs_case=False)
def read_log(
    guard: Guard, *, limit: int = 100, username: str | None = None, case_id: str | None = None
) -> list[dict[str, Any]]:
    """The newest audit rows, optionally for one user or case."""
    _require_reader(guard)
    if not isinstance(limit, int) or not 1 <= limit <= _MAX_ROWS:
        raise RaffError(f"limit must be a whole number from 1 to {_MAX_ROWS}")
    where: list[str] = ["true"]
    params: list[Any] = []
    if username:
        where.append("username = ?")
        params.append(username)
    if case_id:
        where.append("case_id = ?")
        params.append(case_id)
    rows = guard.store.query(
        "SELECT seq, logged_at, username, case_id, purpose, action, service, query, record_ids, outcome, hash"
        f" FROM audit_log WHERE {' AND '.join(where)} ORDER BY seq DESC LIMIT ?",
        [*params, limit],
    )
    keys = (
        "seq",
        "logged_at",
        "username",
        "case_id",
        "purpose",
        "action",
        "service",
        "query",
        "record_ids",
        "outcome",
        "hash",
    )
    return [dict(zip(keys, row, strict=True)) for row in rows]


@service("verify_log", action="consult", needs_case=False)
def verify_log(guard: Guard) -> Verification:
    """Recompute the hash chain, then check that every stored batch has its `collect` row
    (anyone may verify; the rows themselves stay closed)."""
    chain = verify(guard.store)
    if not chain.ok:
        return chain
    missing = unaudited_batches(guard.store)
    if missing:
        batch, stored = missing[0]
        return Verification(
            False,
            chain.rows,
            None,
            f"batch {batch} stored {stored} registrations without a collect audit row"
            + (f" ({len(missing) - 1} more such batches)" if len(missing) > 1 else ""),
        )
    owed = pending(guard.store)
    if owed:
        return Verification(
            True,
            chain.rows,
            None,
            f"{len(owed)} batch(es) not yet linked; `raff ingest-resume` finishes them",
        )
    return chain
