"""Dutch identifiers in their real formats, generated vectorised and unique by construction.

- BSN: 9 digits passing the 11-proef, always starting 9999 so that it is never a real person's.
- Postcode: 4 digits (1000-9999) + 2 letters; F, I, O, Q, U, Y are not used, nor SA, SD, SS.
- Plates: the side-code (sidecode) of the registration year, consonants only, no offensive
  letter combinations.
- Phones: mobile 06-1xxxxxxx..06-5xxxxxxx; fixed lines with the place's area code, 10 digits.
"""

from __future__ import annotations

import re

import numpy as np

__all__ = [
    "PLATE_LETTERS",
    "POSTCODE_LETTERS",
    "SIDECODES",
    "bsn_pool",
    "bsn_valid",
    "fixed_numbers",
    "mobile_numbers",
    "plates",
    "postcode_letters",
    "sidecode_for_year",
]

# --- BSN ---------------------------------------------------------------------------------------


def bsn_valid(bsn: str) -> bool:
    """The 11-proef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 (and not all zero)."""
    if len(bsn) != 9 or not bsn.isdigit():
        return False
    total = sum((9 - i) * int(d) for i, d in enumerate(bsn[:8])) - int(bsn[8])
    return total % 11 == 0 and bsn != "000000000"


def bsn_pool(rng: np.random.Generator) -> np.ndarray:
    """All 9999xxxxx numbers that pass the 11-proef, in a seeded order.

    Only 4 digits are free after the prefix (the ninth is the check digit), so there are
    9,091 such numbers; the world hands them out to at most that many persons.
    """
    free = np.arange(10_000)
    digits = np.stack([(free // 10 ** (3 - i)) % 10 for i in range(4)], axis=1)
    prefix = 9 * (9 + 8 + 7 + 6)  # the weights of the four 9s of "9999"
    weighted = prefix + (digits * np.array([5, 4, 3, 2])).sum(axis=1)
    check = weighted % 11
    ok = check < 10
    numbers = 999_900_000 + free[ok] * 10 + check[ok]
    return rng.permutation(numbers.astype(np.int64))


# --- postcode ----------------------------------------------------------------------------------
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"  # F I O Q U Y are not used in Dutch postcodes
_PAIRS = [
    a + b for a in POSTCODE_LETTERS for b in POSTCODE_LETTERS if a + b not in {"SA", "SD", "SS"}
]


def postcode_letters(key: np.ndarray) -> list[str]:
    """A letter pair per non-negative integer key (deterministic; never SA, SD or SS)."""
    return [_PAIRS[k] for k in (key % len(_PAIRS)).tolist()]


# --- plates ------------------------------------------------------------------------------------
PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"  # no vowels (no words), no C, M, Q, W
#: side-code -> (pattern, first year, last year); "X" a letter, "9" a digit.
SIDECODES: dict[int, tuple[str, int, int]] = {
    5: ("XX-XX-99", 1991, 1998),
    6: ("99-XX-XX", 1999, 2005),
    7: ("99-XXX-9", 2006, 2008),
    8: ("9-XXX-99", 2009, 2013),
    9: ("XX-999-X", 2014, 2015),
    10: ("X-999-XX", 2016, 2019),
    11: ("XXX-99-X", 2020, 2023),
    12: ("X-99-XXX", 2024, 2030),
}
_FORBIDDEN = re.compile(r"SS|SD|GVD|KKK|KVT|LPF|NSB|PKK|PSV|TBS|PVV|SGP|VVD|BSD|FNV|KGB|NVD|PPD")


def sidecode_for_year(year: int) -> int:
    for code, (_, first, last) in SIDECODES.items():
        if first <= year <= last:
            return code
    raise ValueError(f"no side-code for registration year {year}")


def _space(pattern: str) -> int:
    size = 1
    for ch in pattern:
        if ch == "X":
            size *= len(PLATE_LETTERS)
        elif ch == "9":
            size *= 10
    return size


def _decode(pattern: str, serial: int) -> str:
    out = []
    for ch in reversed(pattern):
        if ch == "X":
            serial, r = divmod(serial, len(PLATE_LETTERS))
            out.append(PLATE_LETTERS[r])
        elif ch == "9":
            serial, r = divmod(serial, 10)
            out.append(str(r))
        else:
            out.append(ch)
    return "".join(reversed(out))


def plates(sidecode: int, start: int, count: int) -> tuple[list[str], int]:
    """`count` unique plates of one side-code from counter `start`; returns them and the next counter.

    A multiplicative bijection spreads the counter over the side-code's space, so plates are
    unique by construction and look random; forbidden combinations are skipped.
    """
    pattern = SIDECODES[sidecode][0]
    space = _space(pattern)
    out: list[str] = []
    counter = start
    while len(out) < count:
        serial = (counter * 1_000_003 + 7919) % space
        counter += 1
        plate = _decode(pattern, serial)
        if _FORBIDDEN.search(plate.replace("-", "")) is None:
            out.append(plate)
    return out, counter


# --- phones ------------------------------------------------------------------------------------


_MULT = 27_644_437  # odd and not a multiple of 5: a bijection modulo 2^a * 5^b


def mobile_numbers(start: int, count: int) -> list[str]:
    """Unique mobile numbers 061xxxxxxx..065xxxxxxx for global counters start..start+count."""
    idx = np.arange(start, start + count, dtype=np.int64)
    sub = (idx * _MULT + 12_345) % 50_000_000 + 10_000_000
    return ["06" + str(s) for s in sub.tolist()]


def fixed_numbers(areas: list[str], start: int) -> list[str]:
    """Unique fixed numbers: area code + subscriber number, 10 digits, first subscriber digit 2-9."""
    out = []
    for i, area in enumerate(areas):
        width = 10 - len(area)
        space = 8 * 10 ** (width - 1)
        sub = ((start + i) * _MULT + 4_321) % space + 2 * 10 ** (width - 1)
        out.append(area + str(sub))
    return out
