"""Resolve fixtures: a trained model artefact (session) and fresh stores loaded with people."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from dutch_people import people  # noqa: E402
from resolve_support import CANDIDATES  # noqa: E402

from raffinaderij.clock import FixedClock  # noqa: E402
from raffinaderij.resolve import train  # noqa: E402
from raffinaderij.resolve.fixtures import insert_persons  # noqa: E402
from raffinaderij.store.db import Store, open_store  # noqa: E402


@pytest.fixture(scope="session")
def population() -> tuple[list[dict[str, Any]], dict[str, str]]:
    return people(400, seed=11)


@pytest.fixture(scope="session")
def model_row(population: tuple[list[dict[str, Any]], dict[str, str]]) -> tuple[Any, ...]:
    """Train once; tests copy the artefact row into their own store."""
    s = open_store(":memory:")
    insert_persons(s, population[0])
    version = train(
        s,
        candidate_filter=CANDIDATES,
        created_by="alice",
        seed=3,
        clock=FixedClock(__import__("datetime").datetime(2026, 3, 1, 12)),
    )
    row = s.query("SELECT * FROM resolve_models WHERE version = ?", [version])[0]
    s.close()
    return row


@pytest.fixture
def rstore(population: tuple[list[dict[str, Any]], dict[str, str]]) -> Iterator[Store]:
    s = open_store(":memory:")
    insert_persons(s, population[0])
    yield s
    s.close()
