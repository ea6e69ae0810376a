"""Art. 8 incident system: CSV in cp1252 with ';', dd-mm-yyyy, one row per person per incident."""

from __future__ import annotations

from typing import Any

import numpy as np

from raffinaderij.demo.lists import INCIDENT_CODES, PLACES, ROEP, STREETS, SURNAMES
from raffinaderij.demo.render import address_parts, coordinates, dates, phones, plates, postcodes
from raffinaderij.demo.sinks import CsvSink
from raffinaderij.demo.sources.common import (
    names,
    pick_address,
    pick_phone,
    pick_vehicle,
    stable_key,
)
from raffinaderij.demo.truth import Context, registration_fields
from raffinaderij.demo.world import ROLES, SUSPECT, World

__all__ = ["BvhSource"]

FILE = "bvh_incidenten.csv"
COLUMNS = [
    "registratienummer",
    "volgnummer",
    "registratiedatum",
    "pleegdatum",
    "incidentcode",
    "omschrijving",
    "pleegplaats",
    "pleeg_breedtegraad",
    "pleeg_lengtegraad",
    "rol",
    "persoonsnummer",
    "voornamen",
    "voorvoegsel",
    "achternaam",
    "geboortedatum",
    "geslacht",
    "adres_id",
    "straat",
    "huisnummer",
    "huisletter",
    "toevoeging",
    "postcode",
    "woonplaats",
    "breedtegraad",
    "lengtegraad",
    "telefoon_id",
    "telefoon",
    "niveau",
    "vertrouwelijkheid",
    "betrouwbaarheid",
    "heimelijk",
    "bron",
    "samenvatting",
]
_OPENING = {
    "diefstal": "Melder verklaarde dat er goederen zijn weggenomen.",
    "voertuig": "Er werd melding gedaan van een incident met een voertuig.",
    "geweld": "Er werd melding gedaan van geweld tegen een persoon.",
    "verkeer": "Eenheid ter plaatse voor een verkeersincident.",
    "drugs": "Naar aanleiding van informatie werd een controle ingesteld.",
    "fraude": "Aangever meldde financiele schade door misleiding.",
    "overlast": "Er kwam een melding binnen van overlast.",
}
_ROLE_NL = {
    "suspect": "Verdachte",
    "victim": "Slachtoffer",
    "witness": "Getuige",
    "reporter": "Melder",
    "other": "Betrokkene",
}


def mapping() -> dict[str, Any]:
    return {
        "source": "bvh",
        "description": "Incidentregistraties, art. 8 Wpg (fictief)",
        "input": {"format": "csv", "path": FILE, "encoding": "cp1252", "delimiter": ";"},
        "registration": {
            "id": {"template": "{registratienummer}-{volgnummer}"},
            "legal_basis": {"const": 8},
            "first_processed": {"column": "registratiedatum", "format": "%d-%m-%Y"},
            "level": "niveau",
            "confidentiality": "vertrouwelijkheid",
            "reliability": "betrouwbaarheid",
            "acquisition": "bron",
            "covert": "heimelijk",
            "fact_judgement": {"const": "fact"},
            "role": "rol",
        },
        "entities": {
            "persoon": {
                "type": "Person",
                "key": ["persoonsnummer"],
                "properties": {
                    "givenName": "voornamen",
                    "surnamePrefix": "voorvoegsel",
                    "surname": "achternaam",
                    "birthDate": "geboortedatum",
                    "sex": "geslacht",
                },
            },
            "adres": {
                "type": "Address",
                "key": ["adres_id"],
                "properties": {
                    "street": "straat",
                    "houseNumber": "huisnummer",
                    "houseNumberAddition": {"template": "{huisletter}{toevoeging}"},
                    "postcode": "postcode",
                    "city": "woonplaats",
                    "latitude": "breedtegraad",
                    "longitude": "lengtegraad",
                },
            },
            "telefoon": {
                "type": "Phone",
                "key": ["telefoon_id"],
                "properties": {"number": "telefoon"},
            },
            "incident": {
                "type": "Incident",
                "key": ["registratienummer"],
                "properties": {
                    "incidentNumber": "registratienummer",
                    "incidentCode": "incidentcode",
                    "date": {"column": "pleegdatum", "format": "%d-%m-%Y"},
                    "place": "pleegplaats",
                    "latitude": "pleeg_breedtegraad",
                    "longitude": "pleeg_lengtegraad",
                    "description": "samenvatting",
                },
            },
        },
        "links": [
            {"type": "involvedIn", "from": "persoon", "to": "incident", "role": "rol"},
            {"type": "livesAt", "from": "persoon", "to": "adres"},
            {"type": "usesPhone", "from": "persoon", "to": "telefoon"},
        ],
    }


class BvhSource:
    name = "bvh"

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.sink = CsvSink(ctx.out / FILE, COLUMNS, encoding="cp1252", delimiter=";")
        self.person_seen = np.zeros(ctx.persons, dtype=bool)
        #: (chunk-local incident index, registration number) of every registration, for pv
        self.registered: list[tuple[int, str]] = []

    def close(self) -> None:
        self.sink.close()

    def write(self, w: World, rng: np.random.Generator) -> None:
        ctx = self.ctx
        nz = ctx.noiser("bvh", rng)
        m_inc = len(w.i_id)
        dup = nz.mask("duplicate_incident", np.ones(m_inc, dtype=bool))
        regs = np.concatenate([np.arange(m_inc), np.flatnonzero(dup)])
        n_reg = len(regs)
        reg_date = np.minimum(
            w.i_date[regs] + rng.integers(0, 8, n_reg).astype("timedelta64[D]"), w.today
        )
        years = (reg_date.astype("datetime64[Y]").astype(np.int64) + 1970).tolist()
        region = rng.integers(1, 11, n_reg).tolist()
        seqs = ctx.next_ids("bvh", n_reg)
        regnr = [f"PL{r:02d}00-{y}{s:07d}" for r, y, s in zip(region, years, seqs, strict=True)]
        self.registered = [
            (int(i), r) for i, r in zip(regs[:m_inc].tolist(), regnr[:m_inc], strict=True)
        ]

        # one row per person involved in each registration
        starts = np.searchsorted(w.inv_inc, np.arange(m_inc))
        ends = np.searchsorted(w.inv_inc, np.arange(m_inc), side="right")
        cnt = (ends - starts)[regs]
        total = int(cnt.sum())
        row_reg = np.repeat(np.arange(n_reg), cnt)
        within = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        row_inv = np.repeat(starts[regs], cnt) + within
        person = w.inv_person[row_inv]
        role = w.inv_role[row_inv]
        w.seen[person] = True

        nm = names(w, person, nz, used=True)
        pre, sur = nm.split()
        stable = rng.random(total) < 0.7
        skey = stable_key("BVH", w, person)
        own_ids = ctx.next_ids("bvh_person", total)
        pkey = [
            s if st else f"BVHX{i:09d}"
            for s, st, i in zip(skey, stable.tolist(), own_ids, strict=True)
        ]
        addr = pick_address(w, person, rng)
        ap = address_parts(w, addr)
        lat, lon = coordinates(w, addr)
        has_addr = ~nz.mask("missing", np.ones(total, dtype=bool))
        tel = pick_phone(w, person, rng)
        has_tel = (tel >= 0) & (rng.random(total) < 0.6)
        has_tel &= ~nz.mask("missing", has_tel)
        row_ids = ctx.next_ids("bvh_row", total)
        a_ids = [f"BA{i:09d}" if h else "" for i, h in zip(row_ids, has_addr.tolist(), strict=True)]
        t_ids = [f"BT{i:09d}" if h else "" for i, h in zip(row_ids, has_tel.tolist(), strict=True)]

        def blank(values: list[str], keep: np.ndarray) -> list[str]:
            return [v if k else "" for v, k in zip(values, keep.tolist(), strict=True)]

        reg_fields = registration_fields(rng, n_reg, level_p=[0.5, 0.35, 0.12, 0.03], covert=0.002)
        bron = rng.choice(np.array(["aangifte", "melding", "waarneming"]), size=n_reg).tolist()
        summaries, mentions = self._summaries(w, regs, regnr, starts, ends, rng, nz)
        inc_code = w.i_code[regs].tolist()
        inc_lat, inc_lon = coordinates(w, w.i_addr[regs])
        rr = row_reg.tolist()

        def per_row(values: list[str]) -> list[str]:
            return [values[r] for r in rr]

        cols: dict[str, list[Any]] = {
            "registratienummer": per_row(regnr),
            "volgnummer": [str(x + 1) for x in within.tolist()],
            "registratiedatum": per_row(dates(reg_date, "%d-%m-%Y")),
            "pleegdatum": per_row(dates(w.i_date[regs], "%d-%m-%Y")),
            "incidentcode": per_row([INCIDENT_CODES[c][0] for c in inc_code]),
            "omschrijving": per_row([INCIDENT_CODES[c][1] for c in inc_code]),
            "pleegplaats": per_row([PLACES[p].name for p in w.a_place[w.i_addr[regs]].tolist()]),
            "pleeg_breedtegraad": per_row(inc_lat),
            "pleeg_lengtegraad": per_row(inc_lon),
            "rol": [ROLES[r] for r in role.tolist()],
            "persoonsnummer": pkey,
            "voornamen": nm.given,
            "voorvoegsel": pre,
            "achternaam": sur,
            "geboortedatum": dates(w.birth[person], "%d-%m-%Y", nz),
            "geslacht": ["V" if s else "M" for s in w.sex[person].tolist()],
            "adres_id": a_ids,
            "straat": blank(ap["street"], has_addr),
            "huisnummer": blank(ap["number"], has_addr),
            "huisletter": blank(ap["letter"], has_addr),
            "toevoeging": blank(ap["addition"], has_addr),
            "postcode": postcodes(blank(ap["postcode"], has_addr), "space", nz),
            "woonplaats": blank(ap["place"], has_addr),
            "breedtegraad": blank(lat, has_addr),
            "lengtegraad": blank(lon, has_addr),
            "telefoon_id": t_ids,
            "telefoon": phones(
                [
                    w.t_number[t] if h else ""
                    for t, h in zip(tel.tolist(), has_tel.tolist(), strict=True)
                ],
                "dash",
                nz,
            ),
            "niveau": per_row(reg_fields["level"]),
            "vertrouwelijkheid": per_row(reg_fields["conf"]),
            "betrouwbaarheid": per_row(reg_fields["rel"]),
            "heimelijk": per_row(reg_fields["covert"]),
            "bron": per_row(bron),
            "samenvatting": per_row(summaries),
        }
        self.sink.write(cols)

        truth = ctx.truth
        first = stable & ~self.person_seen[w.offset + person]
        self.person_seen[w.offset + person[stable]] = True
        # the same stable key can occur twice within this chunk: record it once
        new_keys: dict[str, str] = {}
        for k, p, st, f in zip(pkey, person.tolist(), stable.tolist(), first.tolist(), strict=True):
            if not st or f:
                new_keys.setdefault(f"bvh/Person/{k}", w.pid[p])
        truth.record(list(new_keys), list(new_keys.values()))
        ha = np.flatnonzero(has_addr)
        truth.record(
            [f"bvh/Address/{a_ids[i]}" for i in ha.tolist()], [w.a_id[a] for a in addr[ha].tolist()]
        )
        ht = np.flatnonzero(has_tel)
        truth.record(
            [f"bvh/Phone/{t_ids[i]}" for i in ht.tolist()], [w.t_id[t] for t in tel[ht].tolist()]
        )
        truth.record([f"bvh/Incident/{r}" for r in regnr], [w.i_id[i] for i in regs.tolist()])
        truth.mention(mentions)

    def _summaries(
        self,
        w: World,
        regs: np.ndarray,
        regnr: list[str],
        starts: np.ndarray,
        ends: np.ndarray,
        rng: np.random.Generator,
        nz: Any,
    ) -> tuple[list[str], list[tuple[str, str, str, str, str]]]:
        """A short free text per registration naming people, sometimes a plate and a phone."""
        texts: list[str] = []
        mentions: list[tuple[str, str, str, str, str]] = []
        u = rng.random((len(regs), 3))
        first_p = w.inv_person[starts[regs]]
        veh = pick_vehicle(w, first_p, rng)
        tel = pick_phone(w, first_p, rng)
        plate_txt = plates([w.v_plate[v] if v >= 0 else "" for v in veh.tolist()], nz)
        for j, i in enumerate(regs.tolist()):
            fam = INCIDENT_CODES[int(w.i_code[i])][3]
            parts = [
                _OPENING.get(fam, "Melding ontvangen."),
                f"Locatie: {STREETS[0][int(w.a_street[w.i_addr[i]])]}.",
            ]
            for k in range(int(starts[i]), min(int(ends[i]), int(starts[i]) + 2)):
                p = int(w.inv_person[k])
                name = f"{ROEP.names[w.roep[p]]} {(SURNAMES.particle[w.surname[p]] + ' ').lstrip()}{SURNAMES.base[w.surname[p]]}"
                parts.append(f"{_ROLE_NL[ROLES[int(w.inv_role[k])]]}: {name}.")
                mentions.append(("bvh", regnr[j], "Person", name, w.pid[p]))
            v = int(veh[j])
            if v >= 0 and (u[j, 0] < 0.4 or int(w.inv_role[starts[i]]) == SUSPECT):
                parts.append(f"Betrokken voertuig: {plate_txt[j]}.")
                mentions.append(("bvh", regnr[j], "Vehicle", plate_txt[j], w.v_id[v]))
            t = int(tel[j])
            if t >= 0 and u[j, 1] < 0.3:
                parts.append(f"Bereikbaar via {w.t_number[t]}.")
                mentions.append(("bvh", regnr[j], "Phone", w.t_number[t], w.t_id[t]))
            texts.append(" ".join(parts))
        return texts, mentions
