"""A case with people in registrations of different levels, and a second lead (issue 11)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from raffinaderij.services import accounts
from support import PASSWORD, add_record, entity_id, guard_for


@pytest.fixture
def people(store, clock) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    accounts.bootstrap_user(
        store,
        username="lead2",
        password=PASSWORD,
        display_name="Lead Twee",
        roles=["case_lead"],
        level=4,
    )
    lead = guard_for(store, clock, "lead", None)
    accounts.add_case_member(lead, case_id="ZAAK-1", username="lead2", role="lead")
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
