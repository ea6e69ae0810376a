"""`raff ingest MAPPING` and `raff mapping check MAPPING`."""

from __future__ import annotations

import argparse
from typing import Any

from raffinaderij.api.routes import plain
from raffinaderij.errors import MappingError
from raffinaderij.ingest import check_mapping
from raffinaderij.services import ingest as ingest_service

__all__ = ["cmd_ingest", "cmd_ingest_resume", "cmd_mapping_check"]


def cmd_ingest(args: argparse.Namespace) -> dict[str, Any]:
    from raffinaderij.cli.main import _guard, _store

    store = _store(args)
    try:
        report = ingest_service.collect(
            _guard(args, store), mapping=args.mapping, progress=not args.json
        )
    finally:
        store.close()
    return dict(plain(report))


def cmd_ingest_resume(args: argparse.Namespace) -> dict[str, Any]:
    from raffinaderij.cli.main import _guard, _store

    store = _store(args)
    try:
        done = ingest_service.resume(_guard(args, store))
    finally:
        store.close()
    return {"resumed": done}


def cmd_mapping_check(args: argparse.Namespace) -> dict[str, Any]:
    # A YAML file and the source's header: no police data, so no store and no account.
    problems = check_mapping(args.mapping)
    if problems:
        raise MappingError("; ".join(problems))
    return {"mapping": args.mapping, "valid": True}
