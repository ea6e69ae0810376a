"""Why a registration the session cannot read is withheld, without saying what it holds.

Products and signals cite registrations; when a reader's scope no longer admits one (its level,
its term, blocking, art. 14, destruction), the fact is redacted *with the reason* (issue 11).
The reason is a category, never content: the reader was allowed to open what cites it.
"""

from __future__ import annotations

from collections.abc import Iterable

from raffinaderij.guard.predicates import Mode
from raffinaderij.guard.session import Guard

__all__ = ["REASONS", "left_analysis", "withheld"]

#: reason codes, most final first
REASONS = ("destroyed", "removed", "not_authorised")


def withheld(guard: Guard, reg_keys: Iterable[str], mode: Mode = "search") -> dict[str, str]:
    """reg_key -> reason for each of `reg_keys` the session's `mode` scope does not admit:
    'destroyed' (no longer stored), 'removed' (left analysis: art. 14 store or blocked, art. 28),
    'not_authorised' (the reader's level, the term or the case scope)."""
    keys = sorted(set(reg_keys))
    if not keys:
        return {}
    predicate, params = guard.scope(mode)
    rows = guard.store.query(
        f"""SELECT k.reg_key,
               CASE WHEN r.reg_key IS NULL THEN 'destroyed'
                    WHEN r.stage <> 'active' OR r.blocked THEN 'removed'
                    ELSE 'not_authorised' END
        FROM (SELECT unnest($keys) AS reg_key) k
        LEFT JOIN registrations r ON r.reg_key = k.reg_key
        WHERE r.reg_key IS NULL OR NOT ({predicate})""",
        {**params, "keys": keys},
    )
    return {str(k): str(reason) for k, reason in rows}


def left_analysis(guard: Guard, reg_keys: Iterable[str]) -> dict[str, str]:
    """reg_key -> 'destroyed' | 'removed' for each of `reg_keys` that left analysis for every
    reader (destroyed; moved to the art. 14 store or blocked), whatever the session's scope:
    what cites them is flagged (issue 11, products follow their sources)."""
    keys = sorted(set(reg_keys))
    if not keys:
        return {}
    rows = guard.store.query(
        """SELECT k.reg_key, CASE WHEN r.reg_key IS NULL THEN 'destroyed' ELSE 'removed' END
        FROM (SELECT unnest($keys) AS reg_key) k
        LEFT JOIN registrations r ON r.reg_key = k.reg_key
        WHERE r.reg_key IS NULL OR r.stage <> 'active' OR r.blocked""",
        {"keys": keys},
    )
    return {str(k): str(reason) for k, reason in rows}
