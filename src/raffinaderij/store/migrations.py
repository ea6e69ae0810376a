"""Schema migrations: numbered SQL files in store/migrations, applied in order, once each.

Statements are the truth; the rest is derived. No primary-key indexes on the bulk tables:
DuckDB's ART indexes slow bulk loads badly, and ingest enforces uniqueness itself.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["migrations"]

_DIR = Path(__file__).with_name("migrations")


def migrations() -> list[tuple[int, str, str]]:
    """(number, file name, SQL) in order; the number is the file name's leading digits."""
    found = []
    for path in sorted(_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        found.append((int(path.name[:4]), path.name, path.read_text(encoding="utf-8")))
    return found
