"""The administrator's pages: users (add one, change roles, level and whether the account is
active) and cases with their members (add one); only administrators, every step audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.clock import FixedClock
from raffinaderij.guard.session import load_case, load_user
from raffinaderij.services.accounts import bootstrap_user
from raffinaderij.store.db import Store, open_store
from support import login, make_world


@pytest.fixture
def world(tmp_path: Path, clock: FixedClock) -> Store:
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    return store


def test_users_page(world: Store, clock: FixedClock) -> None:
    client = TestClient(create_app(world, clock=clock, secret="test"), follow_redirects=False)
    login(client, "admin", case_id=None)
    page = client.get("/admin/users")
    assert page.status_code == 200 and 'id="user-analyst1"' in page.text
    assert "argon2" not in page.text  # no password hashes
    added = client.post(
        "/admin/users",
        data={
            "username": "nina",
            "display_name": "Nina Nieuw",
            "password": "lang-genoeg-1",
            "roles": ["analyst"],
            "level": "2",
        },
    )
    assert added.status_code == 303
    nina = load_user(world, "nina")
    assert (nina.roles, nina.level) == (frozenset({"analyst"}), 2)
    changed = client.post(
        "/admin/users/nina",
        data={"roles": ["analyst", "case_lead"], "level": "3", "active": "true"},
    )
    assert changed.status_code == 303
    assert load_user(world, "nina").roles == {"analyst", "case_lead"}
    off = client.post("/admin/users/nina", data={"roles": ["analyst"], "level": "3"})
    assert off.status_code == 303
    assert world.query("SELECT active FROM users WHERE username = 'nina'") == [(False,)]
    # mistakes are said on the page; the admin cannot lock themself out
    short = client.post(
        "/admin/users",
        data={"username": "x", "password": "kort", "roles": ["analyst"], "level": "1"},
    )
    assert short.status_code == 400 and "8" in short.text
    self_off = client.post("/admin/users/admin", data={"roles": ["analyst"], "level": "4"})
    assert self_off.status_code == 400 and "admin" in load_user(world, "admin").roles
    missing = client.post("/admin/users/niemand", data={"roles": ["analyst"], "level": "1"})
    assert missing.status_code == 404
    services = {s for (s,) in world.query("SELECT service FROM audit_log WHERE username = 'admin'")}
    assert {"list_users", "create_user", "set_user_access"} <= services


def test_cases_page(world: Store, clock: FixedClock) -> None:
    client = TestClient(create_app(world, clock=clock, secret="test"), follow_redirects=False)
    login(client, "admin", case_id=None)
    page = client.get("/admin/cases")
    assert page.status_code == 200 and 'id="case-ZAAK-1"' in page.text
    bootstrap_user(
        world, username="nina", password="x" * 10, display_name="Nina", roles=["analyst"], level=2
    )
    r = client.post("/admin/cases/ZAAK-1/members", data={"username": "nina"})
    assert r.status_code == 303
    assert load_case(world, "ZAAK-1").members["nina"] == "analyst"
    assert "nina (analist)" in client.get("/admin/cases", params={"lang": "nl"}).text
    r = client.post("/admin/cases/ZAAK-9/members", data={"username": "nina"})
    assert r.status_code == 404


@pytest.mark.parametrize("path", ["/admin/users", "/admin/cases"])
def test_only_administrators(world: Store, clock: FixedClock, path: str) -> None:
    client = TestClient(create_app(world, clock=clock, secret="test"), follow_redirects=False)
    login(client, "fg", case_id=None)
    assert client.get(path).status_code == 403
    login(client, "lead", case_id=None)
    assert client.get(path).status_code == 403
