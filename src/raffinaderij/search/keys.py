"""Match keys for automated comparison (Wpg 11): deterministic, explainable, versioned.

"Basic algorithms, not AI": a subject and a registered entity are linked when they agree on a
normalised key. Each key type is named so that a hit can say which identifiers agreed.

    bsn           BSN passing the 11-proef
    name_dob      surname core (particles split off) + full birth date
    initial_year  first initial + surname core + birth year          (supporting only)
    plate         licence plate, side-code formatted
    phone         phone number in E.164
    address       postcode + house number (+ addition)                (supporting only)

`match_keys` is derived from statements and rebuilt by `build_match_keys` (idempotent).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pyarrow as pa

from raffinaderij.model.normalise import normalise
from raffinaderij.model.normalise.address import address_key
from raffinaderij.model.normalise.names import split_full_name, split_given, split_surname
from raffinaderij.store.db import Store

__all__ = [
    "FIELDS",
    "FIELD_OF",
    "KEY_TYPES",
    "RULES_VERSION",
    "STRONG",
    "build_match_keys",
    "is_strong",
    "keys_from_values",
]

#: Bump when any rule below changes: every hit names the version that produced it (LAW-15).
RULES_VERSION = "keys-v1"
KEY_TYPES = ("bsn", "name_dob", "initial_year", "plate", "phone", "address")
#: One of these alone establishes that a link exists; the others only support it.
STRONG = frozenset({"bsn", "name_dob", "plate", "phone"})

# (schema, property) of statements -> the subject field it feeds. Special categories never
# appear here (LAW-09): only identifying properties are keys.
_FIELDS: dict[tuple[str, str], str] = {
    ("Person", "bsn"): "bsn",
    ("Person", "surname"): "surname",
    ("Person", "surnamePrefix"): "surnamePrefix",
    ("Person", "givenName"): "givenName",
    ("Person", "roepnaam"): "roepnaam",
    ("Person", "initials"): "initials",
    ("Person", "fullName"): "fullName",
    ("Person", "birthDate"): "birthDate",
    ("Vehicle", "plate"): "plate",
    ("Phone", "number"): "phone",
    ("Address", "postcode"): "postcode",
    ("Address", "houseNumber"): "houseNumber",
    ("Address", "houseNumberAddition"): "houseNumberAddition",
}
FIELD_OF = _FIELDS
FIELDS = frozenset(_FIELDS.values())


def is_strong(key_types: Iterable[str]) -> bool:
    return bool(STRONG & set(key_types))


def _first(values: Mapping[str, Sequence[str]], field: str) -> list[str]:
    return [v for v in values.get(field, ()) if v and str(v).strip()]


def keys_from_values(values: Mapping[str, Sequence[str]]) -> set[tuple[str, str]]:
    """All (key_type, key_value) pairs of one subject or one entity-in-registration."""
    keys: set[tuple[str, str]] = set()
    for raw in _first(values, "bsn"):
        bsn = normalise("bsn", raw)
        if bsn:
            keys.add(("bsn", bsn))
    surnames: set[str] = set()
    initials: set[str] = set()
    prefixes = _first(values, "surnamePrefix")
    for raw in _first(values, "surname"):
        # a separate prefix field and "van den Berg" in one field give the same core
        s = split_surname(f"{prefixes[0]} {raw}" if prefixes else raw)
        if s and s.core:
            surnames.add(s.core)
    for raw in _first(values, "givenName") + _first(values, "initials"):
        g = split_given(raw)
        if g and g.initials:
            initials.add(g.initials[0])
    for raw in _first(values, "fullName"):
        given, surname = split_full_name(raw)
        s = split_surname(surname) if surname else None
        if s and s.core:
            surnames.add(s.core)
        g = split_given(given) if given else None
        if g and g.initials:
            initials.add(g.initials[0])
    births = {d for d in (normalise("date", raw) for raw in _first(values, "birthDate")) if d}
    for surname in surnames:
        for birth in births:
            if len(birth) == 10:  # a full date only: a partial one is too weak for name_dob
                keys.add(("name_dob", f"{surname}|{birth}"))
            for initial in initials:
                keys.add(("initial_year", f"{initial}|{surname}|{birth[:4]}"))
    for raw in _first(values, "plate"):
        plate = normalise("plate", raw)
        if plate and len(plate) >= 4:
            keys.add(("plate", plate))
    for raw in _first(values, "phone"):
        phone = normalise("phone", raw)
        if phone:
            keys.add(("phone", phone))
    additions = _first(values, "houseNumberAddition")
    for pc in _first(values, "postcode"):
        for hn in _first(values, "houseNumber"):
            key = address_key(pc, hn, additions[0] if additions else None)
            if key and "|" in key:  # a postcode alone is a street, not an address
                keys.add(("address", key))
    return keys


def build_match_keys(store: Store, *, confidential_codes: Sequence[str]) -> int:
    """Rebuild `match_keys` from statements; returns the number of keys. Idempotent.

    Confidential, blocked and art. 14 registrations never enter it (LAW-02, Wpg 14 and 28);
    every other rule (level, term, basis, covert) is applied by the guard at query time.
    """
    props = sorted({p for _, p in _FIELDS})
    schemas = sorted({s for s, _ in _FIELDS})
    cur = store.cursor()
    try:
        table = cur.sql(
            """
            SELECT s.entity_key, s.reg_key, s.schema,
                   list(s.prop ORDER BY s.prop, s.value), list(s.value ORDER BY s.prop, s.value)
            FROM statements s JOIN registrations r ON r.reg_key = s.reg_key
            WHERE list_contains($schemas, s.schema) AND list_contains($props, s.prop)
              AND NOT list_contains($codes, r.confidentiality) AND NOT r.blocked
              AND r.stage = 'active'
            GROUP BY ALL
            """,
            params={"schemas": schemas, "props": props, "codes": list(confidential_codes)},
        ).to_arrow_table()
    finally:
        cur.close()
    out_entity: list[str] = []
    out_reg: list[str] = []
    out_type: list[str] = []
    out_value: list[str] = []
    cols = [table.column(i).to_pylist() for i in range(5)]
    for entity_key, reg_key, schema, prop_list, value_list in zip(*cols, strict=True):
        values: dict[str, list[str]] = {}
        for prop, value in zip(prop_list, value_list, strict=True):
            field = _FIELDS.get((schema, prop))
            if field:
                values.setdefault(field, []).append(value)
        for key_type, key_value in sorted(keys_from_values(values)):
            out_entity.append(entity_key)
            out_reg.append(reg_key)
            out_type.append(key_type)
            out_value.append(key_value)
    keys = pa.table(
        {
            "entity_key": out_entity,
            "reg_key": out_reg,
            "key_type": out_type,
            "key_value": out_value,
        },
        schema=pa.schema(
            [
                ("entity_key", pa.string()),
                ("reg_key", pa.string()),
                ("key_type", pa.string()),
                ("key_value", pa.string()),
            ]
        ),
    )
    with store.transaction() as tx:
        tx.execute("DELETE FROM match_keys")
        tx.register("new_match_keys", keys)
        tx.execute(
            "INSERT INTO match_keys SELECT entity_key, reg_key, key_type, key_value"
            " FROM new_match_keys ORDER BY key_type, key_value"
        )
        tx.unregister("new_match_keys")
        tx.execute("DELETE FROM match_keys_state")
        tx.execute(
            "INSERT INTO match_keys_state SELECT ?, (SELECT count(*) FROM statements),"
            " (SELECT count(*) FROM registrations), ?",
            [RULES_VERSION, keys.num_rows],
        )
    return keys.num_rows
