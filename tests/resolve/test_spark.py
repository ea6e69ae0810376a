"""Issue 13: the approved model runs on Splink's Spark backend (local mode) and gives the very
pairs, weights and clusters of the DuckDB run on the same input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from resolve_support import CANDIDATES, copy_model

from raffinaderij.errors import ConfigError
from raffinaderij.resolve import get_model, run
from raffinaderij.resolve.spark import spark_settings
from raffinaderij.store.db import Store

pytestmark = pytest.mark.spark


def _partition(store: Store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for key, eid in store.query("SELECT entity_key, entity_id FROM entity_clusters"):
        groups.setdefault(eid, set()).add(key)
    return {frozenset(g) for g in groups.values()}


def _pairs(store: Store) -> list[tuple[str, str, float, str]]:
    return [
        (left, right, round(weight, 9), contributions)
        for left, right, weight, contributions in store.query(
            "SELECT left_key, right_key, match_weight, contributions FROM match_pairs"
            " ORDER BY left_key, right_key"
        )
    ]


def test_spark_run_equals_duckdb_run(
    rstore: Store, model_row: tuple[Any, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_model(rstore, model_row, approved=True)
    on_duckdb = run(rstore, candidate_filter=CANDIDATES)
    clusters, pairs = _partition(rstore), _pairs(rstore)
    assert on_duckdb.multi_record_entities > 50  # a population with real duplicates

    monkeypatch.setenv("RAFF_RESOLVE_BACKEND", "spark")
    monkeypatch.setenv("RAFF_SPARK_MASTER", "local[2]")
    monkeypatch.setenv("RAFF_SPARK_DIR", str(tmp_path))
    on_spark = run(rstore, candidate_filter=CANDIDATES)

    assert "scoring pairs on Spark" in on_spark.stage_seconds
    assert _pairs(rstore) == pairs
    assert _partition(rstore) == clusters
    assert (on_spark.pairs, on_spark.entities) == (on_duckdb.pairs, on_duckdb.entities)
    # the frame and the pairs passed through Parquet there, and nothing of them is left
    assert list(tmp_path.iterdir()) == []


def test_unknown_backend_is_refused_before_any_work(
    rstore: Store, model_row: tuple[Any, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_model(rstore, model_row, approved=True)
    monkeypatch.setenv("RAFF_RESOLVE_BACKEND", "hadoop")
    with pytest.raises(ConfigError, match="RAFF_RESOLVE_BACKEND='hadoop'"):
        run(rstore, candidate_filter=CANDIDATES)
    assert rstore.query("SELECT count(*) FROM resolve_runs")[0][0] == 0


def test_model_sql_is_translated_for_spark(rstore: Store, model_row: tuple[Any, ...]) -> None:
    settings = get_model(rstore, copy_model(rstore, model_row, approved=True)).settings
    before = json.dumps(settings, sort_keys=True)
    out = spark_settings(settings)
    assert json.dumps(settings, sort_keys=True) == before  # the approved model is not touched
    conditions = [
        level["sql_condition"] for comp in out["comparisons"] for level in comp["comparison_levels"]
    ]
    duck = [
        lv["sql_condition"] for comp in settings["comparisons"] for lv in comp["comparison_levels"]
    ]
    assert any('"' in c for c in duck)  # DuckDB quotes names with double quotes
    # in Spark SQL a double-quoted name is a string: none may be left
    assert not [c for c in conditions if '"' in c]
    assert not [c for c in conditions if "jaro_winkler_similarity" in c.lower()]
    assert any("jaro_winkler(" in c for c in conditions)  # Splink's UDF on Spark
    assert {r["sql_dialect"] for r in out["blocking_rules_to_generate_predictions"]} == {"spark"}
