"""`raff retention run [--dry-run]` (admin, privacy officer) and Wpg 28 on request:
`raff registration block|rectify|destroy REG_KEY --reason ...` (privacy officer)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from raffinaderij.api.routes import plain
from raffinaderij.services import privacy, retention

__all__ = ["cmd_retention_run", "register", "register_requests"]


def cmd_retention_run(args: argparse.Namespace) -> dict[str, Any]:
    from raffinaderij.cli.main import _guard, _store

    store = _store(args)
    try:
        return dict(plain(retention.retention_run(_guard(args, store), dry_run=args.dry_run)))
    finally:
        store.close()


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add(
        "retention-run",
        cmd_retention_run,
        "move data past its analysis term to the art. 14 store, destroy data past its end"
        " (admin, privacy officer); RAFF_TODAY moves the clock",
    )
    p.add_argument("--dry-run", action="store_true", help="count what is due, change nothing")


def cmd_registration_block(args: argparse.Namespace) -> dict[str, Any]:
    from raffinaderij.cli.main import _guard, _store

    out = privacy.registration_block(
        _guard(args, _store(args)), reg_key=args.reg_key, reason=args.reason, blocked=not args.lift
    )
    return dict(plain(out))


def cmd_registration_rectify(args: argparse.Namespace) -> dict[str, Any]:
    from raffinaderij.cli.main import _guard, _store

    out = privacy.registration_rectify(
        _guard(args, _store(args)),
        reg_key=args.reg_key,
        entity_key=args.entity_key,
        prop=args.prop,
        value=args.value,
        reason=args.reason,
    )
    return dict(plain(out))


def cmd_registration_destroy(args: argparse.Namespace) -> dict[str, Any]:
    from raffinaderij.cli.main import _guard, _store

    out = privacy.registration_destroy(
        _guard(args, _store(args)), reg_key=args.reg_key, reason=args.reason
    )
    return dict(plain(out))


def register_requests(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Wpg 28 on request (privacy officer)."""
    p = add(
        "registration-block",
        cmd_registration_block,
        "block a registration: kept, excluded from analysis (privacy officer, Wpg 28)",
    )
    p.add_argument("reg_key")
    p.add_argument("--reason", required=True)
    p.add_argument("--lift", action="store_true", help="lift the block instead")
    p = add(
        "registration-rectify",
        cmd_registration_rectify,
        "replace a wrong value in a registration (privacy officer, Wpg 28)",
    )
    p.add_argument("reg_key")
    p.add_argument("--entity-key", dest="entity_key", required=True)
    p.add_argument("--prop", required=True)
    p.add_argument("--value", required=True)
    p.add_argument("--reason", required=True)
    p = add(
        "registration-destroy",
        cmd_registration_destroy,
        "destroy a registration now; the next retention run rewrites the store file (Wpg 28)",
    )
    p.add_argument("reg_key")
    p.add_argument("--reason", required=True)
