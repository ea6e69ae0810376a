"""The guard: a session bound to (user, case, purpose). Services receive one and nothing else.

It decides whether a session may exist (LAW-05), which rows a query may touch (the policy's
SQL predicates, LAW-06) and which roles may call what; it remembers the registration keys a
service returned so the audit row can name them (LAW-11).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from raffinaderij.clock import Clock
from raffinaderij.errors import Denied, NotFound
from raffinaderij.guard.policy import Policy
from raffinaderij.guard.predicates import Mode, Scope, analysis_sql, scope_sql
from raffinaderij.guard.relations import Relations, relations_sql
from raffinaderij.store.db import Store

__all__ = ["Case", "Guard", "User", "load_case", "load_user"]


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    roles: frozenset[str]
    level: int

    def has(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


@dataclass(frozen=True)
class Case:
    case_id: str
    title: str
    basis: int
    purpose: str | None
    threshold: str | None
    facts: str | None
    covert_allowed: tuple[str, ...]
    opened_at: datetime
    purpose_recorded_at: datetime | None
    closed_at: datetime | None
    members: dict[str, str] = field(default_factory=dict)  # username -> 'analyst' | 'lead'

    @property
    def grounded(self) -> bool:
        """BVerfG 1 BvR 1547/19: purpose, threshold and the facts that meet it are on record."""
        return bool(self.purpose and self.threshold and self.facts)


_CASE_COLUMNS = (
    "case_id, title, basis, purpose, threshold, facts, covert_allowed, opened_at,"
    " purpose_recorded_at, closed_at"
)


def load_user(store: Store, username: str) -> User:
    row = store.query(
        "SELECT username, display_name, roles, level FROM users WHERE username = ? AND active",
        [username],
    )
    if not row:
        raise NotFound(f"no active user {username!r}")
    name, display, roles, level = row[0]
    return User(name, display, frozenset(roles), int(level))


def load_case(store: Store, case_id: str) -> Case:
    row = store.query(f"SELECT {_CASE_COLUMNS} FROM cases WHERE case_id = ?", [case_id])
    if not row:
        raise NotFound(f"no case {case_id!r}")
    members = dict(
        store.query("SELECT username, role FROM case_members WHERE case_id = ?", [case_id])
    )
    (cid, title, basis, purpose, threshold, facts, covert, opened, recorded, closed) = row[0]
    return Case(
        cid,
        title,
        basis,
        purpose,
        threshold,
        facts,
        tuple(covert or ()),
        opened,
        recorded,
        closed,
        members,
    )


class Guard:
    """One per request or CLI command. `case` is None only before a case is chosen."""

    def __init__(
        self,
        store: Store,
        user: User,
        *,
        policy: Policy,
        clock: Clock,
        case: Case | None = None,
        purpose: str | None = None,
    ) -> None:
        self.store = store
        self.user = user
        self.policy = policy
        self.clock = clock
        self.case = case
        self.purpose = purpose
        self.returned_keys: set[str] = set()
        self.audit_details: dict[str, Any] = {}
        #: the scopes this session's queries were restricted by (the leak matrix reads it)
        self.modes_used: set[str] = set()
        #: steps the running service left for after its writes and audit row are committed
        self.after_commit_steps: list[Callable[[], object]] = []

    # -- session rules -----------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock()

    def check_case_usable(self, case: Case, purpose: str | None) -> None:
        """LAW-05: members only, a stated purpose, a case purpose within 7 days, within term."""
        if self.user.username not in case.members:
            raise Denied(f"you are not a member of case {case.case_id}")
        if not (purpose and purpose.strip()):
            raise Denied("state the purpose of this session")
        now = self.now()
        deadline = case.opened_at + timedelta(days=self.policy.purpose_within_days)
        if not case.purpose and now > deadline:
            raise Denied(
                f"case {case.case_id} has no recorded purpose {self.policy.purpose_within_days} days "
                "after opening; the case lead must record it first (Wpg 9)"
            )
        if case.closed_at is not None:
            after = self.policy.bases[case.basis].analysis_after_close_days or 0
            if now > case.closed_at + timedelta(days=after):
                raise Denied(
                    f"case {case.case_id} closed on {case.closed_at:%Y-%m-%d}; its term has ended"
                )

    def require_case(self) -> Case:
        if self.case is None:
            raise Denied("no case, no query: choose a case and state your purpose first")
        self.check_case_usable(self.case, self.purpose)
        return self.case

    def require_role(self, *roles: str) -> None:
        if not self.user.has(*roles):
            raise Denied(f"this needs the role {' or '.join(roles)}")

    def require_case_lead(self) -> Case:
        case = self.require_case()
        if case.members.get(self.user.username) != "lead":
            raise Denied(f"only a lead of case {case.case_id} may do this")
        return case

    # -- the law inside queries --------------------------------------------------------
    def scope(self, mode: Mode, *, r: str = "r") -> tuple[str, dict[str, Any]]:
        """SQL predicate over `registrations AS r` for this session (LAW-02, -03, -06, -14)."""
        case = self.require_case()
        self.modes_used.add(mode)
        scope = Scope(self.user.level, case.case_id, case.basis, case.covert_allowed, self.now())
        return scope_sql(self.policy, scope, mode, r=r)

    def analysis_scope(self, *, r: str = "r") -> tuple[str, dict[str, Any]]:
        """Case-independent analysis (resolution, indexes): no confidential, covert, blocked or expired data."""
        self.modes_used.add("analysis")
        return analysis_sql(self.policy, self.now(), r=r)

    def relations(
        self,
        mode: Mode | Literal["analysis", "privacy"],
        *,
        narrow: tuple[str, dict[str, Any]] | None = None,
    ) -> Relations:
        """The police data this session may touch in this mode, as SQL relations (issue 9):
        services read `scoped_statements` and friends, never a table. "analysis" is the
        case-independent scope of resolution and indexes. "privacy" is the privacy officer's
        accountability view for a data subject's request (Wpg 25, 28): every registration
        held, blocked, art. 14, confidential and covert ones included, because the privacy desk
        must know all of it to answer, and applies the art. 27 limits itself. `narrow` is a
        further predicate over `registrations AS r` (e.g. the Wpg 11(4) reach): it can only
        take away."""
        if mode == "privacy":
            self.require_role("privacy_officer")
            self.modes_used.add("privacy")
            sql, params = "true", dict[str, Any]()
        elif mode == "analysis":
            sql, params = self.analysis_scope()
        else:
            sql, params = self.scope(mode)
        if narrow is not None:
            sql, params = f"({sql} AND {narrow[0]})", {**params, **narrow[1]}
        return relations_sql(mode, sql, params)

    def returned(self, reg_keys: Any) -> None:
        """Record which registrations a result exposes, for the audit row."""
        self.returned_keys.update(reg_keys)

    def after_commit(self, step: Callable[[], object]) -> None:
        """Run `step` once the running service's writes and audit row are committed (work that
        cannot happen inside a transaction: rewriting the store file, rebuilding an index)."""
        self.after_commit_steps.append(step)

    def note(self, **details: Any) -> None:
        """Add result details (counts, versions) to the audit row of the running service."""
        self.audit_details.update(details)
