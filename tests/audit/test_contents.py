"""Audit rows hold no secrets and no bulk content (issue 9, LAW-11): services declare secret and
upload parameters once; every other field is capped. Proven over the whole service registry."""

from __future__ import annotations

import contextlib
import inspect
import json
import re

import pytest

from raffinaderij.audit.log import FIELD_CAP
from raffinaderij.services import accounts, compare
from raffinaderij.services.registry import REGISTRY, SECRET
from support import guard_for

SECRET_NAME = re.compile(
    r"pass(word|phrase)?|secret|token|credential|(private|api|signing|access)_?key|^key$", re.I
)
# rows of an upload, file bytes: content, never what was asked
BULK_TYPE = re.compile(r"list\[dict|bytes|bytearray|Table")


def _params(spec):  # type: ignore[no-untyped-def]
    return {
        name: p
        for name, p in inspect.signature(spec.fn).parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    }


def test_secret_looking_parameters_are_declared_secret() -> None:
    undeclared = [
        f"{spec.name}({name})"
        for spec in REGISTRY.values()
        for name in _params(spec)
        if SECRET_NAME.search(name) and name not in spec.secrets
    ]
    assert not undeclared, f"declare these with @service(..., secrets=...): {undeclared}"
    assert REGISTRY["create_user"].secrets == ("password",)


def test_upload_parameters_are_declared_bulk() -> None:
    undeclared = [
        f"{spec.name}({name})"
        for spec in REGISTRY.values()
        for name, p in _params(spec).items()
        if BULK_TYPE.search(str(p.annotation)) and name not in spec.bulk
    ]
    assert not undeclared, f"declare these with @service(..., bulk=...): {undeclared}"
    assert "subjects" in REGISTRY["compare"].bulk


def _rows(store) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(
        f"{q} {r}" for q, r in store.query("SELECT query, record_ids FROM audit_log ORDER BY seq")
    )


def test_every_service_called_with_huge_and_secret_arguments_logs_neither(store, clock) -> None:  # type: ignore[no-untyped-def]
    """Each service, called with every keyword set to a marker (10 KB long unless the name looks
    secret): whatever it answers (mostly an error), its audit row holds neither the marker nor
    more than FIELD_CAP per field."""
    called = 0
    for spec in REGISTRY.values():
        params = _params(spec)
        if not params:
            continue
        mark = f"MARK-{spec.name}-"
        # a short secret is not capped: only its declaration keeps it out
        kwargs = {
            name: mark if SECRET_NAME.search(name) else mark + "x" * 10_000 for name in params
        }
        guard = guard_for(store, clock, "admin", None)
        with contextlib.suppress(Exception):  # nonsense arguments: the row is what matters
            spec.fn(guard, **kwargs)
        called += 1
        row = store.query(
            "SELECT query FROM audit_log WHERE service = ? ORDER BY seq DESC LIMIT 2", [spec.name]
        )
        assert row, f"{spec.name} left no audit row"
        query = json.loads(row[0][0])
        for name, value in query.items():
            assert len(json.dumps(value)) <= FIELD_CAP, (spec.name, name)
            if name in spec.secrets:
                assert value == SECRET
    assert "MARK-" not in _rows(store)
    print(f"{called} services called")  # noqa: T201


def test_a_created_users_password_is_never_logged(store, clock) -> None:  # type: ignore[no-untyped-def]
    password = "Zeer-Geheim-Wachtwoord-42"
    accounts.create_user(
        guard_for(store, clock, "admin", None),
        username="nieuw",
        password=password,
        display_name="Nieuw",
        roles=["analyst"],
        level=1,
    )
    assert password not in _rows(store)
    query = json.loads(
        store.query("SELECT query FROM audit_log WHERE service = 'create_user'")[0][0]
    )
    assert query["password"] == SECRET and query["username"] == "nieuw"


def test_an_uploaded_subject_list_is_logged_as_digest_size_and_rows(store, clock) -> None:  # type: ignore[no-untyped-def]
    subjects = [
        {"surname": f"Onvindbaar{n}", "bsn": f"{900000000 + n}", "birthDate": "1981-01-01"}
        for n in range(300)
    ]
    compare.compare(guard_for(store, clock, "analyst1"), subjects=subjects, input_name="lijst.csv")
    logged = _rows(store)
    assert "Onvindbaar" not in logged and "900000001" not in logged
    query = json.loads(store.query("SELECT query FROM audit_log WHERE service = 'compare'")[0][0])
    assert query["subjects"]["rows"] == 300 and len(query["subjects"]["digest"]) == 64
    assert query["input_name"] == "lijst.csv"


def test_a_one_bsn_upload_cannot_be_guessed_from_the_store(tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    """The digest is keyed with a file beside the store: trying every BSN against the stored
    digest needs that file, not just the store (a plain sha256 would give it away)."""
    import hashlib
    import hmac
    import os

    from raffinaderij.audit.log import canonical
    from raffinaderij.store.db import open_store
    from raffinaderij.store.secret_files import DIGEST_KEY
    from support import make_world

    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    subjects = [{"bsn": "111222333"}]
    compare.compare(guard_for(store, clock, "analyst1"), subjects=subjects, input_name="een.csv")
    query = json.loads(store.query("SELECT query FROM audit_log WHERE service = 'compare'")[0][0])
    store.close()
    data = canonical(subjects).encode()
    assert query["subjects"]["digest"] != hashlib.sha256(data).hexdigest()
    key_file = tmp_path / DIGEST_KEY
    assert os.stat(key_file).st_mode & 0o777 == 0o600
    key = key_file.read_text().strip().encode()
    assert query["subjects"]["digest"] == hmac.new(key, data, hashlib.sha256).hexdigest()
    assert key not in (tmp_path / "raff.duckdb").read_bytes()  # the key is not in the store


@pytest.mark.parametrize("size", [100, 10_000])
def test_long_free_text_is_capped(store, clock, size: int) -> None:  # type: ignore[no-untyped-def]
    facts = "feit " * (size // 5)
    accounts.record_case_grounds(
        guard_for(store, clock, "lead", None),
        case_id="ZAAK-1",
        purpose="p",
        threshold="t",
        facts=facts,
    )
    query = json.loads(
        store.query(
            "SELECT query FROM audit_log WHERE service = 'record_case_grounds' ORDER BY seq DESC"
        )[0][0]
    )
    if size < FIELD_CAP:
        assert query["facts"] == facts
    else:
        assert set(query["facts"]) == {"digest", "bytes"} and query["facts"]["bytes"] > size
