"""LAW-16: every figure of the supervisor's report equals a recount from the audit log (and the
application tables); the Algorithm Register entry has every field of the standard within its
length limit and follows the approved model."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date, datetime, timedelta

import pypdf
import pytest
from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.clock import FixedClock
from raffinaderij.errors import Denied
from raffinaderij.services import accountability, compare, retention, search
from raffinaderij.services.accountability import REGISTER_LIMITS, USAGE
from raffinaderij.store.db import Store
from support import add_record, guard_for, login


def test_figures_equal_a_recount_of_the_log(store: Store, clock: FixedClock) -> None:
    add_record(store, reg_id="1", entities=[("p", "Person", {"surname": "Jansen"})])
    add_record(store, reg_id="old", first_processed=date(2015, 1, 1))
    for user, q in (("analyst1", "jansen"), ("analyst4", "pietersen"), ("analyst2", "jansen")):
        search.search(guard_for(store, clock, user), q=q)
    search.search(guard_for(store, clock, "analyst1", "THEMA-1"), q="jansen")
    compare.compare(guard_for(store, clock, "analyst4"), subjects=[{"surname": "Jansen"}])
    with pytest.raises(Denied):
        retention.retention_run(guard_for(store, clock, "analyst1", None))
    sup = guard_for(store, clock, "auditor", None)
    before = accountability.supervisor_report(sup)
    assert before.retention["past_destruction_term"] == 1

    rows = store.query("SELECT coalesce(case_id, '-'), service, outcome FROM audit_log")
    report = accountability.supervisor_report(sup)  # its own call is logged after it counts
    calls = Counter(c for c, _, _ in rows)
    assert {c: f["calls"] for c, f in report.usage.items()} == dict(calls)
    for figure, services in USAGE.items():
        recount = Counter(c for c, s, o in rows if s in services and o == "ok")
        assert {c: f[figure] for c, f in report.usage.items() if f[figure]} == dict(recount)
    denials = Counter(c for c, _, o in rows if o == "denied")
    assert {c: f["denials"] for c, f in report.usage.items() if f["denials"]} == dict(denials)
    assert report.usage["ZAAK-1"]["searches"] == 3 and report.usage["THEMA-1"]["searches"] == 1
    assert report.log["verified"] and report.log["rows"] == len(rows)
    matrix = {a["username"]: a for a in report.authorisations}
    assert matrix["analyst3"]["level"] == 3 and matrix["analyst3"]["cases"] == {
        "ZAAK-1": "analyst",
        "THEMA-1": "analyst",
    }
    assert "Jansen" not in json.dumps(report.usage) + json.dumps(report.authorisations)

    retention.retention_run(guard_for(store, clock, "admin", None))
    after = accountability.supervisor_report(sup)
    assert after.retention == {
        "past_analysis_term": 0,
        "past_destruction_term": 0,
        "rewrites_owed": 0,
    }
    assert after.tombstones == {"destroyed": 1}
    with pytest.raises(Denied):
        accountability.supervisor_report(guard_for(store, clock, "analyst4", None))


def _model(store: Store, version: str, approved_at: datetime) -> None:
    store.query(
        "INSERT INTO resolve_models VALUES (?, ?, 'admin', 'lead', ?, '{}', 'h', 1, '{}')",
        [version, approved_at - timedelta(days=1), approved_at],
    )


def test_register_entry_follows_the_approved_model(store: Store, clock: FixedClock) -> None:
    fg = guard_for(store, clock, "fg", None)
    with pytest.raises(Denied):
        accountability.algorithm_register_entry(fg)
    _model(store, "m20261001-aaaa", datetime(2026, 10, 1))
    entry = accountability.algorithm_register_entry(fg)
    required = (
        *REGISTER_LIMITS,
        "status",
        "legal_basis_links",
        "provider",
        "source_code",
        "language",
        "standard_version",
    )
    for name in required:
        assert entry[name], name
    for name, limit in REGISTER_LIMITS.items():
        assert len(entry[name]) < limit, name
    assert entry["self_learning"] is False and "m20261001-aaaa" in entry["technical_operation"]
    assert "niet tijdens gebruik" in entry["technical_operation"]
    _model(store, "m20261020-bbbb", datetime(2026, 10, 20))
    assert accountability.algorithm_register_entry(fg)["model_version"] == "m20261020-bbbb"


def _pdf_text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def test_the_report_as_pdf_has_the_same_figures(store: Store, clock: FixedClock) -> None:
    add_record(store, reg_id="1", entities=[("p", "Person", {"surname": "Jansen"})])
    add_record(store, reg_id="old", first_processed=date(2015, 1, 1))
    search.search(guard_for(store, clock, "analyst1"), q="jansen")
    client = TestClient(create_app(store, clock=clock, secret="test"))
    login(client, "analyst1")
    assert client.get("/api/privacy/supervisor-report/pdf").status_code == 403
    login(client, "auditor", None)
    page = client.get("/privacy/supervisor").text
    assert 'id="supervisor-pdf"' in page
    r = client.get("/api/privacy/supervisor-report/pdf", params={"lang": "en"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = _pdf_text(r.content)
    report = accountability.supervisor_report(guard_for(store, clock, "auditor", None))
    assert "Auditor (auditor)" in text  # the reader, on every page
    for case in report.thresholds:
        assert f"{case['case_id']}" in text and case["threshold"] in text
    for a in report.authorisations:
        assert a["username"] in text
    zaak = report.usage["ZAAK-1"]
    figures = ["calls", "searches", "entity_views", "comparisons", "consent_requests"]
    assert "ZAAK-1 " + " ".join(str(zaak[f]) for f in figures) in text
    assert f"{report.retention['past_destruction_term']}" in text and "Jansen" not in text
    rows = store.query(
        "SELECT action, username, outcome FROM audit_log"
        " WHERE service = 'supervisor_report_disclose' ORDER BY seq"
    )
    assert rows == [("disclose", "analyst1", "denied"), ("disclose", "auditor", "ok")]
