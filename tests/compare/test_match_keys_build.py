"""The set-based `build_match_keys` gives exactly the keys `keys_from_values` gives per
(entity, registration): the rules are defined once, by the per-record function."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from raffinaderij.model.normalise import normalise
from raffinaderij.model.normalise.names import split_surname
from raffinaderij.search.keys import FIELD_OF, PLATE_FORMATTED, build_match_keys, keys_from_values
from support import add_record

POOLS: dict[str, list[str]] = {
    "bsn": ["111222333", "111.222.333", "123456789", " ", "0111222333", "abc"],
    "surname": [
        "Jansen",
        "van den Berg",
        "Berg, van den",
        "v.d. Berg",
        "de Vries",
        "  ",
        "Ödeman",
        "Bruin-de Vries",
        "van",
        "'t Hart",
        "\u00a0",
        "Achternaam12",
        "VAN",
        "Muller",
    ],
    "surnamePrefix": ["van den", "v.d.", "de", " ", "\u00a0", "ter"],
    "givenName": ["Johannes", "J.P.", "Jan (Johannes)", "", "Anne-Marie", "\u2003"],
    "initials": ["J.", "JP", "p", "  "],
    "fullName": ["J. v.d. Berg", "Berg, Jan van den", "Piet", "Maria de Vries-Jansen", "x y"],
    "birthDate": ["1980-02-03", "3-2-1980", "03/02/1980", "1980", "1980-02", "31-02-1980", "nooit"],
    "plate": [
        "XL-12-BB",
        "xl12bb",
        "12-ABC-3",
        "AB",
        "99-XX-99",
        "1-KBB-23",
        "xl-12-bb",
        "X1-12-BB",
    ],
    "number": ["06-12345678", "+31 6 1234 5678", "0612", "020 123 4567", "geen"],
    "postcode": ["1234 AB", "1234ab", "9999ZZ", "12345", " "],
    "houseNumber": ["5", "5a", "5-A", "12 II", "x", "\t"],
    "houseNumberAddition": ["A", "a", "bis", " ", "II", "hs"],
}
SCHEMA_OF = {prop: schema for (schema, prop) in FIELD_OF}


def _reference(store) -> set[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    """The keys as the per-record loop made them before the rebuild became set-based."""
    rows = store.query(
        """
        SELECT s.entity_key, s.reg_key, s.schema, list(s.prop ORDER BY s.prop, s.value),
               list(s.value ORDER BY s.prop, s.value)
        FROM statements s JOIN registrations r ON r.reg_key = s.reg_key
        WHERE r.confidentiality <> 'V' AND NOT r.blocked AND r.stage = 'active'
        GROUP BY ALL
        """
    )
    out = set()
    for entity_key, reg_key, schema, props, values in rows:
        fields: dict[str, list[str]] = {}
        for prop, value in zip(props, values, strict=True):
            f = FIELD_OF.get((schema, prop))
            if f:
                fields.setdefault(f, []).append(value)
        out |= {(entity_key, reg_key, t, v) for t, v in keys_from_values(fields)}
    return out


def _random_records(store, rng: random.Random, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        entities: list[tuple[str, str, dict[str, Any]]] = []
        for schema, props in (
            ("Person", ["bsn", "surname", "surnamePrefix", "givenName", "initials", "fullName",
                        "birthDate", "roepnaam"]),
            ("Vehicle", ["plate"]),
            ("Phone", ["number"]),
            ("Address", ["postcode", "houseNumber", "houseNumberAddition"]),
        ):  # fmt: skip
            chosen: dict[str, Any] = {}
            for prop in props:
                if rng.random() < 0.6:
                    pool = POOLS.get(prop, ["Jan"])
                    chosen[prop] = rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2))))
            if chosen:
                entities.append((f"e{i % 37}", schema, chosen))
        if entities:
            add_record(
                store,
                reg_id=f"r{i}",
                confidentiality="V" if i % 17 == 0 else "N",
                blocked=i % 23 == 0,
                entities=entities,
            )


@pytest.mark.parametrize("seed", [1, 2])
def test_set_based_build_equals_the_per_record_rules(store, seed: int) -> None:  # type: ignore[no-untyped-def]
    _random_records(store, random.Random(seed), 120)
    n = build_match_keys(store, confidential_codes=("V",))
    got = set(store.query("SELECT entity_key, reg_key, key_type, key_value FROM match_keys"))
    want = _reference(store)
    assert len(want) > 50 and {t for _, _, t, _ in want} >= {"bsn", "name_dob", "plate"}
    assert got == want
    assert n == len(got)  # no duplicate rows


def test_rebuild_is_idempotent_and_follows_statements(store) -> None:  # type: ignore[no-untyped-def]
    add_record(store, reg_id="a", entities=[("p", "Person", {"surname": "Jansen",
                                                               "birthDate": "1980-02-03"})])  # fmt: skip
    assert build_match_keys(store, confidential_codes=("V",)) == 1
    assert build_match_keys(store, confidential_codes=("V",)) == 1
    add_record(store, reg_id="b", entities=[("v", "Vehicle", {"plate": "XL-12-BB"})])
    assert build_match_keys(store, confidential_codes=("V",)) == 2
    assert store.query("SELECT keys FROM match_keys_state")[0][0] == 2


@settings(max_examples=300, deadline=None)
@given(st.from_regex(PLATE_FORMATTED, fullmatch=True))
def test_formatted_plates_are_their_own_clean_plate(plate: str) -> None:
    assert normalise("plate", plate) == plate


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9]+", fullmatch=True))
def test_one_plain_word_is_its_own_surname_core(word: str) -> None:
    s = split_surname(word)
    assert s is not None and s.core == word.lower()
