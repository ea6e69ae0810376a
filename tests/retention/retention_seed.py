"""A store file with one person who will be destroyed and one who stays, plus what is derived
from them (match keys, the full-text index, a comparison hit, a resolution frame row)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from raffinaderij.clock import FixedClock
from raffinaderij.guard.policy import policy
from raffinaderij.search.index import rebuild_index
from raffinaderij.services import compare
from raffinaderij.store.db import Store, open_store
from support import add_record, entity_id, guard_for, make_world

#: The seeded person's values; none may survive destruction in any byte under the data folder.
NAME = "Zwartekopperman"
GIVEN = "Quirijntje"
BSN = "271828109"
PHONE = "+31687654329"
PLATE = "XK-917-Q"
VALUES = (NAME, GIVEN, BSN, PHONE, PLATE)
#: The other person, who stays.
KEPT = "Blijfsteenhouwer"

FIRST_PROCESSED = date(2022, 1, 1)
#: Wpg 8 terms of the shipped policy: 1826 days to the art. 14 store, 3652 to destruction.
AT_ART14 = datetime(2027, 1, 2, 12, 0)
AT_DESTRUCTION = datetime(2032, 1, 2, 12, 0)


def seed(folder: Path, clock: FixedClock) -> Store:
    store = open_store(folder / "raff.duckdb")
    make_world(store, clock)
    add_record(
        store,
        source="bvh",
        reg_id="1",
        first_processed=FIRST_PROCESSED,
        entities=[
            ("p1", "Person", {"givenName": GIVEN, "surname": NAME, "bsn": BSN}),
            ("t1", "Phone", {"number": PHONE}),
            ("v1", "Vehicle", {"plate": PLATE}),
        ],
        links=[("p1", "usesPhone", "t1", None), ("p1", "drives", "v1", None)],
    )
    add_record(
        store,
        source="bvh",
        reg_id="2",
        first_processed=date(2026, 6, 1),
        entities=[("p2", "Person", {"givenName": "Anna", "surname": KEPT, "bsn": "111222333"})],
    )
    # derived stores, built by the real code: full-text index, match keys, a comparison hit
    rebuild_index(store, confidential_codes=policy().confidential_codes)
    # picked from search in the record's first year (its search term); the hit names the person
    now, clock.now = clock.now, datetime(2022, 6, 1, 12, 0)
    analyst = guard_for(store, clock, "analyst4")
    result = compare.compare(analyst, entity_ids=[entity_id(store, "bvh/Person/p1")])
    assert result.hits == 1
    clock.now = now
    # the resolution frame row of the person, as a resolution run leaves it
    store.query(
        "INSERT INTO resolve_frame (unique_id, given_first, surname, bsn, phone)"
        " VALUES ('bvh/Person/p1', ?, ?, ?, ?)",
        [GIVEN, NAME.lower(), BSN, PHONE],
    )
    store.query("INSERT INTO resolve_keys VALUES (42, 'bvh/Person/p1')")
    store.query("CHECKPOINT")
    return store


def files_holding(folder: Path, value: str) -> list[str]:
    """Every file under the folder whose bytes contain the value (plain, any case)."""
    needles = {value.encode(), value.lower().encode(), value.upper().encode()}
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if any(n in data for n in needles):
                found.append(str(path.relative_to(folder)))
    return found
