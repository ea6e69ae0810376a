"""Wpg 25 access requests on hand-made data: the report lists every registration of the person
(every case, art. 14 and blocked ones marked), the comparisons that hit them and who consulted
them, and nothing of anyone else: not the spouse in the same registration, not the twin (same
surname and birth date, wrongly linked by resolution), not the namesake (same name, another
birth date)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pyarrow as pa
import pypdf
import pytest
from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.api.routes import plain
from raffinaderij.clock import FixedClock
from raffinaderij.errors import Denied, NotFound
from raffinaderij.services import access, compare, entity
from raffinaderij.store.db import Store
from raffinaderij.store.entity_ids import assign_groups
from support import add_record, entity_id, guard_for, login

BSN, TWIN_BSN, SPOUSE_BSN = "123456782", "999888705", "999888717"
DOB = "1985-04-12"
PERSON = {"givenName": "Pieternella", "surname": "Oosterhuis", "birthDate": DOB}
OTHERS = ("Cornelia", TWIN_BSN, "Kees", SPOUSE_BSN, "1990-09-09", "Keesstraat")


def _world(store: Store) -> dict[str, str]:
    regs = {}
    regs["home"] = add_record(
        store,
        source="bvh",
        reg_id="A1",
        entities=[
            ("a", "Person", PERSON | {"bsn": BSN}),
            ("kees", "Person", {"givenName": "Kees", "surname": "Oosterhuis", "bsn": SPOUSE_BSN}),
            ("adr", "Address", {"street": "Dorpsweg", "houseNumber": "7", "postcode": "1234AB"}),
            ("adr2", "Address", {"street": "Keesstraat", "houseNumber": "1"}),
            ("tel", "Phone", {"number": "+31611112222"}),
        ],
        links=[
            ("a", "livesAt", "adr", None),
            ("a", "usesPhone", "tel", None),
            ("kees", "livesAt", "adr2", None),
        ],
    )
    regs["case"] = add_record(
        store,
        source="zaak",
        reg_id="A2",
        basis=9,
        case_id="ZAAK-1",
        entities=[("a", "Person", PERSON)],
    )
    regs["old"] = add_record(
        store,
        source="oud",
        reg_id="A3",
        first_processed=date(2015, 3, 1),
        stage="art14",
        blocked=True,
        entities=[("a", "Person", {"surname": "Oosterhuis", "bsn": BSN})],
    )
    regs["married"] = add_record(
        store,
        source="brp",
        reg_id="A4",
        entities=[
            ("a", "Person", {"givenName": "Pieternella", "surname": "Bakker", "birthDate": DOB})
        ],
    )
    twin = add_record(
        store,
        source="bvh",
        reg_id="T1",
        entities=[("t", "Person", PERSON | {"givenName": "Cornelia", "bsn": TWIN_BSN})],
    )
    twin_nobsn = add_record(
        store,
        source="bvh",
        reg_id="T2",
        entities=[("t2", "Person", PERSON | {"givenName": "Cornelia"})],
    )
    namesake = add_record(
        store,
        source="bvh",
        reg_id="N1",
        entities=[("n", "Person", PERSON | {"birthDate": "1990-09-09"})],
    )
    # resolution links the married name to her, and wrongly the twin's records too
    cur = store.cursor()
    keys = [
        "bvh/Person/a",
        "zaak/Person/a",
        "oud/Person/a",
        "brp/Person/a",
        "bvh/Person/t",
        "bvh/Person/t2",
    ]
    assign_groups(cur, pa.table({"entity_key": keys, "grp": ["g"] * len(keys)}))
    cur.close()
    return regs | {"twin": twin, "twin2": twin_nobsn, "namesake": namesake}


def _world_seen(store: Store, clock: FixedClock) -> dict[str, str]:
    """The world, with an analyst who consulted her entity and a comparison that hit her."""
    regs = _world(store)
    analyst = guard_for(store, clock, "analyst4")
    entity.entity_view(analyst, entity_id=entity_id(store, "bvh/Person/a"))
    compare.compare(analyst, subjects=[{"bsn": BSN}])
    return regs


def _register(store: Store, clock: FixedClock, **extra: str) -> access.AccessRequest:
    return access.access_request_register(
        guard_for(store, clock, "fg", None),
        given_name="Pieternella",
        surname="Oosterhuis",
        birth_date=date(1985, 4, 12),
        identity_check="paspoort NX12345 gezien aan de balie",
        **({"bsn": BSN} | extra),  # type: ignore[arg-type]
    )


def test_report_lists_her_records_and_nothing_of_anyone_else(
    store: Store, clock: FixedClock
) -> None:
    regs = _world_seen(store, clock)
    req = _register(store, clock)
    assert req.deadline == date(2026, 12, 13) and req.status == "open"
    report = access.access_report(guard_for(store, clock, "fg", None), request_id=req.request_id)

    got = {r.reg_key for r in report.registrations}
    assert got == {regs["home"], regs["case"], regs["old"], regs["married"]}
    by_key = {r.reg_key: r for r in report.registrations}
    assert by_key[regs["old"]].blocked and by_key[regs["old"]].stage == "art14"
    assert by_key[regs["case"]].case_id == "ZAAK-1"
    assert "linked" in by_key[regs["married"]].how_matched
    home = by_key[regs["home"]]
    assert ("bsn", BSN) in home.values and ("usesPhone", "Phone", "+31611112222") in home.links
    text = json.dumps(plain(report), ensure_ascii=False)
    for other in OTHERS:
        assert other not in text, other
    assert report.comparisons and report.comparisons[0].key_types
    who = {(c.username, c.service) for c in report.consultations}
    assert ("analyst4", "entity_view") in who
    row = store.query(
        "SELECT record_ids FROM audit_log WHERE service = 'access_report' ORDER BY seq DESC LIMIT 1"
    )
    assert set(json.loads(row[0][0])) == got


def test_nothing_held_and_deadlines(store: Store, clock: FixedClock) -> None:
    req = _register(store, clock, bsn="111222333")
    fg = guard_for(store, clock, "fg", None)
    report = access.access_report(fg, request_id=req.request_id)
    assert report.registrations == [] and report.consultations == []
    clock.now = datetime(2026, 12, 14, 9, 0)
    listed = access.access_requests(fg)
    assert [r.overdue for r in listed] == [True]
    with pytest.raises(Denied):
        access.access_request_close(fg, request_id=req.request_id, outcome="refused")
    closed = access.access_request_close(
        fg, request_id=req.request_id, outcome="limited", art27_ground="b"
    )
    assert (closed.status, closed.art27_ground, closed.overdue) == ("limited", "b", False)


def test_only_the_privacy_officer(store: Store, clock: FixedClock) -> None:
    req = _register(store, clock)
    for user in ("analyst4", "admin", "auditor"):
        with pytest.raises(Denied):
            access.access_report(guard_for(store, clock, user, None), request_id=req.request_id)


def test_api_and_page(store: Store, clock: FixedClock) -> None:
    regs = _world(store)
    client = TestClient(create_app(store, clock=clock, secret="test"))
    login(client, "fg", None)
    r = client.post(
        "/api/privacy/access-requests",
        json={
            "given_name": "Pieternella",
            "surname": "Oosterhuis",
            "birth_date": DOB,
            "bsn": BSN,
            "identity_check": "rijbewijs gecontroleerd",
        },
    )
    assert r.status_code == 200, r.text
    rid = r.json()["request_id"]
    report = client.get(f"/api/privacy/access-requests/{rid}/report").json()
    assert {x["reg_key"] for x in report["registrations"]} == {
        regs["home"],
        regs["case"],
        regs["old"],
        regs["married"],
    }
    page = client.get(f"/privacy/access/{rid}")
    assert page.status_code == 200 and regs["home"] in page.text
    assert all(o not in page.text for o in OTHERS)
    assert client.get("/api/privacy/access-requests/ar-nope/report").status_code == 404


def _pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_answer_pdf_per_registration_with_term_and_withheld_ground(
    store: Store, clock: FixedClock
) -> None:
    regs = _world_seen(store, clock)
    req = _register(store, clock)
    fg = guard_for(store, clock, "fg", None)
    with pytest.raises(Denied):  # a ground of Wpg 27(1) is required
        access.access_withhold(
            fg,
            request_id=req.request_id,
            reg_key=regs["case"],
            ground="z",
            reason="lopend onderzoek",
        )
    with pytest.raises(NotFound):  # only her registrations can be withheld
        access.access_withhold(
            fg, request_id=req.request_id, reg_key="bvh:T1", ground="b", reason="lopend onderzoek"
        )
    access.access_withhold(
        fg, request_id=req.request_id, reg_key=regs["case"], ground="b", reason="lopend onderzoek"
    )
    client = TestClient(create_app(store, clock=clock, secret="test"))
    login(client, "fg", None)
    r = client.get(f"/api/privacy/access-requests/{req.request_id}/pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = _pdf_text(r.content)
    # her data per registration, with the article and the term
    assert "Dorpsweg" in text and "+31611112222" in text and BSN in text
    assert "art. 8 Wpg" in text and "vernietigd op 2036-" in text.replace("\n", " ")
    assert "vrij doorzoekbaar tot 2027-" in text.replace("\n", " ")
    # the withheld registration is named with its ground, not described
    assert "Achtergehouden" in text and "art. 27 lid 1 onder b" in text.replace("\n", " ")
    assert "zaak A2" not in text and "ZAAK-1" not in text.split("Achtergehouden")[1][:200]
    # who consulted it and the comparisons it appeared in
    assert "analyst4" in text
    # nothing of anyone else
    for other in OTHERS:
        assert other not in text, other
    row = store.query(
        "SELECT action, record_ids FROM audit_log WHERE service = 'access_report_disclose'"
    )
    assert row[0][0] == "disclose"
    assert set(json.loads(row[0][1])) == {regs["home"], regs["old"], regs["married"]}
    page = client.get(f"/privacy/access/{req.request_id}")
    assert f"/api/privacy/access-requests/{req.request_id}/pdf" in page.text
    assert client.get("/api/privacy/access-requests/ar-nope/pdf").status_code == 404
