"""Users, login, cases and case sessions (LAW-05)."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from raffinaderij import config
from raffinaderij.audit.log import append
from raffinaderij.clock import Clock
from raffinaderij.errors import AuthError, ConfigError, Denied, NotFound, RaffError, Throttled
from raffinaderij.guard.session import Case, Guard, User, load_case, load_user
from raffinaderij.services.registry import service
from raffinaderij.store.db import Store

__all__ = [
    "CaseSummary",
    "Order",
    "Session",
    "activate_case",
    "add_case_member",
    "authenticate",
    "bootstrap_user",
    "case_json",
    "end_session",
    "hasher",
    "resume_session",
    "set_session_case",
    "start_session",
    "require_user",
    "create_case",
    "create_user",
    "list_cases",
    "list_orders",
    "order_in_register",
    "record_order",
    "record_case_grounds",
]

#: argon2id parameters per RAFF_ARGON2_COST. "normal" is argon2-cffi's RFC 9106 low-memory
#: profile; "test" keeps test suites fast and must never hash a real account's password.
_COSTS: dict[str, dict[str, int]] = {
    "normal": {"time_cost": 3, "memory_cost": 65536, "parallelism": 4},
    "test": {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
}


@functools.cache
def _hasher_for(cost: str) -> PasswordHasher:
    if cost not in _COSTS:
        raise ConfigError(f"RAFF_ARGON2_COST={cost!r}; choose one of {sorted(_COSTS)}")
    c = _COSTS[cost]
    return PasswordHasher(
        time_cost=c["time_cost"], memory_cost=c["memory_cost"], parallelism=c["parallelism"]
    )


def hasher() -> PasswordHasher:
    return _hasher_for(config.get("argon2_cost"))


@functools.cache
def _dummy_hash(cost: str) -> str:
    """A hash of a random password: unknown users are verified against it, so a login for a
    name that does not exist does the same work as one for a name that does."""
    return _hasher_for(cost).hash(secrets.token_urlsafe(24))


def _verify(password_hash: str | None, password: str) -> bool:
    """One argon2 verification whether or not the user exists (no timing difference)."""
    known = password_hash is not None
    ok: bool
    try:
        ok = hasher().verify(password_hash or _dummy_hash(config.get("argon2_cost")), password)
    except (VerifyMismatchError, InvalidHashError):
        ok = False
    return ok and known


def _locked_until(store: Store, username: str, now: datetime) -> datetime | None:
    """LOGIN_MAX_FAILURES wrong passwords within LOGIN_WINDOW_SECONDS lock the username for
    LOGIN_LOCKOUT_SECONDS after the last of them; refused attempts do not extend the lock."""
    most = config.get_int("login_max_failures")
    window = timedelta(seconds=config.get_int("login_window_seconds"))
    lockout = timedelta(seconds=config.get_int("login_lockout_seconds"))
    times = [
        row[0]
        for row in store.query(
            "SELECT failed_at FROM login_failures WHERE username = ? AND failed_at > ?"
            " ORDER BY failed_at",
            [username, now - window - lockout],
        )
    ]
    until = None
    for first, last in zip(times, times[most - 1 :], strict=False):
        if last - first <= window and now < last + lockout:
            until = last + lockout
    return until


def _log_login(store: Store, username: str, now: datetime, outcome: str, **extra: Any) -> None:
    append(
        store,
        now=now,
        username=username,
        case_id=None,
        purpose=None,
        action="consult",
        service="login",
        query={"username": username, **extra},
        record_ids=(),
        outcome=outcome,
    )


def authenticate(store: Store, username: str, password: str, *, clock: Clock) -> User:
    """Check a password; every attempt leaves an audit row (without the password).

    Known and unknown usernames take the same path: one argon2 verification, a failure row,
    the same throttling and the same message."""
    now = clock()
    until = _locked_until(store, username, now)
    if until is not None:
        _log_login(store, username, now, "denied", refused="throttled")
        minutes = max(1, int((until - now).total_seconds() + 59) // 60)
        raise Throttled(
            f"too many failed logins for this username; try again in {minutes} minute(s)"
        )
    row = store.query("SELECT password_hash FROM users WHERE username = ? AND active", [username])
    ok = _verify(row[0][0] if row else None, password)
    with store.transaction() as cur:
        if ok:
            cur.execute("DELETE FROM login_failures WHERE username = ?", [username])
        else:
            cur.execute("INSERT INTO login_failures VALUES (?, ?)", [username, now])
    _log_login(store, username, now, "ok" if ok else "denied")
    if not ok:
        raise AuthError("unknown user or wrong password")
    return load_user(store, username)


@dataclass(frozen=True)
class Session:
    """A login session kept in the store; the cookie holds only the random `token`."""

    token: str
    username: str
    csrf_token: str
    case_id: str | None
    purpose: str | None
    created_at: datetime
    last_seen: datetime


def _session_hash(token: str) -> str:
    # the store keeps a digest, so reading the sessions table does not give a usable cookie
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(store: Store, username: str, *, clock: Clock) -> Session:
    """A new session after a successful login: a random id and a random CSRF token."""
    now = clock()
    session = Session(
        secrets.token_urlsafe(32), username, secrets.token_urlsafe(32), None, None, now, now
    )
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, NULL, NULL, ?, ?, NULL, NULL)",
            [_session_hash(session.token), username, session.csrf_token, now, now],
        )
    return session


#: last_seen is written at most this often (one write per request would serialise reads)
_TOUCH = timedelta(seconds=60)


def resume_session(store: Store, token: str, *, clock: Clock) -> Session:
    """The live session behind a cookie, or AuthError: ended, idle too long or too old."""
    now = clock()
    key = _session_hash(token)
    row = store.query(
        "SELECT username, csrf_token, case_id, purpose, created_at, last_seen, ended_at"
        " FROM sessions WHERE session_hash = ?",
        [key],
    )
    if not row or row[0][6] is not None:
        raise AuthError("your session has ended; log in again")
    username, csrf, case_id, purpose, created, seen, _ = row[0]
    idle = timedelta(minutes=config.get_int("session_idle_minutes"))
    absolute = timedelta(hours=config.get_int("session_max_hours"))
    reason = "idle" if now - seen > idle else "expired" if now - created > absolute else None
    if reason:
        _end(store, key, now, reason)
        raise AuthError("your session has expired; log in again")
    if now - seen >= _TOUCH:
        with store.transaction() as cur:
            cur.execute("UPDATE sessions SET last_seen = ? WHERE session_hash = ?", [now, key])
        seen = now
    return Session(token, username, csrf, case_id, purpose, created, seen)


def _end(store: Store, key: str, now: datetime, reason: str) -> None:
    with store.transaction() as cur:
        cur.execute(
            "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE session_hash = ? AND ended_at IS NULL",
            [now, reason, key],
        )


def end_session(store: Store, session: Session, *, clock: Clock) -> None:
    """Logout: the session row is ended, so the old cookie no longer works anywhere."""
    now = clock()
    _end(store, _session_hash(session.token), now, "logout")
    append(
        store,
        now=now,
        username=session.username,
        case_id=session.case_id,
        purpose=session.purpose,
        action="consult",
        service="logout",
        query={},
        record_ids=(),
        outcome="ok",
    )


def set_session_case(store: Store, session: Session, case: Case, purpose: str) -> None:
    """Remember the case activated (by `activate_case`) for the rest of the session."""
    with store.transaction() as cur:
        cur.execute(
            "UPDATE sessions SET case_id = ?, purpose = ? WHERE session_hash = ?",
            [case.case_id, purpose, _session_hash(session.token)],
        )


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
            [username, display_name, hasher().hash(password), roles, level],
        )


@service("create_user", action="collect", needs_case=False, roles=("admin",), secrets=("password",))
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


def _own_case(guard: Guard, case_id: str) -> Case:
    """A case the user is a member of (an admin: any case). A case that does not exist and one
    the user is not a member of answer alike: same error, same message."""
    try:
        case: Case | None = load_case(guard.store, case_id)
    except NotFound:
        case = None
    if case is None or (guard.user.username not in case.members and not guard.user.has("admin")):
        raise NotFound(f"no case {case_id!r} among yours")
    return case


def _led_case(guard: Guard, case_id: str, doing: str, *, admin: bool) -> Case:
    """A case the user leads (or, when `admin`, any case for an admin)."""
    case = _own_case(guard, case_id)
    if not (admin and guard.user.has("admin")) and case.members.get(guard.user.username) != "lead":
        raise Denied(f"only a lead of case {case_id} may {doing}")
    return case


@service("list_cases", action="consult", needs_case=False)
def list_cases(guard: Guard) -> list[CaseSummary]:
    """The cases and themes the user is a member of (LAW-05, terms): usable ones first, art. 9
    investigations before art. 10 themes, so the one open case is the one chosen by default."""
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
    return sorted(summaries, key=lambda c: (not c.usable, c.basis == 10, c.case_id))


@service("activate_case", action="consult", needs_case=False)
def activate_case(guard: Guard, *, case_id: str, purpose: str) -> Case:
    """Start working inside a case with a stated purpose (LAW-05)."""
    case = _own_case(guard, case_id)
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
    _led_case(guard, case_id, "add members", admin=True)
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
    _led_case(guard, case_id, "record its grounds", admin=True)
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


@dataclass(frozen=True)
class Order:
    """An order of the competent authority allowing combined processing (Wpg 11(4), LAW-08)."""

    case_id: str
    reference: str
    issued_by: str
    issued_on: date
    valid_until: date | None
    scope: str
    recorded_by: str
    recorded_at: datetime
    in_force: bool


_ORDER_COLUMNS = (
    "case_id, reference, issued_by, issued_on, valid_until, scope, recorded_by, recorded_at"
)


def _order(row: tuple[Any, ...], today: date) -> Order:
    issued_on, valid_until = row[3], row[4]
    in_force = issued_on <= today and (valid_until is None or today <= valid_until)
    case_id, reference, issued_by, _, _, scope, recorded_by, recorded_at = row
    return Order(
        case_id,
        reference,
        issued_by,
        issued_on,
        valid_until,
        scope,
        recorded_by,
        recorded_at,
        in_force=in_force,
    )


@service("record_order", action="collect", needs_case=False, roles=("case_lead",))
def record_order(
    guard: Guard,
    *,
    case_id: str,
    reference: str,
    issued_by: str,
    issued_on: date,
    scope: str,
    valid_until: date | None = None,
) -> Order:
    """Record an order in the case's register; only a lead of the case may (LAW-08). An
    analyst runs a combined comparison only under an order recorded here."""
    _led_case(guard, case_id, "record orders", admin=False)
    reference, issued_by, scope = reference.strip(), issued_by.strip(), scope.strip()
    if not 3 <= len(reference) <= 100:
        raise RaffError("an order reference has 3 to 100 characters")
    if not issued_by or not scope:
        raise RaffError("name who issued the order and what it allows (its scope)")
    today = guard.now().date()
    if issued_on > today:
        raise RaffError("an order cannot be issued in the future")
    if valid_until is not None and valid_until < issued_on:
        raise RaffError("an order cannot end before it was issued")
    row = [case_id, reference, issued_by, issued_on, valid_until, scope]
    row += [guard.user.username, guard.now()]
    with guard.store.transaction() as cur:
        if cur.execute(
            "SELECT 1 FROM orders WHERE case_id = ? AND reference = ?", [case_id, reference]
        ).fetchone():
            raise RaffError(f"order {reference!r} is in the register of case {case_id} already")
        cur.execute(f"INSERT INTO orders ({_ORDER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
    return _order(tuple(row), today)


@service("list_orders", action="consult", needs_case=False)
def list_orders(guard: Guard, *, case_id: str) -> list[Order]:
    """The case's register of orders, newest first; members only."""
    _own_case(guard, case_id)
    rows = guard.store.query(
        f"SELECT {_ORDER_COLUMNS} FROM orders WHERE case_id = ? ORDER BY issued_on DESC, reference",
        [case_id],
    )
    today = guard.now().date()
    return [_order(row, today) for row in rows]


def order_in_register(store: Store, case_id: str, reference: str, *, today: date) -> Order | None:
    """The order with this reference in the case's register, if there is one."""
    rows = store.query(
        f"SELECT {_ORDER_COLUMNS} FROM orders WHERE case_id = ? AND reference = ?",
        [case_id, reference.strip()],
    )
    return _order(rows[0], today) if rows else None
