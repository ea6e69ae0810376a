"""Dates as Dutch registrations write them: 3-2-1980, 03.02.1980, 19800203, 3 feb 1980, 00-00-1980.

Dutch order is day-month-year; a registration that swapped day and month (the US habit, or a
typing slip) is caught by comparing against the swapped form, not by guessing here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from raffinaderij.model.normalise._vector import vectorise

__all__ = [
    "MONTHS",
    "PartialDate",
    "clean_date",
    "clean_date_many",
    "is_day_month_swap",
    "parse_date",
    "swap_day_month",
]

_MONTHS = {
    "jan": 1,
    "januari": 1,
    "january": 1,
    "feb": 2,
    "februari": 2,
    "february": 2,
    "mrt": 3,
    "maart": 3,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "mei": 5,
    "may": 5,
    "jun": 6,
    "juni": 6,
    "june": 6,
    "jul": 7,
    "juli": 7,
    "july": 7,
    "aug": 8,
    "augustus": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oct": 10,
    "oktober": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
# Month names and abbreviations, Dutch and English -> month number (ingest's dates use it too).
MONTHS = _MONTHS
# Two-digit years: 00-29 are 20xx, 30-99 are 19xx (birth dates and incident dates alike).
_PIVOT = 30


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _year(text: str) -> int:
    y = int(text)
    if len(text) <= 2:
        y += 2000 if y < _PIVOT else 1900
    return y


def _build(y: int, m: int, d: int) -> PartialDate | None:
    if not 1000 <= y <= 2999:
        return None
    if m == 0:  # GBA writes unknown parts as 00
        return PartialDate(y)
    if not 1 <= m <= 12:
        return None
    if d == 0:
        return PartialDate(y, m)
    try:
        date(y, m, d)
    except ValueError:
        return None
    return PartialDate(y, m, d)


def parse_date(value: str | None) -> PartialDate | None:
    """Parse one date; day-month-year unless the first part has four digits. None if unreadable."""
    if value is None:
        return None
    s = str(value).strip().lower()
    s = re.sub(r"[t ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?z?$", "", s).strip()  # drop a time of day
    if not s:
        return None
    if re.fullmatch(r"\d{8}", s):
        # 19800203 (ISO basic) when it reads as a plausible year first, else 03021980
        iso = _build(int(s[:4]), int(s[4:6]), int(s[6:]))
        return (
            iso
            if iso and int(s[:2]) in (18, 19, 20)
            else _build(int(s[4:]), int(s[2:4]), int(s[:2]))
        )
    if re.fullmatch(r"\d{6}", s):  # 030280
        return _build(_year(s[4:]), int(s[2:4]), int(s[:2]))
    if re.fullmatch(r"\d{4}", s):
        return _build(int(s), 0, 0)
    parts = [p for p in re.split(r"[\s\-/.,]+", s) if p]
    if len(parts) == 3:
        a, b, c = parts
        if b in _MONTHS and a.isdigit() and c.isdigit():
            return _build(_year(c), _MONTHS[b], int(a))
        if a.isdigit() and b.isdigit() and c.isdigit():
            if len(a) == 4:
                return _build(int(a), int(b), int(c))
            return _build(_year(c), int(b), int(a))
        return None
    if len(parts) == 2:
        a, b = parts
        if a in _MONTHS and b.isdigit():
            return _build(_year(b), _MONTHS[a], 0)
        if a.isdigit() and b.isdigit():
            if len(a) == 4:
                return _build(int(a), int(b), 0)
            return _build(_year(b), int(a), 0)
    return None


def clean_date(value: str | None) -> str | None:
    """ISO form: YYYY-MM-DD, or YYYY-MM / YYYY for partial dates; None if unreadable."""
    parsed = parse_date(value)
    return parsed.iso() if parsed else None


clean_date_many = vectorise(clean_date)


def swap_day_month(iso: str | None) -> str | None:
    """The same date with day and month swapped, if that is a different valid date."""
    if not iso or len(iso) != 10:
        return None
    y, m, d = int(iso[:4]), int(iso[5:7]), int(iso[8:])
    if m == d or d > 12:
        return None
    return f"{y:04d}-{d:02d}-{m:02d}"


def is_day_month_swap(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a != b and swap_day_month(a) == b
