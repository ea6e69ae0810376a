"""The entity summary card (issue 10): the best value per property, registrations per source and
basis, first and last seen, links per type — from what the reader may see only."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.clock import FixedClock
from raffinaderij.services import entity
from raffinaderij.store.db import Store
from support import add_record, entity_id, guard_for, login


def _seed(store: Store) -> str:
    def me(surname: str) -> tuple[str, str, dict[str, str]]:
        return ("p1", "Person", {"surname": surname, "birthDate": "1980-01-02"})

    add_record(store, reg_id="r1", first_processed=date(2026, 2, 1), entities=[me("Jansen")])
    add_record(
        store,
        source="bvh",
        reg_id="r2",
        first_processed=date(2026, 3, 1),
        entities=[me("Jansen")],
    )
    add_record(
        store,
        reg_id="r3",
        first_processed=date(2026, 4, 1),
        entities=[me("Janssen"), ("t1", "Phone", {"number": "+31611111111"}),
                  ("t2", "Phone", {"number": "+31622222222"}), ("a1", "Address", {"city": "Ede"})],
        links=[("p1", "usesPhone", "t1", None), ("p1", "usesPhone", "t2", None),
               ("p1", "livesAt", "a1", None)],
    )  # fmt: skip
    for n in range(3):  # a level-3 spelling stated three times, earlier than all the rest
        add_record(
            store,
            reg_id=f"geheim{n}",
            level=3,
            first_processed=date(2025, 12, 1 + n),
            entities=[me("Geheimnaam"), (f"g{n}", "Phone", {"number": f"+3163333333{n}"})],
            links=[("p1", "usesPhone", f"g{n}", None)],
        )
    eid = entity_id(store, "src/Person/p1")
    with store.transaction() as cur:  # resolved: the bvh record is the same person
        cur.execute("UPDATE entity_ids SET entity_id = ? WHERE entity_key = 'bvh/Person/p1'", [eid])
    return eid


def test_summary_card_for_a_level_one_reader(store: Store, clock: FixedClock) -> None:
    eid = _seed(store)
    card = entity.entity_view(guard_for(store, clock, "analyst1"), entity_id=eid).summary
    best = {b.prop: (b.value, b.registrations, b.others) for b in card.best}
    assert best == {"surname": ("Jansen", 2, 1), "birthDate": ("1980-01-02", 3, 0)}
    assert [b.prop for b in card.best] == ["surname", "birthDate"]  # the ontology's order
    assert [(c.source, c.legal_basis, c.registrations) for c in card.sources] == [
        ("bvh", 8, 1),
        ("src", 8, 2),
    ]
    assert (card.first_seen, card.last_seen) == (date(2026, 2, 1), date(2026, 4, 1))
    assert [(c.link_type, c.direction, c.entities) for c in card.links] == [
        ("usesPhone", "out", 2),
        ("livesAt", "out", 1),
    ]
    # a level-3 reader sees the hidden spelling win, and the earlier date
    top = entity.entity_view(guard_for(store, clock, "analyst3"), entity_id=eid).summary
    assert top.best[0].value == "Geheimnaam" and top.first_seen == date(2025, 12, 1)
    assert top.links[0].entities == 5


def test_summary_card_on_the_page(store: Store, clock: FixedClock) -> None:
    eid = _seed(store)
    client = TestClient(create_app(store, clock=clock, secret="t"))
    login(client, "analyst1")
    page = client.get(f"/entity/{eid}", params={"lang": "nl"}).text
    card = page[page.index('id="summary"') : page.index('class="prov"')]
    assert "Jansen" in card and "2026-02-01" in card and "gebruikt telefoon: 2" in card
    assert "Geheimnaam" not in page and "2025-12" not in page
