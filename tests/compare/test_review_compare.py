"""Adversarial law review of comparison and consent (LAW-02, -06, -07, -11, Wpg 11, Wpg 28).

Each test names a way a user could learn what the law says they may not, and fails if it works.
"""

from __future__ import annotations

import hashlib

import pytest

from raffinaderij.errors import Denied, NotFound
from raffinaderij.services import accounts, compare, consent
from support import PASSWORD, add_record, entity_id, guard_for

PLATE = "XL-12-BB"


@pytest.fixture
def world(store, clock):  # type: ignore[no-untyped-def]
    lead = guard_for(store, clock, "lead", None)
    # a second lead of ZAAK-1 (level 4) and a lead of level 1 (Bpg 2:11 levels are per user)
    for name, level in (("lead2", 4), ("lead1", 1)):
        accounts.bootstrap_user(
            store,
            username=name,
            password=PASSWORD,
            display_name=name,
            roles=["case_lead"],
            level=level,
        )
        accounts.add_case_member(lead, case_id="ZAAK-1", username=name, role="lead")
    for reg, level in (("p1", 1), ("p3", 3)):
        add_record(
            store,
            reg_id=reg,
            level=level,
            entities=[
                ("piet", "Person", {"surname": "Pieters", "birthDate": "1975-05-06"}),
                ("car", "Vehicle", {"plate": PLATE}),
            ],
        )
    add_record(
        store,
        reg_id="only3",
        level=3,
        entities=[("geheim", "Person", {"surname": "Hoogniveau", "birthDate": "1990-01-01"})],
    )
    return store


def _hit(result, no: int) -> str:  # type: ignore[no-untyped-def]
    hit_id = next(o.hit_id for o in result.outcomes if o.subject_no == no)
    assert hit_id
    return str(hit_id)


def test_hit_id_does_not_encode_the_entities_behind_it(world, clock) -> None:  # type: ignore[no-untyped-def]
    """A hit id derived from the entity keys lets the analyst confirm a guessed record
    (source/Type/local-key) before consent (LAW-07)."""
    result = compare.compare(guard_for(world, clock, "analyst1"), subjects=[{"plate": "xl12bb"}])
    hit_id = _hit(result, 1)
    guess = "src/Vehicle/car"
    digest = hashlib.sha256("\x1f".join((result.comparison_id, "1", guess)).encode())
    assert hit_id != "hit-" + digest.hexdigest()[:20]


def test_hidden_and_missing_hits_answer_alike(world, clock) -> None:  # type: ignore[no-untyped-def]
    """'exists but not yours' must read like 'does not exist': no comparison id, no hint."""
    result = compare.compare(guard_for(world, clock, "analyst1"), subjects=[{"plate": PLATE}])
    hit_id = _hit(result, 1)
    other_case = guard_for(world, clock, "analyst1", "THEMA-1")
    with pytest.raises(NotFound) as hidden:
        consent.hit_details(other_case, hit_id=hit_id)
    with pytest.raises(NotFound) as missing:
        consent.hit_details(other_case, hit_id="hit-" + "0" * 20)
    assert str(hidden.value).replace(hit_id, "X") == str(missing.value).replace(
        "hit-" + "0" * 20, "X"
    )
    assert result.comparison_id not in str(hidden.value)
    # a comparison of another analyst in the same case reads like a missing one
    other = guard_for(world, clock, "analyst2")
    with pytest.raises(NotFound) as hidden_c:
        compare.comparison_result(other, comparison_id=result.comparison_id)
    with pytest.raises(NotFound) as missing_c:
        compare.comparison_result(other, comparison_id="cmp-0")
    assert str(hidden_c.value).replace(result.comparison_id, "X") == str(missing_c.value).replace(
        "cmp-0", "X"
    )


def test_the_requester_cannot_grant_their_own_request(world, clock) -> None:  # type: ignore[no-untyped-def]
    """Four eyes: a lead who asks for a hit's data cannot also be the one who opens it."""
    result = compare.compare(guard_for(world, clock, "analyst1"), subjects=[{"plate": PLATE}])
    hit_id = _hit(result, 1)
    lead = guard_for(world, clock, "lead")
    consent.request_consent(lead, hit_id=hit_id, reason="ik wil het zien")
    with pytest.raises(Denied, match="second person"):
        consent.consent(lead, hit_id=hit_id, reason="akkoord")
    consent.consent(guard_for(world, clock, "lead2"), hit_id=hit_id, reason="akkoord")
    assert consent.hit_details(guard_for(world, clock, "analyst1"), hit_id=hit_id).registrations


def test_a_lower_level_lead_learns_nothing_of_higher_level_hits(world, clock) -> None:  # type: ignore[no-untyped-def]
    """LAW-06: a level-1 lead reading a level-3 analyst's comparison sees no hit, key type or
    count that rests on a level-3 registration."""
    analyst3 = guard_for(world, clock, "analyst3")
    result = compare.compare(
        analyst3, subjects=[{"surname": "Hoogniveau", "birthDate": "1990-01-01"}]
    )
    assert result.hits == 1
    hit_id = _hit(result, 1)
    consent.request_consent(analyst3, hit_id=hit_id, reason="nodig")
    lead1 = guard_for(world, clock, "lead1")
    seen = compare.comparison_result(lead1, comparison_id=result.comparison_id)
    assert seen.hits == 0
    assert [(o.hit, o.key_types, o.hit_id) for o in seen.outcomes] == [(False, [], None)]
    listed = {c.comparison_id: c.hits for c in compare.list_comparisons(lead1)}
    assert listed[result.comparison_id] == 0
    assert consent.consent_inbox(lead1) == []
    with pytest.raises(NotFound):
        consent.consent(lead1, hit_id=hit_id, reason="blind")
    # the level-4 lead still sees it, and the runner too
    lead = guard_for(world, clock, "lead")
    assert compare.comparison_result(lead, comparison_id=result.comparison_id).hits == 1
    assert [i.hit_id for i in consent.consent_inbox(lead)] == [hit_id]


def test_a_hit_on_data_blocked_later_is_gone(world, clock) -> None:  # type: ignore[no-untyped-def]
    """Wpg 28 / LAW-13: blocked data is excluded from analysis, also from stored comparison
    results, details (entity keys included) and the derived match keys."""
    analyst = guard_for(world, clock, "analyst1")
    result = compare.compare(analyst, subjects=[{"plate": PLATE}])
    hit_id = _hit(result, 1)
    consent.request_consent(analyst, hit_id=hit_id, reason="nodig")
    consent.consent(guard_for(world, clock, "lead"), hit_id=hit_id, reason="akkoord")
    assert consent.hit_details(analyst, hit_id=hit_id).entity_ids
    world.query("UPDATE registrations SET blocked = true WHERE reg_key IN ('src:p1', 'src:p3')")
    seen = compare.comparison_result(analyst, comparison_id=result.comparison_id)
    assert seen.hits == 0 and not seen.outcomes[0].hit and seen.outcomes[0].hit_id is None
    assert [c.hits for c in compare.list_comparisons(analyst)] == [0]
    with pytest.raises(NotFound):
        consent.hit_details(analyst, hit_id=hit_id)
    compare.compare(analyst, subjects=[{"surname": "Niemand", "birthDate": "2000-01-01"}])
    assert not world.query("SELECT 1 FROM match_keys WHERE reg_key IN ('src:p1', 'src:p3')")


def test_rectified_values_leave_the_match_keys(world, clock) -> None:  # type: ignore[no-untyped-def]
    """Wpg 28 rectification: after a record is altered (same number of statements), the old
    value is no key any more and never yields a hit."""
    analyst = guard_for(world, clock, "analyst1")
    assert compare.compare(analyst, subjects=[{"plate": PLATE}]).hits == 1
    world.query(
        "UPDATE statements SET value = '99-ZZZ-9' WHERE value = ? AND prop = 'plate'", [PLATE]
    )
    world.query("UPDATE registrations SET ingested_at = ingested_at + INTERVAL 1 DAY")
    assert compare.compare(analyst, subjects=[{"plate": PLATE}]).hits == 0
    assert compare.compare(analyst, subjects=[{"plate": "99-ZZZ-9"}]).hits == 1


def test_reading_a_comparison_names_the_records_behind_its_hits(world, clock) -> None:  # type: ignore[no-untyped-def]
    """LAW-11: the consult row says which registrations the shown links rest on."""
    analyst = guard_for(world, clock, "analyst1")
    result = compare.compare(analyst, subjects=[{"plate": PLATE}])
    compare.comparison_result(analyst, comparison_id=result.comparison_id)
    row = world.query(
        "SELECT action, record_ids FROM audit_log WHERE service = 'comparison_result'"
        " ORDER BY seq DESC LIMIT 1"
    )[0]
    assert row[0] == "consult"
    assert "src:p1" in str(row[1]) and "src:p3" not in str(row[1])


def test_labels_of_picked_entities_stay_with_the_runner(world, clock) -> None:  # type: ignore[no-untyped-def]
    """Subjects picked in the workbench are labelled from police data the runner could see;
    anyone else reading the comparison gets neutral labels (LAW-06)."""
    runner = guard_for(world, clock, "analyst4")
    result = compare.compare(runner, entity_ids=[entity_id(runner.store, "src/Person/geheim")])
    assert "Hoogniveau" in result.outcomes[0].label
    seen_by_lead = compare.comparison_result(
        guard_for(world, clock, "lead1"), comparison_id=result.comparison_id
    )
    assert all("Hoogniveau" not in o.label for o in seen_by_lead.outcomes)
    again = compare.comparison_result(runner, comparison_id=result.comparison_id)
    assert "Hoogniveau" in again.outcomes[0].label


def test_inbox_and_details_use_neutral_labels_for_picked_entities(world, clock) -> None:  # type: ignore[no-untyped-def]
    runner = guard_for(world, clock, "analyst4")
    result = compare.compare(runner, entity_ids=[entity_id(runner.store, "src/Person/piet")])
    hit = _hit(result, 1)
    consent.request_consent(runner, hit_id=hit, reason="nodig voor onderzoek")
    inbox = consent.consent_inbox(guard_for(world, clock, "lead1"))
    assert inbox and all("Pieters" not in item.subject_label for item in inbox)
