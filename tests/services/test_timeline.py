"""The timeline (issue 10): dated events of entities and of the case, from what the session may
see only. A level-1 reader never meets an event that rests only on a level-3 registration — not
as an event, a count, or a first or last date."""

from __future__ import annotations

from datetime import date

import pytest

from raffinaderij.api.routes import plain
from raffinaderij.clock import FixedClock
from raffinaderij.errors import RaffError
from raffinaderij.services import timeline
from raffinaderij.store.db import Store
from support import add_record, entity_id, guard_for

P = "src/Person/"


@pytest.fixture
def story(store: Store) -> dict[str, str]:
    """p1 is involved in a visible incident (2026-03-01), stopped in a vehicle check and named
    in a level-3 incident (2026-01-15) only a level-3 reader may see; a visible incident whose
    only link to p1 is in a level-3 record (2026-02-01); another person's incident."""
    me = ("p1", "Person", {"surname": "Tijdlijn"})
    add_record(
        store,
        reg_id="inc1",
        first_processed=date(2026, 3, 2),
        entities=[
            me,
            ("i1", "Incident", {"date": "2026-03-01", "incidentCode": "3211", "place": "Ede"}),
        ],
        links=[("p1", "involvedIn", "i1", "suspect")],
    )
    add_record(
        store,
        reg_id="chk1",
        first_processed=date(2026, 4, 10),
        entities=[me, ("v1", "Vehicle", {"plate": "XL-12-BB"})],
        links=[("p1", "drives", "v1", None)],
    )
    with store.transaction() as cur:
        cur.execute("UPDATE registrations SET acquisition = 'controle' WHERE reg_key = 'src:chk1'")
    add_record(
        store,
        reg_id="secret",
        level=3,
        first_processed=date(2026, 1, 16),
        entities=[
            me,
            ("i9", "Incident", {"date": "2026-01-15", "incidentCode": "geheimcode"}),
            ("i2", "Incident", {}),
        ],
        links=[("p1", "involvedIn", "i9", "suspect"), ("p1", "involvedIn", "i2", "witness")],
    )
    add_record(
        store,
        reg_id="inc2",
        first_processed=date(2026, 2, 2),
        entities=[("i2", "Incident", {"date": "2026-02-01", "incidentCode": "zichtbaar"})],
    )
    add_record(
        store,
        reg_id="inc3",
        first_processed=date(2026, 2, 20),
        entities=[
            ("p2", "Person", {"surname": "Ander"}),
            ("i3", "Incident", {"date": "2026-02-19", "incidentCode": "ander"}),
        ],
        links=[("p2", "involvedIn", "i3", "victim")],
    )
    return {k: entity_id(store, f"src/{t}/{k}") for k, t in [("p1", "Person"), ("i1", "Incident"),
                                                                ("i2", "Incident"), ("p2", "Person")]}  # fmt: skip


def _guard(store: Store, clock: FixedClock, level: int):  # type: ignore[no-untyped-def]
    return guard_for(store, clock, f"analyst{level}")


def test_level_one_sees_only_visible_events(store: Store, clock: FixedClock, story) -> None:  # type: ignore[no-untyped-def]
    answer = timeline.timeline(_guard(store, clock, 1), entity_ids=[story["p1"]])
    got = [(e.date, e.kind) for e in answer.events]
    assert got == [
        ("2026-03-01", "incident"),
        ("2026-03-02", "registration"),
        ("2026-04-10", "check"),
    ]
    incident = answer.events[0]
    assert incident.entity_id == story["i1"] and incident.detail == "suspect"
    assert incident.about == [story["p1"]]
    assert answer.total == 3 and answer.first == "2026-03-01" and answer.last == "2026-04-10"
    assert answer.per_kind == {"incident": 1, "payment": 0, "check": 1, "registration": 1}
    text = str(plain(answer))
    assert "geheimcode" not in text and "src:secret" not in text and "zichtbaar" not in text
    assert "2026-01-1" not in text and "2026-02-01" not in text  # no hidden date either


def test_level_three_sees_the_hidden_events(store: Store, clock: FixedClock, story) -> None:  # type: ignore[no-untyped-def]
    answer = timeline.timeline(_guard(store, clock, 3), entity_ids=[story["p1"]])
    got = [(e.date, e.kind, e.caption) for e in answer.events if e.kind == "incident"]
    assert got == [
        ("2026-01-15", "incident", "2026-01-15 · geheimcode"),
        ("2026-02-01", "incident", "2026-02-01 · zichtbaar"),
        ("2026-03-01", "incident", "2026-03-01 · 3211 · Ede"),
    ]
    assert answer.per_kind["registration"] == 2


def test_period_kinds_limit_and_a_selection(store: Store, clock: FixedClock, story) -> None:  # type: ignore[no-untyped-def]
    g = _guard(store, clock, 1)
    both = timeline.timeline(g, entity_ids=[story["p1"], story["p2"]], kinds=["incident"])
    assert [e.date for e in both.events] == ["2026-02-19", "2026-03-01"]
    march = timeline.timeline(
        g, entity_ids=[story["p1"]], start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    assert [e.kind for e in march.events] == ["incident", "registration"]
    capped = timeline.timeline(g, entity_ids=[story["p1"]], limit=1)
    assert len(capped.events) == 1 and capped.total == 3
    with pytest.raises(RaffError, match="unknown kind"):
        timeline.timeline(g, entity_ids=[story["p1"]], kinds=["gossip"])
    with pytest.raises(RaffError, match="start lies after"):
        timeline.timeline(g, entity_ids=[story["p1"]], start=date(2026, 5, 1), end=date(2026, 1, 1))


def test_a_hidden_or_missing_entity_has_no_events(store: Store, clock: FixedClock, story) -> None:  # type: ignore[no-untyped-def]
    g = _guard(store, clock, 1)
    hidden = timeline.timeline(g, entity_ids=[entity_id(store, "src/Incident/i9")])
    missing = timeline.timeline(g, entity_ids=["e" + "0" * 20])
    assert plain(hidden) == plain(missing)
    assert missing.events == [] and missing.total == 0


def test_case_timeline_holds_the_case_records(store: Store, clock: FixedClock, story) -> None:  # type: ignore[no-untyped-def]
    add_record(
        store,
        reg_id="zaak1",
        basis=9,
        case_id="ZAAK-1",
        first_processed=date(2026, 5, 1),
        entities=[("i5", "Incident", {"date": "2026-04-30", "incidentCode": "inbraak"})],
    )
    answer = timeline.case_timeline(_guard(store, clock, 1))
    assert [(e.date, e.kind, e.caption) for e in answer.events] == [
        ("2026-04-30", "incident", "2026-04-30 · inbraak"),
        ("2026-05-01", "registration", "src · src:zaak1"),
    ]
