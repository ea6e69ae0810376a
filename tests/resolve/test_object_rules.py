"""Deterministic resolution of objects (issue 10): one plate in three spellings is one vehicle,
two plates are two, a confidential record never joins a group, ids survive a re-run, and the
rule set runs only once approved (LAW-15)."""

from __future__ import annotations

import pytest

from raffinaderij.clock import FixedClock
from raffinaderij.errors import Denied, RaffError
from raffinaderij.resolve.rules import RULES_VERSION, normalise_org_name
from raffinaderij.services import resolution
from raffinaderij.store.db import Store
from support import add_record, entity_id, guard_for


def _approve(store: Store, clock: FixedClock) -> None:
    resolution.approve_rules(guard_for(store, clock, "lead", case_id=None), version=RULES_VERSION)


def _run(store: Store, clock: FixedClock) -> resolution.rules.RuleReport:
    return resolution.resolve_objects(guard_for(store, clock, "admin", case_id=None))


def _vehicle(store: Store, reg: str, key: str, plate: str, **kw: object) -> str:
    add_record(store, reg_id=reg, entities=[(key, "Vehicle", {"plate": plate})], **kw)  # type: ignore[arg-type]
    return f"src/Vehicle/{key}"


def test_rules_run_only_after_approval_by_an_approver(store: Store, clock: FixedClock) -> None:
    _vehicle(store, "r1", "v1", "XL-12-BB")
    with pytest.raises(Denied, match="not approved"):
        _run(store, clock)
    with pytest.raises(Denied):  # an analyst has no approver role
        resolution.approve_rules(
            guard_for(store, clock, "analyst4", case_id=None), version=RULES_VERSION
        )
    with pytest.raises(RaffError, match="ships rule set"):
        resolution.approve_rules(guard_for(store, clock, "lead", case_id=None), version="x-1")
    _approve(store, clock)
    report = _run(store, clock)
    assert report.rules_version == RULES_VERSION and report.records == {"Vehicle": 1}
    actions = store.query(
        "SELECT service, action, outcome FROM audit_log WHERE service IN"
        " ('rules_approve', 'resolve_objects') ORDER BY seq"
    )
    assert ("rules_approve", "alter", "ok") in actions
    assert actions[-1] == ("resolve_objects", "combine", "ok")


def test_one_plate_in_three_spellings_is_one_vehicle_two_plates_are_two(
    store: Store, clock: FixedClock
) -> None:
    keys = [
        _vehicle(store, "r1", "v1", "XL-12-BB"),
        _vehicle(store, "r2", "v2", "xl12bb"),
        _vehicle(store, "r3", "v3", "XL-I2-BB"),  # an ANPR misread, repaired by side-code
    ]
    other = _vehicle(store, "r4", "v4", "12-XLB-3")
    before = {entity_id(store, k) for k in keys}
    assert len(before) == 3
    _approve(store, clock)
    report = _run(store, clock)
    ids = {entity_id(store, k) for k in keys}
    assert len(ids) == 1
    assert entity_id(store, other) not in ids
    assert report.entities["Vehicle"] == 2 and report.joined["Vehicle"] == 1
    # a re-run finds the same groups and keeps their ids (carried over by member overlap)
    _run(store, clock)
    assert {entity_id(store, k) for k in keys} == ids


def test_a_confidential_record_never_joins_a_group(store: Store, clock: FixedClock) -> None:
    seen = _vehicle(store, "r1", "v1", "XL-12-BB")
    secret = _vehicle(store, "r2", "v2", "XL-12-BB", confidentiality="V")
    covert = _vehicle(store, "r3", "v3", "xl-12-bb", covert="tap")
    blocked = _vehicle(store, "r4", "v4", "XL12BB", blocked=True)
    again = _vehicle(store, "r5", "v5", "xl 12 bb")
    _approve(store, clock)
    _run(store, clock)
    group = entity_id(store, seen)
    assert entity_id(store, again) == group
    for key in (secret, covert, blocked):
        assert entity_id(store, key) != group
    assert len({entity_id(store, k) for k in (secret, covert, blocked)}) == 3


def test_a_record_that_becomes_blocked_leaves_its_group(store: Store, clock: FixedClock) -> None:
    a = _vehicle(store, "r1", "v1", "XL-12-BB")
    b = _vehicle(store, "r2", "v2", "XL12BB")
    _approve(store, clock)
    _run(store, clock)
    assert entity_id(store, a) == entity_id(store, b)
    with store.transaction() as tx:  # art. 28 blocking, as the privacy desk would
        tx.execute("UPDATE registrations SET blocked = true WHERE reg_key = 'src:r2'")
    _run(store, clock)
    assert entity_id(store, a) != entity_id(store, b)


def test_phones_addresses_organisations_accounts_documents(store: Store, clock: FixedClock) -> None:
    ents = [
        ("t1", "Phone", {"number": "06-12345678"}),
        ("t2", "Phone", {"number": "+31 6 1234 5678"}),
        ("t3", "Phone", {"number": "0031612345678"}),
        ("t4", "Phone", {"number": "06-87654321"}),
        ("a1", "Address", {"postcode": "1234 ab", "houseNumber": "5", "street": "Molenstraat"}),
        ("a2", "Address", {"postcode": "1234AB", "houseNumber": "5", "street": "Molenstr."}),
        ("a3", "Address", {"full": "1234AB 5"}),
        ("a4", "Address", {"postcode": "1234AB", "houseNumber": "5", "houseNumberAddition": "a"}),
        ("a5", "Address", {"postcode": "1234AB", "houseNumber": "5-A"}),
        ("a6", "Address", {"street": "Molenstraat", "city": "Ede"}),  # no key: stays alone
        ("o1", "Organisation", {"name": "Bouwbedrijf De Vries B.V.", "kvk": "12345678"}),
        ("o2", "Organisation", {"name": "Anders BV", "kvk": "1234 5678"}),
        ("o3", "Organisation", {"name": "bouwbedrijf de vries bv"}),
        ("o4", "Organisation", {"name": "Bouwbedrijf de Vries"}),  # name only: no key
        ("b1", "BankAccount", {"iban": "NL91 ABNA 0417 1643 00"}),
        ("b2", "BankAccount", {"iban": "nl91abna0417164300"}),
        ("b3", "BankAccount", {"iban": "NL91ABNA0417164301"}),  # bad check digits
        ("d1", "Document", {"contentHash": "ab" * 32}),
        ("d2", "Document", {"contentHash": ("AB" * 32) + " "}),
    ]
    add_record(
        store,
        reg_id="r1",
        entities=ents,  # type: ignore[arg-type]
        links=[("o3", "establishedAt", "a2", None), ("o1", "establishedAt", "a3", None)],
    )
    _approve(store, clock)
    _run(store, clock)

    def eid(key: str) -> str:
        schema = next(s for k, s, _ in ents if k == key)
        return entity_id(store, f"src/{schema}/{key}")

    assert eid("t1") == eid("t2") == eid("t3") != eid("t4")
    assert eid("a1") == eid("a2") == eid("a3")
    assert eid("a4") == eid("a5") != eid("a1")
    assert eid("a6") not in {eid("a1"), eid("a4")}
    # o1 and o2 share a KvK number; o3 shares o1's normalised name and address
    assert eid("o1") == eid("o2") == eid("o3") != eid("o4")
    assert eid("b1") == eid("b2") != eid("b3")
    assert eid("d1") == eid("d2")


def test_organisation_names_normalise_legal_forms() -> None:
    assert normalise_org_name("Bouwbedrijf De Vries B.V.") == "bouwbedrijf de vries"
    assert normalise_org_name("V.O.F. Café 't Hoekje") == "cafe t hoekje"
    assert normalise_org_name("Jansen & Zn") == "jansen en zn"


def test_ingest_reapplies_approved_rules(tmp_path, store: Store, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    from raffinaderij.services import ingest

    first = _vehicle(store, "r1", "v1", "XL-12-BB")
    _approve(store, clock)
    _run(store, clock)
    (tmp_path / "v.csv").write_text("id;kenteken\nq1;xl 12 bb\n", encoding="utf-8")
    (tmp_path / "v.mapping.yaml").write_text(
        """source: controles
input: {format: csv, path: v.csv, delimiter: ';'}
registration:
  id: id
  legal_basis: {const: 8}
  first_processed: {const: '2026-06-01'}
  level: {const: 1}
  confidentiality: {const: N}
  reliability: {const: A}
  acquisition: {const: waarneming}
  fact_judgement: {const: fact}
  role: {const: other}
entities:
  voertuig:
    type: Vehicle
    key: [id]
    properties: {plate: kenteken}
""",
        encoding="utf-8",
    )
    ingest.collect(
        guard_for(store, clock, "admin", case_id=None), mapping=str(tmp_path / "v.mapping.yaml")
    )
    assert entity_id(store, "controles/Vehicle/q1") == entity_id(store, first)
    assert (
        store.query(
            "SELECT count(*) FROM audit_log WHERE service = 'resolve_objects' AND action = 'combine'"
        )[0][0]
        == 2
    )


def test_a_chain_of_shared_keys_is_one_vehicle(store: Store, clock: FixedClock) -> None:
    """v1 and v2 share a VIN, v2 and v3 a plate, v4 shares nothing: the group is transitive
    and the records are stored in an order that is not the order of the chain."""
    vin = "WVWZZZ1JZXW000001"
    add_record(store, reg_id="r1", entities=[("v3", "Vehicle", {"plate": "12-XLB-3"})])
    add_record(store, reg_id="r2", entities=[("v1", "Vehicle", {"plate": "XL-12-BB", "vin": vin})])
    add_record(
        store, reg_id="r3", entities=[("v2", "Vehicle", {"plate": "12xlb3", "vin": vin.lower()})]
    )
    add_record(store, reg_id="r4", entities=[("v4", "Vehicle", {"plate": "99-ZZ-ZZ"})])
    _approve(store, clock)
    report = _run(store, clock)
    ids = [entity_id(store, f"src/Vehicle/v{n}") for n in (1, 2, 3, 4)]
    assert ids[0] == ids[1] == ids[2] != ids[3]
    assert report.records == {"Vehicle": 4} and report.entities == {"Vehicle": 2}
    assert report.joined == {"Vehicle": 1}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_components_agree_with_igraph(seed: int) -> None:
    """The grouping's own union-find against igraph's components on random graphs with long
    chains: every node ends at its component's smallest node."""
    import igraph
    import numpy as np

    from raffinaderij.resolve.rules.run import _components

    rng = np.random.default_rng(seed)
    n = 2000
    # paths of 50 nodes through a random order (cut at every 50th step), then random edges
    chain = rng.permutation(n)
    keep = np.arange(n - 1) % 50 != 0
    a = np.concatenate([chain[:-1][keep], rng.integers(0, n, 20)])
    b = np.concatenate([chain[1:][keep], rng.integers(0, n, 20)])
    roots = _components(n, a.astype(np.int64), b.astype(np.int64))
    membership = igraph.Graph(n=n, edges=list(zip(a.tolist(), b.tolist(), strict=True)))
    for members in membership.connected_components():
        assert set(roots[members].tolist()) == {min(members)}
