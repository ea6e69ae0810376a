"""Signals to chain partners (issue 11, LAW-12): provision rules from the policy file, four eyes,
agreement of the competent authority, the provision record, the letter without the product."""

from __future__ import annotations

import io
import json
from typing import Any

import pypdf
import pytest
from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.errors import Denied, NotFound, RaffError
from raffinaderij.services import accountability, privacy, products, retention, signals
from raffinaderij.web.report import letter_pdf
from support import add_case_lead, guard_for, login


@pytest.fixture
def issued(store, clock, people) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    author, reviewer = guard_for(store, clock, "analyst3"), guard_for(store, clock, "analyst4")
    p = products.create_product(author, title="Geheim productoverzicht", purpose="Beeld")
    products.add_finding(author, product_id=p.product_id, heading="Duiding", text="Vertrouwelijk.")
    products.cite_entity(author, product_id=p.product_id, entity_id=people["piet"])
    products.submit_product(author, product_id=p.product_id)
    products.review_product(reviewer, product_id=p.product_id, decision="issue")
    view = products.product_view(author, product_id=p.product_id)
    facts = {f.prop: f.no for f in view.sections[1].facts}
    municipality = signals.register_recipient(
        guard_for(store, clock, "fg", None), organisation="Gemeente Utrecht", kind="municipality"
    )
    return {"pid": p.product_id, "facts": facts, "rid": municipality.recipient_id}


def _draft(store, clock, issued, **extra: Any) -> signals.SignalView:  # type: ignore[no-untyped-def]
    args = {
        "product_id": issued["pid"],
        "recipient_id": issued["rid"],
        "article": "Wpg 19",
        "purpose": "Bibob-toets vergunning horeca",
        "ground": "organised_crime",
        "ground_facts": "Witwassen via horecapanden, PV 2026-123",
        "fact_nos": [issued["facts"]["surname"], issued["facts"]["birthDate"]],
    } | extra
    return signals.draft_signal(guard_for(store, clock, "lead"), **args)


def test_recipient_types_and_articles_come_from_the_policy(store, clock, issued) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RaffError, match="unknown recipient type"):
        signals.register_recipient(
            guard_for(store, clock, "fg", None), organisation="Krant", kind="newspaper"
        )
    with pytest.raises(Denied):  # analysts do not keep the register of recipients
        signals.register_recipient(
            guard_for(store, clock, "analyst1", None), organisation="X", kind="municipality"
        )
    with pytest.raises(Denied, match="does not allow"):
        _draft(store, clock, issued, article="Wpg 16(1)(c)")
    with pytest.raises(Denied, match="concrete ground"):
        _draft(store, clock, issued, ground="curiosity")
    with pytest.raises(Denied, match="lead"):
        signals.draft_signal(
            guard_for(store, clock, "analyst4"),
            product_id=issued["pid"],
            recipient_id=issued["rid"],
            article="Wpg 19",
            purpose="Bibob-toets vergunning",
            ground="organised_crime",
            ground_facts="Witwassen via horecapanden",
            fact_nos=[1],
        )
    with pytest.raises(RaffError, match="no facts numbered"):
        _draft(store, clock, issued, fact_nos=[999])


def test_only_an_issued_product_gives_a_signal(store, clock, people, issued) -> None:  # type: ignore[no-untyped-def]
    draft = products.create_product(
        guard_for(store, clock, "analyst1"), title="Concept", purpose="Doel"
    )
    with pytest.raises(Denied, match="issued product"):
        _draft(store, clock, issued, product_id=draft.product_id, fact_nos=[1])


def test_four_eyes_agreement_and_the_provision_record(store, clock, issued) -> None:  # type: ignore[no-untyped-def]
    lead, lead2 = guard_for(store, clock, "lead"), guard_for(store, clock, "lead2")
    signal = _draft(store, clock, issued)
    assert sorted(i.prop for i in signal.items) == ["birthDate", "surname"]
    assert all(i.reg_key == "src:p1" for i in signal.items)
    with pytest.raises(Denied, match="approved"):  # no approval, no sending
        signals.send_signal(lead, signal_id=signal.signal_id)
    with pytest.raises(Denied, match="agreement"):  # Wpg 19 needs the OM's agreement
        signals.approve_signal(lead2, signal_id=signal.signal_id)
    signals.record_agreement(lead, signal_id=signal.signal_id, agreement="OM-2026-0042")
    with pytest.raises(Denied, match="second person"):
        signals.approve_signal(lead, signal_id=signal.signal_id)
    with pytest.raises(Denied, match="lead"):  # leads approve, analysts do not
        signals.approve_signal(guard_for(store, clock, "analyst4"), signal_id=signal.signal_id)
    approved = signals.approve_signal(lead2, signal_id=signal.signal_id)
    assert approved.approved_by == "lead2" and approved.state == "approved"
    assert store.query("SELECT count(*) FROM provisions")[0][0] == 0
    provision = signals.send_signal(lead, signal_id=signal.signal_id)
    assert (provision.organisation, provision.article, provision.approved_by) == (
        "Gemeente Utrecht",
        "Wpg 19",
        "lead2",
    )
    with pytest.raises(RaffError, match="already sent"):
        signals.send_signal(lead, signal_id=signal.signal_id)
    register = signals.provisions_register(guard_for(store, clock, "fg", None))
    assert [p.provision_id for p in register] == [provision.provision_id]
    assert {i["reg_key"] for i in register[0].items} == {"src:p1"}
    assert register[0].agreement == "OM-2026-0042" and register[0].purpose.startswith("Bibob")
    # values are not kept in the register, and analysts do not read it
    assert "Pietersen" not in repr(register)
    with pytest.raises(Denied):
        signals.provisions_register(guard_for(store, clock, "analyst4", None))
    audit = store.query(
        "SELECT username, action FROM audit_log WHERE service = 'send_signal' AND outcome = 'ok'"
    )
    assert audit == [("lead", "disclose")]


def test_an_article_without_conditions_needs_approval_all_the_same(store, clock, issued) -> None:  # type: ignore[no-untyped-def]
    signal = _draft(store, clock, issued, article="Wpg 18")
    with pytest.raises(Denied, match="approved"):
        signals.send_signal(guard_for(store, clock, "lead"), signal_id=signal.signal_id)
    signals.approve_signal(guard_for(store, clock, "lead2"), signal_id=signal.signal_id)
    assert signals.send_signal(guard_for(store, clock, "lead2"), signal_id=signal.signal_id)


def test_the_approver_must_see_every_item(store, clock, issued) -> None:  # type: ignore[no-untyped-def]
    add_case_lead(store, clock, "lead_l2", level=2)
    signal = _draft(store, clock, issued, article="Wpg 18")
    with pytest.raises(NotFound):  # a level-3 product: a level-2 lead cannot open the signal
        signals.approve_signal(guard_for(store, clock, "lead_l2"), signal_id=signal.signal_id)
    # an item that left analysis after drafting cannot be approved or sent
    store.query("UPDATE registrations SET blocked = true WHERE reg_key = 'src:p1'")
    with pytest.raises(Denied, match="may not see"):
        signals.approve_signal(guard_for(store, clock, "lead2"), signal_id=signal.signal_id)


def test_the_letter_holds_the_items_never_the_product(store, clock, issued) -> None:  # type: ignore[no-untyped-def]
    signal = _draft(store, clock, issued, article="Wpg 18")
    with pytest.raises(Denied, match="approved"):
        signals.signal_letter(guard_for(store, clock, "lead"), signal_id=signal.signal_id)
    signals.approve_signal(guard_for(store, clock, "lead2"), signal_id=signal.signal_id)
    view = signals.signal_letter(guard_for(store, clock, "lead"), signal_id=signal.signal_id)
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(letter_pdf(view))).pages
    )
    assert "Gemeente Utrecht" in text and "Pietersen" in text and "Wpg 18" in text
    assert "1975-05-06" in text
    # neither the product nor anything not chosen as an item
    for absent in ("Geheim productoverzicht", "Vertrouwelijk", "+31612345678", "Piet\n"):
        assert absent not in text


def test_rectification_and_destruction_notify_the_recipients(store, clock, issued) -> None:  # type: ignore[no-untyped-def]
    """Wpg 28: a rectified or destroyed registration that was provided in a signal gives a
    notification for the recipient, on the signal page and in the supervisor's report."""
    lead, lead2 = guard_for(store, clock, "lead"), guard_for(store, clock, "lead2")
    signal = _draft(store, clock, issued, article="Wpg 18")
    signals.approve_signal(lead2, signal_id=signal.signal_id)
    provision = signals.send_signal(lead, signal_id=signal.signal_id)
    fg = guard_for(store, clock, "fg", None)
    # a registration never provided notifies no one
    other = privacy.registration_rectify(
        fg,
        reg_key="src:k1",
        entity_key="src/Person/klaas",
        prop="surname",
        value="Klaasen",
        reason="schrijffout, verzoek betrokkene",
    )
    assert other.notify == []
    fixed = privacy.registration_rectify(
        fg,
        reg_key="src:p1",
        entity_key="src/Person/piet",
        prop="surname",
        value="Pieterse",
        reason="verkeerde achternaam, verzoek betrokkene",
    )
    assert fixed.notify == ["Gemeente Utrecht"]
    view = signals.signal_view(lead, signal_id=signal.signal_id)
    assert [(n.kind, n.props, n.provision_id) for n in view.notifications] == [
        ("rectified", ["birthDate", "surname"], provision.provision_id)
    ]
    gone = privacy.registration_destroy(fg, reg_key="src:p1", reason="onrechtmatig verwerkt")
    assert gone.notify == ["Gemeente Utrecht"]
    report = accountability.supervisor_report(guard_for(store, clock, "auditor", None))
    assert report.provisions == {"provisions": 1, "notifications": 2}
    assert sorted((n.organisation, n.kind) for n in report.notifications) == [
        ("Gemeente Utrecht", "destroyed"),
        ("Gemeente Utrecht", "rectified"),
    ]
    # no value and no registration key in a notification
    rows = store.query("SELECT * FROM provision_notifications")
    assert "src:p1" not in repr(rows) and "Pieters" not in repr(rows)
    audit = store.query(
        "SELECT query FROM audit_log WHERE service = 'registration_destroy' AND outcome = 'ok'"
    )
    assert json.loads(audit[0][0])["result"]["notifications"] == 1
    client = TestClient(create_app(store, clock=clock, secret="test"))
    login(client, "lead")
    page = client.get(f"/signals/{signal.signal_id}", params={"lang": "nl"}).text
    assert "gerectificeerd" in page and "vernietigd" in page and "Achternaam" in page
    login(client, "auditor", None)
    page = client.get("/privacy/supervisor", params={"lang": "nl"}).text
    assert page.count("Gemeente Utrecht") == 2


def test_destruction_by_the_term_notifies_the_recipients(store, clock, issued) -> None:  # type: ignore[no-untyped-def]
    """Wpg 28: the retention job destroying a provided registration notifies its recipient too,
    listed like a destruction on request: the signal page and the supervisor's report; the
    signal's items are then redacted with when and why."""
    lead, lead2 = guard_for(store, clock, "lead"), guard_for(store, clock, "lead2")
    signal = _draft(store, clock, issued, article="Wpg 18")
    signals.approve_signal(lead2, signal_id=signal.signal_id)
    provision = signals.send_signal(lead, signal_id=signal.signal_id)
    clock.advance(days=3653)  # past the art. 8 destruction term of src:p1 (2026-06-01)
    report = retention.retention_run(guard_for(store, clock, "admin", None))
    assert report.destroyed == {8: 3} and report.notifications == 1
    view = signals.signal_view(lead, signal_id=signal.signal_id)
    assert [(n.kind, n.props, n.provision_id, n.made_by) for n in view.notifications] == [
        ("destroyed", ["birthDate", "surname"], provision.provision_id, "admin")
    ]
    assert [(i.redacted, i.destroyed_why, i.reg_key) for i in view.items] == [
        ("destroyed", "term", None),
        ("destroyed", "term", None),
    ]
    register = signals.provisions_register(guard_for(store, clock, "fg", None))
    assert all(i["reg_key"].startswith("tombstone:") for i in register[0].items)
    sr = accountability.supervisor_report(guard_for(store, clock, "auditor", None))
    assert sr.provisions == {"provisions": 1, "notifications": 1}
    client = TestClient(create_app(store, clock=clock, secret="test"))
    login(client, "lead")
    page = client.get(f"/signals/{signal.signal_id}", params={"lang": "nl"}).text
    assert 'id="notifications"' in page and "bewaartermijn verstreken" in page
