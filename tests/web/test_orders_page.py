"""The register of orders on the comparison page (LAW-08): a lead records, an analyst picks."""

from __future__ import annotations

from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from support import login


def test_a_lead_records_an_order_and_an_analyst_can_only_pick_it(store, clock) -> None:  # type: ignore[no-untyped-def]
    app = create_app(store, clock=clock, secret="t")
    analyst = TestClient(app, follow_redirects=False)
    login(analyst, "analyst1")
    page = analyst.get("/compare").text
    assert 'id="order-form"' not in page  # analysts see the register, not the form
    order = {
        "reference": "OvJ-2026-17",
        "issued_by": "OvJ mr. De Vries",
        "issued_on": "2026-10-20",
        "valid_until": "",
        "scope": "vergelijken met andere zaken",
    }
    r = analyst.post("/compare/orders", data=order)
    assert r.status_code == 403  # the service refuses, whatever the page shows
    assert "OvJ-2026-17" not in analyst.get("/compare").text

    lead = TestClient(app, follow_redirects=False)
    login(lead, "lead")
    assert 'id="order-form"' in lead.get("/compare").text
    bad = lead.post("/compare/orders", data=order | {"issued_on": "gisteren"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text
    r = lead.post("/compare/orders", data=order)
    assert r.status_code == 303 and r.headers["location"] == "/compare"

    page = analyst.get("/compare").text
    assert '<option value="OvJ-2026-17">' in page
    listed = analyst.get("/api/cases/ZAAK-1/orders").json()
    assert [(o["reference"], o["in_force"], o["recorded_by"]) for o in listed] == [
        ("OvJ-2026-17", True, "lead")
    ]
