"""Art. 9 investigation system: Parquet, ISO dates, case ids "ZAAK-2026-0001", rich identity."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from raffinaderij.demo.lists import HEALTH, INCIDENT_CODES, PLACES, SURNAMES
from raffinaderij.demo.render import address_parts, dates, phones, plates, postcodes
from raffinaderij.demo.sinks import ParquetSink
from raffinaderij.demo.sources.common import names, pick_address, pick_phone, pick_vehicle
from raffinaderij.demo.truth import Context, registration_fields
from raffinaderij.demo.world import ROLES, World, years_window

__all__ = ["ZakenSource"]

FILE = "zaken_art9.parquet"
_S = pa.string()
SCHEMA = pa.schema(
    [
        ("registratie_id", _S),
        ("zaaknummer", _S),
        ("datum_vastlegging", pa.date32()),
        ("rol", _S),
        ("feit_oordeel", _S),
        ("persoon_id", _S),
        ("bsn", _S),
        ("voornamen", _S),
        ("roepnaam", _S),
        ("voorvoegsel", _S),
        ("geslachtsnaam", _S),
        ("naamgebruik", _S),
        ("partner_voorvoegsel", _S),
        ("partner_geslachtsnaam", _S),
        ("geboortedatum", _S),
        ("geslacht", _S),
        ("adres_id", _S),
        ("straatnaam", _S),
        ("huisnummer", _S),
        ("huisletter", _S),
        ("huisnummertoevoeging", _S),
        ("postcode", _S),
        ("woonplaats", _S),
        ("breedtegraad", pa.float64()),
        ("lengtegraad", pa.float64()),
        ("telefoon_id", _S),
        ("telefoonnummer", _S),
        ("voertuig_id", _S),
        ("kenteken", _S),
        ("gezondheid", _S),
        ("niveau", pa.int8()),
        ("rubricering", _S),
        ("betrouwbaarheid", _S),
        ("heimelijk", _S),
    ]
)
_BIRDS = [
    "Zilverreiger",
    "Kraanvogel",
    "IJsvogel",
    "Buizerd",
    "Wielewaal",
    "Roerdomp",
    "Lepelaar",
    "Grutto",
    "Kievit",
    "Tureluur",
    "Scholekster",
    "Aalscholver",
    "Boomvalk",
    "Slechtvalk",
    "Zeearend",
    "Havik",
    "Sperwer",
    "Roodborst",
    "Goudvink",
    "Putter",
    "Merel",
    "Ekster",
    "Gaai",
    "Kauw",
    "Uil",
    "Specht",
    "Zwaluw",
    "Reiger",
    "Fuut",
    "Meerkoet",
]
_THRESHOLD_NET = "Verdenking van misdrijven in georganiseerd verband die een ernstige inbreuk op de rechtsorde opleveren (art. 126o Sv)"
_THRESHOLD = "Verdenking van een misdrijf waarvoor voorlopige hechtenis is toegelaten (art. 67 Sv)"


def mapping() -> dict[str, Any]:
    return {
        "source": "zaken",
        "description": "Opsporingsonderzoeken, art. 9 Wpg (fictief)",
        "input": {"format": "parquet", "path": FILE},
        "registration": {
            "id": "registratie_id",
            "legal_basis": {"const": 9},
            "first_processed": {"column": "datum_vastlegging", "format": "%Y-%m-%d"},
            "level": "niveau",
            "confidentiality": "rubricering",
            "reliability": "betrouwbaarheid",
            "acquisition": {"const": "opsporing"},
            "covert": "heimelijk",
            "fact_judgement": "feit_oordeel",
            "role": "rol",
            "case": "zaaknummer",
        },
        "entities": {
            "persoon": {
                "type": "Person",
                "key": ["persoon_id"],
                "properties": {
                    "bsn": "bsn",
                    "givenName": "voornamen",
                    "roepnaam": "roepnaam",
                    "surnamePrefix": "voorvoegsel",
                    "surname": "geslachtsnaam",
                    "birthDate": "geboortedatum",  # raw: partial dates ("1988-00-00") are deliberate noise
                    "sex": "geslacht",
                    "health": "gezondheid",
                },
            },
            "adres": {
                "type": "Address",
                "key": ["adres_id"],
                "properties": {
                    "street": "straatnaam",
                    "houseNumber": "huisnummer",
                    "houseNumberAddition": {"template": "{huisletter}{huisnummertoevoeging}"},
                    "postcode": "postcode",
                    "city": "woonplaats",
                    "latitude": "breedtegraad",
                    "longitude": "lengtegraad",
                },
            },
            "telefoon": {
                "type": "Phone",
                "key": ["telefoon_id"],
                "properties": {"number": "telefoonnummer"},
            },
            "voertuig": {
                "type": "Vehicle",
                "key": ["voertuig_id"],
                "properties": {"plate": "kenteken"},
            },
        },
        "links": [
            {"type": "livesAt", "from": "persoon", "to": "adres"},
            {"type": "usesPhone", "from": "persoon", "to": "telefoon"},
            {"type": "drives", "from": "persoon", "to": "voertuig"},
        ],
    }


class ZakenSource:
    name = "zaken"

    def __init__(self, ctx: Context, *, persons_per_case: int = 400) -> None:
        self.ctx = ctx
        self.persons_per_case = persons_per_case
        self.sink = ParquetSink(ctx.out / FILE, SCHEMA)
        self.network_case: dict[str, str] = {}

    def close(self) -> None:
        self.sink.close()

    def _case_id(self, opened: np.datetime64) -> str:
        year = int(str(opened)[:4])
        return f"ZAAK-{year}-{self.ctx.next_ids(f'zaak{year}', 1)[0]:04d}"

    def write(self, w: World, rng: np.random.Generator) -> None:
        ctx = self.ctx
        nz = ctx.noiser("zaken", rng)
        start_w, today = years_window(w.today)
        span = int((today - start_w).astype(np.int64))
        subjects: list[np.ndarray] = []
        spans: list[tuple[np.datetime64, np.datetime64]] = []
        case_ids: list[str] = []
        for net in w.networks:
            opened = net.start + np.timedelta64(int(rng.integers(60, 400)), "D")
            opened = min(opened, today - np.timedelta64(30, "D"))
            closed = opened + np.timedelta64(int(rng.integers(300, 1500)), "D")
            cid = self._case_id(opened)
            self.network_case[net.id] = cid
            codes = sorted({INCIDENT_CODES[int(w.i_code[i])][1].lower() for i in net.incidents})
            facts = f"{len(net.incidents)} incidenten sinds {net.start} ({', '.join(codes)})"
            ctx.cases.append(
                self._case(
                    cid,
                    f"Onderzoek {_BIRDS[len(ctx.cases) % len(_BIRDS)]}",
                    opened,
                    closed,
                    today,
                    "Ontmantelen van een crimineel samenwerkingsverband (drugs, witwassen)",
                    _THRESHOLD_NET,
                    f"Reeks incidenten met gedeelde voertuigen en telefoons ({facts})",
                    network=net.id,
                )
            )
            subjects.append(net.members)
            spans.append((opened, min(closed, today)))
            case_ids.append(cid)
        weight = w.weight / w.weight.sum()
        for _ in range(max(1, int(round(w.n / self.persons_per_case)))):
            opened = start_w + np.timedelta64(int(rng.integers(0, span - 60)), "D")
            closed = opened + np.timedelta64(int(rng.integers(60, 1100)), "D")
            code = INCIDENT_CODES[int(rng.integers(0, len(INCIDENT_CODES)))]
            who = np.unique(rng.choice(w.n, size=int(rng.integers(2, 11)), p=weight))
            partner = w.partner[who[0]]
            if partner >= 0 and rng.random() < 0.3:
                who = np.unique(np.append(who, partner))
            place = PLACES[int(w.a_place[w.home[who[0]]])].name
            cid = self._case_id(opened)
            ctx.cases.append(
                self._case(
                    cid,
                    f"{code[1]} {place}",
                    opened,
                    closed,
                    today,
                    f"Opsporing van {code[1].lower()} in {place}",
                    _THRESHOLD,
                    f"Aangifte en getuigenverklaringen over {code[1].lower()} ({code[0]})",
                )
            )
            subjects.append(who)
            spans.append((opened, min(closed, today)))
            case_ids.append(cid)
        # 1-3 records per subject per case
        rows_p, rows_c, rows_d = [], [], []
        for (a, b), who, cid in zip(spans, subjects, case_ids, strict=True):
            reps = rng.integers(1, 4, len(who))
            p = np.repeat(who, reps)
            length = max(1, int((b - a).astype(np.int64)))
            rows_p.append(p)
            rows_c += [cid] * len(p)
            rows_d.append(
                a + (rng.random(len(p)) * length).astype(np.int64).astype("timedelta64[D]")
            )
        person = np.concatenate(rows_p)
        when = np.concatenate(rows_d)
        m = len(person)
        w.seen[person] = True
        ids = list(ctx.next_ids("zaken", m))
        nm = names(w, person, nz, used=False, allow_initials=False)
        pre, sur = nm.split()
        partner = w.partner[person]
        pp = [SURNAMES.particle[w.surname[q]] if q >= 0 else "" for q in partner.tolist()]
        pb = [SURNAMES.base[w.surname[q]] if q >= 0 else "" for q in partner.tolist()]
        addr = pick_address(w, person, rng)
        ap = address_parts(w, addr)
        has_addr = ~nz.mask("missing", np.ones(m, dtype=bool))
        tel = pick_phone(w, person, rng)
        has_tel = (tel >= 0) & ~nz.mask("missing", tel >= 0)
        veh = pick_vehicle(w, person, rng)
        has_veh = (veh >= 0) & ~nz.mask("missing", veh >= 0)
        if len(w.bsn_reserve):  # subjects in order of appearance, network members first
            _, first = np.unique(person, return_index=True)
            subj = person[np.sort(first)]
            need = subj[w.bsn[subj] == 0][: len(w.bsn_reserve)]
            w.bsn[need] = w.bsn_reserve[: len(need)]
            w.bsn_reserve = w.bsn_reserve[len(need) :]
        bsn = w.bsn[person]
        has_bsn = (bsn > 0) & (rng.random(m) < 0.85)
        reg = registration_fields(rng, m, level_p=[0.25, 0.4, 0.25, 0.1], covert=0.02)
        role = rng.choice(5, size=m, p=[0.6, 0.15, 0.15, 0.0, 0.1])
        health = np.where(rng.random(m) < 0.01, rng.choice(np.array(HEALTH), size=m), "")

        def keep(values: list[str], mask: np.ndarray) -> list[str]:
            return [v if k else "" for v, k in zip(values, mask.tolist(), strict=True)]

        hl = has_addr.tolist()
        cols: dict[str, Any] = {
            "registratie_id": [f"ZR{i:09d}" for i in ids],
            "zaaknummer": rows_c,
            "datum_vastlegging": when.astype("datetime64[D]"),
            "rol": [ROLES[r] for r in role.tolist()],
            "feit_oordeel": np.where(rng.random(m) < 0.1, "judgement", "fact").tolist(),
            "persoon_id": [f"ZP{i:09d}" for i in ids],
            "bsn": [
                str(b) if h else "" for b, h in zip(bsn.tolist(), has_bsn.tolist(), strict=True)
            ],
            "voornamen": nm.given,
            "roepnaam": nm.roep,
            "voorvoegsel": pre,
            "geslachtsnaam": sur,
            "naamgebruik": ["EPVN"[u] for u in w.name_use[person].tolist()],
            "partner_voorvoegsel": pp,
            "partner_geslachtsnaam": pb,
            "geboortedatum": dates(w.birth[person], "%Y-%m-%d", nz),
            "geslacht": ["vrouw" if s else "man" for s in w.sex[person].tolist()],
            "adres_id": [f"ZA{i:09d}" if h else "" for i, h in zip(ids, hl, strict=True)],
            "straatnaam": keep(ap["street"], has_addr),
            "huisnummer": keep(ap["number"], has_addr),
            "huisletter": keep(ap["letter"], has_addr),
            "huisnummertoevoeging": keep(ap["addition"], has_addr),
            "postcode": postcodes(keep(ap["postcode"], has_addr), "compact", nz),
            "woonplaats": keep(ap["place"], has_addr),
            "breedtegraad": [
                float(x) if h else None for x, h in zip(w.a_lat[addr].tolist(), hl, strict=True)
            ],
            "lengtegraad": [
                float(x) if h else None for x, h in zip(w.a_lon[addr].tolist(), hl, strict=True)
            ],
            "telefoon_id": [
                f"ZT{i:09d}" if h else "" for i, h in zip(ids, has_tel.tolist(), strict=True)
            ],
            "telefoonnummer": phones(
                [
                    w.t_number[t] if h else ""
                    for t, h in zip(tel.tolist(), has_tel.tolist(), strict=True)
                ],
                "plain",
                nz,
            ),
            "voertuig_id": [
                f"ZV{i:09d}" if h else "" for i, h in zip(ids, has_veh.tolist(), strict=True)
            ],
            "kenteken": plates(
                [
                    w.v_plate[v] if h else ""
                    for v, h in zip(veh.tolist(), has_veh.tolist(), strict=True)
                ],
                nz,
            ),
            "gezondheid": health.tolist(),
            "niveau": [int(x) for x in reg["level"]],
            "rubricering": reg["conf"],
            "betrouwbaarheid": reg["rel"],
            "heimelijk": reg["covert"],
        }
        self.sink.write(cols)
        t = ctx.truth
        t.record(
            [f"zaken/Person/{x}" for x in cols["persoon_id"]], [w.pid[p] for p in person.tolist()]
        )
        for mask, prefix, typ, target, ids_of in (
            (has_addr, "ZA", "Address", addr, w.a_id),
            (has_tel, "ZT", "Phone", tel, w.t_id),
            (has_veh, "ZV", "Vehicle", veh, w.v_id),
        ):
            sel: list[int] = np.flatnonzero(mask).tolist()
            t.record(
                [f"zaken/{typ}/{prefix}{ids[i]:09d}" for i in sel], [ids_of[target[i]] for i in sel]
            )

    @staticmethod
    def _case(
        cid: str,
        title: str,
        opened: np.datetime64,
        closed: np.datetime64,
        today: np.datetime64,
        purpose: str,
        threshold: str,
        facts: str,
        network: str | None = None,
    ) -> dict[str, Any]:
        case: dict[str, Any] = {
            "id": cid,
            "title": title,
            "basis": 9,
            "purpose": purpose,
            "threshold": threshold,
            "facts": facts,
            "opened": str(opened),
            "closed": str(closed) if closed < today else None,
        }
        if network:
            case["network"] = network
        return case
