"""LAW-02/03/06/14: users of levels 1-4 x records of levels 1-4 x bases 8/9/10 x in/out of term
x confidential yes/no (plus covert and blocked), over every data route: never a record the user
may not see, not even in counts or facets."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from support import add_record, login

IN_TERM, OUT_OF_TERM = date(2026, 6, 1), date(2025, 6, 1)  # clock is 2026-11-01


def expected_visible(
    level: int,
    basis: int,
    in_term: bool,
    confidential: bool,
    covert: bool,
    blocked: bool,
    user_level: int,
    case_id: str | None,
) -> bool:
    if confidential or covert or blocked or level > user_level:
        return False
    if basis == 8:
        return in_term  # Wpg 8: free search only in the first year
    # art. 9/10 data: searchable inside its own case (which is open), whatever its age
    return case_id == "ZAAK-1" and basis == 9


@pytest.fixture(scope="module")
def matrix():  # type: ignore[no-untyped-def]
    from raffinaderij.clock import FixedClock
    from raffinaderij.store.db import open_store
    from support import NOW, make_world

    clock = FixedClock(NOW)
    store = open_store(":memory:")
    make_world(store, clock)
    cells = []
    for level, basis, in_term, confidential in itertools.product(
        (1, 2, 3, 4), (8, 9, 10), (True, False), (False, True)
    ):
        cells.append((level, basis, in_term, confidential, False, False))
    cells += [(1, 8, True, False, True, False), (1, 8, True, False, False, True)]  # covert, blocked
    records = {}
    for n, (level, basis, in_term, confidential, covert, blocked) in enumerate(cells):
        case_id = {8: None, 9: "ZAAK-1", 10: "THEMA-1"}[basis]
        marker = f"Lekmarker{n:03d}"
        reg_key = add_record(
            store,
            reg_id=str(n),
            basis=basis,
            first_processed=IN_TERM if in_term else OUT_OF_TERM,
            level=level,
            confidentiality="V" if confidential else "N",
            covert="interception" if covert else None,
            blocked=blocked,
            case_id=case_id,
            entities=[(f"p{n}", "Person", {"givenName": "Jan", "surname": marker})],
        )
        records[marker] = (
            reg_key,
            f"src/Person/p{n}",
            (level, basis, in_term, confidential, covert, blocked, case_id),
        )
    client = TestClient(create_app(store, clock=clock, secret="test"))
    return client, records


@pytest.mark.parametrize("user_level", [1, 2, 3, 4])
def test_no_route_leaks_a_record(matrix, user_level: int) -> None:  # type: ignore[no-untyped-def]
    client, records = matrix
    login(client, f"analyst{user_level}")
    visible = {
        m for m, (_, _, cell) in records.items() if expected_visible(*cell[:6], user_level, cell[6])
    }
    hidden = set(records) - visible
    assert visible and hidden

    api = client.get("/api/search", params={"q": "lekmarker", "limit": 500}).json()
    page = client.get("/search", params={"q": "lekmarker"}).text
    # counts and facets count only what may be seen
    assert api["total"] == len(visible)
    assert sum(api["facets"]["schema"].values()) == len(visible)
    assert f'<span id="total">{len(visible)}</span>' in page
    found = {h["caption"].split()[-1] for h in api["hits"]}
    assert found == visible
    for marker in hidden:
        assert marker not in page
        reg_key, entity_id, _ = records[marker]
        assert client.get(f"/api/entities/{entity_id}").status_code == 404
        assert client.get(f"/entity/{entity_id}").status_code == 404
    for marker in visible:
        _, entity_id, _ = records[marker]
        view = client.get(f"/api/entities/{entity_id}").json()
        assert {v["value"] for v in view["values"]} >= {marker}
    client.post("/api/logout")


def test_art10_theme_sees_its_own_theme_records_only(matrix) -> None:  # type: ignore[no-untyped-def]
    client, records = matrix
    login(client, "analyst4", case_id="THEMA-1")
    api = client.get("/api/search", params={"q": "lekmarker", "limit": 500}).json()
    found = {h["caption"].split()[-1] for h in api["hits"]}
    for marker in found:
        basis, case_id = records[marker][2][1], records[marker][2][6]
        assert basis == 8 or case_id == "THEMA-1"
    assert any(records[m][2][1] == 10 for m in found)
    client.post("/api/logout")
