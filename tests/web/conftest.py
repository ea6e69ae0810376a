"""One browser per test process: Playwright's sync API may run only once per process, so every
browser test module shares this session-scoped fixture (xdist runs several modules per worker)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_kit import chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b
