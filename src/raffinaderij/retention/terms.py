"""The policy's terms as SQL over `registrations AS r`: which records are due to leave analysis
(the art. 14 store) and which are due to be destroyed, at a given moment.

The boundaries are the guard's, mirrored: the guard admits art. 8 data while
`first_processed > now - analysis_days`, so it moves once `first_processed <= now - analysis_days`;
art. 9/10 data lives by its own kind of case's term (`guard.predicates._cases_in_term`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

__all__ = ["BasisTermsLike", "Predicate", "RecordTerm", "Terms", "due_sql", "record_term"]


class BasisTermsLike(Protocol):
    """The policy's terms of one basis (guard.policy.BasisTerms has these fields)."""

    @property
    def search_days(self) -> int | None: ...
    @property
    def analysis_days(self) -> int | None: ...
    @property
    def destroy_days(self) -> int | None: ...
    @property
    def analysis_after_close_days(self) -> int | None: ...
    @property
    def destroy_after_close_days(self) -> int | None: ...


@dataclass(frozen=True)
class Terms:
    """The policy's terms per basis and the moment they are measured at."""

    bases: Mapping[int, BasisTermsLike]
    now: datetime


def _since_processing(terms: Terms, days: int | None) -> datetime:
    return terms.now - timedelta(days=days or 0)


Predicate = tuple[str, dict[str, Any]]


def due_sql(terms: Terms, *, r: str = "r") -> tuple[Predicate, Predicate]:
    """(records due for the art. 14 store, records due for destruction), each (sql, params).

    Art. 8/13: measured from first processing (Wpg 8 / 14: analysis for 5 years, destroyed at 10).
    Art. 9/10: measured from the close of the record's own kind of case (Wpg 9, 10: six months
    after the case closes, then the art. 14 store). A case that is still open keeps its data."""
    params: dict[str, Any] = {}
    move: list[str] = []
    destroy: list[str] = []
    for basis in (8, 13):
        t = terms.bases[basis]
        if t.analysis_days is not None:
            params[f"rt_move_{basis}"] = _since_processing(terms, t.analysis_days).date()
            move.append(f"({r}.legal_basis = {basis} AND {r}.first_processed <= $rt_move_{basis})")
        if t.destroy_days is not None:
            params[f"rt_destroy_{basis}"] = _since_processing(terms, t.destroy_days).date()
            destroy.append(
                f"({r}.legal_basis = {basis} AND {r}.first_processed <= $rt_destroy_{basis})"
            )
    for basis in (9, 10):
        t = terms.bases[basis]
        for out, days, name in (
            (move, t.analysis_after_close_days, "move"),
            (destroy, t.destroy_after_close_days, "destroy"),
        ):
            if days is None:
                continue
            param = f"rt_{name}_{basis}"
            params[param] = _since_processing(terms, days)
            out.append(
                f"({r}.legal_basis = {basis} AND {r}.case_id IN (SELECT case_id FROM cases"
                f" WHERE basis = {basis} AND closed_at IS NOT NULL AND closed_at <= ${param}))"
            )
    move_sql = f"({r}.stage = 'active' AND ({' OR '.join(move) or 'false'}))"
    destroy_sql = f"({' OR '.join(destroy) or 'false'})"
    return (
        (move_sql, {k: v for k, v in params.items() if k.startswith("rt_move_")}),
        (destroy_sql, {k: v for k, v in params.items() if k.startswith("rt_destroy_")}),
    )


@dataclass(frozen=True)
class RecordTerm:
    """One registration's terms as dates (None: no such term, or not known while its case
    runs). The same boundaries as `due_sql`: on `analysis_until` it leaves analysis."""

    search_until: date | None
    analysis_until: date | None
    destroy_on: date | None
    while_case_runs: bool = False


def record_term(
    terms: BasisTermsLike, *, basis: int, first_processed: date, case_closed: datetime | None
) -> RecordTerm:
    """Wpg 8/13 terms run from first processing; Wpg 9/10 terms from the close of the case."""

    def plus(start: date | None, days: int | None) -> date | None:
        return start + timedelta(days=days) if start is not None and days is not None else None

    if basis in (9, 10):
        closed = case_closed.date() if case_closed else None
        return RecordTerm(
            None,
            plus(closed, terms.analysis_after_close_days),
            plus(closed, terms.destroy_after_close_days),
            while_case_runs=closed is None,
        )
    return RecordTerm(
        plus(first_processed, terms.search_days),
        plus(first_processed, terms.analysis_days),
        plus(first_processed, terms.destroy_days),
    )
