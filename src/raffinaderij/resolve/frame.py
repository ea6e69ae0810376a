"""The person frame: one normalised row per Person entity-in-source, built by SQL over statements.

Only statements whose registration passes the caller's `candidate_filter` (a SQL predicate over
alias `r`, compiled by the guard from the policy) are read, so excluded records never become
candidates (LAW-02/04/13/14). Multi-valued properties take the smallest value: deterministic.
The frame of a few keys (link_new's new batch) reads every statement of theirs too, in whatever
registration or batch it was stored, but decompresses only the row ranges that hold them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import duckdb
import pyarrow as pa

from raffinaderij.model.normalise._vector import vectorise
from raffinaderij.model.normalise.address import (
    clean_house_number,
    clean_postcode,
    parse_postcode_house,
)
from raffinaderij.model.normalise.bsn import clean_bsn_many
from raffinaderij.model.normalise.dates import clean_date, swap_day_month
from raffinaderij.model.normalise.names import (
    clean_name,
    official_initials,
    split_full_name,
    split_given,
    split_surname,
    surname_parts,
)
from raffinaderij.model.normalise.phones import clean_phone_many
from raffinaderij.model.normalise.phonetic import dutch_phonetic
from raffinaderij.model.normalise.plates import plate_key

__all__ = [
    "FRAME_COLUMNS",
    "FRAME_LINKS",
    "build_frame",
    "frame_sql",
    "normalise_frame",
    "sample_keys",
]

FRAME_COLUMNS: tuple[str, ...] = (
    "unique_id",
    "source",
    "given_first",
    "given_initials",
    "given_key",
    "given_all",
    "surname",
    "surname_particles",
    "surname_key",
    "surname_first",
    "surname_last",
    "surname_first_key",
    "surname_last_key",
    "given_fits",
    "birth_date",
    "birth_year",
    "birth_date_swapped",
    "postcode",
    "house_number",
    "street",
    "city",
    "phone",
    "bsn",
    "id_digits",
    "email",
    "sex",
    "birth_place",
    # a person's vehicles (drives, registeredKeeper) as plate keys: the smallest and the largest,
    # so two records sharing one of up to two cars agree
    "plate_a",
    "plate_b",
)

PERSON_PROPS = (
    "givenName",
    "roepnaam",
    "initials",
    "surnamePrefix",
    "surname",
    "fullName",
    "birthDate",
    "birthPlace",
    "sex",
    "bsn",
    "email",
)


#: links from a person whose targets' statements the frame reads (address, phone, vehicles): a row
#: holds values of other registrations through them (guard/relations.py's scoped_frame)
FRAME_LINKS = ("livesAt", "usesPhone", "drives", "registeredKeeper")

_FRAME_LINKS_SQL = "(" + ", ".join(f"'{p}'" for p in FRAME_LINKS) + ")"

# properties of a linked address or phone the frame reads
_LINKED_PROPS = (
    "('postcode', 'houseNumber', 'houseNumberAddition', 'full', 'street', 'city', 'number',"
    " 'plate')"
)


def _pivot_sql(cand: str, obj: str, candidate_filter: str, mat: str) -> str:
    """The pivot over `cand` (a person's statements, filtered) and `obj` (statements of the
    addresses and phones they link to, joined as alias `a`)."""
    pivots = ",\n    ".join(
        f"min(value) FILTER (WHERE prop = '{p}') AS \"{p}\"" for p in PERSON_PROPS
    )
    return f"""
WITH cand AS {mat} ({cand}),
person AS (
    SELECT entity_key, {pivots}
    FROM cand GROUP BY entity_key
),
-- addresses and phones in one pass over statements, not one pass each
linked AS (
    SELECT entity_key AS person, prop AS via, value AS target
    FROM cand WHERE prop IN {_FRAME_LINKS_SQL}
),
obj AS (
    SELECT l.person, l.via, a.prop, a.value
    FROM linked l
    JOIN {obj} a ON a.entity_key = l.target
    JOIN registrations r ON r.reg_key = a.reg_key
    WHERE a.prop IN {_LINKED_PROPS}
      AND ({candidate_filter})
),
addr AS (
    SELECT person AS entity_key,
           min(value) FILTER (WHERE prop = 'postcode') AS postcode,
           min(value) FILTER (WHERE prop = 'houseNumber') AS house_number,
           min(value) FILTER (WHERE prop = 'houseNumberAddition') AS house_addition,
           min(value) FILTER (WHERE prop = 'full') AS address_full,
           min(value) FILTER (WHERE prop = 'street') AS street,
           min(value) FILTER (WHERE prop = 'city') AS city
    FROM obj WHERE via = 'livesAt'
    GROUP BY person
),
phone AS (
    SELECT person AS entity_key, min(value) AS phone
    FROM obj WHERE via = 'usesPhone' AND prop = 'number'
    GROUP BY person
),
vehicle AS (
    SELECT person AS entity_key, list(DISTINCT value ORDER BY value) AS plates
    FROM obj WHERE via IN ('drives', 'registeredKeeper') AND prop = 'plate'
    GROUP BY person
)
SELECT p.*, a.postcode, a.house_number, a.house_addition, a.address_full, a.street, a.city,
       ph.phone, v.plates
FROM person p
LEFT JOIN addr a USING (entity_key)
LEFT JOIN phone ph USING (entity_key)
LEFT JOIN vehicle v USING (entity_key)
ORDER BY p.entity_key
"""


def _cand_sql(source: str, candidate_filter: str, only: str) -> str:
    return (
        f"SELECT s.entity_key, s.prop, s.value FROM {source} s"
        " JOIN registrations r ON r.reg_key = s.reg_key"
        f" WHERE s.schema = 'Person' {only} AND ({candidate_filter})"
    )


def frame_sql(candidate_filter: str, *, keys_table: str | None = None) -> str:
    """Raw (unnormalised) pivot; `keys_table` restricts to the entity keys in that table."""
    only = f"AND s.entity_key IN (SELECT entity_key FROM {keys_table})" if keys_table else ""
    # a few keys: read their statements once; all candidates: scanning twice beats holding them
    mat = "MATERIALIZED" if keys_table else "NOT MATERIALIZED"
    return _pivot_sql(
        _cand_sql("statements", candidate_filter, only), "statements", candidate_filter, mat
    )


# Row ids per bucket when locating statements; DuckDB's row group size, so a bucket is one
# group's worth of rows to read.
_BUCKET = 122_880
# Beyond this many buckets the rows are spread through the table and one filtered scan of all
# of it is as cheap as the ranges.
_MAX_RANGES = 32


def _fetch_statements(cur: duckdb.DuckDBPyConnection, keys_table: str, out: str) -> None:
    """Temp table `out` := every statement about an entity key in `keys_table`.

    A filtered scan that returns all columns decompresses the wide `value` column wherever a
    hit falls; so first a narrow scan of `entity_key` finds the row-id ranges that hold hits
    (a new batch's rows are contiguous), then only those ranges are read in full. The second
    read applies the key filter again: the ranges only prune, they decide nothing.
    """
    ranges = cur.execute(
        f"SELECT min(rowid), max(rowid) FROM statements"
        f" WHERE entity_key IN (SELECT entity_key FROM {keys_table})"
        f" GROUP BY rowid // {_BUCKET} ORDER BY 1"
    ).fetchall()
    if not ranges:
        where = "false AND"
    elif len(ranges) <= _MAX_RANGES:
        where = "(" + " OR ".join(f"rowid BETWEEN {a} AND {b}" for a, b in ranges) + ") AND"
    else:
        where = ""
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE {out} AS SELECT reg_key, entity_key, schema, prop, value"
        f" FROM statements WHERE {where}"
        f" entity_key IN (SELECT entity_key FROM {keys_table})"
    )


def _keyed_frame(
    cur: duckdb.DuckDBPyConnection, candidate_filter: str, keys_table: str
) -> pa.Table:
    """The normalised frame of the keys in `keys_table`, from their statements and those of the
    addresses and phones they link to, wherever in the table (whichever batch) they were stored."""
    # one snapshot: the row ids located are the row ids read
    began = _begin(cur)
    ok = False
    try:
        _fetch_statements(cur, keys_table, "_rf_person")
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE _rf_targets AS SELECT DISTINCT s.value AS entity_key"
            f" FROM ({_cand_sql('_rf_person', candidate_filter, '')}) s"
            f" WHERE s.prop IN {_FRAME_LINKS_SQL}"
        )
        _fetch_statements(cur, "_rf_targets", "_rf_linked")
        sql = _pivot_sql(
            _cand_sql("_rf_person", candidate_filter, ""),
            "_rf_linked",
            candidate_filter,
            "MATERIALIZED",
        )
        frame = _normalised(cur.sql(sql))
        for t in ("_rf_person", "_rf_targets", "_rf_linked"):
            cur.execute(f"DROP TABLE {t}")
        ok = True
    finally:
        if began:
            cur.execute("COMMIT" if ok else "ROLLBACK")
    return frame


def _begin(cur: duckdb.DuckDBPyConnection) -> bool:
    try:
        cur.execute("BEGIN TRANSACTION")
    except duckdb.TransactionException:
        return False  # already inside the caller's transaction: that is one snapshot too
    return True


# names repeat (a register holds a few thousand surnames): each distinct one is split and keyed
# once, across the chunks of a frame; the results are immutable
_NAME_CACHE = 1 << 17
_c_split_full_name = lru_cache(_NAME_CACHE)(split_full_name)
_c_split_given = lru_cache(_NAME_CACHE)(split_given)
_c_official_initials = lru_cache(_NAME_CACHE)(official_initials)
_c_split_surname = lru_cache(_NAME_CACHE)(split_surname)
_c_surname_parts = lru_cache(_NAME_CACHE)(surname_parts)
_c_dutch_phonetic = lru_cache(_NAME_CACHE)(dutch_phonetic)


def _names(
    given: str | None,
    roepnaam: str | None,
    initials: str | None,
    prefix: str | None,
    surname: str | None,
    full: str | None,
) -> tuple[str | None, ...]:
    if (given is None and initials is None and roepnaam is None) or surname is None:
        g2, s2 = _c_split_full_name(full)
        given = given if given is not None or initials is not None or roepnaam is not None else g2
        surname = surname if surname is not None else s2
    if prefix and surname:
        surname = f"{prefix} {surname}"
    g = _c_split_given(given) or _c_split_given(initials)
    first = g.first if g else None
    if roepnaam:
        r = _c_split_given(roepnaam)
        first = first or (r.first if r else None)
    # initials stay as written; which official names a roepnaam may stand for is `fits`
    letters = g.initials if g else None
    written = g.names[0] if g and g.names and g.names[0][0] == g.initials[0] else None
    if written is None and roepnaam:
        r = _c_split_given(roepnaam)
        written = r.names[0] if r and r.names else None
    fits = _c_official_initials(written)
    if fits and letters:
        fits = "".join(sorted(set(fits + letters[0])))
    s = _c_split_surname(surname)
    parts = _c_surname_parts(surname) or ((s.core,) if s else ())
    first_part = parts[0] if parts else None
    last_part = parts[-1] if parts else None
    return (
        first,
        letters,
        _c_dutch_phonetic(first) if first else None,
        " ".join(g.names) if g and g.names else None,
        s.core if s else None,
        s.particles if s else None,
        s.phonetic if s else None,
        first_part,
        last_part,
        _c_dutch_phonetic(first_part) if first_part else None,
        _c_dutch_phonetic(last_part) if last_part else None,
        fits,
    )


def _house(
    pc: str | None, hn: str | None, add: str | None, full: str | None
) -> tuple[str | None, str | None]:
    # a foreign postcode is kept compact: still evidence, though not a Dutch one
    postcode = clean_postcode(pc) or (re.sub(r"[^0-9A-Z]", "", pc.upper()) or None if pc else None)
    house = clean_house_number(hn, add) if hn else None
    if (postcode is None or house is None) and full:
        # "1234 ab 5" or "Straat 5, 1234 AB Plaats": take the postcode and what follows it
        m = re.search(r"([1-9]\d{3}\s?[A-Za-z]{2})\b\s*(\d{1,5}\s?[A-Za-z0-9]{0,3})?", full)
        if m:
            p2, h2 = parse_postcode_house(m.group(0))
            postcode = postcode or p2
            house = house or h2
    return postcode, house.key() if house else None


def _sex(v: str | None) -> str | None:
    if not v:
        return None
    c = v.strip().upper()[:1]
    return {"M": "M", "V": "V", "F": "V", "W": "V", "X": "X", "O": "X"}.get(c)


def _plate_keys(raw: list[str] | None) -> list[str]:
    """A person's plates as sorted keys (misreadings folded, model/normalise/plates.py)."""
    return sorted({k for v in raw or () if (k := plate_key(v))})


_dates = vectorise(clean_date)
_street_many = vectorise(clean_name)


def normalise_frame(raw: pa.Table) -> pa.Table:
    """Apply the Dutch normalisers to the raw pivot; returns FRAME_COLUMNS."""
    d = raw.to_pydict()
    n = raw.num_rows
    memo: dict[tuple[str | None, ...], tuple[str | None, ...]] = {}
    name_cols: list[tuple[str | None, ...]] = []
    for i in range(n):
        k = (
            d["givenName"][i],
            d["roepnaam"][i],
            d["initials"][i],
            d["surnamePrefix"][i],
            d["surname"][i],
            d["fullName"][i],
        )
        r = memo.get(k)
        if r is None:
            r = memo[k] = _names(*k)
        name_cols.append(r)
    names = list(zip(*name_cols, strict=True)) if n else [()] * 12
    dates = _dates(d["birthDate"])
    houses = [
        _house(*k)
        for k in zip(
            d["postcode"], d["house_number"], d["house_addition"], d["address_full"], strict=True
        )
    ]
    emails = [e.strip().lower() if e and "@" in e else None for e in d["email"]]
    plates = [_plate_keys(v) for v in d["plates"]]
    full_dates = [x if x and len(x) == 10 else None for x in dates]
    cols = {
        "unique_id": d["entity_key"],
        "source": [k.split("/", 1)[0] for k in d["entity_key"]],
        "given_first": list(names[0]),
        "given_initials": list(names[1]),
        "given_key": list(names[2]),
        "given_all": list(names[3]),
        "surname": list(names[4]),
        "surname_particles": list(names[5]),
        "surname_key": list(names[6]),
        "surname_first": list(names[7]),
        "surname_last": list(names[8]),
        "surname_first_key": list(names[9]),
        "surname_last_key": list(names[10]),
        "given_fits": list(names[11]),
        "birth_date": full_dates,
        "birth_year": [x[:4] if x else None for x in dates],
        "birth_date_swapped": [swap_day_month(x) for x in full_dates],
        "postcode": [h[0] for h in houses],
        "house_number": [h[1] for h in houses],
        "street": _street_many(d["street"]),
        "city": _street_many(d["city"]),
        "phone": clean_phone_many(d["phone"]),
        "bsn": clean_bsn_many(d["bsn"]),
        # raw digits: an invalid (mistyped) number is still evidence for the comparison
        "id_digits": [re.sub(r"\D", "", x) or None if x else None for x in d["bsn"]],
        "email": emails,
        "sex": [_sex(x) for x in d["sex"]],
        "birth_place": [x.strip().lower() if x else None for x in d["birthPlace"]],
        "plate_a": [k[0] if k else None for k in plates],
        "plate_b": [k[-1] if k else None for k in plates],
    }
    return pa.table({c: pa.array(cols[c], type=pa.string()) for c in FRAME_COLUMNS})


_CHUNK = 200_000  # rows normalised at a time: Python objects for 1M rows would cost gigabytes


def _normalised(rel: duckdb.DuckDBPyRelation) -> pa.Table:
    reader = rel.to_arrow_reader(_CHUNK)
    parts = [normalise_frame(pa.Table.from_batches([b])) for b in reader if b.num_rows]
    if not parts:
        return normalise_frame(pa.Table.from_batches([], schema=reader.schema))
    return pa.concat_tables(parts).combine_chunks()


def build_frame(
    cur: duckdb.DuckDBPyConnection,
    *,
    candidate_filter: str,
    entity_keys: Sequence[str] | None = None,
) -> pa.Table:
    """The normalised person frame of all candidates, or of `entity_keys` only."""
    if entity_keys is not None:
        keys = pa.table({"entity_key": pa.array(list(entity_keys), type=pa.string())})
        cur.register("_resolve_keys", keys)
        try:
            return _keyed_frame(cur, candidate_filter, "_resolve_keys")
        finally:
            cur.unregister("_resolve_keys")
    return _normalised(cur.sql(frame_sql(candidate_filter)))


def sample_keys(
    cur: duckdb.DuckDBPyConnection, *, candidate_filter: str, n: int, seed: int
) -> tuple[int, list[str] | None]:
    """(number of candidate persons, the n of them with the smallest seeded hash of their key,
    or None when there are no more than n): training normalises the sample only."""
    cand = _cand_sql("statements", candidate_filter, "")
    total = int(cur.execute(f"SELECT count(DISTINCT entity_key) FROM ({cand})").fetchall()[0][0])
    if total <= n:
        return total, None
    keys = cur.execute(
        f"SELECT entity_key FROM (SELECT DISTINCT entity_key FROM ({cand}))"
        " ORDER BY hash(entity_key || ?), entity_key LIMIT ?",
        [str(seed), n],
    ).fetchall()
    return total, [k for (k,) in keys]
