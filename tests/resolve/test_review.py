"""Review decisions are append-only and survive re-runs and retrains."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from resolve_support import CANDIDATES, copy_model

from raffinaderij.clock import FixedClock
from raffinaderij.errors import RaffError
from raffinaderij.resolve import approve, decide, history, run, train
from raffinaderij.store.db import Store


def _eid(store: Store, key: str) -> str:
    return str(
        store.query("SELECT entity_id FROM entity_clusters WHERE entity_key = ?", [key])[0][0]
    )


def _linked_pair(store: Store) -> tuple[str, str]:
    a, b = store.query(
        "SELECT left_key, right_key FROM match_pairs WHERE linked ORDER BY match_weight DESC, 1 LIMIT 1"
    )[0]
    return str(a), str(b)


def _unlinked_pair(store: Store) -> tuple[str, str]:
    a, b = store.query(
        "SELECT l.unique_id, r.unique_id FROM resolve_frame l, resolve_frame r"
        " WHERE l.unique_id < r.unique_id AND l.surname <> r.surname AND l.bsn IS NULL AND r.bsn IS NULL"
        " ORDER BY 1, 2 LIMIT 1"
    )[0]
    return str(a), str(b)


def test_decisions_survive_rerun_and_retrain(rstore: Store, model_row: tuple[Any, ...]) -> None:
    clock = FixedClock(datetime(2026, 4, 1, 9))
    copy_model(rstore, model_row, approved=True)
    run(rstore, candidate_filter=CANDIDATES, clock=clock)
    a, b = _linked_pair(rstore)
    c, d = _unlinked_pair(rstore)
    assert _eid(rstore, a) == _eid(rstore, b)
    assert _eid(rstore, c) != _eid(rstore, d)

    decide(
        rstore,
        a,
        b,
        decision="split",
        username="analyst1",
        reason="twee personen: tweeling",
        clock=clock,
    )
    decide(
        rstore,
        c,
        d,
        decision="confirm",
        username="analyst1",
        reason="zelfde persoon volgens PV",
        clock=clock,
    )
    assert _eid(rstore, a) != _eid(rstore, b)  # applied at once
    assert _eid(rstore, c) == _eid(rstore, d)

    run(rstore, candidate_filter=CANDIDATES, clock=clock)  # re-run
    assert _eid(rstore, a) != _eid(rstore, b)
    assert _eid(rstore, c) == _eid(rstore, d)

    clock.advance(days=1)  # retrain: a new version, approved by another person, then run
    v2 = train(rstore, candidate_filter=CANDIDATES, created_by="carol", seed=9, clock=clock)
    approve(rstore, v2, approver="dave", clock=clock)
    report = run(rstore, version=v2, candidate_filter=CANDIDATES, clock=clock)
    assert report.model_version == v2
    assert _eid(rstore, a) != _eid(rstore, b)
    assert _eid(rstore, c) == _eid(rstore, d)


def test_decisions_are_append_only_with_supersession(
    rstore: Store, model_row: tuple[Any, ...]
) -> None:
    clock = FixedClock(datetime(2026, 4, 1, 9))
    copy_model(rstore, model_row, approved=True)
    run(rstore, candidate_filter=CANDIDATES, clock=clock)
    a, b = _linked_pair(rstore)
    first = decide(
        rstore, b, a, decision="split", username="analyst1", reason="twijfel", clock=clock
    )
    clock.advance(hours=1)
    second = decide(
        rstore, a, b, decision="confirm", username="analyst2", reason="BSN in PV", clock=clock
    )
    rows = history(rstore, a, b)
    assert [r.decision_id for r in rows] == [first.decision_id, second.decision_id]
    assert rows[0].superseded_by == second.decision_id and rows[1].superseded_by is None
    assert (rows[0].username, rows[0].reason) == ("analyst1", "twijfel")
    assert _eid(rstore, a) == _eid(rstore, b)  # the latest decision counts


def test_decision_needs_user_reason_and_a_known_kind(rstore: Store) -> None:
    with pytest.raises(RaffError):
        decide(rstore, "x", "y", decision="merge", username="a", reason="r")
    with pytest.raises(RaffError):
        decide(rstore, "x", "y", decision="split", username="a", reason=" ")
