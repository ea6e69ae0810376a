"""`raff mapping list|show|preview` (the sources the installation knows) and `raff index rebuild`.
The index is rebuilt as a job of the running server when there is one, else here."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from raffinaderij.cli.context import call_service
from raffinaderij.cli.progress import stage_progress
from raffinaderij.cli.remote import as_job

__all__ = ["list_", "preview", "rebuild_index", "show"]


def _source_id(given: str) -> str:
    from raffinaderij.services.sources import source_id_for

    if given.startswith("src-"):
        return given
    return source_id_for(str(Path(given).resolve()))


def list_(args: argparse.Namespace) -> Any:
    from raffinaderij.services import sources

    return call_service(args, sources.list_sources)


def show(args: argparse.Namespace) -> Any:
    from raffinaderij.services import sources

    return call_service(args, sources.source_detail, source_id=_source_id(args.source))


def preview(args: argparse.Namespace) -> Any:
    from raffinaderij.services import sources

    return call_service(
        args, sources.preview_source, source_id=_source_id(args.source), rows=args.rows
    )


def rebuild_index(args: argparse.Namespace) -> Any:
    job = as_job(args, "index_rebuild")
    if job is not None:
        return job
    from raffinaderij.services import search

    with stage_progress("index", enabled=not args.json) as progress:
        return call_service(args, search.index_rebuild, progress=progress)
