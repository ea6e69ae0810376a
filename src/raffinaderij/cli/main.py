"""`raff`: thin commands — parse, call a service, print (human or --json), exit non-zero on error.

Identity: whoever can open the store file holds all of it, so the CLI does not ask for a
password; it acts as `--as USER` (or RAFF_USER), and that user's roles and level apply. Every
command goes through a service and leaves an audit row like any API call.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from raffinaderij import __version__
from raffinaderij.api.routes import plain
from raffinaderij.clock import default_clock
from raffinaderij.errors import RaffError
from raffinaderij.guard.policy import policy
from raffinaderij.guard.session import Guard, load_case
from raffinaderij.services import accounts, audit, entity, search
from raffinaderij.store.db import Store, open_store

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], Any]


def _store(args: argparse.Namespace) -> Store:
    return open_store(args.db)


def _guard(args: argparse.Namespace, store: Store, *, with_case: bool = False) -> Guard:
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


# -- commands ----------------------------------------------------------------------------
def cmd_serve(args: argparse.Namespace) -> None:
    from raffinaderij.cli.serve import serve

    serve(args.db, host=args.host, port=args.port)


def cmd_audit_verify(args: argparse.Namespace) -> dict[str, Any]:
    store = _store(args)
    result = audit.verify_log(_guard(args, store))
    out = plain(result)
    if not result.ok:
        found = "; ".join(f"{f.kind}: {f.message}" for f in result.findings)
        raise RaffError(f"the audit log fails verification ({result.rows} rows) — {found}")
    return dict(out)


def cmd_audit_seal(args: argparse.Namespace) -> dict[str, Any]:
    store = _store(args)
    return dict(plain(audit.seal_log(_guard(args, store))))


def cmd_audit_reanchor(args: argparse.Namespace) -> dict[str, Any]:
    store = _store(args)
    return dict(
        plain(
            audit.reanchor(
                _guard(args, store),
                seq=args.seq,
                fields=args.fields.split(","),
                reason=args.reason,
            )
        )
    )


def cmd_audit_show(args: argparse.Namespace) -> list[dict[str, Any]]:
    store = _store(args)
    return list(plain(audit.read_log(_guard(args, store), limit=args.limit)))


def cmd_user_add(args: argparse.Namespace) -> dict[str, Any]:
    store = _store(args)
    password = os.environ.get("RAFF_NEW_PASSWORD") or args.password
    if not password:
        raise RaffError("give the password in RAFF_NEW_PASSWORD (or --password)")
    user = accounts.create_user(
        _guard(args, store),
        username=args.username,
        password=password,
        display_name=args.name or args.username,
        roles=args.roles.split(","),
        level=args.level,
    )
    return {"username": user.username, "roles": sorted(user.roles), "level": user.level}


def cmd_case_add(args: argparse.Namespace) -> dict[str, Any]:
    store = _store(args)
    case = accounts.create_case(
        _guard(args, store),
        case_id=args.case_id,
        title=args.title,
        basis=args.basis,
        purpose=args.case_purpose,
        threshold=args.threshold,
        facts=args.facts,
        lead=args.lead,
    )
    return accounts.case_json(case)


def cmd_case_member(args: argparse.Namespace) -> dict[str, Any]:
    store = _store(args)
    case = accounts.add_case_member(
        _guard(args, store), case_id=args.case_id, username=args.username, role=args.role
    )
    return accounts.case_json(case)


def cmd_case_order(args: argparse.Namespace) -> dict[str, Any]:
    store = _store(args)
    order = accounts.record_order(
        _guard(args, store),
        case_id=args.case_id,
        reference=args.reference,
        issued_by=args.issued_by,
        issued_on=args.issued_on,
        valid_until=args.valid_until,
        scope=args.scope,
    )
    return dict(plain(order))


def cmd_search(args: argparse.Namespace) -> dict[str, Any]:
    store = _store(args)
    return dict(
        plain(search.search(_guard(args, store, with_case=True), q=args.query, limit=args.limit))
    )


def cmd_entity(args: argparse.Namespace) -> dict[str, Any]:
    store = _store(args)
    return dict(
        plain(entity.entity_view(_guard(args, store, with_case=True), entity_id=args.entity_id))
    )


# -- parser ------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="raff", description="Raffinaderij: police analysis with the law built in."
    )
    parser.add_argument("--version", action="version", version=__version__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="machine-readable output")
    common.add_argument(
        "--db", default=None, help="store file (default: RAFF_DB or RAFF_DATA_DIR/raff.duckdb)"
    )
    common.add_argument(
        "--as", dest="as_user", default=None, help="act as this user (default: RAFF_USER)"
    )
    in_case = argparse.ArgumentParser(add_help=False)
    in_case.add_argument("--case", help="the case or theme you work in")
    in_case.add_argument("--purpose", help="the purpose of this session")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str, handler: Handler, help_: str, parents: Sequence[argparse.ArgumentParser] = ()
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, parents=[common, *parents])
        p.set_defaults(handler=handler)
        return p

    p = add("serve", cmd_serve, "serve the workbench on 127.0.0.1")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)

    p = add(
        "audit-verify",
        cmd_audit_verify,
        "recompute the audit hash chain against the signed checkpoints; non-zero exit names what was found",
    )
    add(
        "audit-seal",
        cmd_audit_seal,
        "sign checkpoints for rows none covers yet, when nothing else is wrong (privacy officer)",
    )
    p = add(
        "audit-reanchor",
        cmd_audit_reanchor,
        "redact query fields of one audit row that hold a secret, verifiably (privacy officer)",
    )
    p.add_argument("seq", type=int, help="the audit row")
    p.add_argument("--fields", required=True, help="comma-separated query fields, e.g. password")
    p.add_argument("--reason", required=True)
    p = add(
        "audit-show",
        cmd_audit_show,
        "show the newest audit rows (privacy officer, auditor, supervisor)",
    )
    p.add_argument("--limit", type=int, default=50)

    p = add("user-add", cmd_user_add, "create or replace a local account (admin)")
    p.add_argument("username")
    p.add_argument("--name")
    p.add_argument(
        "--roles",
        required=True,
        help="comma-separated: analyst,case_lead,privacy_officer,auditor,supervisor,admin",
    )
    p.add_argument("--level", type=int, required=True, help="authorisation level 1..4")
    p.add_argument(
        "--password", help="prefer RAFF_NEW_PASSWORD: arguments show in the process list"
    )

    p = add("case-add", cmd_case_add, "open an art. 9 case or art. 10 theme (case lead, admin)")
    p.add_argument("case_id")
    p.add_argument("--title", required=True)
    p.add_argument("--basis", type=int, choices=(9, 10), required=True)
    p.add_argument("--case-purpose", dest="case_purpose")
    p.add_argument("--threshold")
    p.add_argument("--facts")
    p.add_argument("--lead")

    p = add("case-member", cmd_case_member, "add a member to a case (its lead, admin)")
    p.add_argument("case_id")
    p.add_argument("username")
    p.add_argument("--role", default="analyst", choices=("analyst", "lead"))

    p = add(
        "case-order",
        cmd_case_order,
        "record an order allowing combined comparison in a case's register (its lead)",
    )
    p.add_argument("case_id")
    p.add_argument("--reference", required=True, help="the order's own reference")
    p.add_argument("--issued-by", dest="issued_by", required=True, help="competent authority")
    p.add_argument("--issued-on", dest="issued_on", type=date.fromisoformat, required=True)
    p.add_argument("--valid-until", dest="valid_until", type=date.fromisoformat, default=None)
    p.add_argument("--scope", required=True, help="what the order allows, in its own words")

    p = add("search", cmd_search, "search within a case", [in_case])
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)

    p = add("entity", cmd_entity, "show one entity with provenance per value", [in_case])
    p.add_argument("entity_id")
    from raffinaderij.cli import extra
    from raffinaderij.cli import products as product_commands

    extra.register(add, common, in_case)
    product_commands.register(add, in_case)
    return parser


def _print_human(result: Any) -> None:
    if result is None:
        return
    if isinstance(result, dict | list):
        from rich.console import Console
        from rich.pretty import Pretty

        Console().print(Pretty(plain(result)))
    else:
        print(result)


def main(argv: Sequence[str] | None = None) -> int:
    # `raff audit verify` reads as well as `raff audit-verify`: join the first two words.
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) >= 2 and not argv[0].startswith("-") and not argv[1].startswith("-"):
        joined = f"{argv[0]}-{argv[1]}"
        if joined in _command_names():
            argv = [joined, *argv[2:]]
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.handler(args)
    except RaffError as exc:
        message = str(exc).splitlines()[0]
        if getattr(args, "json", False):
            print(json.dumps({"error": message, "kind": type(exc).__name__}))
        else:
            print(f"raff: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    try:
        if args.json:
            print(json.dumps(plain(result), ensure_ascii=False, default=str))
        else:
            _print_human(result)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
    return 0


def _command_names() -> set[str]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


if __name__ == "__main__":
    raise SystemExit(main())
