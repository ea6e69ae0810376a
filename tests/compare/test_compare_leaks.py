"""LAW-02/06/07/14 over the comparison routes: users of levels 1-4 x records of levels 1-4 x bases
8/9/10 x in/out of free-search term x confidential, covert, blocked. A hit never rests on a record
the user may not compare with, and details after consent never show one."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from support import add_record, login

RECENT, OLD, EXPIRED = date(2026, 6, 1), date(2025, 6, 1), date(2020, 1, 1)


def may_compare(level, basis, age, confidential, covert, blocked, case_id, user_level) -> bool:  # type: ignore[no-untyped-def]
    if confidential or covert or blocked or level > user_level:
        return False
    if basis == 8:
        return age != "expired"  # Wpg 8: comparison in years 1-5
    return basis == 9 and case_id == "ZAAK-1"  # own case only without an order (Wpg 11(4))


@pytest.fixture(scope="module")
def matrix():  # type: ignore[no-untyped-def]
    from raffinaderij.clock import FixedClock
    from raffinaderij.store.db import open_store
    from support import NOW, make_world

    clock = FixedClock(NOW)
    store = open_store(":memory:")
    make_world(store, clock)
    cells = [
        (level, basis, age, conf, False, False)
        for level, basis, age, conf in itertools.product(
            (1, 2, 3, 4), (8, 9, 10), ("recent", "old", "expired"), (False, True)
        )
    ]
    cells += [(1, 8, "recent", False, True, False), (1, 8, "recent", False, False, True)]
    records = {}
    for n, (level, basis, age, conf, covert, blocked) in enumerate(cells):
        plate = f"{n:02d}-XYZ-9"
        case_id = {8: None, 9: "ZAAK-1", 10: "THEMA-1"}[basis]
        add_record(
            store,
            reg_id=f"m{n}",
            basis=basis,
            first_processed={"recent": RECENT, "old": OLD, "expired": EXPIRED}[age],
            level=level,
            confidentiality="V" if conf else "N",
            covert="interception" if covert else None,
            blocked=blocked,
            case_id=case_id,
            entities=[(f"v{n}", "Vehicle", {"plate": plate})],
        )
        records[n] = (f"src:m{n}", (level, basis, age, conf, covert, blocked, case_id))
    return TestClient(create_app(store, clock=clock, secret="test")), records, cells


@pytest.mark.parametrize("user_level", [1, 2, 3, 4])
def test_no_comparison_route_leaks(matrix, user_level: int) -> None:  # type: ignore[no-untyped-def]
    client, records, cells = matrix
    login(client, f"analyst{user_level}")
    subjects = [{"plate": f"{n:02d}-XYZ-9"} for n in range(len(cells))]
    r = client.post("/api/comparisons", json={"subjects": subjects})
    assert r.status_code == 200, r.text
    result = r.json()
    hits = {o["subject_no"] - 1: o for o in result["outcomes"] if o["hit"]}
    expected = {n for n, (_, cell) in records.items() if may_compare(*cell, user_level)}
    assert set(hits) == expected
    assert result["hits"] == len(expected)
    text = r.text
    for n in range(len(cells)):
        assert f'src:m{n}"' not in text and f"src/Vehicle/v{n}" not in text  # no details
    some = next(iter(hits.values()))["hit_id"]
    assert client.get(f"/api/hits/{some}/details").status_code == 403
    assert (
        client.post(f"/api/hits/{some}/consent-request", json={"reason": "nodig"}).status_code
        == 200
    )
    client.post("/api/logout")
    login(client, "lead")
    assert client.get(f"/api/hits/{some}/details").status_code == 403  # lead also waits for consent
    assert client.post(f"/api/hits/{some}/consent", json={"reason": "akkoord"}).status_code == 200
    client.post("/api/logout")
    login(client, f"analyst{user_level}")
    for hit in hits.values():
        if hit["hit_id"] != some:
            assert client.get(f"/api/hits/{hit['hit_id']}/details").status_code == 403
    details = client.get(f"/api/hits/{some}/details").json()
    assert {d["reg_key"] for d in details["registrations"]} <= {records[n][0] for n in expected}
    assert all(d["level"] <= user_level for d in details["registrations"])
    page = client.get(f"/hits/{some}")
    assert page.status_code == 200
    shown = {n for n in range(len(cells)) if f"src:m{n}<" in page.text or f"src:m{n} " in page.text}
    assert shown <= expected
    client.post("/api/logout")
