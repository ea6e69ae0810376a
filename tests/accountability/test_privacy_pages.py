"""The accountability pages over HTTP: the privacy officer's access requests (register, the
Wpg 25 deadline, one postponement with its reason, audited; closing only with an art. 27 ground),
the supervisor's report and the Algorithm Register entry (page and JSON download), each readable
only by the roles its service allows."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.clock import FixedClock
from raffinaderij.services import accountability, accounts
from raffinaderij.store.db import Store
from support import add_record, guard_for, login

FORM = {
    "given_name": "Pieternella",
    "surname": "Oosterhuis",
    "birth_date": "1985-04-12",
    "bsn": "",
    "identity_check": "paspoort NX12345 gezien aan de balie",
}


def _client(store: Store, clock: FixedClock, user: str) -> TestClient:
    client = TestClient(create_app(store, clock=clock, secret="test"))
    login(client, user, None)
    return client


def _register(client: TestClient) -> str:
    r = client.post("/privacy/access", data=FORM, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r.headers["location"].rsplit("/", 1)[1]


def test_register_postpone_once_and_close_with_a_ground(store: Store, clock: FixedClock) -> None:
    add_record(store, reg_id="A1", entities=[("a", "Person", {**FORM, "bsn": "123456782"})])
    fg = _client(store, clock, "fg")
    listing = fg.get("/privacy/access")
    assert listing.status_code == 200 and "Nog geen inzageverzoeken" in listing.text
    bad = fg.post("/privacy/access", data=FORM | {"birth_date": "12-04-1985"})
    assert bad.status_code == 400 and 'value="Oosterhuis"' in bad.text  # the form is kept
    rid = _register(fg)
    due = (clock.now + timedelta(weeks=6)).date()
    listing = fg.get("/privacy/access")
    assert rid in listing.text and str(due) in listing.text

    # Wpg 25(1): at most four weeks, unless the data is at several units (six)
    r = fg.post(f"/privacy/access/{rid}/extend", data={"weeks": "5", "reason": "veel bronnen"})
    assert r.status_code == 403 and "1 to 4" not in r.text  # a Dutch reader gets Dutch
    r = fg.post(
        f"/privacy/access/{rid}/extend",
        data={"weeks": "5", "reason": "gegevens bij drie eenheden", "several_units": "true"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = fg.get(f"/privacy/access/{rid}")
    assert str(due + timedelta(weeks=5)) in page.text and "gegevens bij drie eenheden" in page.text
    again = fg.post(f"/privacy/access/{rid}/extend", data={"weeks": "1", "reason": "nog meer"})
    assert again.status_code == 403  # one postponement
    row = store.query(
        "SELECT outcome, query FROM audit_log WHERE service = 'access_request_extend' ORDER BY seq"
    )
    assert [o for o, _ in row] == ["denied", "ok", "denied"]
    assert json.loads(row[1][1])["reason"] == "gegevens bij drie eenheden"

    # overdue after the postponed deadline; refusing needs a ground
    clock.now = datetime(2027, 2, 1, 9, 0)
    fg = _client(store, clock, "fg")  # the session expired meanwhile
    assert "Termijn verstreken" in fg.get("/privacy/access").text
    assert fg.post(f"/privacy/access/{rid}/close", data={"outcome": "refused"}).status_code == 403
    r = fg.post(
        f"/privacy/access/{rid}/close",
        data={"outcome": "limited", "art27_ground": "b"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "beperkt" in fg.get(f"/privacy/access/{rid}").text


def test_postponement_after_the_deadline_is_refused(store: Store, clock: FixedClock) -> None:
    fg = _client(store, clock, "fg")
    rid = _register(fg)
    clock.now = datetime(2027, 1, 30, 9, 0)
    fg = _client(store, clock, "fg")
    r = fg.post(f"/privacy/access/{rid}/extend", data={"weeks": "2", "reason": "te laat gezien"})
    assert r.status_code == 403


def test_only_the_roles_the_services_allow(store: Store, clock: FixedClock) -> None:
    analyst = _client(store, clock, "analyst4")
    for path in ("/privacy/access", "/privacy/supervisor", "/privacy/algorithm-register"):
        r = analyst.get(path)
        assert r.status_code == 403, path
    assert analyst.post("/privacy/access", data=FORM).status_code == 403
    auditor = _client(store, clock, "auditor")
    assert auditor.get("/privacy/access").status_code == 403  # the privacy officer's desk
    assert auditor.get("/privacy/supervisor").status_code == 200
    nav = auditor.get("/privacy/supervisor").text
    assert 'href="/privacy/algorithm-register"' in nav and 'href="/privacy/access"' not in nav


def test_supervisor_page_shows_the_reports_figures(store: Store, clock: FixedClock) -> None:
    add_record(store, reg_id="old", first_processed=date(2015, 1, 1))
    _register(_client(store, clock, "fg"))
    auditor = _client(store, clock, "auditor")
    page = auditor.get("/privacy/supervisor")
    report = accountability.supervisor_report(guard_for(store, clock, "auditor", None))
    assert page.status_code == 200
    assert "registraties voorbij hun vernietigingstermijn</td><td>1<" in page.text
    assert report.retention["past_destruction_term"] == 1 and report.access_requests["open"] == 1
    assert "ontvangen</td><td>1<" in page.text and "keten klopt" in page.text
    assert "functionaris gegevensbescherming" in page.text  # the matrix, in Dutch


def test_register_entry_page_and_json_download(store: Store, clock: FixedClock) -> None:
    fg = _client(store, clock, "fg")
    none_yet = fg.get("/privacy/algorithm-register")
    assert none_yet.status_code == 403 and 'id="register-entry"' not in none_yet.text
    approved = clock.now - timedelta(days=1)
    store.query(
        "INSERT INTO resolve_models VALUES ('m1', ?, 'admin', 'lead', ?, '{}', 'h', 1, '{}')",
        [approved - timedelta(days=1), approved],
    )
    page = fg.get("/privacy/algorithm-register")
    assert page.status_code == 200 and "Menselijke tussenkomst" in page.text and "m1" in page.text
    download = fg.get("/privacy/algorithm-register.json")
    assert download.headers["content-disposition"].startswith("attachment")
    entry = json.loads(download.text)
    assert entry == fg.get("/api/privacy/algorithm-register").json()
    assert entry["self_learning"] is False and entry["standard_version"] == "1.0.0"


def test_covert_measure_thresholds_per_case(store: Store, clock: FixedClock) -> None:
    """BVerfG: which thresholds; the case page and the supervisor's report show per case the
    legal threshold and the covert-measure tags the case may see."""
    lead = guard_for(store, clock, "lead", None)
    accounts.create_case(
        lead,
        case_id="ZAAK-2",
        title="Drugshandel",
        basis=9,
        purpose="Onderzoek invoer",
        threshold="Verdenking art. 10 Opiumwet, ernstig misdrijf",
        facts="Observatieverslagen 1-4",
        covert_allowed=["observation"],
    )
    accounts.add_case_member(lead, case_id="ZAAK-2", username="analyst4")
    report = accountability.supervisor_report(guard_for(store, clock, "auditor", None))
    by_case = {c["case_id"]: c for c in report.thresholds}
    assert by_case["ZAAK-2"]["covert_allowed"] == ["observation"]
    assert by_case["ZAAK-1"]["covert_allowed"] == [] and by_case["ZAAK-1"]["threshold"]
    page = _client(store, clock, "auditor").get("/privacy/supervisor").text
    assert "Verdenking art. 10 Opiumwet" in page and "observatie" in page
    analyst = TestClient(create_app(store, clock=clock, secret="test"))
    login(analyst, "analyst4", "ZAAK-2")
    assert "observatie" in analyst.get("/case").text
    login(analyst, "analyst4", "ZAAK-1")
    assert "heimelijk verkregen gegevens blijven buiten" in analyst.get("/case").text
