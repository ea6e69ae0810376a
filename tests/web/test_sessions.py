"""Sessions and requests (issue 9): server-side sessions, login throttling, the same work for
unknown users, CSRF tokens and the Origin check, body size limits, 4xx validation and uniform
case answers. In-process (TestClient); the clock is moved, never slept on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from raffinaderij import config
from raffinaderij.api.app import create_app
from raffinaderij.api.deps import COOKIE
from support import PASSWORD, login


@pytest.fixture
def app(store, clock):  # type: ignore[no-untyped-def]
    return create_app(store, clock=clock, secret="test")


def _client(app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, follow_redirects=False)


def _cases(client: TestClient, cookie: str) -> int:
    """GET /api/cases with only this cookie (a fresh client: nothing else carried over)."""
    other = _client(client.app)
    other.cookies.set(COOKIE, cookie)
    return other.get("/api/cases").status_code


# -- server-side sessions -------------------------------------------------------------------


def test_logout_ends_the_session_and_the_old_cookie_no_longer_works(app, store) -> None:  # type: ignore[no-untyped-def]
    client = _client(app)
    login(client, "analyst1")
    cookie = client.cookies[COOKIE]
    assert _cases(client, cookie) == 200
    assert client.post("/api/logout").status_code == 200
    assert _cases(client, cookie) == 401  # a copy of the cookie is dead too
    row = store.query("SELECT end_reason FROM sessions WHERE username = 'analyst1'")
    assert row == [("logout",)]
    assert store.query("SELECT count(*) FROM audit_log WHERE service = 'logout'")[0][0] == 1


def test_a_new_login_gets_a_new_session_and_ends_the_old_one(app) -> None:  # type: ignore[no-untyped-def]
    client = _client(app)
    login(client, "analyst1", None)
    first = client.cookies[COOKIE]
    login(client, "analyst2", None)
    assert client.cookies[COOKIE] != first
    assert _cases(client, first) == 401
    assert client.get("/api/session").json()["username"] == "analyst2"


def test_the_store_keeps_no_usable_session_id(app, store) -> None:  # type: ignore[no-untyped-def]
    client = _client(app)
    login(client, "analyst1", None)
    (stored,) = store.query("SELECT session_hash FROM sessions")[0]
    assert stored not in client.cookies[COOKIE]
    forged = app.state.raff.signer.dumps(stored)  # even signed, the digest is not a session
    assert _cases(client, forged) == 401


def test_web_logout_is_a_post_with_the_token(app) -> None:  # type: ignore[no-untyped-def]
    client = _client(app)
    login(client, "analyst1")
    cookie = client.cookies[COOKIE]
    del client.headers["X-CSRF-Token"]
    assert client.get("/logout").status_code == 405  # a link elsewhere cannot log anyone out
    assert client.post("/logout").status_code == 403
    assert _cases(client, cookie) == 200
    page = client.get("/cases").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    r = client.post("/logout", data={"csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert _cases(client, cookie) == 401


def test_idle_and_absolute_timeouts(app, store, clock) -> None:  # type: ignore[no-untyped-def]
    idle = config.get_int("session_idle_minutes")
    client = _client(app)
    login(client, "analyst1")
    clock.advance(minutes=idle - 1)
    assert client.get("/api/cases").status_code == 200
    clock.advance(minutes=idle - 1)  # used within the idle time: still alive
    assert client.get("/api/cases").status_code == 200
    clock.advance(minutes=idle + 1)
    assert client.get("/api/cases").status_code == 401

    client = _client(app)
    login(client, "analyst2")
    for _ in range(config.get_int("session_max_hours") * 60 // (idle - 1) + 1):
        clock.advance(minutes=idle - 1)
        if client.get("/api/cases").status_code != 200:
            break
    assert client.get("/api/cases").status_code == 401
    reasons = dict(store.query("SELECT username, end_reason FROM sessions"))
    assert reasons == {"analyst1": "idle", "analyst2": "expired"}


def test_the_active_case_lives_in_the_session_not_the_cookie(app) -> None:  # type: ignore[no-untyped-def]
    client = _client(app)
    login(client, "analyst1", None)
    cookie = client.cookies[COOKIE]
    r = client.post("/api/session/case", json={"case_id": "ZAAK-1", "purpose": "test"})
    assert r.status_code == 200
    assert client.cookies[COOKIE] == cookie
    assert client.get("/api/session").json()["case_id"] == "ZAAK-1"


# -- login throttling, lockout, the same work for unknown users -----------------------------


def test_sixth_wrong_password_within_a_minute_is_throttled(app, store, clock) -> None:  # type: ignore[no-untyped-def]
    client = _client(app)
    for _ in range(5):
        r = client.post("/api/login", json={"username": "analyst1", "password": "fout"})
        assert r.status_code == 401
        clock.advance(seconds=10)
    # the 6th attempt is refused, even with the right password
    r = client.post("/api/login", json={"username": "analyst1", "password": PASSWORD})
    assert r.status_code == 429 and "too many failed logins" in r.json()["error"]
    rows = store.query(
        "SELECT outcome, query FROM audit_log WHERE service = 'login' ORDER BY seq DESC LIMIT 1"
    )
    assert rows[0][0] == "denied" and "throttled" in rows[0][1]
    # the lock lasts LOGIN_LOCKOUT_SECONDS after the last failure; refusals do not extend it
    clock.advance(seconds=config.get_int("login_lockout_seconds") - 50)
    assert (
        client.post("/api/login", json={"username": "analyst1", "password": PASSWORD}).status_code
        == 429
    )
    clock.advance(seconds=60)
    r = client.post("/api/login", json={"username": "analyst1", "password": PASSWORD})
    assert r.status_code == 200
    # other users were never affected
    assert (
        client.post("/api/login", json={"username": "analyst2", "password": PASSWORD}).status_code
        == 200
    )


def test_failures_spread_over_more_than_the_window_do_not_lock(app, clock) -> None:  # type: ignore[no-untyped-def]
    client = _client(app)
    window = config.get_int("login_window_seconds")
    for _ in range(8):
        client.post("/api/login", json={"username": "analyst1", "password": "fout"})
        clock.advance(seconds=window // 4 + 1)
    r = client.post("/api/login", json={"username": "analyst1", "password": PASSWORD})
    assert r.status_code == 200


@pytest.fixture
def verify_calls(monkeypatch) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """Counts argon2 verifications (never timing): which hash each was against."""
    calls: list[str] = []
    real = PasswordHasher.verify

    def counting(self, hash, password):  # type: ignore[no-untyped-def]  # noqa: A002
        calls.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    yield calls


def test_unknown_users_cost_the_same_work_and_get_the_same_answer(app, store, verify_calls) -> None:  # type: ignore[no-untyped-def]
    client = _client(app)
    known = client.post("/api/login", json={"username": "analyst1", "password": "fout"})
    assert len(verify_calls) == 1
    unknown = client.post("/api/login", json={"username": "niemand", "password": "fout"})
    assert len(verify_calls) == 2  # one argon2 verification in both paths
    (real_hash,) = store.query("SELECT password_hash FROM users WHERE username = 'analyst1'")[0]
    assert verify_calls[0] == real_hash and verify_calls[1] != real_hash
    assert verify_calls[1].startswith("$argon2id$")  # the dummy hash has the same parameters
    assert verify_calls[1].split("$")[3] == real_hash.split("$")[3]
    assert known.status_code == unknown.status_code == 401
    assert known.json() == unknown.json()
    # unknown names are throttled like known ones (throttling reveals nothing either)
    for _ in range(4):
        client.post("/api/login", json={"username": "niemand", "password": "fout"})
    assert (
        client.post("/api/login", json={"username": "niemand", "password": "x"}).status_code == 429
    )


def test_argon2_cost_is_a_setting(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from raffinaderij.errors import ConfigError
    from raffinaderij.services import accounts

    default = next(s for s in config.SETTINGS if s.name == "argon2_cost")
    assert default.default == "normal"
    monkeypatch.setenv("RAFF_ARGON2_COST", "normal")
    assert accounts.hasher().memory_cost == 65536 and accounts.hasher().time_cost == 3
    monkeypatch.setenv("RAFF_ARGON2_COST", "test")
    assert accounts.hasher().memory_cost < 65536
    monkeypatch.setenv("RAFF_ARGON2_COST", "cheap")
    with pytest.raises(ConfigError, match="RAFF_ARGON2_COST"):
        accounts.hasher()


# -- CSRF and origin --------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused(app, store) -> None:  # type: ignore[no-untyped-def]
    client = _client(app)
    login(client, "lead", None)
    token = client.headers.pop("X-CSRF-Token")
    body = {"case_id": "ZAAK-N", "title": "t", "basis": 9}
    assert client.post("/api/cases", json=body).status_code == 403
    assert (
        client.post("/api/cases", json=body, headers={"X-CSRF-Token": "x" + token}).status_code
        == 403
    )
    assert not store.query("SELECT 1 FROM cases WHERE case_id = 'ZAAK-N'")
    # forms: the hidden field or the header; without either, refused
    assert (
        client.post("/cases/activate", data={"case_id": "ZAAK-1", "purpose": "p"}).status_code
        == 403
    )
    r = client.post(
        "/cases/activate", data={"case_id": "ZAAK-1", "purpose": "p", "csrf_token": token}
    )
    assert r.status_code == 303
    assert client.post("/api/cases", json=body, headers={"X-CSRF-Token": token}).status_code == 200
    # reads need no token
    assert client.get("/api/cases").status_code == 200


def test_the_token_belongs_to_one_session(app) -> None:  # type: ignore[no-untyped-def]
    a, b = _client(app), _client(app)
    login(a, "lead", None)
    login(b, "lead", None)
    assert a.headers["X-CSRF-Token"] != b.headers["X-CSRF-Token"]
    r = a.post(
        "/api/cases",
        json={"case_id": "ZAAK-N", "title": "t", "basis": 9},
        headers={"X-CSRF-Token": b.headers["X-CSRF-Token"]},
    )
    assert r.status_code == 403


def test_every_page_form_carries_the_token(app) -> None:  # type: ignore[no-untyped-def]
    client = _client(app)
    login(client, "lead")
    token = client.headers["X-CSRF-Token"]
    for path in ("/cases", "/compare", "/consents", "/case"):
        page = client.get(path).text
        forms = page.count('<form method="post"')
        assert forms and page.count(f'name="csrf_token" value="{token}"') == forms, path
        assert f'"X-CSRF-Token": "{token}"' in page  # htmx requests send it as a header


def test_requests_from_another_origin_are_refused(app) -> None:  # type: ignore[no-untyped-def]
    client = _client(app)
    login(client, "lead", None)
    body = {"case_id": "ZAAK-N", "title": "t", "basis": 9}
    evil = {"Origin": "http://127.0.0.1:9999"}  # SameSite ignores the port; we do not
    assert client.post("/api/cases", json=body, headers=evil).status_code == 403
    assert (
        client.post(
            "/api/cases", json=body, headers={"Referer": "http://evil.example/x"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/api/login", json={"username": "lead", "password": PASSWORD}, headers=evil
        ).status_code
        == 403
    )
    own = {"Origin": "http://testserver"}
    assert client.post("/api/cases", json=body, headers=own).status_code == 200


def test_allowed_origins_setting(store, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RAFF_ALLOWED_ORIGINS", "https://raff.politie.example")
    client = _client(create_app(store, clock=clock, secret="test"))
    r = client.post(
        "/api/login",
        json={"username": "lead", "password": PASSWORD},
        headers={"Origin": "https://raff.politie.example"},
    )
    assert r.status_code == 200


# -- request size limits ------------------------------------------------------------------------


def test_oversize_bodies_are_refused_before_they_are_read(store, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RAFF_MAX_REQUEST_BYTES", "2000")
    monkeypatch.setenv("RAFF_MAX_UPLOAD_BYTES", "5000")
    app = create_app(store, clock=clock, secret="test")
    client = _client(app)
    login(client, "analyst1")
    before = store.query("SELECT count(*) FROM audit_log")[0][0]
    big = {"subjects": [{"surname": "x" * 3000}]}
    r = client.post("/api/comparisons", json=big)
    assert r.status_code == 413 and "2,000 bytes" in r.json()["error"]
    # without a Content-Length (chunked): read only up to the limit, then refused
    chunks = (b"x" * 1000 for _ in range(10))
    r = client.post(
        "/api/comparisons", content=chunks, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413
    # uploads have their own, larger limit
    small = b"achternaam\n" + b"Jansen\n" * 300
    r = client.post("/api/comparisons/upload", files={"file": ("s.csv", small)})
    assert r.status_code == 200, r.text
    r = client.post("/api/comparisons/upload", files={"file": ("s.csv", small * 3)})
    assert r.status_code == 413
    # nothing past the limit reached a service
    services = [s for (s,) in store.query("SELECT service FROM audit_log ORDER BY seq")]
    assert services[before:] == ["compare"]


# -- validation answers 4xx; uniform case answers ---------------------------------------------


def test_bad_limits_answer_422_not_500(app) -> None:  # type: ignore[no-untyped-def]
    client = _client(app)
    login(client, "fg", None)
    for limit in ("-1", "0", "10001", "abc"):
        r = client.get("/api/audit", params={"limit": limit})
        assert r.status_code == 422, (limit, r.text)
        assert "SELECT" not in r.text
    assert client.get("/api/audit", params={"limit": "5"}).status_code == 200
    login(client, "analyst1")
    assert client.get("/api/search", params={"q": "x", "limit": "-1"}).status_code == 422


def test_a_missing_case_and_someone_elses_answer_alike(app, store, clock) -> None:  # type: ignore[no-untyped-def]
    from raffinaderij.services import accounts
    from support import guard_for

    accounts.create_case(
        guard_for(store, clock, "admin", None), case_id="ZAAK-G", title="Geheim", basis=9
    )
    client = _client(app)
    login(client, "analyst1", None)
    answers = []
    for case_id in ("ZAAK-G", "ZAAK-X"):
        for method, path, body in [
            ("POST", "/api/session/case", {"case_id": case_id, "purpose": "p"}),
            ("POST", f"/api/cases/{case_id}/members", {"username": "analyst2"}),
            (
                "POST",
                f"/api/cases/{case_id}/grounds",
                {"purpose": "p", "threshold": "t", "facts": "f"},
            ),
            ("GET", f"/api/cases/{case_id}/orders", None),
        ]:
            r = client.request(method, path, json=body)
            answers.append(
                (method, path.replace(case_id, "?"), r.status_code, r.text.replace(case_id, "?"))
            )
    hidden, missing = answers[:4], answers[4:]
    assert hidden == missing
    # role checks come first and are the same for both; the case check answers 404 for both
    assert [a[2] for a in hidden] == [404, 403, 403, 404]


def test_server_errors_keep_their_sql_in_the_log(app, caplog) -> None:  # type: ignore[no-untyped-def]
    from raffinaderij.errors import StoreError

    def boom() -> None:
        raise StoreError("Binder Error\n-- while running:\nSELECT secret FROM audit_log")

    app.add_api_route("/api/boom", boom)
    r = _client(app).get("/api/boom")
    assert r.status_code == 500
    assert "SELECT" not in r.text and "audit_log" not in r.text
    assert "SELECT secret" in caplog.text
