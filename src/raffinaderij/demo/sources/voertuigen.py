"""Art. 8 vehicle checks with keeper and driver: CSV in UTF-8, ',' delimiter, yyyymmdd dates."""

from __future__ import annotations

from typing import Any

import numpy as np

from raffinaderij.demo.lists import COLOURS, MAKES, PLACES
from raffinaderij.demo.render import (
    address_parts,
    dates,
    initials,
    phones,
    plates,
    postcodes,
    true_given,
)
from raffinaderij.demo.sinks import CsvSink
from raffinaderij.demo.sources.common import names, pick_phone
from raffinaderij.demo.truth import Context, registration_fields
from raffinaderij.demo.world import World, years_window

__all__ = ["VoertuigenSource"]

FILE = "voertuigcontroles.csv"
COLUMNS = [
    "controlenummer",
    "datum_controle",
    "controleplaats",
    "voertuig_id",
    "kenteken",
    "merk",
    "handelsbenaming",
    "kleur",
    "datum_eerste_toelating",
    "houder_id",
    "houder_naam",
    "houder_geboortedatum",
    "houder_adres_id",
    "houder_postcode",
    "houder_huisnummer",
    "houder_woonplaats",
    "bestuurder_id",
    "bestuurder_voornaam",
    "bestuurder_tussenvoegsel",
    "bestuurder_achternaam",
    "bestuurder_geboortedatum",
    "bestuurder_telefoon_id",
    "bestuurder_telefoon",
    "niveau",
    "vertrouwelijkheid",
    "betrouwbaarheid",
]


def mapping() -> dict[str, Any]:
    return {
        "source": "voertuigen",
        "description": "Voertuigcontroles met kentekenhouder en bestuurder, art. 8 Wpg (fictief)",
        "input": {"format": "csv", "path": FILE, "encoding": "utf-8", "delimiter": ","},
        "registration": {
            "id": "controlenummer",
            "legal_basis": {"const": 8},
            "first_processed": {"column": "datum_controle", "format": "%Y%m%d"},
            "level": "niveau",
            "confidentiality": "vertrouwelijkheid",
            "reliability": "betrouwbaarheid",
            "acquisition": {"const": "controle"},
            "fact_judgement": {"const": "fact"},
            "role": {"const": "other"},
        },
        "entities": {
            "voertuig": {
                "type": "Vehicle",
                "key": ["voertuig_id"],
                "properties": {
                    "plate": "kenteken",
                    "make": "merk",
                    "model": "handelsbenaming",
                    "colour": "kleur",
                },
            },
            "houder": {
                "type": "Person",
                "key": ["houder_id"],
                "properties": {"fullName": "houder_naam", "birthDate": "houder_geboortedatum"},
            },
            "houder_adres": {
                "type": "Address",
                "key": ["houder_adres_id"],
                "properties": {
                    "postcode": "houder_postcode",
                    "houseNumber": "houder_huisnummer",
                    "city": "houder_woonplaats",
                },
            },
            "bestuurder": {
                "type": "Person",
                "key": ["bestuurder_id"],
                "properties": {
                    "givenName": "bestuurder_voornaam",
                    "surnamePrefix": "bestuurder_tussenvoegsel",
                    "surname": "bestuurder_achternaam",
                    "birthDate": "bestuurder_geboortedatum",
                },
            },
            "telefoon": {
                "type": "Phone",
                "key": ["bestuurder_telefoon_id"],
                "properties": {"number": "bestuurder_telefoon"},
            },
        },
        "links": [
            {"type": "registeredKeeper", "from": "houder", "to": "voertuig"},
            {"type": "drives", "from": "bestuurder", "to": "voertuig"},
            {"type": "livesAt", "from": "houder", "to": "houder_adres"},
            {"type": "usesPhone", "from": "bestuurder", "to": "telefoon"},
        ],
    }


class VoertuigenSource:
    name = "voertuigen"

    def __init__(self, ctx: Context, *, rate: float = 0.12) -> None:
        self.ctx = ctx
        self.rate = rate
        self.sink = CsvSink(ctx.out / FILE, COLUMNS, encoding="utf-8", delimiter=",")

    def close(self) -> None:
        self.sink.close()

    def write(self, w: World, rng: np.random.Generator) -> None:
        ctx = self.ctx
        nz = ctx.noiser("voertuigen", rng)
        nv = len(w.v_id)
        if nv == 0:
            return
        drivers: dict[int, list[int]] = {}
        for p, v in w.drives:
            drivers.setdefault(v, []).append(p)
        m = int(round(self.rate * w.n))
        veh = rng.integers(0, nv, m)
        net_veh = [v for net in w.networks for v in net.vehicles]
        if net_veh:  # the groups' cars are stopped again and again
            veh = np.concatenate([veh, np.repeat(net_veh, rng.integers(3, 9, len(net_veh)))])
        m = len(veh)
        keeper = w.v_keeper[veh]
        u = rng.random(m)
        pick = rng.integers(0, 1 << 30, m)
        driver = keeper.copy()
        for j, v in enumerate(veh.tolist()):
            ds = drivers.get(v)
            # a straw-man keeper ("katvanger") never drives: then always one of the real drivers
            if ds and (u[j] > 0.3 or w.vehicle[keeper[j]] != v):
                driver[j] = ds[int(pick[j]) % len(ds)]
        start_w, today = years_window(w.today)
        first = np.maximum(
            (w.v_year[veh] - 1970).astype("datetime64[Y]").astype("datetime64[D]"), start_w
        )
        span = (today - first).astype(np.int64)
        when = first + (rng.random(m) * span).astype(np.int64).astype("timedelta64[D]")
        w.seen[keeper] = True
        w.seen[driver] = True

        ids = list(ctx.next_ids("voertuigen", m))
        cid = [f"VC{i:09d}" for i in ids]
        # keeper: "de Vries, J.H." as the registration shows it (birth name)
        hk = names(w, keeper, nz, used=False, allow_initials=False)
        init = [initials(g) for g in true_given(w, keeper)]
        sur = hk.surname_full()
        houder_naam = [
            f"{s} {i}" if "," in s else f"{s}, {i}" for s, i in zip(sur, init, strict=True)
        ]
        hd = names(w, driver, nz, used=True)
        pre, sn = hd.split()
        ap = address_parts(w, w.home[keeper])
        has_addr = ~nz.mask("missing", np.ones(m, dtype=bool))
        tel = pick_phone(w, driver, rng)
        has_tel = (tel >= 0) & (rng.random(m) < 0.5)
        has_tel &= ~nz.mask("missing", has_tel)
        reg = registration_fields(rng, m, level_p=[0.6, 0.3, 0.08, 0.02], covert=0.0)
        plate = plates([w.v_plate[v] for v in veh.tolist()], nz)
        vt = veh.tolist()
        cols: dict[str, list[Any]] = {
            "controlenummer": cid,
            "datum_controle": dates(when, "%Y%m%d"),
            "controleplaats": [PLACES[p].name for p in w.a_place[w.home[driver]].tolist()],
            "voertuig_id": [f"VV{i:09d}" for i in ids],
            "kenteken": plate,
            "merk": [MAKES[k][0] for k in w.v_make[veh].tolist()],
            "handelsbenaming": [w.v_model[v] for v in vt],
            "kleur": [COLOURS[c][0] for c in w.v_colour[veh].tolist()],
            "datum_eerste_toelating": [f"{y}-01-01" for y in w.v_year[veh].tolist()],
            "houder_id": [f"VH{i:09d}" for i in ids],
            "houder_naam": houder_naam,
            "houder_geboortedatum": dates(w.birth[keeper], "%d/%m/%Y", nz),
            "houder_adres_id": [
                f"VA{i:09d}" if h else "" for i, h in zip(ids, has_addr.tolist(), strict=True)
            ],
            "houder_postcode": postcodes(
                [p if h else "" for p, h in zip(ap["postcode"], has_addr.tolist(), strict=True)],
                "compact",
                nz,
            ),
            "houder_huisnummer": [
                f"{a}{b}{c}" if h else ""
                for a, b, c, h in zip(
                    ap["number"], ap["letter"], ap["addition"], has_addr.tolist(), strict=True
                )
            ],
            "houder_woonplaats": [
                p.upper() if h else "" for p, h in zip(ap["place"], has_addr.tolist(), strict=True)
            ],
            "bestuurder_id": [f"VB{i:09d}" for i in ids],
            "bestuurder_voornaam": hd.given,
            "bestuurder_tussenvoegsel": pre,
            "bestuurder_achternaam": sn,
            "bestuurder_geboortedatum": dates(w.birth[driver], "%d/%m/%Y", nz),
            "bestuurder_telefoon_id": [
                f"VT{i:09d}" if h else "" for i, h in zip(ids, has_tel.tolist(), strict=True)
            ],
            "bestuurder_telefoon": phones(
                [
                    w.t_number[t] if h else ""
                    for t, h in zip(tel.tolist(), has_tel.tolist(), strict=True)
                ],
                "plain",
                nz,
            ),
            "niveau": reg["level"],
            "vertrouwelijkheid": reg["conf"],
            "betrouwbaarheid": reg["rel"],
        }
        self.sink.write(cols)
        t = ctx.truth
        t.record([f"voertuigen/Vehicle/{x}" for x in cols["voertuig_id"]], [w.v_id[v] for v in vt])
        t.record(
            [f"voertuigen/Person/{x}" for x in cols["houder_id"]],
            [w.pid[p] for p in keeper.tolist()],
        )
        t.record(
            [f"voertuigen/Person/{x}" for x in cols["bestuurder_id"]],
            [w.pid[p] for p in driver.tolist()],
        )
        ha = np.flatnonzero(has_addr).tolist()
        t.record(
            [f"voertuigen/Address/VA{ids[i]:09d}" for i in ha],
            [w.a_id[w.home[keeper[i]]] for i in ha],
        )
        ht = np.flatnonzero(has_tel).tolist()
        t.record([f"voertuigen/Phone/VT{ids[i]:09d}" for i in ht], [w.t_id[tel[i]] for i in ht])
