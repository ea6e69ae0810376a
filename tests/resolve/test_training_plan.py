"""Training adapts to the fields a source fills; with too little it says so in one line."""

from __future__ import annotations

from typing import Any

import pytest
from dutch_people import people

from raffinaderij.errors import RaffError
from raffinaderij.resolve import approve, run, train
from raffinaderij.resolve.fixtures import insert_persons
from raffinaderij.resolve.metrics import score_clustering
from raffinaderij.resolve.models import get_model
from raffinaderij.store.db import Store, open_store


def _store(drop: tuple[str, ...]) -> tuple[Store, dict[str, str]]:
    records, truth = people(150, seed=5)
    stripped: list[dict[str, Any]] = [{**r, **dict.fromkeys(drop)} for r in records]
    store = open_store(":memory:")
    insert_persons(store, stripped)
    return store, truth


def test_full_records_train_on_the_dutch_default_passes() -> None:
    store, _ = _store(())
    version = train(store, candidate_filter="true", created_by="alice", seed=1)
    plan = get_model(store, version).training["plan"]
    assert plan["em_rules"] == [
        "l.birth_date = r.birth_date",
        "l.surname_key = r.surname_key AND l.postcode = r.postcode",
    ]
    assert plan["untrained"] == []
    store.close()


def test_name_and_address_without_birth_dates_train_and_link() -> None:
    store, truth = _store(("birthDate", "bsn", "phone"))
    version = train(store, candidate_filter="true", created_by="alice", seed=1)
    plan = get_model(store, version).training["plan"]
    assert "birth" not in plan["populated"]
    assert not any("birth" in r for r in plan["em_rules"])
    assert plan["untrained"] == []
    approve(store, version, approver="bob")
    run(store, candidate_filter="true")
    scores = score_clustering(
        dict(store.query("SELECT entity_key, entity_id FROM entity_clusters")), truth
    )
    # without a birth date a junior at his father's address cannot be told apart; most
    # people still are
    assert scores["pair_recall"] > 0.8
    assert scores["pair_precision"] > 0.6
    store.close()


def test_names_only_trains() -> None:
    store, _ = _store(("birthDate", "bsn", "phone", "postcode", "houseNumber"))
    version = train(store, candidate_filter="true", created_by="alice", seed=1)
    plan = get_model(store, version).training["plan"]
    assert set(plan["populated"]) == {"given", "surname"}
    assert plan["untrained"] == []
    assert plan["deterministic_rules"]  # a prior from exact full names, not the default
    store.close()


def test_surname_only_says_in_one_line_what_is_missing() -> None:
    store, _ = _store(
        ("birthDate", "bsn", "phone", "postcode", "houseNumber", "givenName", "initials")
    )
    with pytest.raises(RaffError) as err:
        train(store, candidate_filter="true", created_by="alice", seed=1)
    message = str(err.value)
    assert "\n" not in message
    assert "only surname" in message
    for missing in ("given name", "birth date", "address", "BSN"):
        assert missing in message
    assert store.query("SELECT count(*) FROM resolve_models")[0][0] == 0
    store.close()


def test_a_large_population_is_normalised_and_trained_as_a_sample(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from raffinaderij.resolve import models

    store, _ = _store(())
    total = store.query(
        "SELECT count(DISTINCT entity_key) FROM statements WHERE schema = 'Person'"
    )[0][0]
    monkeypatch.setattr(models, "TRAIN_SAMPLE", 300)
    version = train(store, candidate_filter="true", created_by="alice", seed=1)
    training = get_model(store, version).training
    assert training["records"] == total > 300
    assert training["trained_on"] == 300
    # the same seed draws the same sample, so the same model
    again = train(store, candidate_filter="true", created_by="alice", seed=1)
    assert get_model(store, again).settings == get_model(store, version).settings
    store.close()
