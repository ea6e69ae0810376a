"""Schema migrations: numbered SQL files in store/migrations, applied in order, once each.

Statements are the truth; the rest is derived. No primary-key indexes on the bulk tables:
DuckDB's ART indexes slow bulk loads badly, and ingest enforces uniqueness itself.
"""

from __future__ import annotations

from pathlib import Path

from raffinaderij.errors import StoreError

__all__ = ["migrations"]

_DIR = Path(__file__).with_name("migrations")


def migrations(folder: Path = _DIR) -> list[tuple[int, str, str]]:
    """(number, file name, SQL) in order; the number is the file name's leading digits.

    The numbers must run 1, 2, 3, ... without a gap or a repeat: a store remembers only the
    highest number it applied, so a second file with a number already applied would never run
    (two branches each adding "the next" migration is how that happens)."""
    found = []
    for path in sorted(folder.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        found.append((int(path.name[:4]), path.name, path.read_text(encoding="utf-8")))
    for expected, (number, name, _) in enumerate(found, start=1):
        if number != expected:
            raise StoreError(
                f"{folder / name}: migration number {number:04d} where {expected:04d} was due"
                " (numbers run 1, 2, 3, ... once each)"
            )
    return found
