"""What was typed about a destroyed person (issue 12): the audit fields holding a value that only
the destroyed registrations held.

LAW-11 logs what was asked as it was typed (a search's `q`, a rectified value, a reason). Once the
registrations are destroyed such a value must not outlive them in the log: `typed_mentions`
finds the fields (row number -> field names), `audit.log.redact_rows` redacts and re-anchors them,
both inside the destruction's transaction and before its statements are deleted.

Both sides are normalised alike (case folded, diacritics stripped, everything but letters and
digits collapsed to one space), and the typed text is cut into runs of up to `RUN` tokens:

- names (ontology kind `name`; for a person also a given name, call name, first given name or
  initials before the surname with its prefix) match a run word for word ("jan de vries 1980");
- identifiers (kinds bsn, phone, plate, postcode, email, code) match a run written together when
  the project's normalisers give both the same key ("06-87654329" and "+31687654329", "xk 917 q"
  and "XK917Q"); a sketch computed in SQL on both sides (the last nine digits of a number, else
  its letters and digits) pairs them first, so the normalisers see only the few candidates.

A value that any statement outside the destroyed registrations still holds (another person's
surname "Bakker") is not the destroyed person's alone: what was typed about it stays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

import duckdb

from raffinaderij.model.normalise import normalise
from raffinaderij.model.ontology import ontology

__all__ = ["ID_KINDS", "RUN", "names_destroyed", "typed_mentions"]

#: The longest run of typed tokens compared with a name or an identifier.
RUN = 6
#: Identifier kinds; those with a normaliser are confirmed by it, the others by their sketch.
ID_KINDS = frozenset({"bsn", "phone", "plate", "postcode", "email", "code"})
_NORMALISED = frozenset({"bsn", "phone", "plate", "postcode"})
#: Shorter sketches (a house number, a sex code) and names (an initial) say too little.
_MIN_SKETCH = 6
_MIN_NAME = 3
_GIVEN = ("givenName", "roepnaam", "initials")


def _norm(x: str) -> str:
    return f"trim(regexp_replace(strip_accents(lower({x})), '[^a-z0-9]+', ' ', 'g'))"


def _sketch(compact: str) -> str:
    return (
        f"CASE WHEN regexp_full_match({compact}, '[0-9]+')"
        f" THEN ltrim(right({compact}, 9), '0') ELSE {compact} END"
    )


@cache
def _props() -> str:
    """A VALUES list of (schema, prop, kind) of every name and identifier property."""
    return ", ".join(
        f"('{obj.name}', '{p.name}', '{p.kind}')"
        for obj in ontology().objects.values()
        for p in obj.properties.values()
        if p.kind == "name" or p.kind in ID_KINDS
    )


def _key(kind: str, raw: str) -> str | None:
    """The key a value has for its kind: the normaliser's, else its letters and digits."""
    if kind not in _NORMALISED:
        compact = "".join(ch for ch in raw.lower() if ch.isalnum())
        return compact if len(compact) >= _MIN_SKETCH else None
    key = normalise(kind, raw)
    if key is None and kind == "phone" and not raw.startswith("+"):
        key = normalise(kind, "+" + raw)  # "31 6 ..." typed without its plus
    return key


def typed_mentions(
    cur: duckdb.DuckDBPyConnection, regs: str, *, fields: Mapping[str, Sequence[str]]
) -> dict[int, list[str]]:
    """Audit rows whose typed fields hold a value of the registrations in temp table `regs` that
    no other statement holds: row number -> the fields. `fields`: per service, the parameters
    a user types text into (the service registry's); rows of services it does not name (an
    older name, a login) are read whole but for their result details."""
    pairs = [(service, field) for service, names in fields.items() for field in names]
    cur.execute(
        """CREATE OR REPLACE TEMP TABLE _at_typed AS
        WITH typed AS (SELECT unnest($services) AS service, unnest($fields) AS field),
        keyed AS (SELECT seq, service, query, unnest(json_keys(query)) AS field FROM audit_log),
        asked AS (
            SELECT seq, service, query, field, '$."' || field || '"' AS path FROM keyed
            WHERE field <> 'result' AND regexp_full_match(field, '[A-Za-z_][A-Za-z0-9_]*')
              AND ((service, field) IN (SELECT service, field FROM typed)
                   OR service NOT IN (SELECT unnest($known))))
        SELECT seq, field,
               CASE WHEN json_type(query, path) = 'VARCHAR' THEN json_extract_string(query, path)
                    ELSE CAST(json_extract(query, path) AS VARCHAR) END AS text
        FROM asked""",
        {
            "services": [s for s, _ in pairs],
            "fields": [f for _, f in pairs],
            "known": list(fields),
        },
    )
    found = _hits(cur, regs)
    out: dict[int, list[str]] = {}
    for seq, field in sorted(found):
        out.setdefault(seq, []).append(field)
    return out


def names_destroyed(cur: duckdb.DuckDBPyConnection, regs: str, text: str) -> bool:
    """Whether `text` (say, the reason given for the destruction, logged after it) holds a value
    only the registrations in `regs` hold."""
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _at_typed AS SELECT 0 AS seq, 'text' AS field, ? AS text",
        [text],
    )
    return bool(_hits(cur, regs))


def _hits(cur: duckdb.DuckDBPyConnection, regs: str) -> set[tuple[int, str]]:
    """(seq, field) of `_at_typed` whose text holds a value only the registrations hold."""
    cur.execute(
        f"""CREATE OR REPLACE TEMP TABLE _at_grams AS
        WITH t AS (SELECT seq, field, string_split({_norm("text")}, ' ') AS tok
                   FROM _at_typed WHERE text IS NOT NULL),
        p AS (SELECT seq, field, tok, unnest(range(1, len(tok) + 1)) AS i FROM t)
        SELECT DISTINCT seq, field, array_to_string(tok[i:i + n - 1], ' ') AS words,
               array_to_string(tok[i:i + n - 1], '') AS compact
        FROM p, range(1, {RUN + 1}) r(n) WHERE i + n - 1 <= len(tok)"""
    )
    # the destroyed registrations' names and identifiers, read once
    cur.execute(
        f"""CREATE OR REPLACE TEMP TABLE _at_gone AS
        SELECT s.entity_key, s.prop, k.kind, s.value
        FROM statements s JOIN (VALUES {_props()}) k(schema, prop, kind) USING (schema, prop)
        WHERE s.reg_key IN (SELECT reg_key FROM {regs})"""
    )
    found = _name_hits(cur, regs) | _id_hits(cur, regs)
    for t in ("_at_typed", "_at_grams", "_at_gone"):
        cur.execute(f"DROP TABLE {t}")
    return found


def _forms(names: str) -> str:
    """Name forms per entity key from a relation (entity_key, prop, v) of normalised names:
    each name alone, and a given name, call name, first given name or initials before the
    surname (with its prefix)."""
    given = "', '".join(_GIVEN)
    return f"""
        WITH n AS MATERIALIZED (SELECT entity_key, prop, v FROM {names}),
        sur AS (SELECT s.entity_key, coalesce(p.v || ' ', '') || s.v AS v
                FROM n s LEFT JOIN n p ON p.entity_key = s.entity_key AND p.prop = 'surnamePrefix'
                WHERE s.prop = 'surname'),
        giv AS (SELECT entity_key, v FROM n WHERE prop IN ('{given}')
                UNION SELECT entity_key, split_part(v, ' ', 1) FROM n WHERE prop = 'givenName')
        SELECT entity_key, v AS form FROM n WHERE prop NOT IN ('surnamePrefix', 'initials')
        UNION SELECT entity_key, v FROM sur
        UNION SELECT g.entity_key, g.v || ' ' || s.v FROM giv g JOIN sur s USING (entity_key)"""


def _name_hits(cur: duckdb.DuckDBPyConnection, regs: str) -> set[tuple[int, str]]:
    cur.execute(
        f"""CREATE OR REPLACE TEMP TABLE _at_names AS
        SELECT entity_key, prop, {_norm("value")} AS v FROM _at_gone WHERE kind = 'name'"""
    )
    cur.execute(
        f"""CREATE OR REPLACE TEMP TABLE _at_forms AS
        SELECT f.entity_key, f.form FROM ({_forms("_at_names")}) f
        WHERE length(f.form) >= {_MIN_NAME} AND f.form IN (SELECT words FROM _at_grams)"""
    )
    hits: set[tuple[int, str]] = set()
    if cur.execute("SELECT count(*) FROM _at_forms").fetchone() != (0,):
        # Whether another entity still holds a matched form: a one-word form as one of its
        # names; a longer one (composed, or a full name) among the forms of the entities with
        # a name ending in the same word (the surname), composed again: a few, even for "jan".
        cur.execute(
            f"""CREATE OR REPLACE TEMP TABLE _at_rest AS
            SELECT entity_key, prop, v, string_split(v, ' ')[-1] AS last FROM (
                SELECT s.entity_key, s.prop, {_norm("s.value")} AS v
                FROM statements s
                JOIN (VALUES {_props()}) k(schema, prop, kind) USING (schema, prop)
                WHERE k.kind = 'name' AND s.reg_key NOT IN (SELECT reg_key FROM {regs}))"""
        )
        cur.execute(
            f"""CREATE OR REPLACE TEMP TABLE _at_kept AS
            WITH matched AS (SELECT DISTINCT form, string_split(form, ' ') AS tok FROM _at_forms),
            near AS (SELECT * FROM _at_rest WHERE entity_key IN (
                SELECT entity_key FROM _at_rest
                WHERE last IN (SELECT tok[-1] FROM matched WHERE len(tok) > 1)))
            SELECT form FROM matched WHERE len(tok) = 1 AND form IN (
                SELECT v FROM _at_rest WHERE prop NOT IN ('surnamePrefix', 'initials'))
            UNION SELECT form FROM ({_forms("near")}) WHERE form IN (SELECT form FROM matched)"""
        )
        hits = {
            (int(seq), str(field))
            for seq, field in cur.execute(
                """SELECT DISTINCT seq, field FROM _at_grams
                WHERE words IN (SELECT form FROM _at_forms EXCEPT SELECT form FROM _at_kept)"""
            ).fetchall()
        }
        for t in ("_at_rest", "_at_kept"):
            cur.execute(f"DROP TABLE {t}")
    for t in ("_at_names", "_at_forms"):
        cur.execute(f"DROP TABLE {t}")
    return hits


def _id_hits(cur: duckdb.DuckDBPyConnection, regs: str) -> set[tuple[int, str]]:
    sketch = _sketch(f"replace({_norm('value')}, ' ', '')")
    cur.execute(
        f"""CREATE OR REPLACE TEMP TABLE _at_ids AS
        SELECT * FROM (SELECT DISTINCT kind, value, {sketch} AS sk
                       FROM _at_gone WHERE kind <> 'name')
        WHERE length(sk) >= {_MIN_SKETCH}"""
    )
    pairs = cur.execute(
        f"""WITH g AS (SELECT DISTINCT compact, {_sketch("compact")} AS sk FROM _at_grams
                       WHERE length(compact) >= {_MIN_SKETCH})
        SELECT DISTINCT d.kind, d.value, g.compact, d.sk FROM _at_ids d JOIN g USING (sk)"""
    ).fetchall()
    cur.execute("DROP TABLE _at_ids")
    matched: dict[tuple[str, str], set[str]] = {}  # (kind, key) -> the typed runs holding it
    sketches: set[str] = set()
    for kind, raw, compact, sk in pairs:
        key = _key(kind, raw)
        if key is not None and _key(kind, compact) == key:
            matched.setdefault((kind, key), set()).add(compact)
            sketches.add(sk)
    if not matched:
        return set()
    # a key some other statement still holds (the same number written another way) stays
    kept = {
        (kind, _key(kind, raw))
        for kind, raw in cur.execute(
            f"""SELECT DISTINCT kind, value FROM (
                SELECT k.kind, s.value, {_sketch(f"replace({_norm('s.value')}, ' ', '')")} AS sk
                FROM statements s
                JOIN (VALUES {_props()}) k(schema, prop, kind) USING (schema, prop)
                WHERE k.kind <> 'name' AND s.reg_key NOT IN (SELECT reg_key FROM {regs}))
            WHERE sk IN (SELECT unnest($sk))""",
            {"sk": sorted(sketches)},
        ).fetchall()
    }
    runs = sorted({c for ident, cs in matched.items() if ident not in kept for c in cs})
    if not runs:
        return set()
    rows = cur.execute(
        "SELECT DISTINCT seq, field FROM _at_grams WHERE compact IN (SELECT unnest($runs))",
        {"runs": runs},
    ).fetchall()
    return {(int(seq), str(field)) for seq, field in rows}
