"""Issue 16: details worth the consent. After a lead consents, the entity behind a hit opens
whole — every registration of it the reader may compare with (art. 8 data past free search
included), with its links — and a lead consents to several hits with one reason, each hit its
own decision and audit row."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.errors import ConsentRequired, NotFound
from raffinaderij.services import compare, consent, entity
from support import add_record, add_suspect, entity_id, guard_for, login

OLD = date(2025, 6, 1)  # art. 8, 17 months: comparison only (LAW-03)


@pytest.fixture
def world(store, clock):  # type: ignore[no-untyped-def]
    add_suspect(
        store,
        reg_id="inc1",
        person="jan",
        name=("Jan", "Jansen", "1980-02-03"),
        suffix="1",
        street="Molenstraat",
        number="5",
        plate="XL-12-BB",
        first_processed=OLD,
    )
    add_record(
        store,
        reg_id="hoog",
        first_processed=OLD,
        level=3,
        entities=[("jan", "Person", {"phone": "06-99999999"})],
    )
    for n in range(3):
        add_record(
            store,
            reg_id=f"p{n}",
            entities=[("p" + str(n), "Person", {"surname": f"Naam{n}", "birthDate": "1990-01-01"})],
        )
    return store


def _hits(store, clock):  # type: ignore[no-untyped-def]
    subjects = [{"surname": "Jansen", "birthDate": "1980-02-03"}] + [
        {"surname": f"Naam{n}", "birthDate": "1990-01-01"} for n in range(3)
    ]
    result = compare.compare(guard_for(store, clock, "analyst1"), subjects=subjects)
    return [o.hit_id for o in result.outcomes if o.hit_id]


def test_hit_entity_opens_after_consent_with_links_in_compare_scope(world, clock) -> None:  # type: ignore[no-untyped-def]
    hit = _hits(world, clock)[0]
    analyst = guard_for(world, clock, "analyst1")
    jan = entity_id(world, "src/Person/jan")
    # not searchable: the record is older than a year
    with pytest.raises(NotFound):
        entity.entity_view(analyst, entity_id=jan)
    with pytest.raises(ConsentRequired):
        consent.hit_entity(analyst, hit_id=hit, entity_id=jan)
    consent.consent(guard_for(world, clock, "lead"), hit_id=hit, reason="nodig")
    view = consent.hit_entity(analyst, hit_id=hit, entity_id=jan)
    assert {lk.link_type for lk in view.links} == {"involvedIn", "livesAt", "drives"}
    captions = {lk.other_caption for lk in view.links}
    assert "XL-12-BB" in captions and any("Molenstraat" in c for c in captions)
    # a level-1 reader never sees the level-3 registration, consent or not (LAW-06)
    assert "06-99999999" not in {v.value for v in view.values}
    # an entity not behind this hit answers like a missing one
    other = entity_id(world, "src/Person/p0")
    with pytest.raises(NotFound):
        consent.hit_entity(analyst, hit_id=hit, entity_id=other)
    details = consent.hit_details(analyst, hit_id=hit)
    assert jan in {r.entity_id for r in details.registrations}


def test_bulk_consent_gives_each_hit_its_own_decision_and_audit_row(world, clock) -> None:  # type: ignore[no-untyped-def]
    hits = _hits(world, clock)
    assert len(hits) == 4
    client = TestClient(create_app(world, clock=clock, secret="test"))
    login(client, "lead")
    before = world.query("SELECT count(*) FROM audit_log WHERE service = 'consent'")[0][0]
    r = client.post("/api/hits/consent", json={"hit_ids": hits, "reason": "samen besproken"})
    assert r.status_code == 200, r.text
    assert [x.get("event") for x in r.json()] == ["granted"] * 4
    after = world.query("SELECT count(*) FROM audit_log WHERE service = 'consent'")[0][0]
    assert after - before == 4
    # the hit page's link opens the entity behind it
    analyst = TestClient(create_app(world, clock=clock, secret="test"))
    login(analyst, "analyst1")
    page = analyst.get(f"/hits/{hits[0]}")
    jan = entity_id(world, "src/Person/jan")
    assert f"/hits/{hits[0]}/entities/{jan}" in page.text
    opened = analyst.get(f"/hits/{hits[0]}/entities/{jan}")
    assert opened.status_code == 200 and "Molenstraat" in opened.text
