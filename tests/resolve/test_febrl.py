"""FEBRL4 (shipped inside `recordlinkage`) through the same pipeline (issue goal: F1 >= 0.998)."""

from __future__ import annotations

import pytest

from raffinaderij.resolve import approve, run, train
from raffinaderij.resolve.fixtures import load_febrl4
from raffinaderij.resolve.metrics import score_clustering
from raffinaderij.store.db import open_store


@pytest.mark.slow
def test_febrl4_pair_f1() -> None:
    s = open_store(":memory:")
    truth = load_febrl4(s)
    version = train(s, candidate_filter="true", created_by="alice", seed=1)
    approve(s, version, approver="bob")
    run(s, candidate_filter="true")
    scores = score_clustering(
        dict(s.query("SELECT entity_key, entity_id FROM entity_clusters")), truth
    )
    # u is freed of the matches among the random pairs (engine.decontaminate_u): 0.9983
    assert scores["pair_f1"] >= 0.998, scores
    s.close()
