"""Helpers the sources share: which address, phone or vehicle a record shows for a person."""

from __future__ import annotations

import numpy as np

from raffinaderij.demo.noise import Noiser
from raffinaderij.demo.render import given_names, particle_noise, surname_parts
from raffinaderij.demo.world import World

__all__ = ["Names", "names", "pick_address", "pick_phone", "pick_vehicle", "stable_key"]


class Names:
    def __init__(
        self,
        given: list[str],
        roep: list[str],
        prefix: list[str],
        surname: list[str],
        moved: np.ndarray,
    ) -> None:
        self.given, self.roep, self.prefix, self.surname, self.moved = (
            given,
            roep,
            prefix,
            surname,
            moved,
        )

    def split(self) -> tuple[list[str], list[str]]:
        """(prefix column, surname column): a moved particle ends up inside the surname column."""
        pre = [("" if m else p) for p, m in zip(self.prefix, self.moved.tolist(), strict=True)]
        sur = [
            (f"{p} {s}" if m and p else s)
            for p, s, m in zip(self.prefix, self.surname, self.moved.tolist(), strict=True)
        ]
        return pre, sur

    def surname_full(self) -> list[str]:
        """One surname string: "de Vries", or "Vries, de" when the particle was moved."""
        return [
            (f"{s}, {p}" if m else f"{p} {s}") if p else s
            for p, s, m in zip(self.prefix, self.surname, self.moved.tolist(), strict=True)
        ]


def names(
    w: World, idx: np.ndarray, nz: Noiser, *, used: bool, allow_initials: bool = True
) -> Names:
    given, roep = given_names(w, idx, nz, allow_initials=allow_initials)
    parts, bases = surname_parts(w, idx, used=used)
    parts, bases, moved = particle_noise(parts, bases, nz)
    return Names(given, roep, parts, bases, moved)


def pick_address(w: World, idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Home address; a network member is often seen at the group's shared address."""
    alt = w.alt_addr[idx]
    return np.where((alt >= 0) & (rng.random(len(idx)) < 0.5), alt, w.home[idx])


def pick_phone(w: World, idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    alt = w.alt_phone[idx]
    u = rng.random(len(idx))
    own = np.where((w.phone2[idx] >= 0) & (u < 0.2), w.phone2[idx], w.phone1[idx])
    return np.where((alt >= 0) & (u > 0.4), alt, own)


def pick_vehicle(w: World, idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    alt = w.alt_vehicle[idx]
    return np.where(
        (alt >= 0) & ((w.vehicle[idx] < 0) | (rng.random(len(idx)) < 0.6)), alt, w.vehicle[idx]
    )


def stable_key(prefix: str, w: World, idx: np.ndarray) -> list[str]:
    """A source-local person number that stays the same for one person (a bijection of the index)."""
    g = (w.offset + idx) * 7919 + 104_729
    return [f"{prefix}{x % 1_000_000_000:09d}" for x in g.tolist()]
