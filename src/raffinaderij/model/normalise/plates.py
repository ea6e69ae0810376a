"""Dutch licence plates: side-codes (sidecodes) 1-14 and the OCR/typing confusions of ANPR reads.

Every Dutch plate has six characters in one of the side-code patterns (L = letter, D = digit).
A read such as "XL-I2-BB" fits no pattern; swapping confusable characters (O/0, B/8,
I/1, S/5, Z/2, G/6) until it fits a pattern recovers "XL-12-BB". Fewest substitutions wins;
ties go to the lower side-code.
"""

from __future__ import annotations

import re

from unidecode import unidecode

from raffinaderij.model.normalise._vector import vectorise

__all__ = ["SIDECODES", "clean_plate", "clean_plate_many", "format_plate", "plate_key", "sidecode"]

# Side-code number -> pattern; the dashes show how the plate is written.
SIDECODES: dict[int, str] = {
    1: "LL-DD-DD",
    2: "DD-DD-LL",
    3: "DD-LL-DD",
    4: "LL-DD-LL",
    5: "LL-LL-DD",
    6: "DD-LL-LL",
    7: "DD-LLL-D",
    8: "D-LLL-DD",
    9: "LL-DDD-L",
    10: "L-DDD-LL",
    11: "LLL-DD-L",
    12: "D-LL-DDD",
    13: "DDD-LL-D",
    14: "L-LL-DDD",
}
_TO_DIGIT = {
    "O": "0",
    "D": "0",
    "Q": "0",
    "I": "1",
    "L": "1",
    "Z": "2",
    "S": "5",
    "G": "6",
    "B": "8",
    "T": "7",
}
_TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B", "7": "T"}
# Confusable characters folded to one class, for blocking and comparison of raw reads.
_KEY = str.maketrans(
    {"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "G": "6", "B": "8"}
)


def _compact(value: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", unidecode(value).upper())


def sidecode(plate: str) -> int | None:
    """The side-code of a compact or dashed plate that fits one exactly, else None."""
    s = _compact(plate)
    for code, pattern in SIDECODES.items():
        bare = pattern.replace("-", "")
        if len(s) == 6 and all(
            (c.isdigit() if p == "D" else c.isalpha()) for c, p in zip(s, bare, strict=True)
        ):
            return code
    return None


def format_plate(compact: str, code: int) -> str:
    out, i = [], 0
    for p in SIDECODES[code]:
        if p == "-":
            out.append("-")
        else:
            out.append(compact[i])
            i += 1
    return "".join(out)


def clean_plate(value: str | None) -> str | None:
    """'xl-12-bb', 'XL12BB' -> 'XL-12-BB'; OCR confusions repaired when one pattern fits best.

    Plates that fit no Dutch side-code (foreign plates) come back compact and upper case.
    """
    if value is None:
        return None
    s = _compact(str(value))
    if not s:
        return None
    if len(s) != 6:
        return s
    best: tuple[int, int, str] | None = None
    for code, pattern in SIDECODES.items():
        bare = pattern.replace("-", "")
        fixed, cost = [], 0
        for c, p in zip(s, bare, strict=True):
            if p == "D" and not c.isdigit():
                d = _TO_DIGIT.get(c)
                if d is None:
                    break
                fixed.append(d)
                cost += 1
            elif p == "L" and c.isdigit():
                letter = _TO_LETTER.get(c)
                if letter is None:
                    break
                fixed.append(letter)
                cost += 1
            else:
                fixed.append(c)
        else:
            if best is None or (cost, code) < best[:2]:
                best = (cost, code, "".join(fixed))
    if best is None or best[0] > 2:
        return s
    return format_plate(best[2], best[1])


clean_plate_many = vectorise(clean_plate)


def plate_key(value: str | None) -> str | None:
    """Compact plate with confusable characters folded: equal keys may be one plate misread."""
    if value is None:
        return None
    s = _compact(str(value))
    return s.translate(_KEY) or None
