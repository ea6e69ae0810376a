"""The administration pages as JSON (issue 13): the same services, the same roles, audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ingest import ingest_helpers
from raffinaderij.api.app import create_app
from raffinaderij.clock import FixedClock
from raffinaderij.store.db import Store
from support import login


def test_admin_json_api(
    store: Store, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAFF_TODAY", clock().date().isoformat())
    rows = [ingest_helpers.row(1, achternaam="Zwartkop"), ingest_helpers.row(2, basis="12")]
    (tmp_path / "data.csv").write_text("\n".join([ingest_helpers.HEADER, *rows]) + "\n")
    ingest_helpers.write_mapping(tmp_path, source="nachtbatch")
    monkeypatch.setenv("RAFF_MAPPINGS", str(tmp_path))
    client = TestClient(create_app(store, clock=clock, secret="t"))
    login(client, "admin", case_id=None)
    found = client.get("/api/admin/sources").json()
    assert [s["source"] for s in found] == ["nachtbatch"]
    source_id = found[0]["source_id"]
    assert client.get(f"/api/admin/sources/{source_id}").status_code == 200
    preview = client.post(f"/api/admin/sources/{source_id}/preview", params={"rows": 2})
    assert preview.status_code == 200, preview.text
    assert [bool(r["refused"]) for r in preview.json()["rows"]] == [False, True]
    assert "Zwartkop" not in preview.text  # shapes, never values
    assert client.get("/api/admin/sources/src-000000000000").status_code == 404
    assert "models" in client.get("/api/admin/models").json()
    assert "count" in client.get("/api/admin/checkpoints").json()
    users = client.get("/api/admin/users")
    assert users.status_code == 200 and "password_hash" not in users.text
    assert {c["case_id"] for c in client.get("/api/admin/cases").json()} >= {"ZAAK-1"}
    audited = {s for (s,) in store.query("SELECT service FROM audit_log WHERE username='admin'")}
    assert {"list_sources", "source_detail", "source_preview", "list_users"} <= audited
    # an analyst is refused every one of them
    analyst = TestClient(create_app(store, clock=clock, secret="t"))
    login(analyst, "analyst4")
    for path in ("/api/admin/sources", "/api/admin/users", "/api/admin/cases", "/api/admin/models"):
        r = analyst.get(path)
        assert r.status_code == 403 and "Zwartkop" not in r.text, path
    r = analyst.post(f"/api/admin/sources/{source_id}/preview")
    assert r.status_code == 403 and json.loads(r.text)
