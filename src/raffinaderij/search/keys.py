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
from typing import Any

import pyarrow as pa

from raffinaderij.model.normalise import normalise
from raffinaderij.model.normalise.address import address_key
from raffinaderij.model.normalise.names import split_full_name, split_given, split_surname
from raffinaderij.model.normalise.plates import SIDECODES
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
    "match_keys_current_in",
    "refresh_match_keys_state",
    "registrations_fingerprint_sql",
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


# Python's str.strip() whitespace, as an RE2 class: `_first` skips values that are blank by it.
_BLANK = (
    r"[\s\x{0b}\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}"
    r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*"
)
#: The fields `keys_from_values` reads (roepnaam is a subject field but never a key).
_KEY_FIELDS = (
    "bsn", "surname", "surnamePrefix", "givenName", "initials", "fullName", "birthDate",
    "plate", "phone", "postcode", "houseNumber", "houseNumberAddition",
)  # fmt: skip


# Values already in their normal form skip Python (tests/compare/test_match_keys_build.py proves
# both shortcuts equal to the normalisers): one plain word is its own surname core, lower-cased;
# a plate written exactly in its side-code's format is its own clean plate.
_PLAIN_WORD = "[A-Za-z0-9]+"
PLATE_FORMATTED = "|".join(
    f"({p.replace('L', '[A-Z]').replace('D', '[0-9]')})" for p in SIDECODES.values()
)


def _surname_core(prefix: str | None, raw: str) -> str | None:
    s = split_surname(f"{prefix} {raw}" if prefix else raw)
    return s.core if s and s.core else None


def _initial(raw: str) -> str | None:
    g = split_given(raw)
    return g.initials[0] if g and g.initials else None


def _full(raw: str) -> tuple[str | None, str | None]:
    given, surname = split_full_name(raw)
    s = split_surname(surname) if surname else None
    g = split_given(given) if given else None
    return (s.core if s and s.core else None), (g.initials[0] if g and g.initials else None)


def _plate(raw: str) -> str | None:
    plate = normalise("plate", raw)
    return plate if plate and len(plate) >= 4 else None


def _address(pc: str, hn: str, addition: str | None) -> str | None:
    key = address_key(pc, hn, addition)
    return key if key and "|" in key else None  # a postcode alone is a street, not an address


def _map(names: Sequence[str], rows: Iterable[tuple[Any, ...]], *, outputs: int = 1) -> pa.Table:
    """A lookup table from input values to their normalised outputs (the last `outputs`
    columns); rows without any output are dropped."""
    cols: list[list[Any]] = [[] for _ in names]
    for row in rows:
        if all(v is None for v in row[-outputs:]):
            continue
        for col, v in zip(cols, row, strict=True):
            col.append(v)
    return pa.table({n: pa.array(c, pa.string()) for n, c in zip(names, cols, strict=True)})


def _distinct(cur: Any, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in cur.execute(sql).fetchall()]


def registrations_fingerprint_sql() -> str:
    """One BIGINT over what `match_keys` depends on in `registrations` (parameter `$codes`): the
    count, the newest ingest (an alteration, i.e. Wpg 28 rectification) and which records are
    excluded (blocked, art. 14, confidential), so any change to them forces a rebuild (LAW-02, -04)."""
    return (
        "SELECT CAST(hash(count(*), max(ingested_at), bit_xor(hash(reg_key)) FILTER (WHERE blocked"
        " OR stage <> 'active' OR list_contains($codes, confidentiality))) >> 1 AS BIGINT)"
        " FROM registrations"
    )


def match_keys_current(store: Store, *, confidential_codes: Sequence[str]) -> bool:
    """True when `match_keys` was built from the statements and registrations as they are now
    (a cheap fingerprint that also sees alterations, blocking and art. 14 moves)."""
    cur = store.cursor()
    try:
        return match_keys_current_in(cur, confidential_codes=confidential_codes)
    finally:
        cur.close()


def match_keys_current_in(cur: Any, *, confidential_codes: Sequence[str]) -> bool:
    """`match_keys_current` inside a caller's transaction."""
    state = cur.execute(
        "SELECT rules_version, statements, registrations_fingerprint FROM match_keys_state"
    ).fetchall()
    now = cur.execute(
        f"SELECT (SELECT count(*) FROM statements), ({registrations_fingerprint_sql()})",
        {"codes": list(confidential_codes)},
    ).fetchone()
    return bool(state) and now is not None and tuple(state[0]) == (RULES_VERSION, now[0], now[1])


def refresh_match_keys_state(cur: Any, *, confidential_codes: Sequence[str]) -> None:
    """Record the current fingerprint after rows were taken out of `match_keys` together with
    their records (retention), so the keys count as current without a full rebuild."""
    cur.execute(
        "UPDATE match_keys_state SET statements = (SELECT count(*) FROM statements),"
        f" registrations_fingerprint = ({registrations_fingerprint_sql()}),"
        " keys = (SELECT count(*) FROM match_keys)",
        {"codes": list(confidential_codes)},
    )


def build_match_keys(store: Store, *, confidential_codes: Sequence[str]) -> int:
    """Rebuild `match_keys` from statements; returns the number of keys. Idempotent.

    Set-based: the same rules as `keys_from_values`, but joined in DuckDB; the Dutch normalisers
    run in Python once per distinct input value, then join back as lookup tables.
    Confidential, blocked and art. 14 registrations never enter it (LAW-02, Wpg 14 and 28);
    every other rule (level, term, basis, covert) is applied by the guard at query time.
    """
    fields = [(s, p, f) for (s, p), f in sorted(_FIELDS.items()) if f in _KEY_FIELDS]
    field_rows = ", ".join(f"('{s}', '{p}', '{f}')" for s, p, f in fields)
    g = "entity_key, reg_key, schema"
    with store.transaction() as tx:
        tx.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE mk_src AS
            SELECT DISTINCT s.entity_key, s.reg_key, s.schema, f.field, s.value
            FROM statements s
            JOIN (VALUES {field_rows}) f(schema, prop, field)
              ON f.schema = s.schema AND f.prop = s.prop
            JOIN registrations r ON r.reg_key = s.reg_key
            WHERE NOT list_contains($codes, r.confidentiality) AND NOT r.blocked
              AND r.stage = 'active' AND NOT regexp_full_match(s.value, $blank)
            """,
            {"codes": list(confidential_codes), "blank": _BLANK},
        )
        # `_first(...)[0]`: the first prefix and addition in (prop, value) order, i.e. the least
        tx.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE mk_one AS
            SELECT {g}, min(value) FILTER (WHERE field = 'surnamePrefix') AS prefix,
                   min(value) FILTER (WHERE field = 'houseNumberAddition') AS addition
            FROM mk_src WHERE field IN ('surnamePrefix', 'houseNumberAddition') GROUP BY ALL
            """
        )

        def values(*names: str, skip: str | None = None) -> list[str]:
            quoted = ", ".join(f"'{n}'" for n in names)
            sql = f"SELECT DISTINCT value FROM mk_src WHERE field IN ({quoted})"
            if skip:
                sql += f" AND NOT regexp_full_match(value, '{skip}')"
            return [r[0] for r in _distinct(tx, sql)]

        maps = {
            "m_bsn": _map(("raw", "key"), ((v, normalise("bsn", v)) for v in values("bsn"))),
            "m_sur": _map(
                ("prefix", "raw", "core"),
                (
                    (p, v, _surname_core(p, v))
                    for p, v in _distinct(
                        tx,
                        f"SELECT DISTINCT o.prefix, s.value FROM mk_src s"
                        f" LEFT JOIN mk_one o USING ({g}) WHERE s.field = 'surname'"
                        f" AND NOT (o.prefix IS NULL AND regexp_full_match(s.value, '{_PLAIN_WORD}'))",
                    )
                ),
            ),
            "m_given": _map(
                ("raw", "initial"), ((v, _initial(v)) for v in values("givenName", "initials"))
            ),
            "m_full": _map(
                ("raw", "core", "initial"),
                ((v, *_full(v)) for v in values("fullName")),
                outputs=2,
            ),
            "m_date": _map(
                ("raw", "iso"), ((v, normalise("date", v)) for v in values("birthDate"))
            ),
            "m_plate": _map(
                ("raw", "key"), ((v, _plate(v)) for v in values("plate", skip=PLATE_FORMATTED))
            ),
            "m_phone": _map(("raw", "key"), ((v, normalise("phone", v)) for v in values("phone"))),
            "m_addr": _map(
                ("pc", "hn", "addition", "key"),
                (
                    (pc, hn, add, _address(pc, hn, add))
                    for pc, hn, add in _distinct(
                        tx,
                        f"SELECT DISTINCT pc.value, hn.value, o.addition FROM mk_src pc"
                        f" JOIN mk_src hn USING ({g}) LEFT JOIN mk_one o USING ({g})"
                        f" WHERE pc.field = 'postcode' AND hn.field = 'houseNumber'",
                    )
                ),
            ),
        }
        for name, table in maps.items():
            tx.register(name, table)
        tx.execute("DELETE FROM match_keys")
        tx.execute(
            f"""
            INSERT INTO match_keys
            WITH sur AS (
                SELECT * FROM (
                    SELECT s.entity_key, s.reg_key, s.schema,
                           CASE WHEN o.prefix IS NULL
                                 AND regexp_full_match(s.value, '{_PLAIN_WORD}')
                                THEN lower(s.value) ELSE m.core END AS core
                    FROM mk_src s LEFT JOIN mk_one o USING ({g})
                    LEFT JOIN m_sur m ON m.raw = s.value AND m.prefix IS NOT DISTINCT FROM o.prefix
                    WHERE s.field = 'surname'
                ) WHERE core IS NOT NULL
                UNION
                SELECT s.entity_key, s.reg_key, s.schema, m.core FROM mk_src s
                JOIN m_full m ON m.raw = s.value WHERE s.field = 'fullName' AND m.core IS NOT NULL
            ), ini AS (
                SELECT s.entity_key, s.reg_key, s.schema, m.initial FROM mk_src s
                JOIN m_given m ON m.raw = s.value WHERE s.field IN ('givenName', 'initials')
                UNION
                SELECT s.entity_key, s.reg_key, s.schema, m.initial FROM mk_src s
                JOIN m_full m ON m.raw = s.value
                WHERE s.field = 'fullName' AND m.initial IS NOT NULL
            ), birth AS (
                SELECT s.entity_key, s.reg_key, s.schema, m.iso FROM mk_src s
                JOIN m_date m ON m.raw = s.value WHERE s.field = 'birthDate'
            ), keys AS (
                SELECT s.entity_key, s.reg_key, 'bsn' AS key_type, m.key AS key_value
                FROM mk_src s JOIN m_bsn m ON m.raw = s.value WHERE s.field = 'bsn'
                UNION ALL
                -- a full date only: a partial one is too weak for name_dob
                SELECT entity_key, reg_key, 'name_dob', core || '|' || iso
                FROM sur JOIN birth USING ({g}) WHERE length(iso) = 10
                UNION ALL
                SELECT entity_key, reg_key, 'initial_year',
                       initial || '|' || core || '|' || substr(iso, 1, 4)
                FROM sur JOIN birth USING ({g}) JOIN ini USING ({g})
                UNION ALL
                SELECT s.entity_key, s.reg_key, 'plate',
                       CASE WHEN regexp_full_match(s.value, '{PLATE_FORMATTED}') THEN s.value
                            ELSE m.key END AS plate
                FROM mk_src s LEFT JOIN m_plate m ON m.raw = s.value
                WHERE s.field = 'plate' AND plate IS NOT NULL
                UNION ALL
                SELECT s.entity_key, s.reg_key, 'phone', m.key
                FROM mk_src s JOIN m_phone m ON m.raw = s.value WHERE s.field = 'phone'
                UNION ALL
                SELECT pc.entity_key, pc.reg_key, 'address', m.key
                FROM mk_src pc JOIN mk_src hn USING ({g}) LEFT JOIN mk_one o USING ({g})
                JOIN m_addr m ON m.pc = pc.value AND m.hn = hn.value
                 AND m.addition IS NOT DISTINCT FROM o.addition
                WHERE pc.field = 'postcode' AND hn.field = 'houseNumber'
            )
            SELECT DISTINCT entity_key, reg_key, key_type, key_value FROM keys
            ORDER BY key_type, key_value, entity_key, reg_key
            """
        )
        for name in maps:
            tx.unregister(name)
        tx.execute("DROP TABLE mk_src")
        tx.execute("DROP TABLE mk_one")
        count = int(tx.execute("SELECT count(*) FROM match_keys").fetchone()[0])  # type: ignore[index]
        tx.execute("DELETE FROM match_keys_state")
        tx.execute(
            "INSERT INTO match_keys_state SELECT $version, (SELECT count(*) FROM statements),"
            f" ({registrations_fingerprint_sql()}), $keys",
            {"version": RULES_VERSION, "keys": count, "codes": list(confidential_codes)},
        )
    return count
