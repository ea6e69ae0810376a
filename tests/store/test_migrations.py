"""Migrations run 1, 2, 3, ... once each: a repeated or missing number is refused, since a store
remembers only the highest number it applied and would skip a second file with that number."""

from __future__ import annotations

from pathlib import Path

import pytest

from raffinaderij.errors import StoreError
from raffinaderij.store.migrations import migrations


def test_the_shipped_migrations_are_numbered_once_each_without_gaps() -> None:
    numbers = [n for n, _, _ in migrations()]
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize(
    ("names", "wrong"),
    [
        (
            ["0001_a.sql", "0002_b.sql", "0002_c.sql"],
            "0002_c.sql: migration number 0002 where 0003",
        ),
        (["0001_a.sql", "0003_b.sql"], "0003_b.sql: migration number 0003 where 0002"),
    ],
)
def test_a_repeated_or_missing_number_is_refused(
    tmp_path: Path, names: list[str], wrong: str
) -> None:
    for name in names:
        (tmp_path / name).write_text("SELECT 1;", encoding="utf-8")
    with pytest.raises(StoreError, match=wrong):
        migrations(tmp_path)
