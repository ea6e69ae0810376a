from __future__ import annotations

from datetime import date

import pytest

from raffinaderij.clock import FixedClock


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(date(2024, 6, 1))
