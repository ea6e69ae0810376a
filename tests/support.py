"""Test support: small stores built by hand (registrations and statements as ingest writes them),
a world of users and cases, and login helpers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from raffinaderij.clock import FixedClock
from raffinaderij.guard.policy import policy
from raffinaderij.guard.session import Guard, load_case, load_user
from raffinaderij.services import accounts
from raffinaderij.store.db import Store
from raffinaderij.store.entity_ids import assign_new_keys

NOW = datetime(2026, 11, 1, 12, 0)
PASSWORD = "test-wachtwoord"


def add_record(
    store: Store,
    *,
    source: str = "src",
    reg_id: str,
    basis: int = 8,
    first_processed: date = date(2026, 6, 1),
    level: int = 1,
    confidentiality: str = "N",
    covert: str | None = None,
    case_id: str | None = None,
    blocked: bool = False,
    stage: str = "active",
    role: str = "suspect",
    entities: list[tuple[str, str, dict[str, Any]]] = (),  # type: ignore[assignment]
    links: list[tuple[str, str, str, str | None]] = (),  # type: ignore[assignment]
) -> str:
    """entities: (local key, type, {prop: value}); links: (from key, type, to key, role)."""
    reg_key = f"{source}:{reg_id}"
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO registrations VALUES (?,?,?,?,?,?,?,'A1','aangifte',?,'fact',?,?,?,?,'h','b1',?)",
            [
                reg_key,
                source,
                reg_id,
                basis,
                first_processed,
                level,
                confidentiality,
                covert,
                role,
                case_id,
                blocked,
                stage,
                NOW,
            ],
        )
        for key, schema, props in entities:
            for prop, value in props.items():
                for v in value if isinstance(value, list) else [value]:
                    cur.execute(
                        "INSERT INTO statements VALUES (?,?,?,?,?,NULL)",
                        [reg_key, f"{source}/{schema}/{key}", schema, prop, str(v)],
                    )
        types = {key: schema for key, schema, _ in entities}
        for frm, link, to, qual in links:
            cur.execute(
                "INSERT INTO statements VALUES (?,?,?,?,?,?)",
                [
                    reg_key,
                    f"{source}/{types[frm]}/{frm}",
                    types[frm],
                    link,
                    f"{source}/{types[to]}/{to}",
                    qual,
                ],
            )
        assign_new_keys(cur)
    return reg_key


def add_suspect(
    store: Store,
    *,
    reg_id: str,
    person: str,
    name: tuple[str, str, str],
    suffix: str,
    street: str,
    number: str,
    plate: str,
    source: str = "src",
    first_processed: date = date(2025, 6, 1),
) -> str:
    """One registration: a person (given name, surname, birth date) suspect in an incident, living
    at an address and driving a vehicle; local keys end in `suffix` (i1, a1, v1)."""
    given, surname, birth = name
    return add_record(
        store,
        reg_id=reg_id,
        source=source,
        first_processed=first_processed,
        entities=[
            (person, "Person", {"givenName": given, "surname": surname, "birthDate": birth}),
            (f"i{suffix}", "Incident", {"description": f"Inbraak {street}", "date": "2025-05-30"}),
            (
                f"a{suffix}",
                "Address",
                {"postcode": "1234AB", "houseNumber": number, "street": street},
            ),
            (f"v{suffix}", "Vehicle", {"plate": plate}),
        ],
        links=[
            (person, "involvedIn", f"i{suffix}", "suspect"),
            (person, "livesAt", f"a{suffix}", None),
            (person, "drives", f"v{suffix}", None),
        ],
    )


def entity_id(store: Store, entity_key: str) -> str:
    """The opaque id of an entity-in-source key (tests know keys; answers carry ids only)."""
    rows = store.query("SELECT entity_id FROM entity_ids WHERE entity_key = ?", [entity_key])
    assert rows, f"no entity id for {entity_key}"
    return str(rows[0][0])


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
    # state-changing calls carry the session's CSRF token (forms accept the header too)
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    if case_id:
        r = client.post("/api/session/case", json={"case_id": case_id, "purpose": "test"})
        assert r.status_code == 200, r.text


def api_routes(app) -> list:  # type: ignore[no-untyped-def,type-arg]
    """Every APIRoute of the app. FastAPI >= 0.165 keeps included routers as branches
    (`_IncludedRouter`), so `app.routes` alone holds only the app's own routes: walk them."""
    from fastapi.routing import APIRoute

    found: list[APIRoute] = []

    def walk(routes) -> None:  # type: ignore[no-untyped-def]
        for route in routes:
            if isinstance(route, APIRoute):
                found.append(route)
            elif hasattr(route, "original_router"):
                # our routers carry their prefix themselves; an include prefix would change paths
                assert not route.include_context.prefix, "include_router(prefix=...) not walked"
                walk(route.original_router.routes)

    walk(app.routes)
    assert len(found) > 30, "the route walk found too few routes"
    return found


def add_case_lead(store: Store, clock: FixedClock, username: str, level: int = 4) -> None:
    """A second case lead of ZAAK-1 (four-eyes steps need one who did not do the first)."""
    accounts.bootstrap_user(
        store,
        username=username,
        password=PASSWORD,
        display_name=username.title(),
        roles=["case_lead"],
        level=level,
    )
    lead = guard_for(store, clock, "lead", None)
    accounts.add_case_member(lead, case_id="ZAAK-1", username=username, role="lead")


def ingest_generated(store: Store, clock: FixedClock, folder: Any) -> None:
    """Ingest, as the administrator, every source the demo generator wrote in `folder` (not the
    comparison subjects, which are an upload)."""
    from pathlib import Path

    from rich.console import Console

    from raffinaderij.cli.demo import demo_ingest

    demo_ingest(guard_for(store, clock, "admin", case_id=None), Path(folder), Console(quiet=True))


def resolve_persons(store: Store, clock: FixedClock) -> None:
    """Train a person model (administrator), approve it (a lead) and run it."""
    from raffinaderij.services import resolution

    admin = guard_for(store, clock, "admin", case_id=None)
    version = resolution.train_model(admin, seed=1)
    resolution.approve_model(guard_for(store, clock, "lead", case_id=None), version=version)
    resolution.run_resolution(admin)
