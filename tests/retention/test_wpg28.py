"""Wpg 28 on request: the privacy officer blocks (kept, out of analysis), rectifies (the wrong
value replaced, the alteration recorded, derived keys rebuilt) and destroys (tombstone, the file
rewrite owed to the next retention run). Each is audited; nobody else may do it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.audit.log import verify
from raffinaderij.clock import FixedClock
from raffinaderij.errors import Denied, NotFound
from raffinaderij.graph.adjacency import build_adjacency
from raffinaderij.guard import lookup
from raffinaderij.services import compare, graph, privacy, retention, search
from raffinaderij.store.db import Store, open_store
from support import add_record, entity_id, guard_for, login, make_world


def _person(store: Store, reg_id: str, surname: str, bsn: str) -> str:
    return add_record(
        store,
        reg_id=reg_id,
        first_processed=date(2026, 6, 1),
        entities=[("p" + reg_id, "Person", {"givenName": "Jan", "surname": surname, "bsn": bsn})],
    )


def _found(store: Store, clock: FixedClock, q: str) -> int:
    return search.search(guard_for(store, clock, "analyst4"), q=q).total


def test_block_keeps_the_record_out_of_analysis(store: Store, clock: FixedClock) -> None:
    reg = _person(store, "1", "Blokkerman", "123456782")
    assert _found(store, clock, "Blokkerman") == 1
    fg = guard_for(store, clock, "fg", None)
    out = privacy.registration_block(fg, reg_key=reg, reason="verzoek betrokkene 2026-11")
    assert out.done == "blocked"
    assert _found(store, clock, "Blokkerman") == 0
    hits = compare.compare(guard_for(store, clock, "analyst4"), subjects=[{"bsn": "123456782"}])
    assert hits.hits == 0
    assert store.query("SELECT count(*) FROM statements WHERE reg_key = ?", [reg])[0][0] == 3
    row = store.query(
        "SELECT action, record_ids FROM audit_log WHERE service = 'registration_block'"
    )
    assert row == [("alter", f'["{reg}"]')]
    privacy.registration_block(fg, reg_key=reg, reason="blokkade opgeheven", blocked=False)
    assert _found(store, clock, "Blokkerman") == 1


def test_rectify_replaces_the_value_everywhere(store: Store, clock: FixedClock) -> None:
    reg = _person(store, "1", "Verkeerdnaam", "123456782")
    assert _found(store, clock, "Verkeerdnaam") == 1
    fg = guard_for(store, clock, "fg", None)
    out = privacy.registration_rectify(
        fg,
        reg_key=reg,
        entity_key="src/Person/p1",
        prop="surname",
        value="Goedenaam",
        reason="onjuist geregistreerd, brief 12-3",
    )
    assert (out.done, out.statements) == ("rectified", 1)
    assert _found(store, clock, "Verkeerdnaam") == 0
    assert _found(store, clock, "Goedenaam") == 1
    assert (
        store.query("SELECT count(*) FROM registration_alterations WHERE reg_key = ?", [reg])[0][0]
        == 1
    )
    with pytest.raises(NotFound):
        privacy.registration_rectify(
            fg, reg_key=reg, entity_key="src/Person/p1", prop="bsnx", value="1", reason="reden"
        )


def test_the_graph_reads_a_rectification_and_a_block_at_once(
    store: Store, clock: FixedClock
) -> None:
    """The graph adjacency is derived from statements: a rectification rewrites its rows in the
    same transaction (it stays current, the new value is read by key), and a block needs no
    rebuild (the registration's columns are read live)."""
    reg = add_record(
        store,
        reg_id="1",
        first_processed=date(2026, 6, 1),
        entities=[
            ("p1", "Person", {"surname": "Verkeerdnaam"}),
            ("t1", "Phone", {"number": "+31612345678"}),
        ],
        links=[("p1", "usesPhone", "t1", None)],
    )
    build_adjacency(store)
    phone = entity_id(store, "src/Phone/t1")

    def captions() -> set[str]:
        g = guard_for(store, clock, "analyst4")
        assert lookup.by_key(store, g.relations("search"))
        return {n.caption for n in graph.graph_expand(g, entity_ids=[phone]).nodes}

    assert captions() == {"Verkeerdnaam", "+31612345678"}
    fg = guard_for(store, clock, "fg", None)
    privacy.registration_rectify(
        fg, reg_key=reg, entity_key="src/Person/p1", prop="surname", value="Goedenaam",
        reason="onjuist geregistreerd, brief 12-3",
    )  # fmt: skip
    assert captions() == {"Goedenaam", "+31612345678"}
    privacy.registration_block(fg, reg_key=reg, reason="verzoek betrokkene 2026-11")
    with pytest.raises(NotFound):
        captions()


def test_destroy_on_request_then_the_retention_run_rewrites(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    reg = _person(store, "1", "Wegmetmijman", "123456782")
    _person(store, "2", "Blijverman", "111222333")
    fg = guard_for(store, clock, "fg", None)
    out = privacy.registration_destroy(fg, reg_key=reg, reason="verzoek betrokkene, besluit 7")
    assert out.rewrite_owed
    assert store.query("SELECT count(*) FROM registrations WHERE reg_key = ?", [reg])[0][0] == 0
    assert store.query("SELECT step, reason FROM tombstones") == [("destroyed", "request")]
    assert store.query("SELECT status FROM retention_jobs") == [("purged",)]
    report = retention.retention_run(fg)
    assert report.destroyed == {} and report.file_rewritten
    assert store.query("SELECT DISTINCT status FROM retention_jobs") == [("done",)]
    assert verify(store).ok
    store.close()
    assert b"Wegmetmijman" not in (tmp_path / "raff.duckdb").read_bytes()
    assert b"Blijverman" in (tmp_path / "raff.duckdb").read_bytes()


def test_only_the_privacy_officer_decides(store: Store, clock: FixedClock) -> None:
    reg = _person(store, "1", "Jansen", "123456782")
    for user in ("admin", "analyst4", "lead"):
        with pytest.raises(Denied):
            privacy.registration_destroy(
                guard_for(store, clock, user, None), reg_key=reg, reason="zomaar weg"
            )
    fg = guard_for(store, clock, "fg", None)
    with pytest.raises(Denied):
        privacy.registration_block(fg, reg_key=reg, reason="")
    with pytest.raises(NotFound):
        privacy.registration_block(fg, reg_key="src:none", reason="verzoek 1")


def test_api_routes(store: Store, clock: FixedClock) -> None:
    reg = _person(store, "1", "Jansen", "123456782")
    client = TestClient(create_app(store, clock=clock, secret="test"))
    login(client, "analyst4", None)
    body = {"reg_key": reg, "reason": "verzoek betrokkene"}
    assert client.post("/api/privacy/registrations/block", json=body).status_code == 403
    client = TestClient(create_app(store, clock=clock, secret="test"))
    login(client, "fg", None)
    r = client.post("/api/privacy/registrations/block", json=body)
    assert r.status_code == 200 and r.json()["done"] == "blocked"
    missing = client.post(
        "/api/privacy/registrations/destroy", json={"reg_key": "src:none", "reason": "verzoek"}
    )
    assert missing.status_code == 404
