"""Dutch normalisers, one module per property kind, and `normalise(kind, value)` for all of them.

Each module has a scalar `clean_*` and a vectorised `clean_*_many` (lists or pyarrow arrays;
every distinct value is cleaned once, which beats DuckDB Python UDFs on repetitive columns).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from raffinaderij.model.normalise._vector import Values, vectorise
from raffinaderij.model.normalise.address import clean_house_number, clean_postcode
from raffinaderij.model.normalise.bsn import clean_bsn
from raffinaderij.model.normalise.dates import clean_date
from raffinaderij.model.normalise.names import clean_name
from raffinaderij.model.normalise.phones import clean_phone
from raffinaderij.model.normalise.plates import clean_plate

__all__ = ["CLEANERS", "clean_email", "normalise", "normalise_many"]


def clean_email(value: str | None) -> str | None:
    if value is None:
        return None
    s = str(value).strip().lower()
    return s if re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", s) else None


def _clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    s = re.sub(r"\s+", " ", str(value)).strip()
    return s or None


def _clean_code(value: str | None) -> str | None:
    s = _clean_text(value)
    if s is None:
        return None
    hn = clean_house_number(s)  # house numbers are codes; "5 a" and "5A" are one
    return hn.key() if hn and re.match(r"^\d", s) else s.upper()


def _clean_number(value: str | None) -> str | None:
    s = _clean_text(value)
    if s is None:
        return None
    try:
        return repr(float(s.replace(",", ".")))
    except ValueError:
        return None


CLEANERS: dict[str, Callable[[str | None], str | None]] = {
    "name": clean_name,
    "date": clean_date,
    "postcode": clean_postcode,
    "plate": clean_plate,
    "phone": clean_phone,
    "bsn": clean_bsn,
    "email": clean_email,
    "text": _clean_text,
    "code": _clean_code,
    "number": _clean_number,
    "geo": _clean_number,
}
_MANY = {kind: vectorise(fn) for kind, fn in CLEANERS.items()}


def normalise(kind: str, value: str | None) -> str | None:
    """Clean one value of an ontology property `kind`; None when empty or invalid."""
    try:
        return CLEANERS[kind](value)
    except KeyError:
        raise ValueError(
            f"unknown property kind {kind!r}; expected one of {sorted(CLEANERS)}"
        ) from None


def normalise_many(kind: str, values: Values) -> list[str | None]:
    try:
        many = _MANY[kind]
    except KeyError:
        raise ValueError(
            f"unknown property kind {kind!r}; expected one of {sorted(CLEANERS)}"
        ) from None
    return many(values)
