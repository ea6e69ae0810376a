"""Issue 14: a person's vehicles are supporting evidence — plates read through drives and
registeredKeeper, misreadings folded, a fixed and modest weight, no value in the explanation's
field words."""

from __future__ import annotations

import math

import pyarrow as pa
from resolve_support import CANDIDATES

from raffinaderij.model.normalise.plates import plate_key
from raffinaderij.resolve.fixtures import insert_persons
from raffinaderij.resolve.frame import FRAME_COLUMNS, build_frame
from raffinaderij.resolve.scoring import score_pairs_sql
from raffinaderij.resolve.settings import dutch_settings
from raffinaderij.store.db import open_store

PEOPLE = [
    # one man in three sources: two cars in one, the second of them misread in another
    {
        "source": "a",
        "id": "1",
        "initials": "J.",
        "surname": "Bakker",
        "plates": ["XL-12-BB", "12-ABC-3"],
    },
    {"source": "b", "id": "1", "initials": "J.", "surname": "Bakker", "plates": ["I2-ABC-3"]},
    {"source": "c", "id": "1", "initials": "J.", "surname": "Bakker", "plates": ["99-ZZ-ZZ"]},
    {"source": "d", "id": "1", "initials": "J.", "surname": "Bakker"},
]


def _frame() -> pa.Table:
    store = open_store(":memory:")
    insert_persons(store, PEOPLE)
    cur = store.cursor()
    try:
        return build_frame(cur, candidate_filter=CANDIDATES)
    finally:
        cur.close()
        store.close()


def test_frame_reads_plates_through_vehicle_links() -> None:
    rows = {r["unique_id"]: r for r in _frame().to_pylist()}
    a, b, c, d = (rows[f"{s}/Person/1"] for s in "abcd")
    # the keys of both cars, sorted; confusable characters folded (B/8, L/1, I/1, Z/2 ...)
    assert (a["plate_a"], a["plate_b"]) == tuple(
        sorted([plate_key("12-ABC-3"), plate_key("XL-12-BB")])
    )
    assert b["plate_a"] == b["plate_b"] == plate_key("12-ABC-3")  # 'I2' misread for '12'
    assert c["plate_a"] == plate_key("99-ZZ-ZZ")
    assert d["plate_a"] is None and d["plate_b"] is None


def test_a_shared_vehicle_adds_a_fixed_modest_weight() -> None:
    frame = _frame()
    settings = dutch_settings()
    con = __import__("duckdb").connect()
    con.register("frame", frame)
    con.execute(
        "CREATE TABLE pairs AS SELECT l.unique_id AS left_key, r.unique_id AS right_key"
        " FROM frame l JOIN frame r ON l.unique_id < r.unique_id"
    )
    sql = score_pairs_sql(settings, "pairs", "frame", list(FRAME_COLUMNS))
    got = {
        (left.split("/")[0], right.split("/")[0]): __import__("json").loads(c)["vehicle"]
        for left, right, _, _, c in con.sql(sql).fetchall()
    }
    shared = round(math.log2(0.5 / 0.02), 3)
    assert got[("a", "b")] == ["1", str(shared)]  # the second car of a is b's only one
    assert got[("a", "c")] == ["0", str(round(math.log2(0.5 / 0.98), 3))]  # no car in common
    assert got[("a", "d")][0] == "-1" and float(got[("a", "d")][1]) == 0.0  # d has none
    # supporting evidence: below what a phone or a BSN in common is worth
    assert 0 < shared < 6
