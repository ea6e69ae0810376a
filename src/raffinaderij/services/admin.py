"""Administration of accounts and cases (admin only): the users with their roles, levels and
whether they are active; a user's roles and level changed without touching the password; every
case with its members. Creating users and cases, and adding members, are `services/accounts.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from raffinaderij.errors import NotFound, RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.services.registry import service

__all__ = ["UserRow", "list_all_cases", "list_users", "set_user_access"]


@dataclass(frozen=True)
class UserRow:
    username: str
    display_name: str
    roles: list[str]
    level: int
    active: bool


def _users(guard: Guard, username: str | None = None) -> list[UserRow]:
    rows = guard.store.query(
        "SELECT username, display_name, roles, level, active FROM users"
        " WHERE ? IS NULL OR username = ? ORDER BY username",
        [username, username],
    )
    return [UserRow(u, d, sorted(r), int(lv), bool(a)) for u, d, r, lv, a in rows]


@service("list_users", action="consult", needs_case=False, roles=("admin",))
def list_users(guard: Guard) -> list[UserRow]:
    """Every local account, active or not (no password hashes)."""
    return _users(guard)


@service("set_user_access", action="alter", needs_case=False, roles=("admin",))
def set_user_access(
    guard: Guard, *, username: str, roles: list[str], level: int, active: bool = True
) -> UserRow:
    """Change a user's roles, authorisation level and whether the account is active; an
    administrator cannot take the administrator role or the account from themself."""
    unknown = set(roles) - set(guard.policy.roles)
    if unknown:
        raise RaffError(f"unknown roles {sorted(unknown)}; known: {list(guard.policy.roles)}")
    if not roles:
        raise RaffError("give at least one role")
    if not isinstance(level, int) or not 1 <= level <= 4:
        raise RaffError("authorisation level must be 1..4 (Bpg 2:11)")
    if username == guard.user.username and ("admin" not in roles or not active):
        raise RaffError("you cannot take the administrator role or the account from yourself")
    if not _users(guard, username):
        raise NotFound(f"no user {username!r}")
    with guard.store.transaction() as cur:
        cur.execute(
            "UPDATE users SET roles = ?, level = ?, active = ? WHERE username = ?",
            [sorted(set(roles)), level, active, username],
        )
    guard.note(username=username, roles=sorted(set(roles)), level=level, active=active)
    return _users(guard, username)[0]


@service("list_all_cases", action="consult", needs_case=False, roles=("admin",))
def list_all_cases(guard: Guard) -> list[dict[str, Any]]:
    """Every case and theme with its members and their role in it (no police data)."""
    cases = guard.store.query(
        "SELECT case_id, title, basis, closed_at IS NOT NULL FROM cases ORDER BY case_id"
    )
    members: dict[str, list[dict[str, str]]] = {}
    for case_id, username, role in guard.store.query(
        "SELECT case_id, username, role FROM case_members ORDER BY case_id, role DESC, username"
    ):
        members.setdefault(case_id, []).append({"username": username, "role": role})
    return [
        {
            "case_id": case_id,
            "title": title,
            "basis": int(basis),
            "closed": bool(closed),
            "members": members.get(case_id, []),
        }
        for case_id, title, basis, closed in cases
    ]
