"""The administrator's pages for what the installation runs on (issue 13): sources and mappings
(check, preview as shapes, rejects of the newest batch, start an ingest), model versions and the
rule set (approve, start jobs), the audit checkpoints (verify now). Only those entitled, every
step audited, unknown ids refused like missing ones."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ingest import ingest_helpers
from raffinaderij.api.app import create_app
from raffinaderij.clock import FixedClock
from raffinaderij.guard.policy import policy
from raffinaderij.resolve.rules import RULES_VERSION
from raffinaderij.services import ingest
from raffinaderij.services.jobs import JobRunner
from raffinaderij.services.sources import source_id_for
from raffinaderij.store.db import Store, open_store
from support import NOW, guard_for, login, make_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A store with the demo's sources ingested, and a mappings folder holding one new source
    whose third row is refused (legal basis 12)."""
    from raffinaderij.demo import generate

    gen = tmp_path_factory.mktemp("setup-gen")
    generate(gen, persons=120, seed=7)
    clock = FixedClock(NOW)
    store = open_store(tmp_path_factory.mktemp("setup") / "raff.duckdb")
    make_world(store, clock)
    admin = guard_for(store, clock, "admin", case_id=None)
    demo = [m for m in sorted(gen.glob("*.mapping.yaml")) if m.name.startswith(("bvh", "pv"))]
    for mapping in demo:
        ingest.collect(admin, mapping=str(mapping))
    folder = tmp_path_factory.mktemp("mappings")
    rows = [ingest_helpers.row(1, achternaam="Zwartkop"), ingest_helpers.row(2)]
    rows.append(ingest_helpers.row(3, basis="12"))
    (folder / "data.csv").write_text("\n".join([ingest_helpers.HEADER, *rows]) + "\n")
    mapping = ingest_helpers.write_mapping(folder, source="nachtbatch")
    yield {"store": store, "clock": clock, "folder": folder, "mapping": mapping, "demo": demo}
    store.close()


@pytest.fixture
def client(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("RAFF_MAPPINGS", str(world["folder"]))
    app = create_app(world["store"], clock=world["clock"], secret="test")
    return TestClient(app, follow_redirects=False)


def _services(store: Store, username: str) -> list[str]:
    return [
        s for (s,) in store.query("SELECT service FROM audit_log WHERE username = ?", [username])
    ]


def test_sources_list_check_preview_ingest_and_rejects(
    world: dict[str, Any], client: TestClient
) -> None:
    store, new = world["store"], str(world["mapping"].resolve())
    login(client, "admin", case_id=None)
    page = client.get("/admin/sources")
    assert page.status_code == 200
    for mapping in [*world["demo"], world["mapping"]]:  # ingested ones and the folder's
        assert str(mapping.resolve()) in page.text
    assert 'id="admin-nav"' in page.text and "nachtbatch" in page.text
    sid = source_id_for(new)

    detail = client.get(f"/admin/sources/{sid}")
    assert detail.status_code == 200 and 'id="mapping-valid"' in detail.text
    assert 'id="never-ingested"' in detail.text

    before = store.query("SELECT count(*) FROM registrations")
    preview = client.post(f"/admin/sources/{sid}/preview", data={"rows": "3"})
    assert preview.status_code == 200
    assert preview.text.count('class="preview-row accepted"') == 2
    assert preview.text.count('class="preview-row refused"') == 1 and "Wpg 12" in preview.text
    # shapes, never values: the surname is shown as its form only
    assert "Zwartkop" not in preview.text and "Jansen" not in preview.text
    assert "<code>Xxxxxxxx</code>" in preview.text and "9999-99-99" in preview.text
    assert store.query("SELECT count(*) FROM registrations") == before  # nothing written
    assert "source_preview" in _services(store, "admin")
    too_many = client.post(f"/admin/sources/{sid}/preview", data={"rows": "500"})
    assert too_many.status_code == 400 and 'id="source-error"' in too_many.text

    started = client.post(f"/admin/sources/{sid}/ingest")
    assert started.status_code == 303 and started.headers["location"] == "/admin/jobs"
    jobs = client.get("/admin/jobs").text
    assert new in jobs and "job queued" in jobs
    JobRunner(store, policy=policy(), clock=world["clock"]).run_pending()
    after = client.get(f"/admin/sources/{sid}")
    assert 'id="last-batch"' in after.text and 'id="rejects"' in after.text
    assert after.text.count('class="reject"') == 1 and "Wpg 12" in after.text
    assert {"source_ingest", "job_start", "source_detail"} <= set(_services(store, "admin"))


def test_a_mapping_that_does_not_fit_its_source_is_named(
    world: dict[str, Any], client: TestClient
) -> None:
    broken = world["folder"] / "kapot.yaml"
    text = world["mapping"].read_text().replace("achternaam", "familienaam")
    broken.write_text(text.replace("source: nachtbatch", "source: kapot"))
    login(client, "admin", case_id=None)
    page = client.get(f"/admin/sources/{source_id_for(str(broken.resolve()))}")
    assert page.status_code == 200 and 'id="problems"' in page.text
    assert "familienaam" in page.text
    refused = client.post(f"/admin/sources/{source_id_for(str(broken.resolve()))}/preview")
    assert refused.status_code == 400 and "familienaam" in refused.text
    broken.unlink()


@pytest.mark.parametrize("user", ["analyst4", "lead", "fg", "auditor"])
def test_sources_are_for_the_administrator_only(
    world: dict[str, Any], client: TestClient, user: str
) -> None:
    login(client, user, case_id="ZAAK-1" if user.startswith("analyst") else None)
    sid = source_id_for(str(world["mapping"].resolve()))
    assert client.get("/admin/sources").status_code == 403
    assert client.get(f"/admin/sources/{sid}").status_code == 403
    preview = client.post(f"/admin/sources/{sid}/preview")
    assert preview.status_code == 403 and "Zwartkop" not in preview.text
    assert client.post(f"/admin/sources/{sid}/ingest").status_code == 403


def test_unknown_sources_are_refused(client: TestClient) -> None:
    login(client, "admin", case_id=None)
    for r in (
        client.get("/admin/sources/src-000000000000"),
        client.post("/admin/sources/src-000000000000/preview"),
        client.post("/admin/sources/src-000000000000/ingest"),
        client.get("/admin/sources/..%2F..%2Fetc%2Fpasswd"),
    ):
        assert r.status_code == 404


def test_models_page_train_approve_run(world: dict[str, Any], client: TestClient) -> None:
    store, clock = world["store"], world["clock"]
    login(client, "admin", case_id=None)
    page = client.get("/admin/models")
    assert page.status_code == 200 and 'id="no-models"' in page.text
    assert RULES_VERSION in page.text and 'class="approve"' not in page.text  # admin never approves
    assert client.post("/admin/jobs", data={"kind": "resolve_train"}).status_code == 303
    JobRunner(store, policy=policy(), clock=clock).run_pending()
    ((version,),) = store.query("SELECT version FROM resolve_models")
    page = client.get("/admin/models").text
    assert f'id="model-{version}" class="model unapproved"' in page and "records" in page
    assert client.post(f"/admin/models/{version}/approve").status_code == 403

    lead = TestClient(create_app(store, clock=clock, secret="test"), follow_redirects=False)
    login(lead, "lead", case_id=None)
    shown = lead.get("/admin/models")
    assert shown.status_code == 200 and shown.text.count('class="approve"') == 2
    assert 'id="start-train"' not in shown.text  # approvers approve, they do not start jobs
    assert lead.post(f"/admin/models/{version}/approve").status_code == 303
    assert lead.post(f"/admin/rules/{RULES_VERSION}/approve").status_code == 303
    assert lead.post("/admin/models/m-nope/approve").status_code == 404
    again = lead.post(f"/admin/models/{version}/approve")
    assert again.status_code == 400 and 'id="model-error"' in again.text
    assert lead.post("/admin/rules/objects-0/approve").status_code == 400

    assert client.post("/admin/jobs", data={"kind": "resolve_run"}).status_code == 303
    assert client.post("/admin/jobs", data={"kind": "resolve_objects"}).status_code == 303
    JobRunner(store, policy=policy(), clock=clock).run_pending()
    page = client.get("/admin/models").text
    assert f'id="model-{version}" class="model approved"' in page
    assert "in gebruik" in page and "entities" in page
    states = store.query("SELECT kind, state, rows_total FROM jobs ORDER BY seq")
    assert [s[:2] for s in states[-3:]] == [("resolve_train", "done"), ("resolve_run", "done"),
                                           ("resolve_objects", "done")]  # fmt: skip
    assert states[-1][2] == 3  # the object rules' three stages were reported
    assert {"model_overview", "resolve_approve", "rules_approve"} <= set(_services(store, "lead"))


@pytest.mark.parametrize("user", ["analyst4", "fg", "auditor"])
def test_models_page_is_for_admin_and_approvers(world: dict[str, Any], user: str) -> None:
    client = TestClient(create_app(world["store"], clock=world["clock"], secret="t"))
    login(client, user, case_id="ZAAK-1" if user.startswith("analyst") else None)
    assert client.get("/admin/models").status_code == 403
    assert client.post(f"/admin/rules/{RULES_VERSION}/approve").status_code == 403


def test_checkpoints_page_verifies_the_chain(world: dict[str, Any], client: TestClient) -> None:
    login(client, "admin", case_id=None)
    page = client.get("/admin/checkpoints")
    assert page.status_code == 200 and 'id="checkpoints"' in page.text
    assert 'id="verification"' not in page.text
    verified = client.post("/admin/checkpoints/verify")
    assert verified.status_code == 200 and 'id="verification" class="ok"' in verified.text
    auditor = TestClient(create_app(world["store"], clock=world["clock"], secret="t"))
    login(auditor, "auditor", case_id=None)
    assert auditor.post("/admin/checkpoints/verify").status_code == 200
    analyst = TestClient(create_app(world["store"], clock=world["clock"], secret="t"))
    login(analyst, "analyst4")
    assert analyst.get("/admin/checkpoints").status_code == 403
    assert analyst.post("/admin/checkpoints/verify").status_code == 403


def test_index_rebuild_retention_and_objects_jobs_report_progress(
    world: dict[str, Any], client: TestClient
) -> None:
    store = world["store"]
    login(client, "admin", case_id=None)
    assert "zoekindex opnieuw bouwen" in client.get("/admin/jobs").text  # a kind on the page
    for form in ({"kind": "index_rebuild"}, {"kind": "retention", "dry_run": "true"}):
        assert client.post("/admin/jobs", data=form).status_code == 303
    JobRunner(store, policy=policy(), clock=world["clock"]).run_pending()
    rows = store.query(
        "SELECT kind, state, rows_done, rows_total, result FROM jobs"
        " WHERE kind IN ('index_rebuild', 'retention') ORDER BY seq"
    )
    (_, index_state, docs_done, docs_total, index_result), retention_job = rows[-2:]
    assert index_state == "done" and docs_total > 0 and docs_done == docs_total
    assert f'"documents": {docs_total}' in index_result
    assert retention_job[1:4] == ("done", 4, 4)  # its four stages
    assert "index_rebuild" in _services(store, "admin")
    analyst = TestClient(create_app(store, clock=world["clock"], secret="t"))
    login(analyst, "analyst4")
    refused = analyst.post("/admin/jobs", data={"kind": "index_rebuild"})
    assert refused.status_code == 403
