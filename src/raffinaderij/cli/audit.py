"""`raff audit verify|seal|reanchor|show`."""

from __future__ import annotations

import argparse
from typing import Any

from raffinaderij.cli.context import call_service
from raffinaderij.errors import RaffError
from raffinaderij.services import audit

__all__ = ["checkpoints", "reanchor", "seal", "show", "verify"]


def verify(args: argparse.Namespace) -> Any:
    result = call_service(args, audit.verify_log)
    if not result.ok:
        found = "; ".join(f"{f.kind}: {f.message}" for f in result.findings)
        raise RaffError(f"the audit log fails verification ({result.rows} rows) — {found}")
    return result


def seal(args: argparse.Namespace) -> Any:
    return call_service(args, audit.seal_log)


def reanchor(args: argparse.Namespace) -> Any:
    return call_service(
        args, audit.reanchor, seq=args.seq, fields=args.fields.split(","), reason=args.reason
    )


def show(args: argparse.Namespace) -> Any:
    return call_service(args, audit.read_log, limit=args.limit)


def checkpoints(args: argparse.Namespace) -> Any:
    return call_service(args, audit.list_checkpoints, limit=args.limit)
