"""Noise: the ways real registrations differ from the truth, each with a rate you can set.

Every noise kind is drawn per value from the records where it can apply ("eligible"); the
generator counts eligible and applied values per source, and the tests check the rates land.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import numpy as np

__all__ = ["SOURCE_SCALE", "NoiseRates", "Noiser", "OCR_CONFUSIONS", "SPELLING_SWAPS"]


@dataclass(frozen=True)
class NoiseRates:
    """Per-value probabilities at scale 1.0; each source multiplies them by SOURCE_SCALE."""

    roepnaam: float = 0.30  # given names recorded as the roepnaam only
    initials: float = 0.10  # given names recorded as initials ("J.H.")
    particle_drop: float = 0.05  # "de Vries" -> "Vries"
    particle_move: float = 0.05  # "de Vries" -> "Vries, de" / particle inside the surname field
    particle_abbrev: float = 0.10  # "van der" -> "v.d." (only particles that have an abbreviation)
    spelling: float = 0.04  # ij/y, ei/ij, ks/x, ph/f, ... swaps in names
    typo: float = 0.02  # one inserted, deleted, replaced or transposed letter
    date_swap: float = 0.03  # day and month swapped (only where day <= 12 and day != month)
    date_missing: float = 0.02  # birth date left empty
    date_partial: float = 0.02  # day (sometimes also month) unknown: "00-03-1985"
    postcode_format: float = 0.30  # "1234AB" / "1234 ab" / ... instead of the source's own style
    phone_format: float = 0.30  # "+31 6 ...", "0031...", "06-..." instead of the source's style
    plate_nodash: float = 0.30  # "12ABC3" instead of "12-ABC-3"
    plate_lower: float = 0.10  # lower case plate
    plate_ocr: float = 0.02  # OCR confusion 0/D, 8/B, 5/S, 2/Z
    missing: float = 0.05  # an optional value (phone, address, plate) left out
    duplicate_incident: float = 0.02  # an incident registered twice

    def scaled(self, factor: float) -> NoiseRates:
        return NoiseRates(
            **{f.name: min(1.0, getattr(self, f.name) * factor) for f in fields(self)}
        )

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


#: How noisy each source is relative to NoiseRates (an investigation file is kept cleaner).
SOURCE_SCALE: dict[str, float] = {
    "bvh": 1.0,
    "voertuigen": 1.0,
    "zaken": 0.3,
    "thema": 0.7,
    "pv": 1.0,
    "subjects": 1.0,
}

SPELLING_SWAPS = [
    ("ij", "y"),
    ("y", "ij"),
    ("ei", "ij"),
    ("ks", "x"),
    ("x", "ks"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("dt", "t"),
    ("ae", "aa"),
    ("uy", "ui"),
    ("ui", "uy"),
    ("sch", "s"),
    ("c", "k"),
]
OCR_CONFUSIONS = {"0": "D", "D": "0", "8": "B", "B": "8", "5": "S", "S": "5", "2": "Z", "Z": "2"}
_LETTERS = "abcdefghijklmnoprstuvwz"


class Noiser:
    """Draws noise for one source with its own rates and counts what it did."""

    def __init__(
        self, rates: NoiseRates, rng: np.random.Generator, stats: dict[str, list[int]]
    ) -> None:
        self.rates = rates
        self.rng = rng
        self.stats = stats

    def mask(self, kind: str, eligible: np.ndarray) -> np.ndarray:
        rate = getattr(self.rates, kind)
        hit = eligible & (self.rng.random(len(eligible)) < rate)
        s = self.stats.setdefault(kind, [0, 0])
        s[0] += int(eligible.sum())
        s[1] += int(hit.sum())
        return hit

    def choose(self, kinds: list[str], eligible: np.ndarray) -> list[np.ndarray]:
        """Mutually exclusive kinds drawn with one uniform number (e.g. roepnaam vs initials)."""
        u = self.rng.random(len(eligible))
        out, lo = [], 0.0
        for kind in kinds:
            hi = lo + getattr(self.rates, kind)
            hit = eligible & (u >= lo) & (u < hi)
            s = self.stats.setdefault(kind, [0, 0])
            s[0] += int(eligible.sum())
            s[1] += int(hit.sum())
            out.append(hit)
            lo = hi
        return out

    # --- string noise --------------------------------------------------------------------------
    def spelling(self, values: list[str]) -> list[str]:
        low = [v.lower() for v in values]
        eligible = np.array([any(a in s for a, _ in SPELLING_SWAPS) for s in low], dtype=bool)
        for i in np.flatnonzero(self.mask("spelling", eligible)).tolist():
            values[i] = self._swap(values[i], low[i], int(self.rng.integers(0, 1 << 30)))
        return values

    @staticmethod
    def _swap(value: str, low: str, r: int) -> str:
        options = [(a, b) for a, b in SPELLING_SWAPS if a in low]
        a, b = options[r % len(options)]
        at = low.index(a)
        repl = b.capitalize() if value[at].isupper() else b
        return value[:at] + repl + value[at + len(a) :]

    def typo(self, values: list[str]) -> list[str]:
        eligible = np.array([len(v) >= 3 for v in values], dtype=bool)
        hits = np.flatnonzero(self.mask("typo", eligible))
        ops = self.rng.integers(0, 4, len(hits))
        where = self.rng.random(len(hits))
        letters = self.rng.integers(0, len(_LETTERS), len(hits))
        for i, op, u, li in zip(
            hits.tolist(), ops.tolist(), where.tolist(), letters.tolist(), strict=True
        ):
            v = values[i]
            p = 1 + int(u * (len(v) - 2))  # keep the first letter: people rarely get it wrong
            c = _LETTERS[li]
            if op == 0:
                values[i] = v[:p] + c + v[p + 1 :] if v[p].lower() != c else v[:p] + v[p + 1 :]
            elif op == 1:
                values[i] = v[:p] + c + v[p:]
            elif op == 2:
                values[i] = v[:p] + v[p + 1 :]
            else:
                values[i] = (
                    v[:p] + v[p + 1] + v[p] + v[p + 2 :] if v[p] != v[p + 1] else v[:p] + v[p + 1 :]
                )
        return values

    def ocr(self, values: list[str]) -> list[str]:
        eligible = np.array([any(ch in OCR_CONFUSIONS for ch in v) for v in values], dtype=bool)
        for i in np.flatnonzero(self.mask("plate_ocr", eligible)).tolist():
            v = values[i]
            spots = [j for j, ch in enumerate(v) if ch in OCR_CONFUSIONS]
            j = spots[int(self.rng.integers(0, len(spots)))]
            values[i] = v[:j] + OCR_CONFUSIONS[v[j]] + v[j + 1 :]
        return values
