"""Automated comparison (Wpg 11): LAW-03, -05, -06, -07, -08, -15 as tests."""

from __future__ import annotations

import io
from datetime import date

import pytest

from raffinaderij.errors import ConsentRequired, Denied, MappingError, NotFound, RaffError
from raffinaderij.search.keys import RULES_VERSION, keys_from_values
from raffinaderij.search.subjects import read_subjects
from raffinaderij.services import accounts, compare, consent, search
from support import add_record, entity_id, guard_for

BSN_JAN = "111222333"  # passes the 11-proef


@pytest.fixture
def world(store, clock):  # type: ignore[no-untyped-def]
    lead = guard_for(store, clock, "lead", None)
    accounts.create_case(
        lead, case_id="ZAAK-2", title="Ander", basis=9, purpose="p", threshold="t", facts="f"
    )
    accounts.create_case(lead, case_id="ZAAK-0", title="Zonder grond", basis=9)
    accounts.add_case_member(lead, case_id="ZAAK-0", username="analyst1")
    # art. 8, 17 months old: outside free search, inside comparison (LAW-03)
    add_record(
        store,
        reg_id="old8",
        basis=8,
        first_processed=date(2025, 6, 1),
        entities=[
            (
                "jan",
                "Person",
                {
                    "givenName": "Jan",
                    "surname": "Jansen",
                    "birthDate": "1980-02-03",
                    "bsn": BSN_JAN,
                },
            )
        ],
    )
    # one person in a level-1 and a level-3 registration of the same source
    for reg, level, plate in (("p1", 1, "XL-12-BB"), ("p3", 3, "XL-12-BB")):
        add_record(
            store,
            reg_id=reg,
            level=level,
            entities=[
                (
                    "piet",
                    "Person",
                    {"givenName": "Piet", "surname": f"Pieters{level}", "birthDate": "1975-05-06"},
                ),
                ("car", "Vehicle", {"plate": plate}),
            ],
        )
    add_record(
        store,
        reg_id="only3",
        level=3,
        entities=[("geheim", "Person", {"surname": "Hoogniveau", "birthDate": "1990-01-01"})],
    )
    add_record(
        store,
        reg_id="thema",
        basis=10,
        case_id="THEMA-1",
        entities=[("kees", "Person", {"surname": "Klaassen", "birthDate": "1960-07-08"})],
    )
    add_record(
        store,
        reg_id="zaak2",
        basis=9,
        case_id="ZAAK-2",
        entities=[("els", "Phone", {"number": "06-12345678"})],
    )
    add_record(
        store,
        reg_id="conf",
        confidentiality="V",
        entities=[("vera", "Person", {"surname": "Vertrouwelijk", "birthDate": "1970-01-01"})],
    )
    return store


def run(store, clock, user="analyst1", case="ZAAK-1", **kw):  # type: ignore[no-untyped-def]
    return compare.compare(guard_for(store, clock, user, case), **kw)


SUBJECTS = [
    {"givenName": "J.", "surname": "Jansen", "birthDate": "03-02-1980"},  # old art. 8
    {"bsn": "111.222.333"},  # same person by BSN
    {"surname": "Klaassen", "birthDate": "1960-07-08"},  # art. 10 data
    {"phone": "+31 6 1234 5678"},  # ZAAK-2's art. 9 data
    {"surname": "Vertrouwelijk", "birthDate": "1970-01-01"},  # confidential
    {"surname": "Hoogniveau", "birthDate": "1990-01-01"},  # level 3 only
    {"plate": "xl12bb"},  # level 1 and 3
    {"surname": "Niemand", "birthDate": "2000-01-01"},
    {"postcode": "1234 AB", "houseNumber": "5"},  # weak key alone: never a hit
]


def hits_of(result) -> dict[int, list[str]]:  # type: ignore[no-untyped-def]
    return {o.subject_no: o.key_types for o in result.outcomes if o.hit}


def test_scope_rules(world, clock) -> None:  # type: ignore[no-untyped-def]
    result = run(world, clock, subjects=SUBJECTS)
    assert hits_of(result) == {1: ["initial_year", "name_dob"], 2: ["bsn"], 7: ["plate"]}
    assert result.model_version == RULES_VERSION
    assert all(o.model_version == RULES_VERSION for o in result.outcomes)
    # a level-3 analyst also meets the level-3-only record
    assert 6 in hits_of(run(world, clock, "analyst3", subjects=SUBJECTS))


def test_old_art8_found_by_comparison_not_by_search(world, clock) -> None:  # type: ignore[no-untyped-def]
    g = guard_for(world, clock, "analyst1")
    assert search.search(g, q="Jansen").total == 0  # LAW-03
    assert 1 in hits_of(run(world, clock, subjects=SUBJECTS[:1]))


def test_art9_case_gets_no_art10_hits_but_a_theme_does(world, clock) -> None:  # type: ignore[no-untyped-def]
    assert 3 not in hits_of(run(world, clock, subjects=SUBJECTS))
    assert 3 in hits_of(run(world, clock, case="THEMA-1", subjects=SUBJECTS))


def test_combined_processing_needs_an_order_in_the_register(world, clock) -> None:  # type: ignore[no-untyped-def]
    # without combination, another case's art. 9 data is out of reach
    assert 4 not in hits_of(run(world, clock, subjects=SUBJECTS))
    with pytest.raises(Denied, match="order"):
        run(world, clock, subjects=SUBJECTS, combined=True)
    with pytest.raises(Denied):
        run(world, clock, subjects=SUBJECTS, combined=True, order_reference="  ")
    # an analyst alone cannot invent one: any reference not in the case's register is refused
    with pytest.raises(Denied, match="register of case ZAAK-1"):
        run(world, clock, subjects=SUBJECTS, combined=True, order_reference="OvJ-2026-17")
    # ... nor record one: only a lead of the case keeps the register
    order = {
        "case_id": "ZAAK-1",
        "reference": "OvJ-2026-17",
        "issued_by": "OvJ mr. De Vries, arrondissementsparket Amsterdam",
        "issued_on": date(2026, 10, 20),
        "valid_until": date(2026, 12, 31),
        "scope": "vergelijken met art. 9-gegevens van andere zaken",
    }
    with pytest.raises(Denied):
        accounts.record_order(guard_for(world, clock, "analyst1", None), **order)
    lead = guard_for(world, clock, "lead", None)
    recorded = accounts.record_order(lead, **order)
    assert recorded.in_force and recorded.recorded_by == "lead"
    # the register of one case does not serve another
    with pytest.raises(Denied):
        run(
            world,
            clock,
            case="THEMA-1",
            subjects=SUBJECTS,
            combined=True,
            order_reference="OvJ-2026-17",
        )
    result = run(world, clock, subjects=SUBJECTS, combined=True, order_reference="OvJ-2026-17")
    assert 4 in hits_of(result)
    assert 3 not in hits_of(result)  # still Wpg 11(1): an art. 9 case never reaches art. 10
    row = world.query(
        "SELECT action, outcome, query FROM audit_log WHERE service = 'compare' ORDER BY seq DESC LIMIT 1"
    )[0]
    assert row[0] == "combine" and row[1] == "ok" and "OvJ-2026-17" in row[2]
    assert (
        world.query(
            "SELECT count(*) FROM audit_log WHERE service = 'compare' AND outcome = 'denied'"
        )[0][0]
        == 4
    )
    # an order that has expired is no longer in force
    clock.advance(days=61)
    assert not accounts.list_orders(lead, case_id="ZAAK-1")[0].in_force
    with pytest.raises(Denied, match="in force"):
        run(world, clock, subjects=SUBJECTS, combined=True, order_reference="OvJ-2026-17")


def test_order_register_checks_what_it_records(world, clock) -> None:  # type: ignore[no-untyped-def]
    lead = guard_for(world, clock, "lead", None)
    base = {
        "case_id": "ZAAK-1",
        "reference": "OvJ-1",
        "issued_by": "OvJ",
        "issued_on": date(2026, 10, 1),
        "scope": "s",
    }
    with pytest.raises(RaffError, match="future"):
        accounts.record_order(lead, **base | {"issued_on": date(2027, 1, 1)})
    with pytest.raises(RaffError, match="before"):
        accounts.record_order(lead, **base | {"valid_until": date(2026, 9, 1)})
    with pytest.raises(RaffError, match="3 to 100"):
        accounts.record_order(lead, **base | {"reference": "ab"})
    accounts.record_order(lead, **base)
    with pytest.raises(RaffError, match="already"):
        accounts.record_order(lead, **base)
    # a case the lead does not belong to answers like one that does not exist
    with pytest.raises(NotFound) as missing:
        accounts.record_order(lead, **base | {"case_id": "ZAAK-X"})
    accounts.create_case(
        guard_for(world, clock, "admin", None),
        case_id="ZAAK-9",
        title="t",
        basis=9,
        lead="analyst4",
    )
    with pytest.raises(NotFound) as foreign:
        accounts.record_order(lead, **base | {"case_id": "ZAAK-9"})
    assert str(missing.value).replace("ZAAK-X", "?") == str(foreign.value).replace("ZAAK-9", "?")


def test_case_without_grounds_cannot_compare(world, clock) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Denied, match="purpose"):
        run(world, clock, case="ZAAK-0", subjects=SUBJECTS)


def test_confidential_never_hits(world, clock) -> None:  # type: ignore[no-untyped-def]
    assert 5 not in hits_of(run(world, clock, "analyst4", subjects=SUBJECTS))
    assert not world.query(
        "SELECT 1 FROM match_keys WHERE reg_key = 'src:conf'"
    )  # LAW-02: not even in the derived index


def test_deterministic(world, clock) -> None:  # type: ignore[no-untyped-def]
    a = run(world, clock, subjects=SUBJECTS)
    clock.advance(minutes=1)
    b = run(world, clock, subjects=SUBJECTS)
    strip = lambda r: [(o.subject_no, o.hit, o.key_types, o.model_version) for o in r.outcomes]  # noqa: E731
    assert strip(a) == strip(b)
    assert a.comparison_id != b.comparison_id
    again = compare.comparison_result(
        guard_for(world, clock, "analyst1"), comparison_id=a.comparison_id
    )
    assert [o.hit_id for o in again.outcomes] == [o.hit_id for o in a.outcomes]


def test_consent_flow_and_levels(world, clock) -> None:  # type: ignore[no-untyped-def]
    result = run(world, clock, subjects=SUBJECTS)
    plate_hit = next(o.hit_id for o in result.outcomes if o.subject_no == 7)
    assert plate_hit
    analyst = guard_for(world, clock, "analyst1")
    with pytest.raises(ConsentRequired):
        consent.hit_details(analyst, hit_id=plate_hit)
    consent.request_consent(analyst, hit_id=plate_hit, reason="nodig voor de zaak")
    lead = guard_for(world, clock, "lead")
    assert [i.hit_id for i in consent.consent_inbox(lead)] == [plate_hit]
    with pytest.raises(Denied):
        consent.consent(analyst, hit_id=plate_hit, reason="zelf")  # not a lead
    with pytest.raises(ConsentRequired):
        consent.hit_details(analyst, hit_id=plate_hit)
    consent.consent(lead, hit_id=plate_hit, reason="proportioneel")
    assert consent.consent_inbox(lead) == []
    details = consent.hit_details(analyst, hit_id=plate_hit)
    # the level-3 registration behind the same hit stays closed to a level-1 analyst (LAW-06)
    assert {d.reg_key for d in details.registrations} == {"src:p1"}
    assert all(d.level <= 1 for d in details.registrations)
    assert ("plate", "XL-12-BB") in details.registrations[0].values
    assert "Pieters3" not in repr(details)
    # the lead (level 4) sees both
    assert {d.reg_key for d in consent.hit_details(lead, hit_id=plate_hit).registrations} == {
        "src:p1",
        "src:p3",
    }
    actions = dict(
        world.query(
            "SELECT service, action FROM audit_log WHERE service IN ('consent', 'hit_details')"
        )
    )
    assert actions == {"consent": "combine", "hit_details": "consult"}
    assert (
        world.query(
            "SELECT count(*) FROM audit_log WHERE service = 'hit_details' AND outcome = 'denied'"
        )[0][0]
        == 2
    )


def test_the_runner_cannot_consent_to_own_hits(world, clock) -> None:  # type: ignore[no-untyped-def]
    result = run(world, clock, "lead", subjects=SUBJECTS)
    hit = next(o.hit_id for o in result.outcomes if o.hit)
    with pytest.raises(Denied, match="second person"):
        consent.consent(guard_for(world, clock, "lead"), hit_id=hit, reason="zelf")


def test_hits_belong_to_their_case_and_runner(world, clock) -> None:  # type: ignore[no-untyped-def]
    result = run(world, clock, subjects=SUBJECTS)
    hit = next(o.hit_id for o in result.outcomes if o.hit)
    with pytest.raises(NotFound):
        compare.comparison_result(
            guard_for(world, clock, "analyst2"), comparison_id=result.comparison_id
        )
    with pytest.raises(NotFound):
        consent.hit_details(guard_for(world, clock, "analyst1", "THEMA-1"), hit_id=hit)


def test_compare_picked_entities(world, clock) -> None:  # type: ignore[no-untyped-def]
    result = run(world, clock, entity_ids=[entity_id(world, "src/Vehicle/car")])
    assert result.outcomes[0].hit and result.outcomes[0].key_types == ["plate"]
    with pytest.raises(NotFound):
        run(
            world, clock, entity_ids=[entity_id(world, "src/Person/geheim")]
        )  # level 3: not visible to analyst1


def test_keys() -> None:
    keys = keys_from_values(
        {"givenName": ["Johannes"], "surname": ["van den Berg"], "birthDate": ["3-2-1980"]}
    )
    assert ("name_dob", "berg|1980-02-03") in keys
    assert ("initial_year", "j|berg|1980") in keys
    assert keys_from_values({"bsn": ["123456789"]}) == set()  # fails the 11-proef
    assert keys_from_values(
        {"surname": ["Berg"], "surnamePrefix": ["v.d."], "birthDate": ["1980-02-03"]}
    ) >= {("name_dob", "berg|1980-02-03")}


def test_read_subjects_csv_and_excel() -> None:
    csv_data = b"voornaam;achternaam;geboortedatum;kenteken\nJan;Jansen;03-02-1980;XL-12-BB\n"
    assert read_subjects(csv_data, filename="s.csv") == [
        {"givenName": "Jan", "surname": "Jansen", "birthDate": "03-02-1980", "plate": "XL-12-BB"}
    ]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["BSN", "Telefoon"])
    sheet.append(["111222333", "0612345678"])
    buf = io.BytesIO()
    book.save(buf)
    assert read_subjects(buf.getvalue(), filename="s.xlsx") == [
        {"bsn": "111222333", "phone": "0612345678"}
    ]
    with pytest.raises(MappingError, match="special category"):
        read_subjects(b"naam,kolom\nx,y\n", filename="s.csv", mapping={"kolom": "ethnicity"})
    with pytest.raises(MappingError, match="special category"):
        read_subjects(b"achternaam,religion\nx,y\n", filename="s.csv")
