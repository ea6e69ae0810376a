"""A case with people in registrations of different levels, and a second lead (issue 11)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from support import add_case_lead, add_record, entity_id


@pytest.fixture
def people(store, clock) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    add_case_lead(store, clock, "lead2")
    # Piet: a level-1 record (recent art. 8) and a level-3 record of the same source person
    add_record(
        store,
        reg_id="p1",
        level=1,
        first_processed=date(2026, 6, 1),
        entities=[
            (
                "piet",
                "Person",
                {"givenName": "Piet", "surname": "Pietersen", "birthDate": "1975-05-06"},
            )
        ],
    )
    add_record(
        store,
        reg_id="p3",
        level=3,
        entities=[("piet", "Person", {"phone": "+31612345678"})],
    )
    add_record(
        store,
        reg_id="k1",
        level=1,
        entities=[("klaas", "Person", {"givenName": "Klaas", "surname": "Klaassen"})],
    )
    return {
        "piet": entity_id(store, "src/Person/piet"),
        "klaas": entity_id(store, "src/Person/klaas"),
    }
