"""`raff ingest MAPPING`, `raff ingest resume` and `raff mapping check MAPPING`. While the workbench server runs, an
ingest becomes a job of the server (analysts keep working); otherwise it runs here."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from raffinaderij.cli.context import call_service
from raffinaderij.cli.progress import ingest_progress
from raffinaderij.cli.remote import as_job
from raffinaderij.errors import MappingError
from raffinaderij.ingest import check_mapping
from raffinaderij.services import ingest as ingest_service

if TYPE_CHECKING:
    from raffinaderij.store.db import Store

__all__ = ["cmd_ingest", "cmd_ingest_resume", "cmd_mapping_check"]


def cmd_ingest(args: argparse.Namespace) -> Any:
    # the server's working folder may differ: it gets the full path
    job = as_job(args, "ingest", mapping=str(Path(args.mapping).resolve()))
    if job is not None:
        return job
    with ingest_progress(enabled=not args.json) as progress:
        return call_service(
            args,
            ingest_service.collect,
            after=_rebuild_adjacency,
            mapping=args.mapping,
            progress=progress,
        )


def cmd_ingest_resume(args: argparse.Namespace) -> Any:
    job = as_job(args, "ingest_resume")
    if job is not None:
        return job
    return {"resumed": call_service(args, ingest_service.resume, after=_rebuild_adjacency)}


def _rebuild_adjacency(store: Store) -> None:
    """What the server's ingest job does after its commit, here too: the graph's hops read the
    adjacency only while it is current (the search index brings itself up to date)."""
    from raffinaderij.services.graph import rebuild_adjacency

    rebuild_adjacency(store)


def cmd_mapping_check(args: argparse.Namespace) -> dict[str, Any]:
    # A YAML file and the source's header: no police data, so no store and no account.
    problems = check_mapping(args.mapping)
    if problems:
        raise MappingError("; ".join(problems))
    return {"mapping": args.mapping, "valid": True}
