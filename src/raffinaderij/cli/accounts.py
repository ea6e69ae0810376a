"""`raff init`, `raff user add`, `raff case add|member|list`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from raffinaderij import config
from raffinaderij.cli.context import call_service, open_store_for
from raffinaderij.clock import default_clock
from raffinaderij.errors import RaffError
from raffinaderij.jsonable import plain
from raffinaderij.services import accounts, admin, install

__all__ = [
    "case_add",
    "case_all",
    "case_list",
    "case_member",
    "case_order",
    "init",
    "user_access",
    "user_add",
    "user_list",
]


def _init_password() -> str:
    """RAFF_INIT_PASSWORD, else asked twice on the terminal (never an argument: ps shows those)."""
    password = os.environ.get("RAFF_INIT_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise RaffError("no terminal to ask the password on: set RAFF_INIT_PASSWORD")
    first = getpass.getpass("password for the first administrator: ")
    if getpass.getpass("the same password again: ") != first:
        raise RaffError("the two passwords differ; nothing was created")
    return first


def init(args: argparse.Namespace) -> dict[str, Any]:
    password = _init_password()
    store = open_store_for(args)  # creates and migrates the store file
    try:
        done = install.first_run(
            store,
            data_dir=config.data_dir(),
            username=args.admin,
            password=password,
            display_name=args.name or args.admin,
            level=args.level,
            clock=default_clock(),
        )
    finally:
        store.close()
    return {
        **plain(done),
        "next": f"RAFF_USER={done.admin} raff user add NAME --roles analyst --level 2",
    }


def user_add(args: argparse.Namespace) -> dict[str, Any]:
    password = os.environ.get("RAFF_NEW_PASSWORD") or args.password
    if not password:
        raise RaffError("give the password in RAFF_NEW_PASSWORD (or --password)")
    user = call_service(
        args,
        accounts.create_user,
        username=args.username,
        password=password,
        display_name=args.name or args.username,
        roles=args.roles.split(","),
        level=args.level,
    )
    return {"username": user.username, "roles": sorted(user.roles), "level": user.level}


def case_add(args: argparse.Namespace) -> dict[str, Any]:
    case = call_service(
        args,
        accounts.create_case,
        case_id=args.case_id,
        title=args.title,
        basis=args.basis,
        purpose=args.case_purpose,
        threshold=args.threshold,
        facts=args.facts,
        lead=args.lead,
    )
    return accounts.case_json(case)


def case_member(args: argparse.Namespace) -> dict[str, Any]:
    case = call_service(
        args,
        accounts.add_case_member,
        case_id=args.case_id,
        username=args.username,
        role=args.role,
    )
    return accounts.case_json(case)


def case_order(args: argparse.Namespace) -> Any:
    return call_service(
        args,
        accounts.record_order,
        case_id=args.case_id,
        reference=args.reference,
        issued_by=args.issued_by,
        issued_on=args.issued_on,
        valid_until=args.valid_until,
        scope=args.scope,
    )


def case_list(args: argparse.Namespace) -> Any:
    return call_service(args, accounts.list_cases)


def user_list(args: argparse.Namespace) -> Any:
    return call_service(args, admin.list_users)


def user_access(args: argparse.Namespace) -> Any:
    return call_service(
        args,
        admin.set_user_access,
        username=args.username,
        roles=[r.strip() for r in args.roles.split(",") if r.strip()],
        level=args.level,
        active=not args.inactive,
    )


def case_all(args: argparse.Namespace) -> Any:
    return call_service(args, admin.list_all_cases)
