"""Policy compiled to SQL predicates over `registrations` (deny by default).

Pure builders: they return (sql, params) and touch no connection, so the same predicate is
used inside every query (LAW-06: never filtered afterwards) and can be tested on its own.
Parameters are named `$g_*`; callers merge them with their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from raffinaderij.guard.policy import Policy

__all__ = ["Mode", "Scope", "analysis_sql", "inline", "scope_sql"]

Mode = Literal["search", "compare"]


@dataclass(frozen=True)
class Scope:
    """Who asks, from which case, and when: everything a predicate depends on."""

    level: int
    case_id: str
    case_basis: int
    covert_allowed: tuple[str, ...]
    now: datetime


def _days_before(now: datetime, days: int | None) -> date:
    return (now - timedelta(days=days or 0)).date()


def _common(
    policy: Policy, r: str, level: int, covert_allowed: tuple[str, ...]
) -> tuple[str, dict[str, Any]]:
    sql = (
        f"{r}.level <= $g_level"
        f" AND NOT list_contains($g_confidential, {r}.confidentiality)"  # LAW-02
        f" AND NOT {r}.blocked"  # Wpg 28: blocked data is kept but never analysed
        f" AND {r}.stage = 'active'"  # LAW-04: art. 14 data is for accountability only
        f" AND ({r}.covert IS NULL OR list_contains($g_covert, {r}.covert))"  # LAW-14
    )
    return sql, {
        "g_level": level,
        "g_confidential": list(policy.confidential_codes),
        "g_covert": list(covert_allowed),
    }


def _cases_in_term(policy: Policy, basis: int, now: datetime) -> tuple[str, dict[str, Any]]:
    """Cases of this basis still in their analysis term. The basis must match: art. 9 data
    lives by an art. 9 case's term, art. 10 data by an art. 10 theme's (a record filed under
    the other kind of case is outside every term, not inside the wrong one)."""
    days = policy.bases[basis].analysis_after_close_days or 0
    param = f"g_closed_after_{basis}"
    sql = (
        f"(SELECT case_id FROM cases WHERE basis = {int(basis)}"
        f" AND (closed_at IS NULL OR closed_at > ${param}))"
    )
    return sql, {param: now - timedelta(days=days)}


def scope_sql(
    policy: Policy, scope: Scope, mode: Mode, *, r: str = "r"
) -> tuple[str, dict[str, Any]]:
    """The rows of `registrations AS r` this scope may see in this mode."""
    common, params = _common(policy, r, scope.level, scope.covert_allowed)
    terms = policy.bases
    branches: list[str] = []
    if mode == "search":
        # Bpg 2:11 and Wpg 8: free search in the first year only (LAW-03).
        params["g_search_from_8"] = _days_before(scope.now, terms[8].search_days)
        branches.append(f"({r}.legal_basis = 8 AND {r}.first_processed > $g_search_from_8)")
        if terms[13].search_days:
            params["g_search_from_13"] = _days_before(scope.now, terms[13].search_days)
            branches.append(f"({r}.legal_basis = 13 AND {r}.first_processed > $g_search_from_13)")
        # Wpg 9/10: case data is searchable inside its own case or theme, while in term.
        in_term, p = _cases_in_term(policy, scope.case_basis, scope.now)
        params.update(p)
        params["g_case"] = scope.case_id
        branches.append(
            f"({r}.legal_basis = {scope.case_basis} AND {r}.case_id = $g_case AND $g_case IN {in_term})"
        )
    else:
        # Wpg 11(1): a comparison reaches only the bases its case's basis allows.
        for basis in policy.compare_scope.get(scope.case_basis, ()):
            if basis in (8, 13):
                name = f"g_compare_from_{basis}"
                params[name] = _days_before(scope.now, terms[basis].analysis_days)
                branches.append(f"({r}.legal_basis = {basis} AND {r}.first_processed > ${name})")
            else:
                in_term, p = _cases_in_term(policy, basis, scope.now)
                params.update(p)
                branches.append(f"({r}.legal_basis = {basis} AND {r}.case_id IN {in_term})")
    if not branches:
        return "false", params
    return f"({common} AND ({' OR '.join(branches)}))", params


def analysis_sql(policy: Policy, now: datetime, *, r: str = "r") -> tuple[str, dict[str, Any]]:
    """Records that may take part in case-independent analysis (entity resolution, graph indexes):
    not confidential, blocked, covert or out of the analysis term (LAW-02, -04, -14)."""
    common, params = _common(policy, r, 4, ())
    branches = []
    for basis in (8, 13):
        name = f"g_analysis_from_{basis}"
        params[name] = _days_before(now, policy.bases[basis].analysis_days)
        branches.append(f"({r}.legal_basis = {basis} AND {r}.first_processed > ${name})")
    for basis in (9, 10):
        in_term, p = _cases_in_term(policy, basis, now)
        params.update(p)
        branches.append(f"({r}.legal_basis = {basis} AND {r}.case_id IN {in_term})")
    return f"({common} AND ({' OR '.join(branches)}))", params


_PARAM = re.compile(r"\$(g_[a-z0-9_]+)")


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, list | tuple):
        return (
            "[" + ", ".join(_literal(v) for v in value) + "]::VARCHAR[]"
            if value
            else "[]::VARCHAR[]"
        )
    raise TypeError(f"cannot inline {type(value).__name__}")


def inline(sql: str, params: dict[str, Any]) -> str:
    """A predicate with its policy parameters written in as SQL literals, for libraries that take
    a plain SQL filter (resolution). Only for the guard's own `g_*` parameters."""
    return _PARAM.sub(lambda m: _literal(params[m.group(1)]), sql)
