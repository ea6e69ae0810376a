"""Dutch postcodes (1234 AB), house numbers and additions (5, 5a, 5-A, 5 bis, 12-II, 5 hs)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from raffinaderij.model.normalise._vector import vectorise

__all__ = [
    "HouseNumber",
    "address_key",
    "clean_house_number",
    "clean_postcode",
    "clean_postcode_many",
    "parse_postcode_house",
]

# PostNL never issues the letter pairs SA, SD and SS.
_POSTCODE = re.compile(r"^([1-9]\d{3})([A-Z]{2})$")
_BAD_LETTERS = {"SA", "SD", "SS"}
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5"}


def clean_postcode(value: str | None) -> str | None:
    """'1234 ab' -> '1234AB'; None when it is not a valid Dutch postcode."""
    if value is None:
        return None
    s = re.sub(r"[\s\-.]", "", str(value)).upper()
    m = _POSTCODE.match(s)
    if not m or m.group(2) in _BAD_LETTERS:
        return None
    return s


clean_postcode_many = vectorise(clean_postcode)


@dataclass(frozen=True)
class HouseNumber:
    number: int
    addition: str  # canonical: upper case, no separators; "" when none

    def key(self) -> str:
        return f"{self.number}{'-' + self.addition if self.addition else ''}"


def clean_house_number(value: str | None, addition: str | None = None) -> HouseNumber | None:
    """'5a', '5-A', '5 A', '12 II', '12-2', '5 hs', '5 bis' -> number and canonical addition."""
    if value is None:
        return None
    s = str(value).strip().upper()
    m = re.match(r"^(\d{1,5})\s*[-/ ]?\s*([A-Z0-9 ]*)$", s)
    if not m:
        return None
    number = int(m.group(1))
    if number == 0:
        return None
    add = (m.group(2) or "") + (" " + str(addition).upper() if addition else "")
    add = re.sub(r"[^A-Z0-9 ]", "", add).strip()
    add = _ROMAN.get(add, add)
    if add in {"HS", "HUIS", "BG", "BEG"}:  # ground floor written many ways
        add = "H"
    add = add.replace(" ", "")
    return HouseNumber(number, add)


def parse_postcode_house(value: str | None) -> tuple[str | None, HouseNumber | None]:
    """'1234 ab 5', '1234AB 5-a', '1234AB, 12 II' -> (postcode, house number)."""
    if value is None:
        return None, None
    s = str(value).strip().upper()
    m = re.match(r"^\s*([1-9]\d{3})\s*([A-Z]{2})\b[\s,]*(.*)$", s)
    if not m:
        return None, None
    pc = clean_postcode(m.group(1) + m.group(2))
    rest = m.group(3).strip()
    return pc, clean_house_number(rest) if rest else None


def address_key(postcode: str | None, house: str | None, addition: str | None = None) -> str | None:
    """'1234AB|5-A': a postcode and house number identify a Dutch address."""
    pc = clean_postcode(postcode)
    hn = clean_house_number(house, addition) if house else None
    if not pc:
        return None
    return f"{pc}|{hn.key()}" if hn else pc
