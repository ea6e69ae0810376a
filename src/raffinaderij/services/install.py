"""First run: a migrated store, the policy file in the data folder, the first administrator.

Not a `@service`: there is no user yet to guard. It refuses once any user exists, so it cannot be
used to slip a second administrator into a running installation (`raff user add` is for that).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from raffinaderij.audit.log import append
from raffinaderij.clock import Clock
from raffinaderij.errors import RaffError
from raffinaderij.guard.policy import SHIPPED_POLICY, load_policy
from raffinaderij.services.accounts import bootstrap_user
from raffinaderij.store.db import Store

__all__ = ["FirstRun", "first_run"]


@dataclass(frozen=True)
class FirstRun:
    store: str
    policy: str
    policy_copied: bool
    admin: str
    level: int


def first_run(
    store: Store,
    *,
    data_dir: Path,
    username: str,
    password: str,
    display_name: str,
    level: int,
    clock: Clock,
) -> FirstRun:
    """Create the first administrator of a fresh store; copy the shipped policy into `data_dir`
    when it holds none (an edited copy is never overwritten). Leaves an audit row."""
    if not username.strip():
        raise RaffError("give the administrator a user name (--admin NAME)")
    if len(password) < 8:
        raise RaffError("the administrator's password must have at least 8 characters")
    users = store.query("SELECT count(*) FROM users")[0][0]
    if users:
        raise RaffError(
            f"this store already has {users} user(s): `raff init` only sets up a fresh store; "
            "add accounts with `raff user add --as ADMIN`"
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / "policy.yaml"
    copied = not target.exists()
    if copied:
        shutil.copyfile(SHIPPED_POLICY, target)
    load_policy(target)  # an invalid edited copy is refused now, not at the first login
    bootstrap_user(
        store,
        username=username,
        password=password,
        display_name=display_name,
        roles=["admin"],
        level=level,
    )
    append(
        store,
        now=clock(),
        username=username,
        case_id=None,
        purpose=None,
        action="collect",
        service="init",
        query={"username": username, "roles": ["admin"], "level": level},
        record_ids=(),
    )
    return FirstRun(
        store=store.path, policy=str(target), policy_copied=copied, admin=username, level=level
    )
