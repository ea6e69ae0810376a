"""A small synthetic Dutch population with households and noisy registrations, for resolve tests."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

GIVEN = [
    "Johannes",
    "Cornelis",
    "Hendrik",
    "Petrus",
    "Willem",
    "Maria",
    "Johanna",
    "Anna",
    "Sanne",
    "Daan",
    "Thijs",
    "Lotte",
    "Femke",
    "Bram",
    "Joost",
    "Ingrid",
    "Mohamed",
    "Fatima",
    "Kevin",
    "Priya",
    "Ruben",
    "Eva",
    "Lucas",
    "Emma",
    "Noor",
    "Sem",
    "Julia",
]
SURNAMES = [
    ("van den", "Berg"),
    ("de", "Vries"),
    ("", "Jansen"),
    ("", "Bakker"),
    ("van", "Dijk"),
    ("", "Visser"),
    ("", "Smit"),
    ("de", "Boer"),
    ("van der", "Meer"),
    ("", "Mulder"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("", "Yilmaz"),
    ("", "El Amrani"),
    ("van 't", "Hof"),
    ("", "Schouten"),
    ("", "Bijl"),
]
CALL = {
    "Johannes": "Jan",
    "Cornelis": "Kees",
    "Hendrik": "Henk",
    "Petrus": "Piet",
    "Willem": "Wim",
    "Johanna": "Anneke",
}


def _bsn(rng: random.Random) -> str:
    while True:
        d = [rng.randint(0, 9) for _ in range(8)]
        total = sum(x * w for x, w in zip(d, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10 and d[0] != 0:
            return "".join(map(str, d)) + str(check)


def _noisy_name(rng: random.Random, given: str) -> str:
    r = rng.random()
    if r < 0.25 and given in CALL:
        return CALL[given]
    if r < 0.35:
        return given[0] + "."
    return given


def _noisy_date(rng: random.Random, d: date) -> str:
    r = rng.random()
    if r < 0.04 and d.day <= 12 and d.day != d.month:
        return f"{d.month}-{d.day}-{d.year}"
    fmt = rng.choice(["{d:%d-%m-%Y}", "{d.day}-{d.month}-{d.year}", "{d:%Y-%m-%d}", "{d:%Y%m%d}"])
    return fmt.format(d=d)


def _surname(rng: random.Random, prefix: str, core: str) -> str:
    r = rng.random()
    if prefix and r < 0.15:
        return f"{core}, {prefix}"
    if prefix == "van den" and r < 0.4:
        return f"v.d. {core}"
    if r < 0.05:
        return (prefix + " " + core[:-1] + core[-1] * 2).strip()  # a typo
    return f"{prefix} {core}".strip()


# endings that make a Dutch surname of a core (Bakker -> Bakkerhuis): a population with as many
# surnames as a town, so agreeing on one is strong evidence, as it is in real registers
_ENDINGS = ("", "s", "ma", "inga", "huis", "kamp", "veld", "stra", "hof", "man", "ink", "er")


def people(
    n_households: int, *, seed: int = 7, many_surnames: bool = False
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Registrations in sources 'bvh' and 'zaken' (two to three per person) and the truth."""
    rng = random.Random(seed)
    surnames = [(p, c + e) for p, c in SURNAMES for e in _ENDINGS] if many_surnames else SURNAMES
    records: list[dict[str, Any]] = []
    truth: dict[str, str] = {}
    pid = 0
    for h in range(n_households):
        prefix, core = rng.choice(surnames)
        pc = f"{rng.randint(1000, 9999)}{rng.choice('ABCDEFGHJKLMNPRTUVWXZ')}{rng.choice('ABCDEFGHJKLMNPRTUVWXZ')}"
        number = str(rng.randint(1, 250))
        parent_birth = date(1950, 1, 1) + timedelta(days=rng.randint(0, 10000))
        members = [(rng.choice(GIVEN), parent_birth)]
        kids = rng.randint(0, 3)
        kid_birth = parent_birth + timedelta(days=365 * rng.randint(24, 34))
        for k in range(kids):
            twin = k > 0 and rng.random() < 0.3
            kid_birth = kid_birth if twin else kid_birth + timedelta(days=rng.randint(400, 2000))
            taken = {g for g, _ in members[1:]}
            given = (
                members[0][0]
                if k == 0 and rng.random() < 0.3
                else rng.choice([g for g in GIVEN if g not in taken])
            )  # a junior may carry the parent's name; siblings never share one
            members.append((given, kid_birth))
        for given, born in members:
            pid += 1
            bsn = _bsn(rng)
            for j in range(rng.randint(2, 3)):
                source = "bvh" if j != 1 else "zaken"
                rid = f"{pid}-{j}"
                rec = {
                    "source": source,
                    "id": rid,
                    "givenName": _noisy_name(rng, given),
                    "surname": _surname(rng, prefix, core),
                    "birthDate": _noisy_date(rng, born) if rng.random() > 0.03 else None,
                    "postcode": rng.choice([pc, pc[:4] + " " + pc[4:].lower()])
                    if rng.random() > 0.05
                    else None,
                    "houseNumber": number,
                    "bsn": bsn if rng.random() < 0.4 else None,
                    "phone": f"06-{pid:08d}" if rng.random() < 0.3 else None,
                }
                records.append(rec)
                truth[f"{source}/Person/{rid}"] = f"P{pid}"
        _ = h
    return records, truth
