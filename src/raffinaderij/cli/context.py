"""What every command needs: the store, the acting user's guard, a service call that closes both.

Heavy modules (duckdb, the services) are imported inside the functions, so that `raff --help`
and `raff --version` stay fast.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from raffinaderij.errors import RaffError

if TYPE_CHECKING:
    from raffinaderij.guard.session import Guard
    from raffinaderij.store.db import Store

__all__ = ["call_service", "open_store_for", "guard_for"]


def open_store_for(args: argparse.Namespace) -> Store:
    from raffinaderij.store.db import open_store

    return open_store(args.db)


def guard_for(args: argparse.Namespace, store: Store, *, with_case: bool = False) -> Guard:
    from raffinaderij.clock import default_clock
    from raffinaderij.guard.policy import policy
    from raffinaderij.guard.session import Guard, load_case
    from raffinaderij.services import accounts

    username = args.as_user or os.environ.get("RAFF_USER")
    if not username:
        raise RaffError(
            "say who you are: --as USER or RAFF_USER=USER (every action is logged under a name)"
        )
    user = accounts.require_user(store, username)
    guard = Guard(store, user, policy=policy(), clock=default_clock())
    if with_case:
        if not args.case:
            raise RaffError("give --case CASE_ID and --purpose TEXT (no case, no query)")
        accounts.activate_case(guard, case_id=args.case, purpose=args.purpose or "")
        guard.case, guard.purpose = load_case(store, args.case), args.purpose
    return guard


def call_service(
    args: argparse.Namespace,
    call: Callable[..., Any],
    *,
    with_case: bool = False,
    after: Callable[[Store], object] | None = None,
    **kwargs: Any,
) -> Any:
    """Open the store, build the acting user's guard, call one service, then `after(store)` if
    given (derived data the service's commit left to bring up to date), close the store."""
    store = open_store_for(args)
    try:
        result = call(guard_for(args, store, with_case=with_case), **kwargs)
        if after is not None:
            after(store)
        return result
    finally:
        store.close()
