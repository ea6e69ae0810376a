"""New ingests link against existing clusters without retraining."""

from __future__ import annotations

from typing import Any

from resolve_support import CANDIDATES, copy_model

from raffinaderij.resolve import link_new, run
from raffinaderij.resolve.fixtures import insert_persons
from raffinaderij.store.db import Store


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
    assert ids["nieuw/Person/alone"] == "nieuw/Person/alone"  # a singleton keeps its own key
    assert rstore.query("SELECT DISTINCT model_version FROM entity_clusters") == [(version,)]
