"""Ingest: connectors and declarative mappings -> registrations, statements and a rejects report.

load_mapping(path) -> Mapping            parse + validate (MappingError names file, line, key)
check_mapping(path) -> list[str]         every problem, one per line
ingest(store, path, ...) -> IngestReport one transaction; idempotent; alterations logged
jobs / killpoints                        what a committed batch owes; the named crash points
import_ftm / export_ftm                  FollowTheMoney JSON lines in and out
"""

from __future__ import annotations

from raffinaderij.ingest import jobs, killpoints
from raffinaderij.ingest.ftm import export_ftm, import_ftm
from raffinaderij.ingest.mapping import Mapping, check_mapping, load_mapping
from raffinaderij.ingest.pipeline import IngestReport, Progress, ingest

__all__ = [
    "IngestReport",
    "Mapping",
    "Progress",
    "check_mapping",
    "export_ftm",
    "import_ftm",
    "ingest",
    "jobs",
    "killpoints",
    "load_mapping",
]
