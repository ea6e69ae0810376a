"""BSN (burgerservicenummer): nine digits passing the 11-proef, checked by python-stdnum."""

from __future__ import annotations

from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as _bsn

from raffinaderij.model.normalise._vector import vectorise

__all__ = ["clean_bsn", "clean_bsn_many", "is_valid_bsn"]


def clean_bsn(value: str | None) -> str | None:
    """'123.456.782', '12345678' (leading zero lost) -> '123456782' / '012345678'; None if invalid."""
    if value is None:
        return None
    digits = "".join(c for c in str(value) if c.isdigit())
    if len(digits) not in (8, 9):  # nine digits; eight when a leading zero was lost
        return None
    try:
        return str(_bsn.validate(str(value)))
    except ValidationError:
        return None


clean_bsn_many = vectorise(clean_bsn)


def is_valid_bsn(value: str | None) -> bool:
    return clean_bsn(value) is not None
