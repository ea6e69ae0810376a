"""A subject list as an analyst would type it, for the comparison workflow (hits and non-hits)."""

from __future__ import annotations

from typing import Any

import numpy as np

from raffinaderij.demo.lists import PLACES
from raffinaderij.demo.render import dates
from raffinaderij.demo.sinks import CsvSink
from raffinaderij.demo.sources.common import names
from raffinaderij.demo.truth import Context
from raffinaderij.demo.world import World

__all__ = ["write_subjects"]

FILE = "subjects.csv"
COLUMNS = ["volgnr", "achternaam", "voornaam", "geboortedatum", "woonplaats"]


def mapping(case_id: str, today: str) -> dict[str, Any]:
    return {
        "source": "subjects",
        "description": "Lijst van te vergelijken personen in een art. 9-onderzoek (fictief)",
        "input": {"format": "csv", "path": FILE, "encoding": "utf-8", "delimiter": ","},
        "registration": {
            "id": "volgnr",
            "legal_basis": {"const": 9},
            "first_processed": {"const": today, "format": "%Y-%m-%d"},
            "level": {"const": 1},
            "confidentiality": {"const": "N"},
            "reliability": {"const": "B"},
            "acquisition": {"const": "analist"},
            "fact_judgement": {"const": "judgement"},
            "role": {"const": "suspect"},
            "case": {"const": case_id},
        },
        "entities": {
            "persoon": {
                "type": "Person",
                "key": ["volgnr"],
                "properties": {
                    "surname": "achternaam",
                    "givenName": "voornaam",
                    "birthDate": "geboortedatum",
                },
            },
        },
        "links": [],
    }


def write_subjects(
    ctx: Context, w: World, rng: np.random.Generator, *, hits: int = 35, misses: int = 15
) -> int:
    """50 persons of the first chunk: some seen in the sources (hits), some never registered."""
    adults = w.age_at(w.today) >= 16
    seen = np.flatnonzero(w.seen & adults)
    unseen = np.flatnonzero(~w.seen & adults)
    chosen = np.concatenate(
        [
            rng.choice(seen, size=min(hits, len(seen)), replace=False),
            rng.choice(unseen, size=min(misses, len(unseen)), replace=False),
        ]
    )
    chosen = chosen[rng.permutation(len(chosen))]
    nz = ctx.noiser("subjects", rng)
    nm = names(w, chosen, nz, used=True)
    sur = nm.surname_full()
    nrs = [f"S{i + 1:03d}" for i in range(len(chosen))]
    sink = CsvSink(ctx.out / FILE, COLUMNS)
    sink.write(
        {
            "volgnr": nrs,
            "achternaam": sur,
            "voornaam": nm.given,
            "geboortedatum": dates(w.birth[chosen], "%d-%m-%Y", nz),
            "woonplaats": [PLACES[p].name for p in w.a_place[w.home[chosen]].tolist()],
        }
    )
    sink.close()
    ctx.truth.record([f"subjects/Person/{n}" for n in nrs], [w.pid[p] for p in chosen.tolist()])
    hit = CsvSink(ctx.truth.folder / "subjects.csv", ["volgnr", "true_id", "hit"])
    hit.write(
        {
            "volgnr": nrs,
            "true_id": [w.pid[p] for p in chosen.tolist()],
            "hit": [str(bool(w.seen[p])).lower() for p in chosen.tolist()],
        }
    )
    hit.close()
    return len(chosen)
