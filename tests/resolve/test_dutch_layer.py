"""The Dutch layer's frame, blocking keys and u correction, without training a model."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa
import pytest
from resolve_support import CANDIDATES

from raffinaderij.resolve.blockkeys import stored_keys_sql
from raffinaderij.resolve.engine import decontaminate_u
from raffinaderij.resolve.frame import FRAME_COLUMNS, build_frame, normalise_frame
from raffinaderij.resolve.pipeline import _candidates
from raffinaderij.resolve.settings import BLOCKING_RULES
from raffinaderij.store.db import Store

_RAW = [
    "entity_key",
    "givenName",
    "roepnaam",
    "initials",
    "surnamePrefix",
    "surname",
    "fullName",
    "birthDate",
    "birthPlace",
    "sex",
    "bsn",
    "email",
    "postcode",
    "house_number",
    "house_addition",
    "address_full",
    "street",
    "city",
    "phone",
]


def _frame(*records: dict[str, Any]) -> pa.Table:
    raw = {c: pa.array([r.get(c) for r in records], pa.string()) for c in _RAW}
    plates = pa.array([r.get("plates") for r in records], pa.list_(pa.string()))
    return normalise_frame(pa.table(raw | {"plates": plates}))


def _blocked(frame: pa.Table) -> bool:
    """Does any blocking rule bring record 0 and record 1 together?"""
    con = duckdb.connect()
    con.register("f", frame)
    ids = frame.column("unique_id").to_pylist()
    for rule in BLOCKING_RULES:
        n = con.sql(
            f"SELECT count(*) FROM f l JOIN f r ON {rule}"
            f" WHERE l.unique_id = '{ids[0]}' AND r.unique_id = '{ids[1]}'"
        ).fetchall()
        if n[0][0]:
            return True
    return False


def test_frame_has_every_column() -> None:
    assert _frame({"entity_key": "a/Person/1"}).column_names == list(FRAME_COLUMNS)


@pytest.mark.parametrize("married", ["Bruin-de Vries", "de Vries-Bruin"])
def test_married_double_name_meets_the_birth_name(married: str) -> None:
    # the birth name in one system, the name in use (naamgebruik V or N) in another; no address
    f = _frame(
        {
            "entity_key": "a/Person/1",
            "initials": "A.C.",
            "surname": married,
            "birthDate": "09-04-1973",
        },
        {
            "entity_key": "b/Person/1",
            "initials": "A.C.",
            "surnamePrefix": "de",
            "surname": "Vries",
            "birthDate": "1973-09-04",
        },
    )
    rows = f.to_pylist()
    assert "vries" in (rows[0]["surname_first"], rows[0]["surname_last"])
    assert rows[1]["surname_first"] == rows[1]["surname_last"] == "vries"
    assert _blocked(f)


def test_roepnaam_record_fits_the_official_initials() -> None:
    f = _frame(
        {"entity_key": "a/Person/1", "givenName": "Hans", "surname": "Postma"},
        {"entity_key": "b/Person/1", "initials": "H.M.P.", "surname": "Postma"},
        {"entity_key": "c/Person/1", "initials": "J.", "surname": "Postma"},
    ).to_pylist()
    # Hans is what people call a Johannes, but may be the official name itself
    assert f[0]["given_initials"] == "h" and set(f[0]["given_fits"]) == {"h", "j"}
    assert f[1]["given_fits"] is None


def test_decontaminated_u_removes_the_matches_share() -> None:
    settings = {
        "probability_two_random_records_match": 1e-4,
        "comparisons": [
            {
                "comparison_levels": [
                    {"is_null_level": True},
                    {"m_probability": 0.9, "u_probability": 1e-4},  # id agrees
                    {"m_probability": 0.1, "u_probability": 0.9999},
                    {"m_probability": 0.5, "u_probability": 0.5, "fix_u_probability": True},
                ]
            }
        ],
    }
    levels = decontaminate_u(settings, floor=1e-6)["comparisons"][0]["comparison_levels"]
    assert levels[1]["u_probability"] == pytest.approx(1e-5, rel=0.01)
    assert levels[2]["u_probability"] == pytest.approx(0.99999, rel=1e-4)
    assert levels[3]["u_probability"] == 0.5  # fixed stays fixed
    # never below the sample's resolution, even when the matches explain all agreement
    settings["probability_two_random_records_match"] = 2e-4
    levels = decontaminate_u(settings, floor=1e-6)["comparisons"][0]["comparison_levels"]
    assert levels[1]["u_probability"] == 1e-6


def test_hashed_keys_find_exactly_the_rule_candidates(rstore: Store) -> None:
    """link_new's one-join lookup (resolve_keys) finds what the blocking rules find, no less."""
    cur = rstore.cursor()
    frame = build_frame(cur, candidate_filter=CANDIDATES)
    old, new = frame.slice(0, frame.num_rows - 60), frame.slice(frame.num_rows - 60)
    cols = ", ".join(FRAME_COLUMNS)
    cur.register("_old", old)
    cur.execute(f"INSERT INTO resolve_frame ({cols}) SELECT {cols} FROM _old")
    cur.execute(f"INSERT INTO resolve_keys {stored_keys_sql('resolve_frame')}")
    cur.register("_resolve_new", new)
    found = set(_candidates(cur).column("unique_id").to_pylist())
    expected: set[str] = set()
    for rule in BLOCKING_RULES:
        for n_side, f_side in (("l", "r"), ("r", "l")):
            cond = rule.replace(f"{n_side}.", "n.").replace(f"{f_side}.", "f.")
            expected |= {
                k
                for (k,) in cur.sql(
                    f"SELECT f.unique_id FROM resolve_frame f JOIN _resolve_new n ON {cond}"
                ).fetchall()
            }
    cur.close()
    assert len(expected) > 20  # the population has namesakes, households and re-registrations
    assert found == expected
