"""New ingests link against existing clusters without retraining."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from resolve_support import CANDIDATES, copy_model

from raffinaderij.resolve import frame, link_new, run
from raffinaderij.resolve.fixtures import insert_persons
from raffinaderij.resolve.frame import build_frame, frame_sql, normalise_frame
from raffinaderij.store.db import Store, open_store


def test_new_records_join_existing_entities(rstore: Store, model_row: tuple[Any, ...]) -> None:
    version = copy_model(rstore, model_row, approved=True)
    run(rstore, candidate_filter=CANDIDATES)
    rows = rstore.query(
        "SELECT f.unique_id, c.entity_id, f.given_first, f.surname, f.birth_date, f.postcode, f.house_number"
        " FROM resolve_frame f JOIN entity_clusters c ON c.entity_key = f.unique_id"
        " WHERE f.given_first IS NOT NULL AND f.birth_date IS NOT NULL AND f.postcode IS NOT NULL"
        " ORDER BY f.unique_id LIMIT 20"
    )
    new = [
        {
            "source": "nieuw",
            "id": str(i),
            "givenName": g.title(),
            "surname": s.title(),
            "birthDate": "-".join(reversed(bd.split("-"))),
            "postcode": pc,
            "houseNumber": hn.split("-")[0],
        }
        for i, (_, _, g, s, bd, pc, hn) in enumerate(rows)
    ]
    new.append(
        {
            "source": "nieuw",
            "id": "alone",
            "givenName": "Zebedeus",
            "surname": "Qwertyuiop",
            "birthDate": "01-01-1901",
            "postcode": "9999ZZ",
            "houseNumber": "1",
        }
    )
    insert_persons(rstore, new)
    before_models = rstore.query("SELECT count(*) FROM resolve_models")[0][0]
    report = link_new(rstore, [f"nieuw/Person/{r['id']}" for r in new], candidate_filter=CANDIDATES)
    assert report.model_version == version
    assert (
        rstore.query("SELECT count(*) FROM resolve_models")[0][0] == before_models
    )  # no retraining
    ids = dict(rstore.query("SELECT entity_key, entity_id FROM entity_clusters"))
    joined = sum(1 for i, row in enumerate(rows) if ids[f"nieuw/Person/{i}"] == ids[row[0]])
    assert joined >= 18, joined
    alone = ids["nieuw/Person/alone"]  # a singleton has an id of its own, not a record key
    assert list(ids.values()).count(alone) == 1 and "/" not in alone
    assert rstore.query("SELECT DISTINCT model_version FROM entity_clusters") == [(version,)]


def _register(
    store: Store, reg_key: str, batch: str, rows: list[tuple[str, str, str, str]], **reg: Any
) -> None:
    """One registration with raw statements (entity_key, schema, prop, value): lets a test put
    values of one entity in several registrations and batches, as real sources do."""
    fields = {"confidentiality": "N", "blocked": False, **reg}
    store.query(
        "INSERT INTO registrations (reg_key, source, registration_id, legal_basis, first_processed,"
        " level, confidentiality, reliability, acquisition, covert, fact_judgement, role, case_id,"
        " blocked, stage, content_hash, batch_id, ingested_at) VALUES (?, ?, ?, 8, DATE '2026-01-01',"
        " 1, ?, 'A1', 'aangifte', NULL, 'fact', 'other', NULL, ?, 'active', ?, ?,"
        " TIMESTAMP '2026-01-02 00:00:00')",
        [reg_key, reg_key.split(":")[0], reg_key.split(":")[1], fields["confidentiality"],
         fields["blocked"], reg_key, batch],
    )  # fmt: skip
    for key, schema, prop, value in rows:
        store.query(
            "INSERT INTO statements VALUES (?, ?, ?, ?, ?, NULL)",
            [reg_key, key, schema, prop, value],
        )


def _batch_across_registrations(store: Store) -> list[str]:
    """A new batch whose people also have values in older registrations (some excluded by the
    candidate filter) and live at addresses stored earlier; returns its Person keys."""
    rows = store.query(
        "SELECT f.given_first, f.surname, f.birth_date, f.postcode, f.house_number"
        " FROM resolve_frame f WHERE f.given_first IS NOT NULL AND f.birth_date IS NOT NULL"
        " AND f.postcode IS NOT NULL ORDER BY f.unique_id LIMIT 12"
    )
    shared = store.query(
        "SELECT min(entity_key) FROM statements WHERE schema = 'Address' AND prop = 'postcode'"
    )[0][0]
    # older registrations, stored before the batch: values of the batch's people and addresses
    _register(store, "oud:1", "oud", [
        ("nieuw/Person/0", "Person", "email", "p0@example.nl"),
        ("nieuw/Person/0", "Person", "livesAt", "oud/Address/1"),
        ("oud/Address/1", "Address", "postcode", "1234AB"),
        ("oud/Address/1", "Address", "houseNumber", "5"),
        ("nieuw/Person/3", "Person", "bsn", "111222333"),
    ])  # fmt: skip
    _register(store, "oud:2", "oud", [
        ("nieuw/Person/1", "Person", "givenName", "Aaron"),
        ("nieuw/Address/2", "Address", "postcode", "1000AA"),
    ], blocked=True)  # fmt: skip
    _register(store, "oud:3", "oud", [
        ("nieuw/Address/2", "Address", "street", "Oudestraat"),
        ("nieuw/Phone/5", "Phone", "number", "0612345678"),
    ])  # fmt: skip
    _register(store, "oud:4", "oud", [("nieuw/Address/4", "Address", "city", "Aaa")], confidentiality="V")  # fmt: skip
    new = [
        {
            "source": "nieuw",
            "id": str(i),
            "givenName": g.title(),
            "surname": s.title(),
            "birthDate": "-".join(reversed(bd.split("-"))),
            "postcode": pc,
            "houseNumber": hn.split("-")[0],
            "phone": "0611111111" if i == 5 else None,
        }
        for i, (g, s, bd, pc, hn) in enumerate(rows)
    ]
    insert_persons(store, new, batch_id="nieuw-1")
    # a person of the batch at an address that older registrations of another source hold
    _register(store, "nieuw:extra", "nieuw-1", [
        ("nieuw/Person/extra", "Person", "givenName", "Zeger"),
        ("nieuw/Person/extra", "Person", "surname", "Qwerty"),
        ("nieuw/Person/extra", "Person", "livesAt", shared),
    ])  # fmt: skip
    return [f"nieuw/Person/{r['id']}" for r in new] + ["nieuw/Person/extra"]


def test_frame_of_a_batch_is_the_full_frame_of_its_people(
    rstore: Store, model_row: tuple[Any, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locating a batch's statements by row-id ranges reads exactly what the full frame reads,
    values in older or excluded registrations and shared addresses included."""
    copy_model(rstore, model_row, approved=True)
    run(rstore, candidate_filter=CANDIDATES)
    keys = _batch_across_registrations(rstore)
    cur = rstore.cursor()
    try:
        full = build_frame(cur, candidate_filter=CANDIDATES)
        full = full.filter(pc.is_in(full.column("unique_id"), pa.array(keys)))
        assert full.num_rows == len(keys)
        for bucket, most in ((122_880, 32), (4, 10**6), (4, 3), (4, 0)):
            # one range, a range per few rows, too many ranges (one plain scan), and none
            monkeypatch.setattr(frame, "_BUCKET", bucket)
            monkeypatch.setattr(frame, "_MAX_RANGES", most)
            assert build_frame(cur, candidate_filter=CANDIDATES, entity_keys=keys).equals(full)
        by_key = {r["unique_id"]: r for r in full.to_pylist()}
    finally:
        cur.close()
    assert by_key["nieuw/Person/0"]["email"] == "p0@example.nl"  # an older registration
    assert by_key["nieuw/Person/3"]["bsn"] == "111222333"
    assert by_key["nieuw/Person/1"]["given_first"] != "aaron"  # a blocked one is no candidate
    assert by_key["nieuw/Person/2"]["street"] == "oudestraat"  # the address's older value
    assert by_key["nieuw/Person/5"]["phone"] is not None
    assert by_key["nieuw/Person/extra"]["postcode"] is not None  # an address of another source


def _reference_frame(
    cur: duckdb.DuckDBPyConnection, candidate_filter: str, keys_table: str
) -> pa.Table:
    """The keyed frame as one query over all statements, the way it was read before ranges."""
    return normalise_frame(
        cur.sql(frame_sql(candidate_filter, keys_table=keys_table)).to_arrow_table()
    )


def test_link_new_gives_the_same_clusters_as_reading_all_statements(
    population: tuple[list[dict[str, Any]], dict[str, str]],
    model_row: tuple[Any, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    results = []
    for reference in (False, True):
        store = open_store(":memory:")
        try:
            insert_persons(store, population[0])
            copy_model(store, model_row, approved=True)
            run(store, candidate_filter=CANDIDATES)
            keys = _batch_across_registrations(store)
            monkeypatch.setattr(frame, "_BUCKET", 4)
            if reference:
                monkeypatch.setattr(frame, "_keyed_frame", _reference_frame)
            report = link_new(store, keys, candidate_filter=CANDIDATES)
            monkeypatch.undo()
            # ids are opaque and random per store: compare the partitions they make
            clusters = sorted(
                tuple(r[0])
                for r in store.query(
                    "SELECT list(entity_key ORDER BY entity_key) FROM entity_clusters"
                    " GROUP BY entity_id"
                )
            )
            pairs = store.query(
                "SELECT left_key, right_key, round(match_weight, 9), linked FROM match_pairs"
                " WHERE run_id = ? ORDER BY 1, 2",
                [report.run_id],
            )
            stored = store.query(
                "SELECT * EXCLUDE (unique_id), unique_id FROM resolve_frame"
                " WHERE unique_id LIKE 'nieuw/%' ORDER BY unique_id"
            )
            results.append((clusters, pairs, stored, report.pairs, report.linked_pairs))
        finally:
            store.close()
    assert results[0][1], "the batch links to nothing: the comparison would prove little"
    assert results[0] == results[1]
