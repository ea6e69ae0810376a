"""Resolution through the services: LAW-15 (approval by a second person with the approver role),
LAW-02/14 (excluded records never candidates) and audit rows for every step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from raffinaderij.errors import Denied, RaffError
from raffinaderij.guard.predicates import inline
from raffinaderij.services import ingest, resolution
from raffinaderij.store.db import Store, open_store
from support import entity_id as id_of
from support import guard_for, ingest_generated, make_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, object]]:
    from raffinaderij.clock import FixedClock
    from raffinaderij.demo import generate
    from support import NOW

    out = tmp_path_factory.mktemp("gen")
    generate(out, persons=400, seed=5)
    clock = FixedClock(NOW)
    store = open_store(":memory:")
    make_world(store, clock)
    ingest_generated(store, clock, out)
    yield store, clock
    store.close()


def ensure_resolved(store: Store, clock) -> None:  # type: ignore[no-untyped-def]
    """Tests may run on any xdist worker in any order: each makes sure resolution has run."""
    if store.query("SELECT count(*) FROM entity_clusters")[0][0]:
        return
    admin = guard_for(store, clock, "admin", case_id=None)
    if not store.query("SELECT count(*) FROM resolve_models WHERE approved_by IS NOT NULL")[0][0]:
        version = resolution.train_model(admin, seed=1)
        resolution.approve_model(guard_for(store, clock, "lead", case_id=None), version=version)
    resolution.run_resolution(admin)


def test_inlined_predicate_selects_the_same_rows(world) -> None:  # type: ignore[no-untyped-def]
    store, clock = world
    guard = guard_for(store, clock, "admin", case_id=None)
    sql, params = guard.analysis_scope()
    with_params = (
        store.cursor()
        .execute(f"SELECT count(*) FROM registrations r WHERE {sql}", params)
        .fetchone()
    )
    inlined = store.query(f"SELECT count(*) FROM registrations r WHERE {inline(sql, params)}")
    assert with_params is not None and with_params[0] == inlined[0][0] > 0


def test_model_lifecycle_needs_a_second_person_with_the_approver_role(world) -> None:  # type: ignore[no-untyped-def]
    store, clock = world
    admin = guard_for(store, clock, "admin", case_id=None)
    version = resolution.train_model(admin, seed=1)
    with pytest.raises(RaffError):
        resolution.run_resolution(admin, version=version)  # unapproved (LAW-15)
    with pytest.raises(Denied):
        resolution.approve_model(guard_for(store, clock, "analyst4", case_id=None), version=version)
    resolution.approve_model(guard_for(store, clock, "lead", case_id=None), version=version)
    report = resolution.run_resolution(admin, version=version)
    assert report.model_version == version and report.multi_record_entities > 0
    # every clustered record was a permitted candidate (LAW-02, -04, -14)
    # An entity-in-source seen only in excluded registrations is never clustered.
    excluded_only = """
        SELECT s.entity_key FROM statements s JOIN registrations r ON r.reg_key = s.reg_key
        GROUP BY s.entity_key
        HAVING bool_and(r.confidentiality = 'V' OR r.covert IS NOT NULL OR r.blocked)
    """
    assert store.query(f"SELECT count(*) FROM ({excluded_only})")[0][0] > 0
    leaked = store.query(
        f"SELECT count(*) FROM entity_clusters WHERE entity_key IN ({excluded_only})"
    )
    assert leaked[0][0] == 0
    services = [
        row[0]
        for row in store.query(
            "SELECT service FROM audit_log WHERE service LIKE 'resolve_%' ORDER BY seq"
        )
    ]
    assert services[:2] == ["resolve_train", "resolve_run"]
    assert "resolve_approve" in services
    denied = store.query(
        "SELECT count(*) FROM audit_log WHERE service = 'resolve_approve' AND outcome = 'denied'"
    )
    assert denied[0][0] == 1


def test_entity_page_explains_links_between_visible_members_only(world) -> None:  # type: ignore[no-untyped-def]
    from raffinaderij.services import entity

    store, clock = world
    ensure_resolved(store, clock)
    multi = [
        row[0]
        for row in store.query(
            "SELECT entity_id FROM entity_clusters GROUP BY entity_id HAVING count(*) > 1 ORDER BY entity_id"
        )
    ]
    explained = 0
    for username in ("analyst4", "analyst1"):
        guard = guard_for(store, clock, username)
        for entity_id in multi[:40]:
            try:
                view = entity.entity_view(guard, entity_id=entity_id)
            except RaffError:
                continue  # not visible in this scope at all
            for match in view.matches:
                assert match.left in view.members and match.right in view.members
                assert match.fields and match.model_version
            explained += bool(view.matches)
    assert explained > 0


def test_entity_page_renders_the_explanation_once(world) -> None:  # type: ignore[no-untyped-def]
    import re

    from fastapi.testclient import TestClient

    from raffinaderij.api.app import create_app
    from support import login

    store, clock = world
    ensure_resolved(store, clock)
    client = TestClient(create_app(store, clock=clock, secret="t"))
    login(client, "analyst4")
    multi = store.query(
        "SELECT entity_id FROM entity_clusters GROUP BY entity_id HAVING count(*) > 1 ORDER BY entity_id"
    )
    for (entity_id,) in multi:
        page = client.get(f"/entity/{entity_id}")
        if page.status_code == 200 and "<details" in page.text:
            title = re.search(r"<title>(.*?)</title>", page.text, re.S)
            assert title is not None and "<" not in title.group(1)
            assert page.text.count('class="match"') == page.text.count("</details>")
            return
    pytest.fail("no entity page with a match explanation")


def test_a_split_through_the_workbench_survives_a_rerun(world) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from raffinaderij.api.app import create_app
    from support import login

    store, clock = world
    admin = guard_for(store, clock, "admin", case_id=None)
    ensure_resolved(store, clock)
    client = TestClient(create_app(store, clock=clock, secret="t"), follow_redirects=False)
    login(client, "analyst4")
    pairs = store.query(
        "SELECT left_key, right_key FROM match_pairs WHERE linked ORDER BY match_weight DESC"
    )
    for left, right in pairs:  # the first pair this analyst may see in ZAAK-1's scope
        r = client.post(
            "/entity/review",
            data={
                "entity_id": id_of(store, left),
                "left": left,
                "right": right,
                "decision": "split",
                "confirmed": "1",  # past the step that shows the consequence
                "reason": "tweeling",
            },
        )
        if r.status_code == 303:
            break
    else:
        pytest.fail("no visible linked pair")
    resolution.run_resolution(admin)
    same = store.query(
        "SELECT count(*) FROM entity_clusters a JOIN entity_clusters b USING (entity_id)"
        " WHERE a.entity_key = ? AND b.entity_key = ?",
        [left, right],
    )
    assert same[0][0] == 0
    row = store.query(
        "SELECT username, reason FROM resolve_decisions WHERE left_key = ? AND right_key = ?",
        [left, right],
    )
    assert row == [("analyst4", "tweeling")]


def test_a_split_says_what_leaves_before_it_happens_and_is_undone(world) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from raffinaderij.api.app import create_app
    from raffinaderij.services import entity
    from support import login

    store, clock = world
    ensure_resolved(store, clock)
    client = TestClient(create_app(store, clock=clock, secret="t"), follow_redirects=False)
    login(client, "analyst4")
    guard = guard_for(store, clock, "analyst4")
    multi = store.query(
        "SELECT entity_id FROM entity_clusters GROUP BY entity_id HAVING count(*) > 2 ORDER BY entity_id"
    )
    for (eid,) in multi:
        try:
            view = entity.entity_view(guard, entity_id=eid)
        except RaffError:
            continue
        if view.matches:
            break
    else:
        pytest.fail("no visible entity with explained links")
    page = client.get(f"/entity/{eid}", params={"lang": "nl"}).text
    # agreement per field in words, under the member it belongs to
    assert 'class="member"' in page and "agree-" in page
    assert "zelfde " in page or "andere " in page or "ander " in page
    weakest = min(view.matches, key=lambda m: m.match_weight)
    form = {"entity_id": eid, "left": weakest.left, "right": weakest.right, "reason": "twijfel"}
    step = client.post("/entity/review", data=form | {"decision": "split"})
    assert step.status_code == 200 and 'id="consequence"' in step.text
    leaving = entity.split_consequence(guard, entity_id=eid, left=weakest.left, right=weakest.right)
    labels = [f"{v.source} · {v.reg_key}" for v in view.values if v.entity_key in leaving]
    assert all(label in step.text for label in labels)
    assert ('id="leaving"' in step.text) == bool(leaving)
    # nothing happened yet
    assert not store.query(
        "SELECT 1 FROM resolve_decisions WHERE left_key = ? AND right_key = ?",
        sorted((weakest.left, weakest.right)),
    )
    done = client.post("/entity/review", data=form | {"decision": "split", "confirmed": "1"})
    assert done.status_code == 303 and "split_left=" in done.headers["location"]
    after = client.get(done.headers["location"]).text
    assert 'id="undo"' in after
    if leaving:
        assert entity.entity_of_record(guard, entity_key=leaving[0]) != entity.entity_of_record(
            guard, entity_key=next(m for m in view.members if m not in leaving)
        )
    undo = client.post(
        "/entity/review", data=form | {"decision": "undo", "reason": "toch dezelfde"}
    )
    assert undo.status_code == 303
    assert entity.entity_of_record(guard, entity_key=weakest.left) == entity.entity_of_record(
        guard, entity_key=weakest.right
    )
    rows = store.query(
        "SELECT decision, superseded_by IS NULL FROM resolve_decisions"
        " WHERE left_key = ? AND right_key = ? ORDER BY decided_at, decision DESC",
        sorted((weakest.left, weakest.right)),
    )
    assert sorted(rows) == [("confirm", True), ("split", False)]


def test_a_new_ingest_is_linked_without_retraining(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import csv

    store, clock = world
    ensure_resolved(store, clock)
    models_before = store.query("SELECT count(*) FROM resolve_models")[0][0]
    people = store.query(
        """
        SELECT s.entity_key, max(s.value) FILTER (WHERE prop = 'givenName'),
               max(s.value) FILTER (WHERE prop = 'surname'), max(s.value) FILTER (WHERE prop = 'birthDate')
        FROM statements s JOIN registrations r ON r.reg_key = s.reg_key
        WHERE s.schema = 'Person' AND r.confidentiality = 'N'
          AND r.covert IS NULL AND s.entity_key IN (SELECT entity_key FROM entity_clusters)
        GROUP BY s.entity_key HAVING count(DISTINCT prop) FILTER (WHERE prop IN ('givenName', 'surname', 'birthDate')) = 3
        ORDER BY s.entity_key LIMIT 5
        """
    )
    assert len(people) == 5
    with (tmp_path / "nieuw.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["nr", "voornamen", "achternaam", "geboortedatum"])
        for n, (_, given, surname, born) in enumerate(people):
            writer.writerow([f"N{n}", given, surname, born])
    (tmp_path / "nieuw.mapping.yaml").write_text(
        """
source: nieuw
input: {format: csv, path: nieuw.csv}
registration:
  id: nr
  legal_basis: {const: 8}
  first_processed: {const: "2026-10-01", format: "%Y-%m-%d"}
  level: {const: 1}
  confidentiality: {const: N}
  reliability: {const: B}
  acquisition: {const: aangifte}
  fact_judgement: {const: fact}
  role: {const: witness}
entities:
  person:
    type: Person
    key: [nr]
    properties: {givenName: voornamen, surname: achternaam, birthDate: geboortedatum}
"""
    )
    admin = guard_for(store, clock, "admin", case_id=None)
    ingest.collect(admin, mapping=str(tmp_path / "nieuw.mapping.yaml"))
    clusters = dict(store.query("SELECT entity_key, entity_id FROM entity_clusters"))
    joined = sum(
        clusters.get(f"nieuw/Person/N{n}") == clusters[key] for n, (key, *_) in enumerate(people)
    )
    assert joined >= 4, joined
    assert (
        store.query("SELECT count(*) FROM resolve_models")[0][0] == models_before
    )  # no retraining
    combine = store.query("SELECT action FROM audit_log WHERE service = 'resolve_link_new'")
    assert combine == [("combine",)]
