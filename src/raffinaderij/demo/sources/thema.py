"""Art. 10 thematic source: NDJSON, dd/mm/yyyy dates, theme ids "THEMA-...", one-line names."""

from __future__ import annotations

from typing import Any

import numpy as np

from raffinaderij.demo.lists import THEMES
from raffinaderij.demo.render import address_parts, dates, phones, plates, postcodes
from raffinaderij.demo.sinks import NdjsonSink
from raffinaderij.demo.sources.common import names, pick_address, pick_phone, pick_vehicle
from raffinaderij.demo.truth import Context, registration_fields
from raffinaderij.demo.world import ROLES, World, years_window

__all__ = ["ThemaSource"]

FILE = "thema_art10.ndjson"
COLUMNS = [
    "id",
    "thema",
    "vastgelegd",
    "rol",
    "beoordeling",
    "persoon_ref",
    "naam",
    "geboortedatum",
    "adres_ref",
    "adres",
    "postcode",
    "woonplaats",
    "telefoon_ref",
    "telefoon",
    "kenteken_ref",
    "kenteken",
    "niveau",
    "vertrouwelijk",
    "betrouwbaarheid",
    "heimelijk",
]


def mapping() -> dict[str, Any]:
    return {
        "source": "thema",
        "description": "Thematische verwerkingen, art. 10 Wpg (fictief)",
        "input": {"format": "ndjson", "path": FILE},
        "registration": {
            "id": "id",
            "legal_basis": {"const": 10},
            "first_processed": {"column": "vastgelegd", "format": "%d/%m/%Y"},
            "level": "niveau",
            "confidentiality": "vertrouwelijk",
            "reliability": "betrouwbaarheid",
            "acquisition": {"const": "informatieverzameling"},
            "covert": "heimelijk",
            "fact_judgement": "beoordeling",
            "role": "rol",
            "case": "thema",
        },
        "entities": {
            "persoon": {
                "type": "Person",
                "key": ["persoon_ref"],
                "properties": {"fullName": "naam", "birthDate": "geboortedatum"},
            },
            "adres": {
                "type": "Address",
                "key": ["adres_ref"],
                "properties": {"full": "adres", "postcode": "postcode", "city": "woonplaats"},
            },
            "telefoon": {
                "type": "Phone",
                "key": ["telefoon_ref"],
                "properties": {"number": "telefoon"},
            },
            "voertuig": {
                "type": "Vehicle",
                "key": ["kenteken_ref"],
                "properties": {"plate": "kenteken"},
            },
        },
        "links": [
            {"type": "livesAt", "from": "persoon", "to": "adres"},
            {"type": "usesPhone", "from": "persoon", "to": "telefoon"},
            {"type": "drives", "from": "persoon", "to": "voertuig"},
        ],
    }


def theme_cases(today: np.datetime64) -> list[dict[str, Any]]:
    out = []
    for tid, title, opened, closed, purpose in THEMES:
        out.append(
            {
                "id": tid,
                "title": title,
                "basis": 10,
                "purpose": purpose,
                "threshold": "Thematisch onderzoek naar ernstige criminaliteit (art. 10 Wpg)",
                "facts": f"Analysebeeld {title.lower()} op grond van eerdere registraties",
                "opened": opened,
                "closed": closed if closed and np.datetime64(closed) < today else None,
            }
        )
    return out


class ThemaSource:
    name = "thema"

    def __init__(self, ctx: Context, *, rate: float = 0.04) -> None:
        self.ctx = ctx
        self.rate = rate
        self.sink = NdjsonSink(ctx.out / FILE, COLUMNS)

    def close(self) -> None:
        self.sink.close()

    def write(self, w: World, rng: np.random.Generator) -> None:
        ctx = self.ctx
        nz = ctx.noiser("thema", rng)
        start_w, today = years_window(w.today)
        m = int(round(self.rate * w.n))
        person = rng.choice(w.n, size=m, p=w.weight / w.weight.sum())
        theme = rng.integers(0, len(THEMES), m)
        extra_p, extra_t = [], []
        for k, net in enumerate(w.networks):  # most members of a group also show up in a theme
            members = net.members[rng.random(len(net.members)) < 0.7]
            extra_p.append(np.repeat(members, 2))
            extra_t.append(np.full(2 * len(members), (w.chunk + k) % len(THEMES)))
        if extra_p:
            person = np.concatenate([person, *extra_p])
            theme = np.concatenate([theme, *extra_t])
        m = len(person)
        if m == 0:
            return
        t_open = np.array([np.datetime64(t[2]) for t in THEMES])[theme]
        t_close = np.array([np.datetime64(t[3]) if t[3] else today for t in THEMES])[theme]
        lo = np.maximum(t_open, start_w)
        hi = np.minimum(t_close, today)
        when = lo + (rng.random(m) * (hi - lo).astype(np.int64)).astype(np.int64).astype(
            "timedelta64[D]"
        )
        w.seen[person] = True
        ids = list(ctx.next_ids("thema", m))
        nm = names(w, person, nz, used=True)
        sur = nm.surname_full()
        # two house styles: "Jan de Vries" and "VRIES, Jan de"
        style = rng.random(m) < 0.5
        full = [
            f"{g} {s}".strip()
            if st
            else (f"{b.upper()}, {g} {p}".strip() if not mv else f"{s.upper()}, {g}")
            for g, s, p, b, mv, st in zip(
                nm.given, sur, nm.prefix, nm.surname, nm.moved.tolist(), style.tolist(), strict=True
            )
        ]
        addr = pick_address(w, person, rng)
        ap = address_parts(w, addr)
        has_addr = ~nz.mask("missing", np.ones(m, dtype=bool))
        pcs = postcodes(ap["postcode"], "space", nz)
        tel = pick_phone(w, person, rng)
        has_tel = (tel >= 0) & (rng.random(m) < 0.7)
        has_tel &= ~nz.mask("missing", has_tel)
        veh = pick_vehicle(w, person, rng)
        has_veh = (veh >= 0) & (rng.random(m) < 0.5)
        has_veh &= ~nz.mask("missing", has_veh)
        reg = registration_fields(rng, m, level_p=[0.3, 0.4, 0.2, 0.1], covert=0.015)
        role = rng.choice(5, size=m, p=[0.55, 0.1, 0.1, 0.0, 0.25])
        hl = has_addr.tolist()
        cols: dict[str, list[Any]] = {
            "id": [f"T10-{i:09d}" for i in ids],
            "thema": [THEMES[t][0] for t in theme.tolist()],
            "vastgelegd": dates(when, "%d/%m/%Y"),
            "rol": [ROLES[r] for r in role.tolist()],
            "beoordeling": np.where(rng.random(m) < 0.25, "judgement", "fact").tolist(),
            "persoon_ref": [f"TP{i:09d}" for i in ids],
            "naam": full,
            "geboortedatum": dates(w.birth[person], "%d/%m/%Y", nz),
            "adres_ref": [f"TA{i:09d}" if h else "" for i, h in zip(ids, hl, strict=True)],
            "adres": [
                f"{s} {n}{le}{(' ' + ad) if ad else ''}, {pc} {pl}" if h else ""
                for s, n, le, ad, pc, pl, h in zip(
                    ap["street"],
                    ap["number"],
                    ap["letter"],
                    ap["addition"],
                    pcs,
                    ap["place"],
                    hl,
                    strict=True,
                )
            ],
            "postcode": [pc if h else "" for pc, h in zip(pcs, hl, strict=True)],
            "woonplaats": [pl if h else "" for pl, h in zip(ap["place"], hl, strict=True)],
            "telefoon_ref": [
                f"TT{i:09d}" if h else "" for i, h in zip(ids, has_tel.tolist(), strict=True)
            ],
            "telefoon": phones(
                [
                    w.t_number[t] if h else ""
                    for t, h in zip(tel.tolist(), has_tel.tolist(), strict=True)
                ],
                "intl",
                nz,
            ),
            "kenteken_ref": [
                f"TV{i:09d}" if h else "" for i, h in zip(ids, has_veh.tolist(), strict=True)
            ],
            "kenteken": plates(
                [
                    w.v_plate[v] if h else ""
                    for v, h in zip(veh.tolist(), has_veh.tolist(), strict=True)
                ],
                nz,
            ),
            "niveau": [int(x) for x in reg["level"]],
            "vertrouwelijk": reg["conf"],
            "betrouwbaarheid": reg["rel"],
            "heimelijk": reg["covert"],
        }
        self.sink.write(cols)
        t = ctx.truth
        t.record(
            [f"thema/Person/{x}" for x in cols["persoon_ref"]], [w.pid[p] for p in person.tolist()]
        )
        for mask, prefix, typ, target, ids_of in (
            (has_addr, "TA", "Address", addr, w.a_id),
            (has_tel, "TT", "Phone", tel, w.t_id),
            (has_veh, "TV", "Vehicle", veh, w.v_id),
        ):
            sel: list[int] = np.flatnonzero(mask).tolist()
            t.record(
                [f"thema/{typ}/{prefix}{ids[i]:09d}" for i in sel], [ids_of[target[i]] for i in sel]
            )
