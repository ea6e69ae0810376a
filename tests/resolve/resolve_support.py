"""Resolve test support shared by the test modules (not fixtures)."""

from __future__ import annotations

from typing import Any

from raffinaderij.resolve import approve
from raffinaderij.store.db import Store

# What the guard compiles from the policy for resolution (LAW-02/04/13/14), written out here.
CANDIDATES = (
    "r.confidentiality <> 'V' AND r.covert IS NULL AND NOT r.blocked AND r.stage = 'active'"
)
ALL = "true"


def copy_model(store: Store, row: tuple[Any, ...], *, approved: bool) -> str:
    store.query("INSERT INTO resolve_models VALUES (" + ", ".join("?" * len(row)) + ")", list(row))
    if approved:
        approve(store, row[0], approver="bob")
    return str(row[0])
