"""Users, login, cases and case sessions (LAW-05)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from raffinaderij.audit.log import append
from raffinaderij.clock import Clock
from raffinaderij.errors import AuthError, Denied, NotFound, RaffError
from raffinaderij.guard.session import Case, Guard, User, load_case, load_user
from raffinaderij.services.registry import service
from raffinaderij.store.db import Store

__all__ = [
    "CaseSummary",
    "activate_case",
    "add_case_member",
    "authenticate",
    "bootstrap_user",
    "case_json",
    "require_user",
    "create_case",
    "create_user",
    "list_cases",
    "record_case_grounds",
]

_HASHER = PasswordHasher()


def authenticate(store: Store, username: str, password: str, *, clock: Clock) -> User:
    """Check a password; every attempt leaves an audit row (without the password)."""
    row = store.query("SELECT password_hash FROM users WHERE username = ? AND active", [username])
    ok = False
    if row:
        try:
            ok = _HASHER.verify(row[0][0], password)
        except (VerifyMismatchError, InvalidHashError):
            ok = False
    append(
        store,
        now=clock(),
        username=username,
        case_id=None,
        purpose=None,
        action="consult",
        service="login",
        query={"username": username},
        record_ids=(),
        outcome="ok" if ok else "denied",
    )
    if not ok:
        raise AuthError("unknown user or wrong password")
    return load_user(store, username)


def bootstrap_user(
    store: Store, *, username: str, password: str, display_name: str, roles: list[str], level: int
) -> None:
    """Create or replace a user without a session: only for installation and the demo set-up."""
    if not 1 <= level <= 4:
        raise RaffError("authorisation level must be 1..4 (Bpg 2:11)")
    with store.transaction() as cur:
        cur.execute("DELETE FROM users WHERE username = ?", [username])
        cur.execute(
            "INSERT INTO users VALUES (?, ?, ?, ?, ?, true)",
            [username, display_name, _HASHER.hash(password), roles, level],
        )


@service("create_user", action="collect", needs_case=False, roles=("admin",))
def create_user(
    guard: Guard, *, username: str, password: str, display_name: str, roles: list[str], level: int
) -> User:
    """Create or replace a local account (admin only)."""
    unknown = set(roles) - set(guard.policy.roles)
    if unknown:
        raise RaffError(f"unknown roles {sorted(unknown)}; known: {list(guard.policy.roles)}")
    bootstrap_user(
        store=guard.store,
        username=username,
        password=password,
        display_name=display_name,
        roles=roles,
        level=level,
    )
    return load_user(guard.store, username)


@dataclass(frozen=True)
class CaseSummary:
    case_id: str
    title: str
    basis: int
    purpose: str | None
    role: str
    grounded: bool
    closed: bool
    usable: bool
    unusable_reason: str | None


@service("list_cases", action="consult", needs_case=False)
def list_cases(guard: Guard) -> list[CaseSummary]:
    """The cases and themes the user is a member of; usable ones first (LAW-05, terms)."""
    ids = guard.store.query(
        "SELECT case_id, role FROM case_members WHERE username = ? ORDER BY case_id",
        [guard.user.username],
    )
    summaries = []
    for case_id, role in ids:
        case = load_case(guard.store, case_id)
        reason = None
        try:
            # the session purpose is stated later; check every other rule now
            guard.check_case_usable(case, purpose="-")
        except Denied as exc:
            reason = str(exc)
        summaries.append(
            CaseSummary(
                case.case_id,
                case.title,
                case.basis,
                case.purpose,
                role,
                case.grounded,
                case.closed_at is not None,
                reason is None,
                reason,
            )
        )
    return sorted(summaries, key=lambda c: (not c.usable, c.case_id))


@service("activate_case", action="consult", needs_case=False)
def activate_case(guard: Guard, *, case_id: str, purpose: str) -> Case:
    """Start working inside a case with a stated purpose (LAW-05)."""
    case = load_case(guard.store, case_id)
    guard.check_case_usable(case, purpose)
    guard.case, guard.purpose = case, purpose
    return case


@service("create_case", action="collect", needs_case=False, roles=("case_lead", "admin"))
def create_case(
    guard: Guard,
    *,
    case_id: str,
    title: str,
    basis: int,
    purpose: str | None = None,
    threshold: str | None = None,
    facts: str | None = None,
    covert_allowed: list[str] | None = None,
    opened_at: datetime | None = None,
    closed_at: datetime | None = None,
    lead: str | None = None,
) -> Case:
    """Open an art. 9 case or art. 10 theme; its purpose is due within 7 days (LAW-05)."""
    if basis not in (9, 10):
        raise RaffError("a case is an art. 9 investigation or an art. 10 theme")
    unknown = set(covert_allowed or ()) - set(guard.policy.covert_tags)
    if unknown:
        raise RaffError(f"unknown covert tags {sorted(unknown)}")
    opened = opened_at or guard.now()
    with guard.store.transaction() as cur:
        if cur.execute("SELECT 1 FROM cases WHERE case_id = ?", [case_id]).fetchone():
            raise RaffError(f"case {case_id} exists already")
        cur.execute(
            "INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                case_id,
                title,
                basis,
                purpose,
                threshold,
                facts,
                covert_allowed or [],
                opened,
                opened if purpose else None,
                closed_at,
            ],
        )
        cur.execute(
            "INSERT INTO case_members VALUES (?, ?, 'lead')", [case_id, lead or guard.user.username]
        )
    return load_case(guard.store, case_id)


@service("add_case_member", action="alter", needs_case=False, roles=("case_lead", "admin"))
def add_case_member(guard: Guard, *, case_id: str, username: str, role: str = "analyst") -> Case:
    """Add a member; only the case's lead or an admin may."""
    case = load_case(guard.store, case_id)
    if not guard.user.has("admin") and case.members.get(guard.user.username) != "lead":
        raise Denied(f"only a lead of case {case_id} may add members")
    if role not in ("analyst", "lead"):
        raise RaffError("a member is an 'analyst' or a 'lead'")
    load_user(guard.store, username)
    with guard.store.transaction() as cur:
        cur.execute(
            "DELETE FROM case_members WHERE case_id = ? AND username = ?", [case_id, username]
        )
        cur.execute("INSERT INTO case_members VALUES (?, ?, ?)", [case_id, username, role])
    return load_case(guard.store, case_id)


@service("record_case_grounds", action="alter", needs_case=False, roles=("case_lead", "admin"))
def record_case_grounds(
    guard: Guard, *, case_id: str, purpose: str, threshold: str, facts: str
) -> Case:
    """Record purpose, legal threshold and the facts that meet it (LAW-05, BVerfG)."""
    case = load_case(guard.store, case_id)
    if not guard.user.has("admin") and case.members.get(guard.user.username) != "lead":
        raise Denied(f"only a lead of case {case_id} may record its grounds")
    if not (purpose.strip() and threshold.strip() and facts.strip()):
        raise RaffError("purpose, threshold and facts are all needed")
    with guard.store.transaction() as cur:
        cur.execute(
            "UPDATE cases SET purpose = ?, threshold = ?, facts = ?, purpose_recorded_at = ? WHERE case_id = ?",
            [purpose, threshold, facts, guard.now(), case_id],
        )
    return load_case(guard.store, case_id)


def case_json(case: Case) -> dict[str, Any]:
    return {
        "case_id": case.case_id,
        "title": case.title,
        "basis": case.basis,
        "purpose": case.purpose,
        "threshold": case.threshold,
        "facts": case.facts,
        "grounded": case.grounded,
        "members": case.members,
        "opened_at": case.opened_at.isoformat(),
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
    }


def require_user(store: Store, username: str) -> User:
    try:
        return load_user(store, username)
    except NotFound:
        raise AuthError(f"unknown user {username!r}") from None
