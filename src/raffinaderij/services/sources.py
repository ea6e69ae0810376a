"""Sources and their mappings, for the administrator (issue 13).

The installation knows a mapping when its file lies in the mappings folder (`RAFF_MAPPINGS`,
default DATA_DIR/mappings) or when a batch was ever ingested through it. Each is named by an
opaque id (a digest of its path), so a page never carries a path and an unknown id is refused.

- `list_sources`: every known mapping with its source name and its newest batch's counts.
- `source_detail`: the same `raff mapping check` runs (against the source's real columns), and
  the first rejects of the newest batch (file, row, field, reason: what ingest records already).
- `source_preview`: the first rows as the mapping reads them, staged and thrown away. Values
  are police data and administrators manage, they do not analyse: the preview shows each value's
  shape (ingest/preview.py), never the value, and the call is audited as a consult naming the
  mapping and the counts. Only the administrator may ask.
- `source_ingest`: queue an ingest job of that source (the job runs `ingest` under the
  administrator's name).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from raffinaderij import config
from raffinaderij.errors import NotFound, RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.ingest import check_mapping, load_mapping
from raffinaderij.ingest.history import Batch, Reject, batch_rejects, last_batches
from raffinaderij.ingest.preview import MappingPreview, preview_mapping
from raffinaderij.services import jobs
from raffinaderij.services.registry import service

__all__ = [
    "Source",
    "SourceDetail",
    "ingest_source",
    "list_sources",
    "preview_source",
    "source_detail",
    "source_id_for",
]

_REJECTS_SHOWN = 50
_PREVIEW_MAX = 50


@dataclass(frozen=True)
class Source:
    source_id: str
    mapping: str  # the mapping file's full path on the server
    source: str | None  # the mapping's source name; None when the file does not parse
    description: str
    format: str | None
    in_folder: bool  # lies in the mappings folder
    last_batch: Batch | None


@dataclass
class SourceDetail:
    source: Source
    problems: list[str]  # `raff mapping check` against the source's columns; empty: valid
    rejects: list[Reject] = field(default_factory=list)  # the newest batch's first rejects


def source_id_for(path: str) -> str:
    """The opaque id of a mapping file (its full path's digest)."""
    return "src-" + hashlib.sha256(path.encode()).hexdigest()[:12]


def _folder_files() -> list[str]:
    folder = config.mappings_dir()
    if not folder.is_dir():
        return []
    found = [*folder.glob("*.yaml"), *folder.glob("*.yml")]
    return sorted(str(p.resolve()) for p in found if p.is_file())


def _known(guard: Guard) -> list[Source]:
    batches = last_batches(guard.store)
    in_folder = set(_folder_files())
    out = []
    for path in sorted(in_folder | set(batches)):
        name, description, fmt = None, "", None
        try:
            mapping = load_mapping(path)
            name, description, fmt = mapping.source, mapping.description, mapping.input.format
        except (RaffError, OSError):
            pass  # shown with its problems on the source's own page
        batch = batches.get(path)
        if name is None and batch is not None:
            name = batch.source
        out.append(
            Source(source_id_for(path), path, name, description, fmt, path in in_folder, batch)
        )
    return out


def _find(guard: Guard, source_id: str) -> Source:
    for found in _known(guard):
        if found.source_id == source_id:
            return found
    raise NotFound(f"no source {source_id!r}")


@service("list_sources", action="consult", needs_case=False, roles=("admin",))
def list_sources(guard: Guard) -> list[Source]:
    """Every mapping the installation knows, with its newest batch's counts (no police data)."""
    found = _known(guard)
    guard.note(sources=len(found))
    return found


@service("source_detail", action="consult", needs_case=False, roles=("admin",))
def source_detail(guard: Guard, *, source_id: str) -> SourceDetail:
    """One source: its mapping checked against the source's real columns, and the first rejects
    of its newest batch."""
    found = _find(guard, source_id)
    problems = (
        check_mapping(found.mapping)
        if Path(found.mapping).is_file()
        else [f"the mapping file {found.mapping} is no longer on the server"]
    )
    rejects = (
        batch_rejects(guard.store, found.last_batch.batch_id, limit=_REJECTS_SHOWN)
        if found.last_batch is not None and found.last_batch.rejected
        else []
    )
    guard.note(mapping=found.mapping, problems=len(problems), rejects_shown=len(rejects))
    return SourceDetail(found, problems, rejects)


@service("source_preview", action="consult", needs_case=False, roles=("admin",))
def preview_source(guard: Guard, *, source_id: str, rows: int = 10) -> MappingPreview:
    """The first rows as the mapping reads them, with each value's shape (never the value);
    staged in a transaction that is rolled back, so nothing reaches the store."""
    if not isinstance(rows, int) or not 1 <= rows <= _PREVIEW_MAX:
        raise RaffError(f"a preview shows 1 to {_PREVIEW_MAX} rows")
    found = _find(guard, source_id)
    problems = [p for p in check_mapping(found.mapping) if p]
    if problems:
        raise RaffError("the mapping does not check: " + "; ".join(problems[:3]))
    preview = preview_mapping(guard.store, found.mapping, rows=rows, now=guard.now())
    guard.note(
        mapping=found.mapping,
        rows=len(preview.rows),
        refused=preview.refused,
        statements=preview.statements,
    )
    return preview


@service("source_ingest", action="alter", needs_case=False, roles=("admin",))
def ingest_source(guard: Guard, *, source_id: str) -> Any:
    """Queue an ingest job of this source; the server's runner ingests it under your name."""
    found = _find(guard, source_id)
    job = jobs.start_job(guard, kind="ingest", mapping=found.mapping)
    guard.note(mapping=found.mapping, job_id=job.job_id)
    return job
