"""The set-based write path: one chunk or many give the same store; split lists and entity counts."""

from __future__ import annotations

from pathlib import Path

from ingest_helpers import ENTITIES, HEADER, row, write_mapping

from raffinaderij.clock import FixedClock
from raffinaderij.ingest import ingest
from raffinaderij.store.db import open_store

# givenName split into several values, birth dates split and parsed: lists become statements.
SPLIT_ENTITIES = ENTITIES.replace(
    "      givenName: voornaam\n",
    '      givenName: {column: voornaam, split: "|"}\n'
    '      email: {column: omschrijving, split: ","}\n',
)


def _lines() -> list[str]:
    lines = [row(i, pnr=f"P{i % 7}") for i in range(1, 41)]
    lines[3] = row(4, basis="12")  # refused
    lines[9] = row(10, gebdat="31-02-1990")  # refused: not a date
    lines[12] = row(3, achternaam="Dubbel")  # refused: duplicate of row 3
    lines[20] = row(21, voornaam="Jan | Piet|| jan |Piet")
    lines[21] = row(22, voornaam="")
    lines[22] = row(23, omschrijving="a, b ,,c")
    return lines


def _dump(store_path: Path) -> list[object]:
    store = open_store(store_path)
    try:
        # Every key a statement holds has exactly one id, and no other key has one (the ids
        # themselves are random, so they are not compared).
        assert store.query(
            "SELECT count(*) FROM (SELECT DISTINCT entity_key FROM statements) s "
            "FULL JOIN entity_ids i USING (entity_key) WHERE i.entity_id IS NULL OR s.entity_key IS NULL"
        ) == [(0,)]
        assert (
            store.query("SELECT count(*) FROM entity_ids GROUP BY entity_key HAVING count(*) > 1")
            == []
        )
        return [
            store.query("SELECT * FROM registrations ORDER BY ALL"),
            store.query("SELECT * FROM statements ORDER BY ALL"),
            store.query("SELECT * FROM rejects ORDER BY ALL"),
            store.query("SELECT * FROM registration_alterations ORDER BY ALL"),
        ]
    finally:
        store.close()


def _ingest_twice(folder: Path, clock: FixedClock, chunk_rows: int) -> tuple[list[object], list]:
    folder.mkdir()
    (folder / "data.csv").write_text("\n".join([HEADER, *_lines()]) + "\n", encoding="utf-8")
    m = write_mapping(folder, entities=SPLIT_ENTITIES)
    store_path = folder / "store.duckdb"
    store = open_store(store_path)
    reports = [
        ingest(store, m, clock=clock, rejects_dir=folder, batch_id="b1", chunk_rows=chunk_rows)
    ]
    changed = _lines()
    changed[30] = row(31, pnr="P3", achternaam="Veranderd")
    changed[20] = row(21, voornaam="Piet|Jan")  # same set of names, other order: a new hash
    (folder / "data.csv").write_text("\n".join([HEADER, *changed]) + "\n", encoding="utf-8")
    reports.append(
        ingest(store, m, clock=clock, rejects_dir=folder, batch_id="b2", chunk_rows=chunk_rows)
    )
    store.close()
    return _dump(store_path), reports


def test_one_chunk_or_many_give_the_same_store_and_report(
    tmp_path: Path, clock: FixedClock
) -> None:
    one, one_reps = _ingest_twice(tmp_path / "one", clock, chunk_rows=1_000_000)
    many, many_reps = _ingest_twice(tmp_path / "many", clock, chunk_rows=6)
    assert one == many
    for a, b in zip(one_reps, many_reps, strict=True):
        fields = ("rows_read", "stored", "altered", "unchanged", "rejected", "statements")
        assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]
        assert a.entities_by_type == b.entities_by_type
        assert a.altered_keys == b.altered_keys
    first, second = one_reps
    assert (first.rows_read, first.stored, first.rejected) == (40, 37, 3)
    # Persons P0..P6 plus P21, P22, P23 (rows rewritten above keep their own pnr); one
    # incident per stored registration.
    assert first.entities_by_type == {"Person": 10, "Incident": 37}
    # The second batch rewrote exactly the statements of its two altered registrations.
    statements = one[1]
    assert isinstance(statements, list)
    assert second.statements == sum(1 for st in statements if st[0] in second.altered_keys)
    assert (second.stored, second.altered, second.unchanged) == (0, 2, 35)
    assert second.entities_by_type == {"Person": 2, "Incident": 2}


def test_split_values_become_one_statement_each(tmp_path: Path, clock: FixedClock) -> None:
    store_path = tmp_path / "s.duckdb"
    (tmp_path / "data.csv").write_text("\n".join([HEADER, *_lines()]) + "\n", encoding="utf-8")
    m = write_mapping(tmp_path, entities=SPLIT_ENTITIES)
    store = open_store(store_path)
    ingest(store, m, clock=clock, rejects_dir=tmp_path)
    names = store.query(
        "SELECT value FROM statements WHERE reg_key = 'src:R21' AND prop = 'givenName' ORDER BY value"
    )
    aliases = store.query(
        "SELECT value FROM statements WHERE reg_key = 'src:R23' AND prop = 'email' ORDER BY value"
    )
    empty = store.query(
        "SELECT count(*) FROM statements WHERE reg_key = 'src:R22' AND prop = 'givenName'"
    )
    store.close()
    # Parts trimmed, empty and duplicate parts dropped (case is kept: "jan" is another text).
    assert names == [("Jan",), ("Piet",), ("jan",)]
    assert aliases == [("a",), ("b",), ("c",)]
    assert empty == [(0,)]
