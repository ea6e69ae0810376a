"""A phonetic key for Dutch names (no packaged Dutch algorithm exists; this one is ours).

Folds the spellings Dutch treats as one sound: ij/ei/y, ch/g, sch, c/k/s, ph/f, dt/d/t at the
end, v/f and z/s, ou/au, double letters; so Bijl ~ Beil ~ Byl, Schouten ~ Sgouten, Claessen ~ Klasen.
"""

from __future__ import annotations

import re

from unidecode import unidecode

from raffinaderij.model.normalise._vector import vectorise

__all__ = ["dutch_phonetic", "dutch_phonetic_many"]

# Order matters: longer patterns first. Placeholders in upper case are sound classes.
_RULES: tuple[tuple[str, str], ...] = (
    (r"[^a-z]", ""),
    (r"([bdfklmnprstvz])\1+", r"\1"),
    (r"ck", "k"),
    (r"sch", "SX"),
    (r"ch", "X"),
    (r"g", "X"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"qu", "kw"),
    (r"q", "k"),
    (r"x", "ks"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"(eij|ey|ij|ei|y|ie|ii)", "Y"),  # "eij" first: Meijer ~ Meyer
    (r"(au|ou|aw|ow)", "O"),
    (r"(ui|uy)", "U"),
    (r"oe", "u"),
    (r"(ae|aa)", "a"),
    (r"ee", "e"),
    (r"oo", "o"),
    (r"uu", "u"),
    (r"(dt|d)(?=[^aeiouYOU]|$)", "t"),
    (r"en$", "e"),
    (r"v", "f"),
    (r"z", "s"),
    (r"w", "v"),
    (r"(?<=[^aeiouYOU])h", ""),
    (r"(.)\1+", r"\1"),
)
_COMPILED = tuple((re.compile(p), r) for p, r in _RULES)


def dutch_phonetic(value: str | None) -> str | None:
    """The sound key of one name word or name; None for empty input."""
    if value is None:
        return None
    s = unidecode(str(value)).lower()
    for pattern, repl in _COMPILED:
        s = pattern.sub(repl, s)
    return s.upper() or None


dutch_phonetic_many = vectorise(dutch_phonetic)
