"""Reading and verifying the audit log: privacy officer, auditor and supervisor only (LAW-11)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

import duckdb

from raffinaderij.audit.checkpoint import checkpoint_dir, read_checkpoints
from raffinaderij.audit.log import (
    ACTIONS,
    AuditedTransaction,
    Verification,
    append,
    redact,
    redact_rows,
    seal_unconfirmed,
    verify,
)
from raffinaderij.errors import Denied, RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.ingest.jobs import pending, unaudited_batches
from raffinaderij.retention.purge import LogScrub
from raffinaderij.retention.typed import purpose_redactions, typed_mentions
from raffinaderij.services.registry import service, typed_fields
from raffinaderij.store.db import Store

__all__ = [
    "destruction_scrub",
    "list_checkpoints",
    "read_log",
    "reanchor",
    "seal_log",
    "verify_log",
]


_MAX_ROWS = 10_000


def _require_reader(guard: Guard) -> None:
    if not guard.user.roles & guard.policy.audit_readers:
        raise Denied("only the privacy officer, auditor and supervisor read the audit log")


@service("read_log", action="consult", needs_case=False)
def read_log(
    guard: Guard,
    *,
    limit: int = 100,
    username: str | None = None,
    case_id: str | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
    before_seq: int | None = None,
) -> list[dict[str, Any]]:
    """The newest audit rows, optionally for one user, case or action and a period (`since` and
    `until` are days, both included); `before_seq` pages back: rows older than that one."""
    _require_reader(guard)
    if not isinstance(limit, int) or not 1 <= limit <= _MAX_ROWS:
        raise RaffError(f"limit must be a whole number from 1 to {_MAX_ROWS}")
    if action and action not in ACTIONS:
        raise RaffError(f"unknown action {action!r}; known: {', '.join(sorted(ACTIONS))}")
    where: list[str] = ["true"]
    params: list[Any] = []
    for column, value in (("username", username), ("case_id", case_id), ("action", action)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if since is not None:
        where.append("logged_at >= ?")
        params.append(datetime.combine(since, time.min))
    if until is not None:
        where.append("logged_at < ?")
        params.append(datetime.combine(until + timedelta(days=1), time.min))
    if before_seq is not None:
        where.append("seq < ?")
        params.append(int(before_seq))
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
            f"{len(owed)} batch(es) not yet linked; `raff ingest resume` finishes them",
        )
    return chain


@service("audit_checkpoints", action="consult", needs_case=False)
def list_checkpoints(guard: Guard, *, limit: int = 20) -> dict[str, Any]:
    """The newest signed checkpoints of the chain and where they are kept: for the audit readers
    and the administrator, who keeps the folder and the signing key (a checkpoint holds a row
    number, a hash and a time, never a row's content)."""
    if not guard.user.has("admin"):
        _require_reader(guard)
    found, unreadable = read_checkpoints(guard.store.path)
    folder = checkpoint_dir(guard.store.path)
    newest = sorted(found, key=lambda c: c.seq, reverse=True)[: max(0, min(int(limit), 1000))]
    return {
        "folder": str(folder) if folder else None,
        "count": len(found),
        "unreadable": unreadable,
        "checkpoints": [
            {
                "first": c.first,
                "seq": c.seq,
                "hash": c.hash,
                "at": c.at,
                "key": c.public_key_fingerprint,
                "file": c.file,
            }
            for c in newest
        ],
    }


def _require_privacy_officer(guard: Guard) -> None:
    if not guard.user.has("privacy_officer"):
        raise Denied("only the privacy officer seals or re-anchors the audit log")


@service("audit_seal", action="alter", needs_case=False)
def seal_log(guard: Guard) -> dict[str, Any]:
    """Sign checkpoints for rows no checkpoint covers yet (after a crash between a commit and
    its checkpoint, or for a store from before checkpoints), when nothing else is wrong."""
    _require_privacy_officer(guard)
    sealed = seal_unconfirmed(guard.store)
    guard.note(sealed=[f"{a}..{b}" for a, b in sealed])
    return {"sealed": sealed}


@service("audit_reanchor", action="erase", needs_case=False)
def reanchor(guard: Guard, *, seq: int, fields: list[str], reason: str) -> dict[str, Any]:
    """Redact query fields of one audit row that hold what no row may hold (a password logged
    before secrets were declared). The row keeps its hash; this service's own row records the
    hash of the redacted content, so `verify` accepts exactly that redaction (docs/security.md)."""
    _require_privacy_officer(guard)
    if len(reason.strip()) < 3:
        raise RaffError("give the reason for the redaction (it is logged)")
    if not verify(guard.store).ok:
        raise RaffError("the audit log does not verify; resolve that before re-anchoring")
    record = redact(guard.store, int(seq), list(fields))
    guard.note(**record)
    return record


def destruction_scrub(store: Store, *, username: str, now: datetime, why: str) -> LogScrub:
    """What a destruction calls in its transaction (`retention.purge.destroy`): redact the audit
    fields where someone typed a value only the destroyed registrations held, every service's
    typed parameters read from the registry, and the runs naming one in a session purpose (the
    `purpose` column, as typed when the session was opened), and chain one re-anchor row for all of them (the
    batch, the count, the field names and the digest: no value), so `verify` accepts exactly
    that. The row commits with the destruction (`store`: the erase service's transaction), or
    neither does (docs/security.md)."""
    tx = store
    if not isinstance(tx, AuditedTransaction):
        raise TypeError("a destruction redacts the log inside its own audited transaction")

    def scrub(cur: duckdb.DuckDBPyConnection, regs: str) -> int:
        targets = typed_mentions(cur, regs, fields=typed_fields())
        record = redact_rows(
            cur,
            targets,
            batch="rd-" + uuid.uuid4().hex[:16],
            purposes=purpose_redactions(cur, regs),
        )
        if record is None:
            return 0
        append(
            tx,
            now=now,
            username=username,
            case_id=None,
            purpose=None,
            action="erase",
            service="audit_reanchor",
            query={"reason": f"destroyed ({why})", "result": record},
            record_ids=(),
        )
        return int(record["rows"])

    return scrub
