"""Hard negatives the Dutch way, on hand-made records: twins (same surname and birth date,
another given name), a father and his namesake son a generation apart, and a chain through a
sparse record that must not join two people whose own pair says "different"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from dutch_people import people
from resolve_support import CANDIDATES, copy_model

from raffinaderij.clock import FixedClock
from raffinaderij.resolve import run, train
from raffinaderij.resolve.cluster import ClusterParams, cluster
from raffinaderij.resolve.fixtures import insert_persons
from raffinaderij.store.db import Store, open_store

P = ClusterParams(link_weight=0.0, strong_weight=14.0, support=0.5, cannot_weight=-6.0)


@pytest.fixture(scope="module")
def town() -> tuple[list[dict[str, Any]], tuple[Any, ...]]:
    """A population with a town's variety of surnames, and a model trained on it."""
    records, _ = people(400, seed=13, many_surnames=True)
    s = open_store(":memory:")
    insert_persons(s, records)
    version = train(
        s,
        candidate_filter=CANDIDATES,
        created_by="alice",
        seed=3,
        clock=FixedClock(datetime(2026, 3, 1, 12)),
    )
    row = s.query("SELECT * FROM resolve_models WHERE version = ?", [version])[0]
    s.close()
    return records, row


@pytest.fixture
def kstore(town: tuple[list[dict[str, Any]], tuple[Any, ...]]) -> Iterator[Store]:
    s = open_store(":memory:")
    insert_persons(s, town[0])
    copy_model(s, town[1], approved=True)
    yield s
    s.close()


def _person(
    rid: str, given: str, born: str | None, pc: str | None, nr: str | None, **kw: Any
) -> dict[str, Any]:
    return {
        "source": "bvh",
        "id": rid,
        "givenName": given,
        "surname": kw.pop("surname", "Oosterhuizen"),
        "birthDate": born,
        "postcode": pc,
        "houseNumber": nr,
        **kw,
    }


def _clusters(store: Store) -> dict[str, str]:
    rows = store.query(
        "SELECT entity_key, entity_id FROM entity_clusters WHERE entity_key LIKE 'bvh/Person/k-%'"
    )
    return {k.removeprefix("bvh/Person/k-"): v for k, v in rows}


def test_twins_stay_two_people(kstore: Store) -> None:
    insert_persons(
        kstore,
        [
            _person("k-anna1", "Anna", "14-05-2001", "9999ZZ", "1"),
            _person("k-anna2", "Anna", "2001-05-14", None, None),
            # her twin sister, registered without an address: surname and birth date agree
            _person("k-femke1", "Femke", "14-05-2001", None, None),
            _person("k-femke2", "Femke", "20010514", None, None),
        ],
    )
    run(kstore, candidate_filter=CANDIDATES)
    c = _clusters(kstore)
    assert c["anna1"] == c["anna2"]
    assert c["femke1"] == c["femke2"]
    assert c["anna1"] != c["femke1"]


def test_father_and_namesake_son_are_not_chained(kstore: Store) -> None:
    vw = "van Wijngaarden"
    insert_persons(
        kstore,
        [
            _person("k-sr1", "Johannes", "03-02-1952", "9996AB", "7", surname=vw),
            _person("k-sr2", "Johannes", "1952-02-03", "9996AB", "7", surname=vw),
            _person("k-jr1", "Johannes", "22-07-1981", None, None, surname=vw, phone="0612345678"),
            _person("k-jr2", "Johannes", "1981-07-22", None, None, surname=vw, phone="0612345678"),
            # a sparse registration: an initial, no birth date, the parents' address and the
            # son's phone; it links to both, and father and son never met in blocking
            _person("k-bridge", "J.", None, "9996AB", "7", surname=vw, phone="06-12345678"),
        ],
    )
    run(kstore, candidate_filter=CANDIDATES)
    c = _clusters(kstore)
    assert c["sr1"] == c["sr2"]
    assert c["jr1"] == c["jr2"]
    assert c["sr1"] != c["jr1"]
    assert c["bridge"] in (c["sr1"], c["jr1"])


def test_a_chain_of_links_cannot_join_a_pair_scored_apart() -> None:
    keys = ["a", "b", "c"]
    edges = [("a", "b", 8.0), ("b", "c", 7.0), ("a", "c", -9.0)]
    m = cluster(keys, [None] * 3, edges, params=P)
    assert m["a"] == m["b"]
    assert m["c"] != m["a"]
    # a pair merely unsure (above the cannot weight) does not keep them apart
    m = cluster(keys, [None] * 3, [("a", "b", 8.0), ("b", "c", 7.0), ("a", "c", -3.0)], params=P)
    assert m["a"] == m["b"] == m["c"]
    # nor when the constraint is off
    off = ClusterParams(cannot_weight=None)
    assert len(set(cluster(keys, [None] * 3, edges, params=off).values())) == 1


def test_apart_holds_after_groups_grow() -> None:
    keys = ["a1", "a2", "b1", "b2", "x"]
    edges = [
        ("a1", "a2", 20.0),
        ("b1", "b2", 20.0),
        ("a2", "x", 16.0),
        ("x", "b1", 15.0),  # strong enough to join groups, but a1 and b2 were scored apart
        ("a1", "b2", -12.0),
    ]
    m = cluster(keys, [None] * 5, edges, params=P)
    assert m["a1"] == m["a2"] == m["x"]
    assert m["b1"] == m["b2"] != m["a1"]


def test_a_new_record_cannot_chain_two_existing_people(kstore: Store) -> None:
    """Father and son are resolved as two people; a sparse registration linked later (link_new,
    no retraining) links to both, but cannot join them: their own pair, scored when the bridge
    brings their clusters together, says "different"."""
    from raffinaderij.resolve import link_new

    vw = "van Wijngaarden"
    insert_persons(
        kstore,
        [
            _person("k-sr1", "Johannes", "03-02-1952", "9996AB", "7", surname=vw),
            _person("k-sr2", "Johannes", "1952-02-03", "9996AB", "7", surname=vw),
            _person("k-jr1", "Johannes", "22-07-1981", None, None, surname=vw, phone="0612345678"),
            _person("k-jr2", "Johannes", "1981-07-22", None, None, surname=vw, phone="0612345678"),
        ],
    )
    run(kstore, candidate_filter=CANDIDATES)
    c = _clusters(kstore)
    assert c["sr1"] == c["sr2"] != c["jr1"] == c["jr2"]
    insert_persons(
        kstore, [_person("k-bridge", "J.", None, "9996AB", "7", surname=vw, phone="06-12345678")]
    )
    link_new(kstore, ["bvh/Person/k-bridge"], candidate_filter=CANDIDATES)
    c = _clusters(kstore)
    assert c["sr1"] == c["sr2"]
    assert c["jr1"] == c["jr2"]
    assert c["sr1"] != c["jr1"]
    assert c["bridge"] in (c["sr1"], c["jr1"])
