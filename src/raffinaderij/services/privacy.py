"""Wpg 28 on request: the privacy officer blocks, rectifies or destroys a registration. Each is
an audited service; the registration's key is named in the row (which record, never its
content), the reason is recorded."""

from __future__ import annotations

from dataclasses import dataclass, field

from raffinaderij.errors import Denied, NotFound
from raffinaderij.guard.session import Guard
from raffinaderij.retention.job import salt_for
from raffinaderij.retention.requests import (
    block,
    destroy_on_request,
    notify_recipients,
    rectify,
)
from raffinaderij.search.index import forget_index
from raffinaderij.services.audit import destruction_scrub
from raffinaderij.services.registry import service

__all__ = ["RequestOutcome", "registration_block", "registration_destroy", "registration_rectify"]

_OFFICER = ("privacy_officer",)


@dataclass(frozen=True)
class RequestOutcome:
    reg_key: str
    done: str  # 'blocked' | 'unblocked' | 'rectified' | 'destroyed'
    statements: int = 0
    rewrite_owed: bool = False  # the next `raff retention run` rewrites the store file
    #: Wpg 28: recipients of earlier provisions of this registration, to be notified
    notify: list[str] = field(default_factory=list)


def _reason(reason: str) -> str:
    if len(reason.strip()) < 5:
        raise Denied("give the reason for this decision (Wpg 28): who asked, and why")
    return reason.strip()


def _missing(reg_key: str) -> NotFound:
    return NotFound(f"no registration {reg_key!r}")


@service("registration_block", action="alter", needs_case=False, roles=_OFFICER)
def registration_block(
    guard: Guard, *, reg_key: str, reason: str, blocked: bool = True
) -> RequestOutcome:
    """Block a registration (kept, but out of every search, comparison, resolution and index),
    or lift the block."""
    _reason(reason)
    with guard.store.transaction() as cur:
        if not block(cur, reg_key, blocked=blocked):
            raise _missing(reg_key)
    guard.returned([reg_key])
    return RequestOutcome(reg_key, "blocked" if blocked else "unblocked")


@service("registration_rectify", action="alter", needs_case=False, roles=_OFFICER)
def registration_rectify(
    guard: Guard, *, reg_key: str, entity_key: str, prop: str, value: str, reason: str
) -> RequestOutcome:
    """Replace a wrong value of one property of one entity in a registration."""
    _reason(reason)
    if not value.strip():
        raise Denied("a rectified value cannot be empty; block or destroy the record instead")
    with guard.store.transaction() as cur:
        n = rectify(cur, reg_key, entity_keys=[entity_key], prop=prop, value=value, now=guard.now())
        if not n:
            raise NotFound(f"registration {reg_key!r} holds no {prop!r} of {entity_key!r}")
        notify = notify_recipients(
            cur, reg_key, kind="rectified", username=guard.user.username, now=guard.now()
        )
    guard.returned([reg_key])
    guard.note(notifications=len(notify))
    guard.after_commit(lambda: forget_index(guard.store))
    return RequestOutcome(reg_key, "rectified", n, rewrite_owed=False, notify=notify)


@service("registration_destroy", action="erase", needs_case=False, roles=_OFFICER)
def registration_destroy(guard: Guard, *, reg_key: str, reason: str) -> RequestOutcome:
    """Destroy a registration now, with everything derived from it; a tombstone remains."""
    _reason(reason)
    with guard.store.transaction() as cur:
        gone = destroy_on_request(
            cur,
            reg_key,
            salt=salt_for(guard.store),
            now=guard.now(),
            username=guard.user.username,
            reason=reason,
            scrub_log=destruction_scrub(
                guard.store, username=guard.user.username, now=guard.now(), why="request"
            ),
        )
        if gone is None:
            raise _missing(reg_key)
    notify = list(gone.notified)
    guard.returned([reg_key])
    guard.note(
        statements=gone.statements,
        hits_pruned=gone.hits,
        notifications=len(notify),
        audit_rows_redacted=gone.audit_rows,
        texts_redacted=gone.texts,
    )
    guard.after_commit(lambda: forget_index(guard.store))
    return RequestOutcome(reg_key, "destroyed", gone.statements, rewrite_owed=True, notify=notify)
