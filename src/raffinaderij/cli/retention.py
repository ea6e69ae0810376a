"""`raff retention run [--dry-run]`: apply the policy's terms (admin, privacy officer)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from raffinaderij.api.routes import plain
from raffinaderij.services import retention

__all__ = ["cmd_retention_run", "register"]


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
