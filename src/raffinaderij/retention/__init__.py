"""Retention (LAW-04, issue 12): terms turned into due sets, the art. 14 move, destruction that
reaches every derived store and the file's bytes, content-free tombstones."""

from raffinaderij.retention.job import RetentionReport, finish_retention, run_retention
from raffinaderij.retention.purge import destroy, move_to_art14
from raffinaderij.retention.terms import Terms, due_sql

__all__ = [
    "RetentionReport",
    "Terms",
    "destroy",
    "due_sql",
    "finish_retention",
    "move_to_art14",
    "run_retention",
]
