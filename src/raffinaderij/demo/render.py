"""Turn true world values into the strings a source writes, with that source's noise."""

from __future__ import annotations

import zlib

import numpy as np

from raffinaderij.demo.lists import GIVEN, PLACES, ROEP, STREETS, SURNAMES
from raffinaderij.demo.noise import Noiser
from raffinaderij.demo.world import World

__all__ = [
    "DATE_FORMATS",
    "address_parts",
    "coordinates",
    "dates",
    "given_names",
    "initials",
    "particle_noise",
    "phones",
    "plates",
    "postcodes",
    "surname_parts",
    "true_given",
    "true_surname",
]

_ABBREV = {
    "van der": "v.d.",
    "van den": "v.d.",
    "van de": "v.d.",
    "van": "v.",
    "van 't": "v.'t",
    "van het": "v.h.",
}
_AREA3 = {p.area for p in PLACES if len(p.area) == 3}
DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y%m%d")


def true_given(w: World, idx: np.ndarray) -> list[str]:
    names = GIVEN.names
    return [" ".join(names[g] for g in row if g >= 0) for row in w.given[idx].tolist()]


def initials(full: str) -> str:
    return "".join(part[0] + "." for part in full.split())


def given_names(
    w: World, idx: np.ndarray, nz: Noiser, *, allow_initials: bool = True
) -> tuple[list[str], list[str]]:
    """(given names as written, roepnaam as written); roepnaam-only and initials are exclusive."""
    full = true_given(w, idx)
    roep = [ROEP.names[r] for r in w.roep[idx].tolist()]
    kinds = ["roepnaam", "initials"] if allow_initials else ["roepnaam"]
    hits = nz.choose(kinds, np.ones(len(idx), dtype=bool))
    out = list(full)
    for i in np.flatnonzero(hits[0]).tolist():
        out[i] = roep[i]
    is_init = np.zeros(len(idx), dtype=bool)
    if allow_initials:
        is_init = hits[1]
        for i in np.flatnonzero(is_init).tolist():
            out[i] = initials(full[i])
    words = np.flatnonzero(~is_init)
    sub = [out[i] for i in words.tolist()]
    sub = nz.typo(nz.spelling(sub))
    for i, v in zip(words.tolist(), sub, strict=True):
        out[i] = v
    return out, roep


def true_surname(w: World, idx: np.ndarray) -> tuple[list[str], list[str]]:
    s = w.surname[idx].tolist()
    return [SURNAMES.particle[k] for k in s], [SURNAMES.base[k] for k in s]


def surname_parts(w: World, idx: np.ndarray, *, used: bool) -> tuple[list[str], list[str]]:
    """(particle, rest) of the birth name, or of the name in use (naamgebruik E/P/V/N)."""
    parts, bases = true_surname(w, idx)
    if not used:
        return parts, bases
    uses = w.name_use[idx].tolist()
    partners = w.partner[idx].tolist()
    for i, (u, p) in enumerate(zip(uses, partners, strict=True)):
        if u == 0 or p < 0:
            continue
        pp, pb = SURNAMES.particle[w.surname[p]], SURNAMES.base[w.surname[p]]
        own = f"{parts[i]} {bases[i]}".strip()
        if u == 1:  # P: the partner's name
            parts[i], bases[i] = pp, pb
        elif u == 2:  # V: partner's name before own
            parts[i], bases[i] = pp, f"{pb}-{own}"
        else:  # N: own name before partner's
            bases[i] = f"{bases[i]}-{(pp + ' ' + pb).strip()}"
    return parts, bases


def particle_noise(
    parts: list[str], bases: list[str], nz: Noiser
) -> tuple[list[str], list[str], np.ndarray]:
    """Drop, move or abbreviate particles, then spelling and typos; returns a 'moved' mask."""
    has = np.array([p != "" for p in parts], dtype=bool)
    drop, move = nz.choose(["particle_drop", "particle_move"], has)
    can_abbrev = has & ~drop & ~move & np.array([p in _ABBREV for p in parts], dtype=bool)
    abbrev = nz.mask("particle_abbrev", can_abbrev)
    parts = list(parts)
    for i in np.flatnonzero(drop).tolist():
        parts[i] = ""
    for i in np.flatnonzero(abbrev).tolist():
        parts[i] = _ABBREV[parts[i]]
    bases = nz.typo(nz.spelling(list(bases)))
    return parts, bases, move


def _fmt(y: int, m: int, d: int, fmt: str) -> str:
    if fmt == "%d-%m-%Y":
        return f"{d:02d}-{m:02d}-{y:04d}"
    if fmt == "%Y-%m-%d":
        return f"{y:04d}-{m:02d}-{d:02d}"
    if fmt == "%d/%m/%Y":
        return f"{d:02d}/{m:02d}/{y:04d}"
    if fmt == "%Y%m%d":
        return f"{y:04d}{m:02d}{d:02d}"
    raise ValueError(fmt)


def _ymd(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y = values.astype("datetime64[Y]")
    m = values.astype("datetime64[M]")
    return (
        y.astype(np.int64) + 1970,
        (m - y.astype("datetime64[M]")).astype(np.int64) + 1,
        (values - m.astype("datetime64[D]")).astype(np.int64) + 1,
    )


def dates(values: np.ndarray, fmt: str, nz: Noiser | None = None) -> list[str]:
    """Format dates; with a Noiser: swapped day/month, missing and partial (day 00) dates."""
    y, m, d = _ymd(values)
    if nz is None:
        return [
            _fmt(a, b, c, fmt) for a, b, c in zip(y.tolist(), m.tolist(), d.tolist(), strict=True)
        ]
    swap = nz.mask("date_swap", (d <= 12) & (d != m))
    d, m = np.where(swap, m, d), np.where(swap, d, m)
    missing, partial = nz.choose(["date_missing", "date_partial"], np.ones(len(values), dtype=bool))
    d = np.where(partial, 0, d)
    m = np.where(partial & (nz.rng.random(len(values)) < 0.3), 0, m)
    out = [_fmt(a, b, c, fmt) for a, b, c in zip(y.tolist(), m.tolist(), d.tolist(), strict=True)]
    for i in np.flatnonzero(missing).tolist():
        out[i] = ""
    return out


_PC_STYLES = ("compact", "space", "lower", "lower_space")


def _pc(v: str, style: str) -> str:
    if style == "compact":
        return v
    if style == "space":
        return f"{v[:4]} {v[4:]}"
    if style == "lower":
        return v.lower()
    return f"{v[:4]} {v[4:].lower()}"


def postcodes(values: list[str], style: str, nz: Noiser) -> list[str]:
    hit = nz.mask("postcode_format", np.array([v != "" for v in values], dtype=bool))
    alt = nz.rng.integers(0, len(_PC_STYLES) - 1, len(values))
    others = [s for s in _PC_STYLES if s != style]
    return [
        _pc(v, others[a] if h else style) if v else ""
        for v, h, a in zip(values, hit.tolist(), alt.tolist(), strict=True)
    ]


_PHONE_STYLES = ("plain", "dash", "intl", "intl_space", "0031", "spaced")


def _phone(v: str, style: str) -> str:
    area = 2 if v.startswith("06") else (3 if v[:3] in _AREA3 else 4)
    rest = v[area:]
    if style == "plain":
        return v
    if style == "dash":
        return f"{v[:area]}-{rest}"
    if style == "intl":
        return "+31" + v[1:]
    if style == "intl_space":
        return f"+31 {v[1:area]} {rest}"
    if style == "0031":
        return "0031" + v[1:]
    return f"{v[:area]} {rest[:4]} {rest[4:]}" if area == 2 else f"{v[:area]} {rest}"


def phones(values: list[str], style: str, nz: Noiser) -> list[str]:
    hit = nz.mask("phone_format", np.array([v != "" for v in values], dtype=bool))
    alt = nz.rng.integers(0, len(_PHONE_STYLES) - 1, len(values))
    others = [s for s in _PHONE_STYLES if s != style]
    return [
        _phone(v, others[a] if h else style) if v else ""
        for v, h, a in zip(values, hit.tolist(), alt.tolist(), strict=True)
    ]


def plates(values: list[str], nz: Noiser, *, dashes: bool = True) -> list[str]:
    present = np.array([v != "" for v in values], dtype=bool)
    values = nz.ocr(list(values))
    nodash = nz.mask("plate_nodash", present) if dashes else present
    lower = nz.mask("plate_lower", present)
    out = []
    for v, a, b in zip(values, nodash.tolist(), lower.tolist(), strict=True):
        if a:
            v = v.replace("-", "")
        out.append(v.lower() if b else v)
    return out


def address_parts(w: World, aidx: np.ndarray) -> dict[str, list[str]]:
    streets = STREETS[0]
    return {
        "street": [streets[s] for s in w.a_street[aidx].tolist()],
        "number": [str(x) for x in w.a_number[aidx].tolist()],
        "letter": [w.a_letter[a] for a in aidx.tolist()],
        "addition": [w.a_addition[a] for a in aidx.tolist()],
        "postcode": [w.a_pc[a] for a in aidx.tolist()],
        "place": [PLACES[p].name for p in w.a_place[aidx].tolist()],
    }


def coordinates(w: World, aidx: np.ndarray) -> tuple[list[str], list[str]]:
    """Latitude and longitude of addresses: their place's centre plus a fixed offset per address
    (a hash of its id, within about 2 km), so one address always stands on the same spot."""
    lat, lon = [], []
    for a, p in zip(aidx.tolist(), w.a_place[aidx].tolist(), strict=True):
        h = zlib.crc32(w.a_id[a].encode())
        place = PLACES[p]
        lat.append(f"{place.lat + ((h & 0xFFFF) / 0xFFFF - 0.5) * 0.03:.5f}")
        lon.append(f"{place.lon + ((h >> 16) / 0xFFFF - 0.5) * 0.045:.5f}")
    return lat, lon
