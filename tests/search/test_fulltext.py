"""Full-text search: Dutch-aware, one typo tolerated in names, identifiers normalised, facets
from SQL, and the index never holds confidential data (LAW-02)."""

from __future__ import annotations

from datetime import date

import pytest

from raffinaderij.search.index import build_index, candidates
from raffinaderij.services import search
from support import add_record, entity_id, guard_for


@pytest.fixture
def world(store):  # type: ignore[no-untyped-def]
    add_record(
        store,
        reg_id="a",
        entities=[
            ("p", "Person", {"givenName": "Johannes", "surname": "van den Bijl"}),
            ("v", "Vehicle", {"plate": "XL-12-BB"}),
            ("t", "Phone", {"number": "06-12345678"}),
            ("h", "Address", {"postcode": "1234 AB", "houseNumber": "5"}),
            ("d", "Document", {"text": "De verdachte reed met hoge snelheid door Utrecht"}),
        ],
    )
    add_record(
        store,
        reg_id="b",
        source="bron2",
        first_processed=date(2025, 12, 1),
        entities=[("q", "Person", {"givenName": "Piet", "surname": "Schouten"})],
    )
    add_record(
        store,
        reg_id="c",
        confidentiality="V",
        entities=[("x", "Person", {"surname": "Geheimhouder"})],
    )
    return store


def ids(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.entity_id for h in result.hits}


@pytest.mark.parametrize(
    ("q", "entity"),
    [
        ("Bijl", "src/Person/p"),
        ("Bijll", "src/Person/p"),  # one typo
        ("Beil", "src/Person/p"),  # Dutch phonetics: ij ~ ei
        ("Johanes Bijl", "src/Person/p"),
        ("xl12bb", "src/Vehicle/v"),
        ("+31 6 12345678", "src/Phone/t"),
        ("1234ab", "src/Address/h"),
        ("snelheden", "src/Document/d"),  # Dutch stemming in document text
        ("Schoute", "bron2/Person/q"),  # prefix
    ],
)
def test_finds(world, clock, q: str, entity: str) -> None:  # type: ignore[no-untyped-def]
    want = entity_id(world, entity)
    assert want in ids(search.search(guard_for(world, clock, "analyst1"), q=q))


def test_facets_come_from_sql_and_filter(world, clock) -> None:  # type: ignore[no-untyped-def]
    g = guard_for(world, clock, "analyst1")
    both = search.search(g, q="Bijl Schouten")
    assert both.total == 0  # all words must match
    r = search.search(g, q="Schouten")
    assert r.facets["source"] == {"bron2": 1} and r.facets["year"] == {"2025": 1}
    assert search.search(g, q="Schouten", source="src").total == 0
    assert search.search(g, q="Schouten", year=2025).total == 1


def test_confidential_never_in_the_index(world) -> None:  # type: ignore[no-untyped-def]
    si = build_index(world, None, confidential_codes=("V",))
    assert len(candidates(si, "Geheimhouder")) == 0
    assert len(candidates(si, "Schouten")) == 1


def test_index_follows_new_statements(world, clock) -> None:  # type: ignore[no-untyped-def]
    g = guard_for(world, clock, "analyst1")
    assert search.search(g, q="Nieuwkomer").total == 0
    add_record(world, reg_id="n", entities=[("n", "Person", {"surname": "Nieuwkomer"})])
    assert search.search(g, q="Nieuwkomer").total == 1
