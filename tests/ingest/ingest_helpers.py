from __future__ import annotations

from pathlib import Path
from typing import Any

REGISTRATION = """\
registration:
  id: regnr
  legal_basis: basis
  first_processed: {column: datum, format: ["%d-%m-%Y", "%Y-%m-%d"]}
  level: niveau
  confidentiality: vertr
  reliability: {const: A}
  acquisition: {const: aangifte}
  covert: heimelijk
  fact_judgement: {const: fact}
  role: rol
"""
ENTITIES = """\
entities:
  person:
    type: Person
    key: [pnr]
    properties:
      givenName: voornaam
      surname: achternaam
      birthDate: {column: gebdat, format: ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d.%m.%Y"]}
  incident:
    type: Incident
    key: [regnr]
    properties:
      description: omschrijving
links:
  - {type: involvedIn, from: person, to: incident, role: rol}
"""
HEADER = "regnr;basis;datum;niveau;vertr;heimelijk;rol;pnr;voornaam;achternaam;gebdat;omschrijving"


def write_mapping(
    folder: Path,
    *,
    fmt: str = "csv",
    path: str = "data.csv",
    extra_input: str = "",
    source: str = "src",
    registration: str = REGISTRATION,
    entities: str = ENTITIES,
) -> Path:
    text = f"source: {source}\ninput:\n  format: {fmt}\n  path: {path}\n{extra_input}{registration}{entities}"
    m = folder / "mapping.yaml"
    m.write_text(text, encoding="utf-8")
    return m


def row(i: int, **kw: str) -> str:
    v = {
        "regnr": f"R{i}",
        "basis": "8",
        "datum": "01-02-2024",
        "niveau": "2",
        "vertr": "N",
        "heimelijk": "",
        "rol": "suspect",
        "pnr": f"P{i}",
        "voornaam": "Jan",
        "achternaam": "Jansen",
        "gebdat": "03-04-1980",
        "omschrijving": "Inbraak",
    }
    v.update(kw)
    return ";".join(v[k] for k in HEADER.split(";"))


def run_ingest(
    folder: Path, clock: Any, store: Any = None, **kw: str
) -> tuple[Any, Any, list[dict[str, str]]]:
    """Ingest folder/data.csv through a written mapping: (store, report, rejects report rows)."""
    import csv

    from raffinaderij.ingest import ingest
    from raffinaderij.store.db import open_store

    store = store or open_store(":memory:")
    rep = ingest(store, write_mapping(folder, **kw), clock=clock, rejects_dir=folder / "rej")
    rej: list[dict[str, str]] = []
    if rep.rejects_path:
        with open(rep.rejects_path, encoding="utf-8") as fh:
            rej = list(csv.DictReader(fh))
    return store, rep, rej


#: LAW-01 fields of an FtM import (open-source data, art. 8).
FTM_REG = {
    "legal_basis": 8,
    "first_processed": "2024-01-01",
    "level": 1,
    "confidentiality": "N",
    "reliability": "C",
    "acquisition": "open source",
    "fact_judgement": "fact",
    "role": "other",
}
