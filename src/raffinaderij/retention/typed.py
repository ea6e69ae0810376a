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

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

import duckdb

from raffinaderij.model.normalise import normalise
from raffinaderij.model.ontology import ontology

__all__ = [
    "FREE_TEXT",
    "ID_KINDS",
    "MARK",
    "RUN",
    "TextRedaction",
    "free_text_redactions",
    "names_destroyed",
    "purpose_redactions",
    "redact_text",
    "typed_mentions",
]

#: The longest run of typed tokens compared with a name or an identifier.
RUN = 6
#: Characters of free text the matcher reads in one pass (its runs: up to RUN per word).
_CHUNK_CHARS = 4_000_000
#: Identifier kinds; those with a normaliser are confirmed by it, the others by their sketch.
ID_KINDS = frozenset({"bsn", "phone", "plate", "postcode", "email", "code"})
_NORMALISED = frozenset({"bsn", "phone", "plate", "postcode"})
#: Shorter sketches (a house number, a sex code) and names (an initial) say too little.
_MIN_SKETCH = 6
_MIN_NAME = 3
_GIVEN = ("givenName", "roepnaam", "initials")

#: The columns people write their own words into — titles, findings, notes, reasons, purposes —
#: per table. Not police data and not keys or codes, but they can name a person: a destruction
#: redacts in them every run that names a value only the destroyed registrations held, in place
#: (`MARK`), keeping the rest of the text. JSON columns have their string values redacted.
#: `tests/retention/test_free_text.py` reads every text column of the schema and fails on one
#: that is neither here nor declared there as holding no free text.
FREE_TEXT: Mapping[str, tuple[str, ...]] = {
    "access_withholdings": ("reason",),
    "cases": ("title", "purpose", "threshold", "facts"),
    "charts": ("title",),
    "comparisons": ("input_name", "order_reference"),
    "consents": ("reason",),
    "ingest_jobs": ("purpose",),
    "jobs": ("params", "result"),
    "orders": ("reference", "scope"),
    "product_events": ("note",),
    "product_sections": ("heading", "body"),
    "product_versions": ("title", "purpose"),
    "provisions": ("purpose", "agreement"),
    "recipients": ("organisation",),
    "resolve_decisions": ("reason",),
    "sessions": ("purpose", "end_reason"),
    "signals": ("purpose", "ground_facts", "agreement"),
}
#: What stands where a destroyed person's name or number was.
MARK = "[vernietigd]"
_JSON_COLUMNS = frozenset({("jobs", "params"), ("jobs", "result")})
_TOKEN = re.compile(r"[^\W_]+")
_PLAIN = re.compile(r"[a-z0-9]+")


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


def purpose_redactions(cur: duckdb.DuckDBPyConnection, regs: str) -> dict[str, str]:
    """Session purposes in the audit log (typed when a session was opened, kept on every row of
    it) that name a value only the registrations in `regs` hold -> the purpose with those runs
    replaced by `MARK`. Each distinct purpose is read once."""
    found, rows = _matched(
        cur,
        regs,
        "SELECT DISTINCT purpose AS text FROM audit_log WHERE purpose IS NOT NULL",
        field="'purpose'",
        columns="text",
    )
    return {str(p): redact_text(str(p), found.words, found.compacts) for (p,) in rows}


def names_destroyed(cur: duckdb.DuckDBPyConnection, regs: str, text: str) -> bool:
    """Whether `text` (say, the reason given for the destruction, logged after it) holds a value
    only the registrations in `regs` hold."""
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _at_typed AS SELECT 0 AS seq, 'text' AS field, ? AS text",
        [text],
    )
    return bool(_hits(cur, regs))


class Found(NamedTuple):
    """What `_hits` found: the (seq, field) holding a destroyed value, and the matched runs in
    the normalised spelling of `_norm` (names word for word; identifiers written together)."""

    rows: set[tuple[int, str]]
    words: frozenset[str] = frozenset()
    compacts: frozenset[str] = frozenset()


def _hits(cur: duckdb.DuckDBPyConnection, regs: str) -> set[tuple[int, str]]:
    """(seq, field) of `_at_typed` whose text holds a value only the registrations hold."""
    return _found(cur, regs).rows


def _found(cur: duckdb.DuckDBPyConnection, regs: str) -> Found:
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
    names = _name_hits(cur, regs)
    ids = _id_hits(cur, regs)
    for t in ("_at_typed", "_at_grams", "_at_gone"):
        cur.execute(f"DROP TABLE {t}")
    return Found(names.rows | ids.rows, names.words, ids.compacts)


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


def _name_hits(cur: duckdb.DuckDBPyConnection, regs: str) -> Found:
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
    words: frozenset[str] = frozenset()
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
        words = frozenset(
            str(form)
            for (form,) in cur.execute(
                "SELECT form FROM _at_forms EXCEPT SELECT form FROM _at_kept"
            ).fetchall()
        )
        hits = {
            (int(seq), str(field))
            for seq, field in cur.execute(
                "SELECT DISTINCT seq, field FROM _at_grams WHERE words IN (SELECT unnest($w))",
                {"w": sorted(words)},
            ).fetchall()
        }
        for t in ("_at_rest", "_at_kept"):
            cur.execute(f"DROP TABLE {t}")
    for t in ("_at_names", "_at_forms"):
        cur.execute(f"DROP TABLE {t}")
    return Found(hits, words)


def _id_hits(cur: duckdb.DuckDBPyConnection, regs: str) -> Found:
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
        return Found(set())
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
        return Found(set())
    rows = cur.execute(
        "SELECT DISTINCT seq, field FROM _at_grams WHERE compact IN (SELECT unnest($runs))",
        {"runs": runs},
    ).fetchall()
    return Found({(int(seq), str(field)) for seq, field in rows}, compacts=frozenset(runs))


class TextRedaction(NamedTuple):
    """One column value of a `FREE_TEXT` row, with the destroyed person's runs marked."""

    table: str
    column: str
    rowid: int
    text: str


def free_text_redactions(cur: duckdb.DuckDBPyConnection, regs: str) -> list[TextRedaction]:
    """The `FREE_TEXT` values that name a value only the registrations in `regs` hold, each with
    those runs replaced by `MARK` (the caller writes them, in the destruction's transaction,
    before the statements go)."""
    parts = [
        f"SELECT '{table}' AS tbl, '{column}' AS col, rowid AS rid,"
        f' CAST("{column}" AS VARCHAR) AS text FROM "{table}" WHERE "{column}" IS NOT NULL'
        for table, columns in FREE_TEXT.items()
        for column in columns
    ]
    found, rows = _matched(
        cur,
        regs,
        " UNION ALL ".join(parts),
        field="tbl || '.' || col",
        columns="tbl, col, rid, text",
    )
    out = []
    for table, column, rid, text in rows:
        if (table, column) in _JSON_COLUMNS:
            new = _redact_json(text, found)
        else:
            new = redact_text(text, found.words, found.compacts)
        out.append(TextRedaction(str(table), str(column), int(rid), new))
    return out


def _matched(
    cur: duckdb.DuckDBPyConnection, regs: str, source: str, *, field: str, columns: str
) -> tuple[Found, list[tuple[Any, ...]]]:
    """The rows of the query `source` (with a `text` column) whose text names a value only the
    registrations in `regs` hold: what was found, and those rows' `columns`."""
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _at_rows AS"
        f" SELECT row_number() OVER () AS seq, * FROM ({source})"
    )
    # the matcher holds every run of up to RUN words of its texts at once: it reads them a few
    # MB of text at a time (100 MB of findings in one pass ran out of memory at 4 GB)
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _at_chunks AS SELECT seq,"
        f" sum(coalesce(length(text), 0)) OVER (ORDER BY seq) // {_CHUNK_CHARS} AS chunk"
        " FROM _at_rows"
    )
    chunks = [
        c for (c,) in cur.execute("SELECT DISTINCT chunk FROM _at_chunks ORDER BY 1").fetchall()
    ]
    found = Found(set())
    for chunk in chunks:
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE _at_typed AS"
            f" SELECT seq, {field} AS field, text FROM _at_rows"
            " WHERE seq IN (SELECT seq FROM _at_chunks WHERE chunk = ?)",
            [chunk],
        )
        part = _found(cur, regs)
        found = Found(
            found.rows | part.rows, found.words | part.words, found.compacts | part.compacts
        )
    cur.execute("DROP TABLE _at_chunks")
    rows = cur.execute(
        f"SELECT {columns} FROM _at_rows WHERE seq IN (SELECT unnest($s)) ORDER BY seq",
        {"s": sorted(seq for seq, _ in found.rows)},
    ).fetchall()
    cur.execute("DROP TABLE _at_rows")
    return found, rows


def _fold(token: str) -> list[str]:
    """A token as `_norm` spells it: accents stripped, lower case, split where it is not a-z0-9."""
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", token.lower()) if not unicodedata.combining(ch)
    )
    return _PLAIN.findall(plain)


def redact_text(text: str, words: frozenset[str], compacts: frozenset[str]) -> str:
    """`text` with every run of up to `RUN` tokens that is one of `words` (word for word) or
    `compacts` (written together) replaced by `MARK`, from its first character to its last.
    Where the runs cannot be placed, the whole text goes: redaction fails closed."""
    tokens = [(m.start(), m.end(), t) for m in _TOKEN.finditer(text) for t in _fold(m.group())]
    spans: list[tuple[int, int]] = []
    for i in range(len(tokens)):
        for j in range(i + 1, min(i + RUN, len(tokens)) + 1):
            run = [t for _, _, t in tokens[i:j]]
            if " ".join(run) in words or "".join(run) in compacts:
                spans.append((tokens[i][0], tokens[j - 1][1]))
    if not spans:
        return MARK
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out += [text[at:start], MARK]
        at = end
    return "".join([*out, text[at:]])


def _redact_json(text: str, found: Found) -> str:
    """A JSON value with its strings redacted one by one (its keys and shape kept)."""

    def walk(value: object) -> object:
        if isinstance(value, str):
            held = _grams(value) & (found.words | found.compacts)
            return redact_text(value, found.words, found.compacts) if held else value
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    try:
        return json.dumps(walk(json.loads(text)), ensure_ascii=False)
    except ValueError:  # not JSON after all (an error message in a result): as text
        return redact_text(text, found.words, found.compacts)


def _grams(text: str) -> set[str]:
    """The runs of up to `RUN` tokens of `text`, word for word and written together."""
    tokens = [t for m in _TOKEN.finditer(text) for t in _fold(m.group())]
    out: set[str] = set()
    for i in range(len(tokens)):
        for j in range(i + 1, min(i + RUN, len(tokens)) + 1):
            out |= {" ".join(tokens[i:j]), "".join(tokens[i:j])}
    return out
