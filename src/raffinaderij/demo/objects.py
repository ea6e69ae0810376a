"""Addresses, phones and vehicles appended to a chunk's world, unique across the whole run."""

from __future__ import annotations

from typing import Any

import numpy as np

from raffinaderij.demo import identifiers as ids
from raffinaderij.demo.lists import COLOURS, MAKES, PLACES, STREETS, weights

__all__ = ["add_addresses", "add_phones", "add_vehicles"]


def add_addresses(
    w: dict[str, Any],
    rng: np.random.Generator,
    m: int,
    counters: Any,
    near: np.ndarray | None = None,
) -> np.ndarray:
    """Append m new addresses (optionally in the places of `near` addresses); return their indices."""
    pl_w = np.array([p.weight for p in PLACES])
    place = (
        rng.choice(len(PLACES), size=m, p=pl_w / pl_w.sum()) if near is None else w["a_place"][near]
    )
    street = rng.choice(len(STREETS[0]), size=m, p=STREETS[1])
    number = np.clip(1 + rng.geometric(0.025, size=m), 1, 450)
    letter = np.where(rng.random(m) < 0.05, rng.choice(np.array(["A", "B", "C"]), size=m), "")
    additions = np.array(["1", "2", "3", "I", "II", "hs", "bis", "rd", "A"])
    addition = np.where(rng.random(m) < 0.07, rng.choice(additions, size=m), "")
    pc_from = np.array([p.pc_from for p in PLACES])[place]
    span = np.array([p.pc_to - p.pc_from + 1 for p in PLACES])[place]
    digits = pc_from + (street * 7919 + place * 104729) % span
    letters = ids.postcode_letters(street * 131 + (number // 30) * 17 + place * 7)
    lat0 = np.array([p.lat for p in PLACES])[place]
    lon0 = np.array([p.lon for p in PLACES])[place]
    # a street sits somewhere in town (by its index), houses scatter a little along it
    lat = lat0 + ((street * 2654435761) % 1000 / 1000.0 - 0.5) * 0.04 + rng.normal(0, 0.0015, m)
    lon = lon0 + ((street * 40503) % 1000 / 1000.0 - 0.5) * 0.06 + rng.normal(0, 0.0025, m)
    start = len(w["a_id"])
    w["a_id"] += [f"A{counters.address + i + 1:08d}" for i in range(m)]
    counters.address += m
    w["a_place"] = np.concatenate([w["a_place"], place])
    w["a_street"] = np.concatenate([w["a_street"], street])
    w["a_number"] = np.concatenate([w["a_number"], number])
    w["a_letter"] += letter.tolist()
    w["a_addition"] += addition.tolist()
    w["a_pc"] += [f"{d}{x}" for d, x in zip(digits.tolist(), letters, strict=True)]
    w["a_lat"] = np.concatenate([w["a_lat"], np.round(lat, 6)])
    w["a_lon"] = np.concatenate([w["a_lon"], np.round(lon, 6)])
    return np.arange(start, start + m)


def add_phones(
    w: dict[str, Any], counters: Any, kind: str, areas: list[str] | None = None, m: int = 0
) -> np.ndarray:
    if kind == "mobiel":
        numbers = ids.mobile_numbers(counters.mobile, m)
        counters.mobile += m
    else:
        assert areas is not None
        m = len(areas)
        numbers = ids.fixed_numbers(areas, counters.fixed)
        counters.fixed += m
    start = len(w["t_id"])
    w["t_id"] += [f"T{counters.phone + i + 1:08d}" for i in range(m)]
    counters.phone += m
    w["t_number"] += numbers
    w["t_kind"] += [kind] * m
    return np.arange(start, start + m)


def add_vehicles(
    w: dict[str, Any],
    rng: np.random.Generator,
    keepers: np.ndarray,
    today: np.datetime64,
    counters: Any,
) -> np.ndarray:
    m = len(keepers)
    this_year = int(str(today)[:4])
    years = np.arange(1995, this_year + 1)
    yw = (years - 1990.0) ** 1.3
    year = rng.choice(years, size=m, p=yw / yw.sum())
    plate = [""] * m
    codes = np.array([ids.sidecode_for_year(int(y)) for y in years])[year - 1995]
    for code in np.unique(codes).tolist():
        where = np.flatnonzero(codes == code)
        got, nxt = ids.plates(code, counters.plate.get(code, 0), len(where))
        counters.plate[code] = nxt
        for i, p in zip(where.tolist(), got, strict=True):
            plate[i] = p
    mk_w = np.array([x[2] for x in MAKES])
    make = rng.choice(len(MAKES), size=m, p=mk_w / mk_w.sum())
    pick = rng.random(m)
    model = [
        MAKES[k][1][int(u * len(MAKES[k][1]))]
        for k, u in zip(make.tolist(), pick.tolist(), strict=True)
    ]
    colour = rng.choice(len(COLOURS), size=m, p=weights(COLOURS))
    start = len(w["v_id"])
    w["v_id"] += [f"V{counters.vehicle + i + 1:08d}" for i in range(m)]
    counters.vehicle += m
    w["v_plate"] += plate
    w["v_year"] = np.concatenate([w["v_year"], year])
    w["v_make"] = np.concatenate([w["v_make"], make])
    w["v_model"] += model
    w["v_colour"] = np.concatenate([w["v_colour"], colour])
    w["v_keeper"] = np.concatenate([w["v_keeper"], keepers])
    return np.arange(start, start + m)
