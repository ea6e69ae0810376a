"""The truth folder: the true entity behind every source record, true links and the world."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from raffinaderij.demo.lists import COLOURS, MAKES, PLACES, ROEP, STREETS
from raffinaderij.demo.noise import Noiser, NoiseRates
from raffinaderij.demo.render import dates, surname_parts, true_given, true_surname
from raffinaderij.demo.sinks import CsvSink, ParquetSink
from raffinaderij.demo.world import ROLES, World

__all__ = ["Context", "Truth", "registration_fields"]

_S = pa.string()


class Truth:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.records = CsvSink(folder / "records.csv", ["entity_key", "true_id"])
        self.links = CsvSink(folder / "links.csv", ["from_id", "type", "to_id", "qualifier"])
        self.mentions = CsvSink(
            folder / "mentions.csv", ["source", "record_id", "kind", "text", "true_id"]
        )
        self.persons = ParquetSink(
            folder / "persons.parquet",
            pa.schema(
                [
                    ("true_id", _S),
                    ("sex", _S),
                    ("birth_date", _S),
                    ("given_names", _S),
                    ("roepnaam", _S),
                    ("surname_prefix", _S),
                    ("surname", _S),
                    ("name_use", _S),
                    ("used_prefix", _S),
                    ("used_surname", _S),
                    ("bsn", _S),
                    ("household", _S),
                    ("partner", _S),
                    ("father", _S),
                    ("mother", _S),
                    ("twin_of", _S),
                    ("home", _S),
                ]
            ),
        )
        self.addresses = ParquetSink(
            folder / "addresses.parquet",
            pa.schema(
                [
                    ("true_id", _S),
                    ("street", _S),
                    ("house_number", pa.int32()),
                    ("letter", _S),
                    ("addition", _S),
                    ("postcode", _S),
                    ("city", _S),
                    ("latitude", pa.float64()),
                    ("longitude", pa.float64()),
                ]
            ),
        )
        self.phones = ParquetSink(
            folder / "phones.parquet", pa.schema([("true_id", _S), ("number", _S), ("kind", _S)])
        )
        self.vehicles = ParquetSink(
            folder / "vehicles.parquet",
            pa.schema(
                [
                    ("true_id", _S),
                    ("plate", _S),
                    ("registration_year", pa.int32()),
                    ("make", _S),
                    ("model", _S),
                    ("colour", _S),
                    ("keeper", _S),
                ]
            ),
        )

    def record(self, keys: list[str], true_ids: list[str]) -> None:
        self.records.write({"entity_key": keys, "true_id": true_ids})

    def link(self, a: list[str], typ: str, b: list[str], q: list[str] | None = None) -> None:
        self.links.write(
            {"from_id": a, "type": [typ] * len(a), "to_id": b, "qualifier": q or [""] * len(a)}
        )

    def mention(self, rows: list[tuple[str, str, str, str, str]]) -> None:
        if rows:
            cols = list(zip(*rows, strict=True))
            self.mentions.write(
                dict(
                    zip(
                        ["source", "record_id", "kind", "text", "true_id"],
                        [list(c) for c in cols],
                        strict=True,
                    )
                )
            )

    def close(self) -> None:
        for sink in (
            self.records,
            self.links,
            self.mentions,
            self.persons,
            self.addresses,
            self.phones,
            self.vehicles,
        ):
            sink.close()

    def write_world(self, w: World) -> None:
        idx = np.arange(w.n)
        pid = w.pid

        def ref(a: np.ndarray) -> list[str]:
            return [pid[i] if i >= 0 else "" for i in a.tolist()]

        parts, bases = true_surname(w, idx)
        uparts, ubases = surname_parts(w, idx, used=True)
        self.persons.write(
            {
                "true_id": pid,
                "sex": ["V" if s else "M" for s in w.sex.tolist()],
                "birth_date": dates(w.birth, "%Y-%m-%d"),
                "given_names": true_given(w, idx),
                "roepnaam": [ROEP.names[r] for r in w.roep.tolist()],
                "surname_prefix": parts,
                "surname": bases,
                "name_use": ["EPVN"[u] for u in w.name_use.tolist()],
                "used_prefix": uparts,
                "used_surname": ubases,
                "bsn": [str(b) if b else "" for b in w.bsn.tolist()],
                "household": [f"H{w.chunk:03d}-{h:06d}" for h in w.household.tolist()],
                "partner": ref(w.partner),
                "father": ref(w.father),
                "mother": ref(w.mother),
                "twin_of": ref(w.twin),
                "home": [w.a_id[a] for a in w.home.tolist()],
            }
        )
        self.addresses.write(
            {
                "true_id": w.a_id,
                "street": [STREETS[0][s] for s in w.a_street.tolist()],
                "house_number": w.a_number.tolist(),
                "letter": w.a_letter,
                "addition": w.a_addition,
                "postcode": w.a_pc,
                "city": [PLACES[p].name for p in w.a_place.tolist()],
                "latitude": w.a_lat.tolist(),
                "longitude": w.a_lon.tolist(),
            }
        )
        self.phones.write({"true_id": w.t_id, "number": w.t_number, "kind": w.t_kind})
        self.vehicles.write(
            {
                "true_id": w.v_id,
                "plate": w.v_plate,
                "registration_year": w.v_year.tolist(),
                "make": [MAKES[m][0] for m in w.v_make.tolist()],
                "model": w.v_model,
                "colour": [COLOURS[c][0] for c in w.v_colour.tolist()],
                "keeper": ref(w.v_keeper),
            }
        )
        # true links between true ids
        self.link(pid, "livesAt", [w.a_id[a] for a in w.home.tolist()])
        if w.lives:
            self.link([pid[p] for p, _ in w.lives], "livesAt", [w.a_id[a] for _, a in w.lives])
        for slot in (w.phone1, w.phone2):
            has = np.flatnonzero(slot >= 0)
            self.link(
                [pid[i] for i in has.tolist()], "usesPhone", [w.t_id[t] for t in slot[has].tolist()]
            )
        if w.uses:
            self.link([pid[p] for p, _ in w.uses], "usesPhone", [w.t_id[t] for _, t in w.uses])
        self.link(ref(w.v_keeper), "registeredKeeper", w.v_id)
        kept = np.flatnonzero(
            w.vehicle >= 0
        )  # a keeper drives their own car (a straw man does not)
        self.link(
            [pid[i] for i in kept.tolist()], "drives", [w.v_id[v] for v in w.vehicle[kept].tolist()]
        )
        if w.drives:
            self.link([pid[p] for p, _ in w.drives], "drives", [w.v_id[v] for _, v in w.drives])
        heads = np.flatnonzero((w.partner >= 0) & (w.partner > idx))
        self.link(
            [pid[i] for i in heads.tolist()],
            "partnerOf",
            [pid[p] for p in w.partner[heads].tolist()],
        )
        for par in (w.father, w.mother):
            kids = np.flatnonzero(par >= 0)
            self.link(
                [pid[p] for p in par[kids].tolist()], "parentOf", [pid[k] for k in kids.tolist()]
            )
        tw = np.flatnonzero(w.twin >= 0)
        self.link([pid[i] for i in tw.tolist()], "twinOf", [pid[t] for t in w.twin[tw].tolist()])
        self.link(
            [pid[p] for p in w.inv_person.tolist()],
            "involvedIn",
            [w.i_id[i] for i in w.inv_inc.tolist()],
            [ROLES[r] for r in w.inv_role.tolist()],
        )


@dataclass
class Context:
    """Run-wide state shared by the sources; chunks are processed in order, so it is deterministic."""

    out: Path
    today: np.datetime64
    rates: NoiseRates
    persons: int
    truth: Truth
    stats: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    seq: dict[str, int] = field(default_factory=dict)
    cases: list[dict] = field(default_factory=list)
    networks: list[dict] = field(default_factory=list)

    def noiser(self, source: str, rng: np.random.Generator) -> Noiser:
        from raffinaderij.demo.noise import SOURCE_SCALE

        return Noiser(
            self.rates.scaled(SOURCE_SCALE[source]), rng, self.stats.setdefault(source, {})
        )

    def next_ids(self, name: str, m: int) -> range:
        start = self.seq.get(name, 0)
        self.seq[name] = start + m
        return range(start + 1, start + m + 1)


def registration_fields(
    rng: np.random.Generator, m: int, *, level_p: list[float], covert: float
) -> dict[str, list[str]]:
    """Authorisation level (Bpg 2:11), confidentiality code (~2% "V"), reliability and covert tag."""
    from raffinaderij.demo.lists import COVERT_TAGS

    level = rng.choice(4, size=m, p=level_p) + 1
    conf = np.where(rng.random(m) < 0.02, "V", "N")
    rel = rng.choice(np.array(["A", "B", "C", "D"]), size=m, p=[0.2, 0.5, 0.25, 0.05])
    cov = np.where(rng.random(m) < covert, rng.choice(np.array(COVERT_TAGS), size=m), "")
    return {
        "level": [str(x) for x in level.tolist()],
        "conf": conf.tolist(),
        "rel": rel.tolist(),
        "covert": cov.tolist(),
    }
