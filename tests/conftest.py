"""Shared fixtures: an in-memory store with users and cases, a fixed clock, an API client."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from raffinaderij.clock import FixedClock  # noqa: E402
from raffinaderij.guard.policy import policy  # noqa: E402
from raffinaderij.guard.session import Guard, load_case, load_user  # noqa: E402
from raffinaderij.services import accounts  # noqa: E402
from raffinaderij.store.db import Store, open_store  # noqa: E402
from records import NOW  # noqa: E402

PASSWORD = "test-wachtwoord"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def make_world(store: Store, clock: FixedClock) -> None:
    """Users of each role and level, an art. 9 case and an art. 10 theme."""
    for name, roles, level in [
        ("admin", ["admin"], 4),
        ("lead", ["case_lead"], 4),
        ("fg", ["privacy_officer"], 4),
        ("auditor", ["auditor"], 1),
        *[(f"analyst{n}", ["analyst"], n) for n in (1, 2, 3, 4)],
    ]:
        accounts.bootstrap_user(
            store,
            username=name,
            password=PASSWORD,
            display_name=name.title(),
            roles=roles,
            level=level,
        )
    lead = Guard(store, load_user(store, "lead"), policy=policy(), clock=clock)
    accounts.create_case(
        lead,
        case_id="ZAAK-1",
        title="Woninginbraken",
        basis=9,
        purpose="Onderzoek inbraken",
        threshold="Verdenking art. 311 Sr",
        facts="Aangiften 12-14",
    )
    accounts.create_case(
        lead,
        case_id="THEMA-1",
        title="Ondermijning",
        basis=10,
        purpose="Thema",
        threshold="Art. 10 Wpg",
        facts="Signalen",
    )
    for case_id in ("ZAAK-1", "THEMA-1"):
        for n in (1, 2, 3, 4):
            accounts.add_case_member(lead, case_id=case_id, username=f"analyst{n}")


@pytest.fixture
def store(clock: FixedClock) -> Iterator[Store]:
    s = open_store(":memory:")
    make_world(s, clock)
    yield s
    s.close()


def guard_for(
    store: Store,
    clock: FixedClock,
    username: str,
    case_id: str | None = "ZAAK-1",
    purpose: str = "test",
) -> Guard:
    case = load_case(store, case_id) if case_id else None
    return Guard(
        store,
        load_user(store, username),
        policy=policy(),
        clock=clock,
        case=case,
        purpose=purpose if case else None,
    )


def login(client, username: str, case_id: str | None = "ZAAK-1") -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    if case_id:
        r = client.post("/api/session/case", json={"case_id": case_id, "purpose": "test"})
        assert r.status_code == 200, r.text
