"""Shared fixtures: an in-memory store with users and cases, a fixed clock."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
# Cheap argon2 for the test users (set before anything hashes); tests/services checks that the
# setting exists and that "normal" stays the default.
os.environ.setdefault("RAFF_ARGON2_COST", "test")

from raffinaderij.clock import FixedClock  # noqa: E402
from raffinaderij.store.db import Store, open_store  # noqa: E402
from support import NOW, make_world  # noqa: E402


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(clock: FixedClock) -> Iterator[Store]:
    s = open_store(":memory:")
    make_world(s, clock)
    yield s
    s.close()
