"""The entity page's 'why' and the clustering export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from resolve_support import CANDIDATES, copy_model

from raffinaderij.guard.relations import relations_sql
from raffinaderij.resolve import explain, export, run
from raffinaderij.store.db import Store

#: every record, as a reader who may see everything would (the service passes its guard's)
WHOLE = relations_sql("analysis", "true", {})


def test_explain_gives_per_field_contributions(rstore: Store, model_row: tuple[Any, ...]) -> None:
    version = copy_model(rstore, model_row, approved=True)
    run(rstore, candidate_filter=CANDIDATES)
    a, b, w = rstore.query(
        "SELECT left_key, right_key, match_weight FROM match_pairs WHERE linked LIMIT 1"
    )[0]
    why = explain(rstore, a, b, rel=WHOLE)
    assert why["model_version"] == version and why["same_entity"]
    fields = {f["comparison"]: f for f in why["fields"]}
    assert {"given_name", "surname", "birth_date", "address", "bsn", "household"} <= set(fields)
    assert all(isinstance(f["weight"], float) and f["level"] for f in why["fields"])
    prior = rstore.query(
        "SELECT json_extract(settings_json, '$.probability_two_random_records_match')::DOUBLE"
        " FROM resolve_models"
    )[0][0]
    import math

    total = math.log2(prior / (1 - prior)) + sum(f["weight"] for f in why["fields"])
    assert abs(total - w) < 0.05
    # a pair that was never scored is scored on demand
    c, d = rstore.query("SELECT min(unique_id), max(unique_id) FROM resolve_frame")[0]
    other = explain(rstore, c, d, rel=WHOLE)
    assert other["match_weight"] < 0 and not other["same_entity"]


def test_export_parquet_and_csv(rstore: Store, model_row: tuple[Any, ...], tmp_path: Path) -> None:
    version = copy_model(rstore, model_row, approved=True)
    run(rstore, candidate_filter=CANDIDATES)
    n = export(rstore, tmp_path / "clusters.parquet")
    t = pq.read_table(tmp_path / "clusters.parquet")
    assert t.num_rows == n > 0
    assert t.column_names[:5] == [
        "source",
        "source_record_id",
        "entity_key",
        "entity_id",
        "model_version",
    ]
    row = t.slice(0, 1).to_pylist()[0]
    assert row["entity_key"] == f"{row['source']}/Person/{row['source_record_id']}"
    assert set(t.column("model_version").to_pylist()) == {version}
    assert export(rstore, tmp_path / "clusters.csv") == n
    assert pacsv.read_csv(tmp_path / "clusters.csv").num_rows == n


def test_export_pairs_explains_each_field_in_words(
    rstore: Store, model_row: tuple[Any, ...], tmp_path: Path
) -> None:
    copy_model(rstore, model_row, approved=True)
    run(rstore, candidate_filter=CANDIDATES)
    export(rstore, tmp_path / "clusters.parquet", pairs=True)
    t = pq.read_table(tmp_path / "clusters.pairs.parquet")
    assert t.num_rows == rstore.query("SELECT count(*) FROM match_pairs")[0][0]
    rows = {(r["left_key"], r["right_key"]): r for r in t.to_pylist()}
    a, b, w = rstore.query(
        "SELECT left_key, right_key, match_weight FROM match_pairs WHERE linked"
        " ORDER BY match_weight DESC LIMIT 1"
    )[0]
    row = rows[(a, b)]
    assert row["linked"] and abs(row["match_weight"] - w) < 1e-9
    why = explain(rstore, a, b, rel=WHOLE)
    # the same levels as the entity page's 'why', named as a reader names the field
    for f in why["fields"]:
        if round(f["weight"], 1) != 0:
            assert f"{f['field']}: {f['level']} ({f['weight']:+.1f})" in row["explanation"]
    assert "given_name" not in row["explanation"]
