"""LAW-15: a model runs only after a second person approves it; runs are deterministic and
every link names the model version."""

from __future__ import annotations

from typing import Any

import pytest
from resolve_support import CANDIDATES, copy_model

from raffinaderij.errors import Denied, NotFound
from raffinaderij.resolve import approve, get_model, list_models, run
from raffinaderij.resolve.metrics import score_clustering
from raffinaderij.store.db import Store


def _mapping(store: Store) -> dict[str, str]:
    return dict(store.query("SELECT entity_key, entity_id FROM entity_clusters"))


def test_unapproved_model_cannot_run(rstore: Store, model_row: tuple[Any, ...]) -> None:
    version = copy_model(rstore, model_row, approved=False)
    with pytest.raises(Denied):
        run(rstore, version=version, candidate_filter=CANDIDATES)
    with pytest.raises(Denied):  # no approved version at all
        run(rstore, candidate_filter=CANDIDATES)
    assert rstore.query("SELECT count(*) FROM entity_clusters")[0][0] == 0


def test_creator_cannot_approve_own_model(rstore: Store, model_row: tuple[Any, ...]) -> None:
    version = copy_model(rstore, model_row, approved=False)
    with pytest.raises(Denied):
        approve(rstore, version, approver=model_row[2])
    approve(rstore, version, approver="bob")
    assert get_model(rstore, version).approved_by == "bob"
    assert list_models(rstore)[0]["approved_by"] == "bob"


def test_unknown_version_is_not_found(rstore: Store) -> None:
    with pytest.raises(NotFound):
        run(rstore, version="m-nope", candidate_filter=CANDIDATES)


def test_run_is_deterministic_and_names_the_version(
    rstore: Store, model_row: tuple[Any, ...]
) -> None:
    version = copy_model(rstore, model_row, approved=True)
    first = run(rstore, candidate_filter=CANDIDATES)
    a = _mapping(rstore)
    pairs_a = rstore.query(
        "SELECT left_key, right_key, match_weight FROM match_pairs ORDER BY 1, 2"
    )
    second = run(rstore, candidate_filter=CANDIDATES)
    assert _mapping(rstore) == a
    assert (
        rstore.query("SELECT left_key, right_key, match_weight FROM match_pairs ORDER BY 1, 2")
        == pairs_a
    )
    assert first.model_version == second.model_version == version
    assert rstore.query("SELECT DISTINCT model_version FROM entity_clusters") == [(version,)]
    assert rstore.query("SELECT DISTINCT model_version FROM match_pairs") == [(version,)]
    assert first.multi_record_entities > 0


def test_accuracy_on_small_dutch_population(
    rstore: Store,
    model_row: tuple[Any, ...],
    population: tuple[list[dict[str, Any]], dict[str, str]],
) -> None:
    copy_model(rstore, model_row, approved=True)
    run(rstore, candidate_filter=CANDIDATES)
    scores = score_clustering(_mapping(rstore), population[1])
    assert scores["pair_f1"] > 0.9, scores
    assert scores["cluster_f1"] > 0.85, scores


def test_tampered_artefact_is_refused(rstore: Store, model_row: tuple[Any, ...]) -> None:
    version = copy_model(rstore, model_row, approved=True)
    rstore.query(
        "UPDATE resolve_models SET settings_json = replace(settings_json, '0.', '0.9') WHERE version = ?",
        [version],
    )
    with pytest.raises(Exception, match="altered"):
        run(rstore, candidate_filter=CANDIDATES)
