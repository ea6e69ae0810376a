"""Records the guard excludes (confidential, covert, blocked, expired) are never candidates:
they land in no cluster and no pair (LAW-02/04/13/14)."""

from __future__ import annotations

from typing import Any

from resolve_support import CANDIDATES, copy_model

from raffinaderij.resolve import link_new, run
from raffinaderij.resolve.fixtures import insert_persons
from raffinaderij.store.db import Store

EXCLUDED = [
    ("x_conf", {"confidentiality": "V"}),
    ("x_covert", {"covert": "interception"}),
    ("x_blocked", {"blocked": True}),
    ("x_art14", {"stage": "art14"}),
]


def _twins_of(store: Store) -> list[dict[str, Any]]:
    """Copies of existing people, one per exclusion kind: they would certainly match."""
    rows = store.query(
        "SELECT given_first, surname, birth_date, postcode, house_number FROM resolve_frame"
        " WHERE given_first IS NOT NULL AND birth_date IS NOT NULL AND postcode IS NOT NULL ORDER BY unique_id LIMIT 4"
    )
    out = []
    for (source, reg), (g, s, bd, pc, hn) in zip(EXCLUDED, rows, strict=True):
        out.append(
            {
                "source": source,
                "id": "1",
                "givenName": g,
                "surname": s,
                "birthDate": bd,
                "postcode": pc,
                "houseNumber": hn.split("-")[0],
                **reg,
            }
        )
    return out


def _assert_absent(store: Store) -> None:
    like = " OR ".join(f"{col} LIKE '{src}/%'" for src, _ in EXCLUDED for col in ("{c}",))
    for table, cols in (
        ("entity_clusters", ["entity_key"]),
        ("match_pairs", ["left_key", "right_key"]),
        ("resolve_frame", ["unique_id"]),
    ):
        for col in cols:
            n = store.query(f"SELECT count(*) FROM {table} WHERE {like.replace('{c}', col)}")[0][0]
            assert n == 0, (table, col)


def test_excluded_records_are_in_no_cluster_and_no_pair(
    rstore: Store, model_row: tuple[Any, ...]
) -> None:
    copy_model(rstore, model_row, approved=True)
    run(rstore, candidate_filter=CANDIDATES)
    insert_persons(rstore, _twins_of(rstore))
    run(rstore, candidate_filter=CANDIDATES)
    _assert_absent(rstore)
    # nor through the incremental path
    link_new(rstore, [f"{src}/Person/1" for src, _ in EXCLUDED], candidate_filter=CANDIDATES)
    _assert_absent(rstore)
    # the same records do link when the predicate admits them: the test above is not vacuous
    run(rstore, candidate_filter="true")
    linked = rstore.query(
        "SELECT count(*) FROM entity_clusters c WHERE c.entity_key LIKE 'x_%' AND EXISTS"
        " (SELECT 1 FROM entity_clusters o WHERE o.entity_id = c.entity_id AND o.entity_key <> c.entity_key)"
    )
    assert linked[0][0] == len(EXCLUDED)
