"""Destruction reaches every table (issue 12): a person cited in a product, a signal sent (a
provision record), a comparison hit, an access request and a Wpg 28 notification is destroyed
by the term and by request; then every text column of every table, read from the schema itself
(not from a list we keep), is searched for the destroyed registration keys, entity keys, values
and the unsalted sha256 of each value, and every file under the data folder is grepped.

Only what the law keeps is exempt, in `KEPT_BY_LAW` below, each with the kinds it may hold."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from retention_seed import (
    AT_DESTRUCTION,
    FINDING_AFTER,
    KEPT,
    TYPED,
    VALUES,
    cite_everywhere,
    seed,
)

from raffinaderij.audit.log import verify
from raffinaderij.clock import FixedClock
from raffinaderij.graph.adjacency import adjacency_current, build_adjacency
from raffinaderij.services import privacy, retention
from raffinaderij.store.db import Store
from support import guard_for

DESTROYED = "bvh:1"

#: (table, column) -> the kinds of needle it may keep after destruction, and why.
KEPT_BY_LAW: dict[tuple[str, str], set[str]] = {
    # LAW-11 / Police Directive art. 25: the log records which registrations and entities a call
    # touched (keys, never their content). What was typed is kept until the person it names is
    # destroyed: then the fields holding a value only they held are redacted (re-anchored) in
    # the destruction's transaction — the privacy services' rows too: the requester's identity
    # stays in the privacy desk's file below, which the row's request id points to, so the log
    # need not repeat it; docs/architecture.md "Retention" and "Audit", docs/privacy-officer.md.
    ("audit_log", "query"): {"reg_key", "entity_id"},
    ("audit_log", "record_ids"): {"reg_key"},
    # Wpg 25: the request is the privacy desk's own file, the identity the requester gave and how
    # it was checked; not police data of a registration, so not destroyed with one.
    ("access_requests", "given_name"): {"value"},
    ("access_requests", "surname"): {"value"},
    ("access_requests", "bsn"): {"value"},
}


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _needles(store: Store) -> dict[str, str]:
    """needle -> kind, for everything the destroyed registration holds."""
    needles = {DESTROYED: "reg_key"}
    for (key,) in store.query(
        "SELECT DISTINCT entity_key FROM statements WHERE reg_key = ?"
        " EXCEPT SELECT entity_key FROM statements WHERE reg_key <> ?",
        [DESTROYED, DESTROYED],
    ):
        needles[key] = "entity_key"
    # the opaque ids of entities only the destroyed registration held (hits and citations name them)
    for (eid,) in store.query(
        "SELECT entity_id FROM entity_ids WHERE entity_key IN (SELECT unnest(?))"
        " EXCEPT SELECT entity_id FROM entity_ids WHERE NOT entity_key IN (SELECT unnest(?))",
        [list(needles)[1:], list(needles)[1:]],
    ):
        needles[str(eid)] = "entity_id"
    for (value,) in store.query(
        "SELECT DISTINCT value FROM statements WHERE reg_key = ?", [DESTROYED]
    ):
        needles.setdefault(value, "value")
        needles[_sha(value)] = "value_hash"
    for value in (*VALUES, *TYPED):
        needles.setdefault(value, "value")
        needles[_sha(value)] = "value_hash"
    return needles


def text_columns(store: Store) -> list[tuple[str, str]]:
    """Every column of every table that can hold text, from information_schema."""
    rows = store.query(
        """SELECT c.table_name, c.column_name FROM information_schema.columns c
        JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
        WHERE t.table_type = 'BASE TABLE' AND c.table_catalog = current_database()
          AND (c.data_type LIKE '%VARCHAR%' OR c.data_type = 'JSON')
        ORDER BY 1, 2"""
    )
    return [(str(t), str(c)) for t, c in rows]


def holding(store: Store, needles: dict[str, str]) -> dict[tuple[str, str], set[str]]:
    """(table, column) -> the needles its rows still hold (any case, anywhere in the text)."""
    found: dict[tuple[str, str], set[str]] = {}
    for table, column in text_columns(store):
        rows = store.query(
            f"""SELECT DISTINCT n FROM "{table}" x, (SELECT unnest($needles) AS n)
            WHERE contains(lower(CAST(x."{column}" AS VARCHAR)), lower(n))""",
            {"needles": list(needles)},
        )
        if rows:
            found[(table, column)] = {str(r[0]) for r in rows}
    return found


def _files_holding(folder: Path, needle: str) -> list[str]:
    variants = {needle.encode(), needle.lower().encode(), needle.upper().encode()}
    return [
        str(p.relative_to(folder))
        for p in sorted(folder.rglob("*"))
        if p.is_file() and any(v in p.read_bytes() for v in variants)
    ]


@pytest.mark.parametrize("path", ["term", "request", "term, free text in small passes"])
def test_destruction_reaches_every_column_and_byte(
    tmp_path: Path, clock: FixedClock, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if path.endswith("small passes"):  # the matcher reads free text a few characters at a time
        from raffinaderij.retention import typed

        monkeypatch.setattr(typed, "_CHUNK_CHARS", 40)
    store = seed(tmp_path, clock)
    cite_everywhere(store, clock)
    build_adjacency(store)
    needles = _needles(store)
    before = holding(store, needles)
    for table in (
        "graph_adjacency",
        "product_facts",
        "signal_items",
        "provisions",
        "access_withholdings",
        "hits",
        "comparison_subjects",
    ):
        assert any(t == table for t, _ in before), f"the seed cites nothing in {table}"

    fg = guard_for(store, clock, "fg", None)
    if path.startswith("term"):
        clock.now = AT_DESTRUCTION
        assert retention.retention_run(fg).destroyed == {8: 1}
    else:
        privacy.registration_destroy(fg, reg_key=DESTROYED, reason="verzoek betrokkene, besluit 7")
        assert retention.retention_run(fg).file_rewritten
    # Wpg 28: the recipient of the signal is to be told, whichever path destroyed
    assert store.query("SELECT kind, props FROM provision_notifications") == [
        ("destroyed", ["bsn", "plate", "surname"])
    ]

    left = holding(store, needles)
    unlawful = {
        f"{table}.{column}: {sorted(n for n in found if needles[n] not in allowed)}"
        for (table, column), found in left.items()
        for allowed in [KEPT_BY_LAW.get((table, column), set())]
        if any(needles[n] not in allowed for n in found)
    }
    assert not unlawful, "\n".join(sorted(unlawful))
    # the graph adjacency lost the same rows and is still current (no rebuild owed), and the
    # rewritten file kept the ART indexes the graph's lookups by key read
    cur = store.cursor()
    assert adjacency_current(cur)
    cur.close()
    assert {r[0] for r in store.query("SELECT index_name FROM duckdb_indexes()")} >= {
        "graph_adjacency_key",
        "registrations_reg_key",
        "entity_ids_key",
        "entity_ids_id",
    }
    # what was typed about the person who stays outlives the destruction; the redactions verify
    assert store.query("SELECT query FROM audit_log WHERE service = 'search'")[-1] == (
        f'{{"q":"{KEPT}"}}',
    )
    # six typed searches, four rows that wrote the person into a finding, a chart title, a
    # review note and a signal's ground, and five more rows of the author's session (its purpose)
    assert verify(store).ok and verify(store).redacted == 15
    # the analyst's own words lose the person's names and numbers and keep the rest
    assert store.query("SELECT heading, body FROM product_sections WHERE kind = 'finding'") == [
        ("Rol van [vernietigd]", FINDING_AFTER)
    ]
    assert store.query(
        "SELECT DISTINCT purpose FROM audit_log WHERE purpose LIKE 'Beeldvorming%'"
    ) == [("Beeldvorming [vernietigd]",)]
    store.close()

    # bytes: only the store file may hold a needle, and only one an exempt column keeps
    kept = set().union(*left.values()) if left else set()
    for needle in needles:
        files = _files_holding(tmp_path, needle)
        allowed = ["raff.duckdb"] if needle in kept else []
        assert files in ([], allowed), (needle, needles[needle], files)
