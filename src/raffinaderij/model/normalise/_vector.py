"""Vectorising a scalar cleaner: bulk columns repeat values a lot, so clean each distinct value once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

import pyarrow as pa

__all__ = ["Values", "vectorise"]

T = TypeVar("T")
Values: TypeAlias = Any  # a list/iterable of values, or a pyarrow Array / ChunkedArray


def _as_list(values: Values) -> list[Any]:
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return list(values.to_pylist())
    return list(values)


def vectorise(fn: Callable[[Any], T | None]) -> Callable[[Values], list[T | None]]:
    """Map `fn` over a list or pyarrow array; None stays None; each distinct value is cleaned once."""

    def many(values: Values) -> list[T | None]:
        memo: dict[Any, T | None] = {None: None}
        out: list[T | None] = []
        append = out.append
        for v in _as_list(values):
            try:
                append(memo[v])
            except KeyError:
                r = fn(v)
                memo[v] = r
                append(r)
        return out

    many.__name__ = fn.__name__ + "_many"
    many.__doc__ = f"Vectorised `{fn.__name__}` over a list or pyarrow array."
    return many
