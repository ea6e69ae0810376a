"""Free-text reports (processen-verbaal): pv/<nr>.txt with a pv/<nr>.json sidecar of registration fields."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from raffinaderij.demo.lists import COLOURS, INCIDENT_CODES, MAKES, PLACES, STREETS
from raffinaderij.demo.render import dates, phones, plates
from raffinaderij.demo.sources.common import names, pick_phone, pick_vehicle
from raffinaderij.demo.truth import Context, registration_fields
from raffinaderij.demo.world import ROLES, World

__all__ = ["PvSource"]

FOLDER = "pv"
_RANKS = ["agent", "hoofdagent", "brigadier", "inspecteur"]
_UNITS = [
    "Amsterdam",
    "Rotterdam",
    "Den Haag",
    "Midden-Nederland",
    "Noord-Holland",
    "Oost-Brabant",
    "Zeeland-West-Brabant",
    "Limburg",
    "Oost-Nederland",
    "Noord-Nederland",
]
_ROLE_TXT = {
    "suspect": "Ik heb betrokkene aangehouden als verdachte.",
    "victim": "Betrokkene verklaarde slachtoffer te zijn.",
    "witness": "Betrokkene verklaarde getuige te zijn geweest.",
    "reporter": "Betrokkene had de melding gedaan.",
    "other": "Betrokkene was ter plaatse aanwezig.",
}


def mapping() -> dict[str, Any]:
    return {
        "source": "pv",
        "description": "Processen-verbaal als vrije tekst met metadata, art. 8 Wpg (fictief)",
        "input": {"format": "text", "path": f"{FOLDER}/*.txt"},
        "registration": {
            "id": {"meta": "pvnummer"},
            "legal_basis": {"const": 8},
            "first_processed": {"meta": "datum", "format": "%d-%m-%Y"},
            "level": {"meta": "niveau"},
            "confidentiality": {"meta": "vertrouwelijkheid"},
            "reliability": {"meta": "betrouwbaarheid"},
            "acquisition": {"const": "waarneming"},
            "covert": {"meta": "heimelijk"},
            "fact_judgement": {"const": "fact"},
            "role": {"meta": "rol"},
        },
        "entities": {
            "document": {
                "type": "Document",
                "key": [{"meta": "pvnummer"}],
                "properties": {
                    "title": {"meta": "titel"},
                    "date": {"meta": "datum", "format": "%d-%m-%Y"},
                    "text": {"column": "text"},
                    "contentHash": {"column": "sha256"},
                },
            },
            "incident": {
                "type": "Incident",
                "key": [{"meta": "registratienummer"}],
                "properties": {"incidentNumber": {"meta": "registratienummer"}},
            },
        },
        "links": [{"type": "mentions", "from": "document", "to": "incident"}],
    }


class PvSource:
    name = "pv"

    def __init__(self, ctx: Context, *, share: float = 0.08) -> None:
        self.ctx = ctx
        self.share = share
        self.folder = ctx.out / FOLDER
        self.folder.mkdir(parents=True, exist_ok=True)
        self.rows = 0

    def close(self) -> None:
        pass

    def write(self, w: World, rng: np.random.Generator, registered: list[tuple[int, str]]) -> None:
        """One report for a share of the registered incidents and for every co-offending incident."""
        ctx = self.ctx
        nz = ctx.noiser("pv", rng)
        net_inc = {i for net in w.networks for i in net.incidents}
        pick = rng.random(len(registered)) < self.share
        chosen = [
            (i, r) for (i, r), p in zip(registered, pick.tolist(), strict=True) if p or i in net_inc
        ]
        if not chosen:
            return
        inc = np.array([i for i, _ in chosen])
        starts = np.searchsorted(w.inv_inc, inc)
        ends = np.searchsorted(w.inv_inc, inc, side="right")
        cnt = ends - starts
        rows = np.concatenate(
            [np.arange(a, b) for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
        )
        person = w.inv_person[rows]
        w.seen[person] = True
        nm = names(w, person, nz, used=True, allow_initials=False)
        sur = nm.surname_full()
        born = dates(w.birth[person], "%d-%m-%Y", nz)
        tel = pick_phone(w, person, rng)
        tel_txt = phones([w.t_number[t] if t >= 0 else "" for t in tel.tolist()], "spaced", nz)
        veh = pick_vehicle(w, person, rng)
        veh_txt = plates([w.v_plate[v] if v >= 0 else "" for v in veh.tolist()], nz)
        u = rng.random((len(rows), 2))
        reg = registration_fields(rng, len(chosen), level_p=[0.45, 0.35, 0.15, 0.05], covert=0.01)
        rank = rng.integers(0, len(_RANKS), len(chosen)).tolist()
        unit = rng.integers(0, len(_UNITS), len(chosen)).tolist()
        hour = rng.integers(0, 24, len(chosen)).tolist()
        minute = rng.integers(0, 60, len(chosen)).tolist()
        reported = dates(
            np.minimum(
                w.i_date[inc] + rng.integers(0, 4, len(inc)).astype("timedelta64[D]"), w.today
            ),
            "%d-%m-%Y",
        )
        happened = dates(w.i_date[inc], "%d-%m-%Y")
        mentions: list[tuple[str, str, str, str, str]] = []
        offsets = np.concatenate([[0], np.cumsum(cnt)]).tolist()
        for j, (i, regnr) in enumerate(chosen):
            pv = f"PV-{regnr}"
            code = INCIDENT_CODES[int(w.i_code[i])]
            a = int(w.i_addr[i])
            lines = [
                "PROCES-VERBAAL van bevindingen",
                f"Proces-verbaalnummer: {pv}",
                f"Registratienummer: {regnr}",
                "",
                f"Ik, verbalisant, {_RANKS[rank[j]]} van politie eenheid {_UNITS[unit[j]]}, verklaar het volgende.",
                f"Op {happened[j]} omstreeks {hour[j]:02d}:{minute[j]:02d} uur bevond ik mij op de "
                f"{STREETS[0][int(w.a_street[a])]} te {PLACES[int(w.a_place[a])].name}. Aanleiding: {code[1].lower()}.",
            ]
            for k in range(offsets[j], offsets[j + 1]):
                p = int(person[k])
                name = f"{nm.roep[k] if u[k, 0] < 0.5 else nm.given[k]} {sur[k]}"
                born_txt = f", geboren op {born[k]}" if born[k] else ""
                lines.append(
                    f"Ik sprak een {'vrouw' if w.sex[p] else 'man'} aan die opgaf te zijn: {name}{born_txt}."
                )
                lines.append(_ROLE_TXT[ROLES[int(w.inv_role[rows[k]])]])
                mentions.append(("pv", pv, "Person", name, w.pid[p]))
                v = int(veh[k])
                if v >= 0 and u[k, 1] < 0.5:
                    lines.append(
                        f"Betrokkene reed in een {MAKES[int(w.v_make[v])][0].title()} {w.v_model[v].title()}, "
                        f"kleur {COLOURS[int(w.v_colour[v])][0].lower()}, voorzien van het kenteken {veh_txt[k]}."
                    )
                    mentions.append(("pv", pv, "Vehicle", veh_txt[k], w.v_id[v]))
                t = int(tel[k])
                if t >= 0 and u[k, 1] > 0.6:
                    lines.append(f"Betrokkene gaf als telefoonnummer op: {tel_txt[k]}.")
                    mentions.append(("pv", pv, "Phone", tel_txt[k], w.t_id[t]))
            lines += [
                "",
                f"Waarvan door mij is opgemaakt dit proces-verbaal, dat ik sloot en ondertekende op {reported[j]}.",
                "",
            ]
            (self.folder / f"{pv}.txt").write_text("\n".join(lines), encoding="utf-8", newline="\n")
            meta = {
                "pvnummer": pv,
                "registratienummer": regnr,
                "datum": reported[j],
                "titel": f"PV van bevindingen: {code[1]}",
                "niveau": reg["level"][j],
                "vertrouwelijkheid": reg["conf"][j],
                "betrouwbaarheid": reg["rel"][j],
                "heimelijk": reg["covert"][j],
                "rol": "other",
            }
            (self.folder / f"{pv}.json").write_text(
                json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                encoding="utf-8",
                newline="\n",
            )
        self.rows += len(chosen)
        ctx.truth.record([f"pv/Incident/{r}" for _, r in chosen], [w.i_id[i] for i, _ in chosen])
        ctx.truth.mention(mentions)
