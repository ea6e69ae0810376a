"""The map (issue 10): places with coordinates of entities and of the case, from what the
session may see only; a coordinate pair is never mixed from two records."""

from __future__ import annotations

import pytest

from raffinaderij.api.routes import plain
from raffinaderij.clock import FixedClock
from raffinaderij.services import places
from raffinaderij.store.db import Store
from support import add_record, entity_id, guard_for


@pytest.fixture
def town(store: Store) -> dict[str, str]:
    """p1 lives at a1 (Ede), was involved in i1 which took place at a2 (Arnhem); a level-3
    record puts p1 at a9 (secret coordinates) and gives a1 other coordinates."""
    me = ("p1", "Person", {"surname": "Kaart"})
    a1 = ("a1", "Address", {"street": "Molenstraat", "latitude": "52.04", "longitude": "5.66"})
    add_record(store, reg_id="r1", entities=[me, a1], links=[("p1", "livesAt", "a1", None)])
    add_record(
        store,
        reg_id="r2",
        entities=[
            me,
            ("i1", "Incident", {"date": "2026-03-01", "incidentCode": "3211"}),
            ("a2", "Address", {"street": "Markt", "latitude": "51.98", "longitude": "5.90"}),
        ],
        links=[("p1", "involvedIn", "i1", "suspect"), ("i1", "locatedAt", "a2", None)],
    )
    add_record(
        store,
        reg_id="r9",
        level=3,
        entities=[
            me,
            ("a9", "Address", {"street": "Geheimstraat", "latitude": "53.2", "longitude": "6.5"}),
            ("a1", "Address", {"latitude": "50.0", "longitude": "4.0"}),
        ],
        links=[("p1", "livesAt", "a9", None)],
    )
    add_record(  # no coordinates: not on the map
        store,
        reg_id="r3",
        entities=[me, ("a3", "Address", {"street": "Nergensweg"})],
        links=[("p1", "livesAt", "a3", None)],
    )
    return {k: entity_id(store, f"src/{t}/{k}") for k, t in
            [("p1", "Person"), ("a1", "Address"), ("a2", "Address"), ("a9", "Address")]}  # fmt: skip


def test_level_one_map(store: Store, clock: FixedClock, town) -> None:  # type: ignore[no-untyped-def]
    answer = places.entity_map(guard_for(store, clock, "analyst1"), entity_ids=[town["p1"]])
    got = {(p.entity_id, p.lat, p.lon) for p in answer.places}
    assert got == {(town["a1"], 52.04, 5.66), (town["a2"], 51.98, 5.9)}
    assert answer.total == 2
    text = str(plain(answer))
    assert "Geheimstraat" not in text and "53.2" not in text and "src:r9" not in text
    assert "50.0" not in text


def test_level_three_sees_more_but_never_a_mixed_pair(
    store: Store, clock: FixedClock, town
) -> None:  # type: ignore[no-untyped-def]
    answer = places.entity_map(guard_for(store, clock, "analyst3"), entity_ids=[town["p1"]])
    pairs = {p.entity_id: (p.lat, p.lon) for p in answer.places}
    assert pairs[town["a9"]] == (53.2, 6.5)
    assert pairs[town["a1"]] in {(52.04, 5.66), (50.0, 4.0)}


def test_hidden_like_missing_and_the_case(store: Store, clock: FixedClock, town) -> None:  # type: ignore[no-untyped-def]
    g = guard_for(store, clock, "analyst1")
    assert plain(places.entity_map(g, entity_ids=[town["a9"]])) == plain(
        places.entity_map(g, entity_ids=["e" + "0" * 20])
    )
    add_record(
        store,
        reg_id="z1",
        basis=9,
        case_id="ZAAK-1",
        entities=[
            ("az", "Address", {"street": "Zaakstraat", "latitude": "52.1", "longitude": "5.1"})
        ],
    )
    case = places.case_map(guard_for(store, clock, "analyst1"))
    assert [(p.caption, p.lat) for p in case.places] == [("Zaakstraat", 52.1)]
