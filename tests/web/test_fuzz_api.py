"""Fuzzing the API (schemathesis over /api/openapi.json against the in-process app): with an
authenticated session (a case lead with an active case; the privacy officer) and its CSRF token,
no generated request — valid or not — may get a server error. Bounded and derandomised, so a run is repeatable and short."""

from __future__ import annotations

import itertools

import pytest

schemathesis = pytest.importorskip("schemathesis")

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402

from raffinaderij.api.app import create_app  # noqa: E402
from raffinaderij.api.deps import COOKIE, CSRF_HEADER  # noqa: E402
from support import add_record, login  # noqa: E402

#: examples per operation and generation mode (positive: valid by the schema; negative: not)
EXAMPLES = 8
#: ending our own session would turn every later call into a plain 401
SKIP = {("POST", "/api/logout"), ("POST", "/logout")}


def test_no_operation_answers_a_server_error(store, clock) -> None:  # type: ignore[no-untyped-def]
    add_record(
        store,
        reg_id="jan",
        entities=[("jan", "Person", {"givenName": "Jan", "surname": "Jansen", "bsn": "111222333"})],
    )
    app = create_app(store, clock=clock, secret="fuzz")
    # a case lead with ZAAK-1 active reaches most operations; the privacy officer (no case)
    # reaches the audit log
    sessions = []
    for username, case_id in (("lead", "ZAAK-1"), ("fg", None)):
        client = TestClient(app)
        login(client, username, case_id)
        sessions.append(
            (
                client,
                {
                    "headers": {CSRF_HEADER: client.headers[CSRF_HEADER]},
                    "cookies": {COOKIE: client.cookies[COOKIE]},
                },
            )
        )
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    failures: list[str] = []
    tried = runs = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIP:
            continue
        tried += 1
        for mode, (_, auth) in itertools.product(
            (GenerationMode.POSITIVE, GenerationMode.NEGATIVE), sessions
        ):
            try:
                _fuzz(operation, mode, auth, failures)
            except Unsatisfiable:
                # nothing to make invalid (no parameters, no body): positive mode covers it
                assert mode is GenerationMode.NEGATIVE, operation.path
                continue
            runs += 1
    print(f"fuzzed {tried} operations in {runs} runs of {EXAMPLES} examples, 2 users")
    assert tried >= 25
    assert failures == []
    # the sessions survived the whole run (nothing the fuzzer sent ended or broke them)
    for client, _ in sessions:
        assert client.get("/api/session").status_code == 200


def _fuzz(operation, mode, auth, failures: list[str]) -> None:  # type: ignore[no-untyped-def]
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call(**auth)
        if response.status_code >= 500:
            failures.append(
                f"{case.method} {case.formatted_path} {case.query or ''}"
                f" {str(case.body)[:200]} -> {response.status_code}: {response.text[:300]}"
            )

    call()
