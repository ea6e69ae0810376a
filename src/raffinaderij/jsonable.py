"""Dataclasses, dates and sets to JSON-ready values: one conversion for the API and the CLI."""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["plain"]


def plain(value: Any) -> Any:
    """Dataclasses and dates to JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
