"""The cheap guards in the comparison SQL change the cost, never the outcome."""

from __future__ import annotations

import random
from datetime import date, timedelta

import duckdb

from raffinaderij.resolve.settings import _near_date


def _typo(rng: random.Random, d: str) -> str:
    """A date with one or two digit typos or a swap of two neighbouring digits (kept valid)."""
    chars = list(d)
    for _ in range(rng.randint(1, 2)):
        i = rng.choice([0, 1, 2, 3, 5, 6, 8, 9])
        if rng.random() < 0.5 and i + 1 < len(chars) and chars[i + 1] != "-":
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = str(rng.randint(0, 9))
    return "".join(chars)


def test_near_date_guard_agrees_with_the_edit_distance() -> None:
    rng = random.Random(4)
    start = date(1900, 1, 1)
    pairs = []
    for _ in range(20_000):
        a = (start + timedelta(days=rng.randint(0, 45_000))).isoformat()
        b = (
            _typo(rng, a)
            if rng.random() < 0.6
            else (start + timedelta(days=rng.randint(0, 45_000))).isoformat()
        )
        pairs.append((a, b))
    con = duckdb.connect()
    con.execute("CREATE TABLE p (birth_date_l VARCHAR, birth_date_r VARCHAR)")
    con.executemany("INSERT INTO p VALUES (?, ?)", pairs)
    for k in (1, 2):
        row = con.execute(
            f"SELECT count(*) FILTER (({_near_date(k)}) <> (damerau_levenshtein(birth_date_l,"
            f" birth_date_r) <= {k})), count(*) FILTER (damerau_levenshtein(birth_date_l,"
            f" birth_date_r) <= {k}) FROM p"
        ).fetchone()
        assert row is not None
        disagree, near = row
        assert disagree == 0
        assert near > 1000  # the typos are there to be found
