"""Property test: the SQL the guard compiles from the policy selects exactly the records an
independent, plain-Python reading of the policy (LAW.md) allows — for random records, users,
cases, modes and clocks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings

from law_reading import allowed
from raffinaderij.guard.policy import policy
from raffinaderij.guard.predicates import Scope, analysis_sql, inline, scope_sql
from raffinaderij.store.db import Store, open_store

NOW = datetime(2026, 11, 1, 12, 0)
CASES = ("ZAAK-A", "ZAAK-B", "THEMA-A", "THEMA-B")
BASIS = {"ZAAK-A": 9, "ZAAK-B": 9, "THEMA-A": 10, "THEMA-B": 10}

record = st.fixed_dictionaries(
    {
        "level": st.integers(1, 4),
        "basis": st.sampled_from((8, 9, 10, 13)),
        "age": st.integers(0, 4000),  # days since first processing
        "confidentiality": st.sampled_from(("N", "N", "V")),
        "covert": st.sampled_from((None, None, "interception", "observation", "informant")),
        "blocked": st.booleans(),
        "stage": st.sampled_from(("active", "active", "art14")),
        "case": st.sampled_from((None, *CASES)),
    }
)
closed_ago = st.one_of(st.none(), st.integers(0, 400))  # days since the case closed, or open


@pytest.fixture(scope="module")
def db() -> Store:
    return open_store(":memory:")


def load(db: Store, records: list[dict], closed: dict[str, int | None]) -> None:
    with db.transaction() as cur:
        cur.execute("DELETE FROM registrations")
        cur.execute("DELETE FROM cases")
        for cid in CASES:
            ago = closed[cid]
            cur.execute(
                "INSERT INTO cases (case_id, title, basis, opened_at, closed_at) VALUES (?, ?, ?, ?, ?)",
                [
                    cid,
                    cid,
                    BASIS[cid],
                    NOW - timedelta(days=3000),
                    None if ago is None else NOW - timedelta(days=ago),
                ],
            )
        for n, rec in enumerate(records):
            cur.execute(
                "INSERT INTO registrations VALUES (?, 's', ?, ?, ?, ?, ?, 'A1', 'x', ?, 'fact', 'other', ?, ?, ?, 'h', 'b', ?)",
                [
                    f"s:{n}",
                    str(n),
                    rec["basis"],
                    (NOW - timedelta(days=rec["age"])).date(),
                    rec["level"],
                    rec["confidentiality"],
                    rec["covert"],
                    rec["case"],
                    rec["blocked"],
                    rec["stage"],
                    NOW,
                ],
            )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(record, min_size=1, max_size=40),
    closed=st.fixed_dictionaries({cid: closed_ago for cid in CASES}),
    level=st.integers(1, 4),
    case_id=st.sampled_from(CASES),
    covert_ok=st.sampled_from(
        ((), ("interception",), ("interception", "observation", "informant"))
    ),
    mode=st.sampled_from(("search", "compare")),
    shift=st.integers(-30, 30),
)
def test_compiled_predicate_matches_the_law(
    db: Store, records, closed, level, case_id, covert_ok, mode, shift
) -> None:  # type: ignore[no-untyped-def]
    now = NOW + timedelta(days=shift)
    load(db, records, closed)
    p = policy()
    sql, params = scope_sql(p, Scope(level, case_id, BASIS[case_id], covert_ok, now), mode, r="r")
    got = {
        row[0]
        for row in db.cursor()
        .execute(f"SELECT reg_key FROM registrations r WHERE {sql}", params)
        .fetchall()
    }
    # the records and cases were dated from NOW; seen from `now` they are `shift` days older
    aged = {c: None if ago is None else ago + shift for c, ago in closed.items()}
    want = {
        f"s:{n}"
        for n, rec in enumerate(records)
        if allowed(
            {**rec, "age": rec["age"] + shift},
            mode=mode,
            level=level,
            case_id=case_id,
            covert_ok=covert_ok,
            closed=aged,
            p=p,
            now=now,
            basis_of=BASIS,
        )
    }
    assert got == want
    # the inlined form (used for Splink) selects the same rows
    inlined = {
        row[0]
        for row in db.query(f"SELECT reg_key FROM registrations r WHERE {inline(sql, params)}")
    }
    assert inlined == got


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(record, min_size=1, max_size=40),
    closed=st.fixed_dictionaries({cid: closed_ago for cid in CASES}),
)
def test_analysis_predicate_never_admits_excluded_records(db: Store, records, closed) -> None:  # type: ignore[no-untyped-def]
    load(db, records, closed)
    sql, params = analysis_sql(policy(), NOW, r="r")
    got = {
        row[0]
        for row in db.cursor()
        .execute(f"SELECT reg_key FROM registrations r WHERE {sql}", params)
        .fetchall()
    }
    for n, rec in enumerate(records):
        if (
            rec["confidentiality"] == "V"
            or rec["covert"]
            or rec["blocked"]
            or rec["stage"] != "active"
        ):
            assert f"s:{n}" not in got  # LAW-02, -04, -14, Wpg 28


def test_search_never_reaches_old_art8_data_whatever_the_level() -> None:
    """LAW-03 pinned: day 366 after first processing is out of free search for everyone."""
    p = policy()
    sql, params = scope_sql(p, Scope(4, "ZAAK-A", 9, (), datetime(2027, 1, 2)), "search")
    assert params["g_search_from_8"] == date(2026, 1, 2)
    assert "first_processed > $g_search_from_8" in sql
