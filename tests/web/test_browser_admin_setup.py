"""Real browser: the administrator walks every admin page from the admin navigation — a source's
mapping checked and previewed (shapes only) with the rejects of its newest batch, an ingest of it
started, the model versions with the one in use, the audit checkpoints verified — and the case
lead approves the new model version from the same page (screenshots admin-sources.png,
admin-source-preview.png, admin-models.png, admin-checkpoints.png)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright")

from browser_kit import follow, serving, shot, sign_in  # noqa: E402

from raffinaderij.clock import FixedClock  # noqa: E402
from support import NOW, guard_for, make_world  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    from raffinaderij.api.app import create_app
    from raffinaderij.demo import generate
    from raffinaderij.guard.policy import policy
    from raffinaderij.services import ingest, resolution
    from raffinaderij.services.jobs import JobRunner
    from raffinaderij.store.db import open_store

    gen = Path(tmp_path_factory.mktemp("setup-gen"))
    generate(gen, persons=150, seed=3)
    clock = FixedClock(NOW)
    store = open_store(tmp_path_factory.mktemp("setup") / "raff.duckdb")
    make_world(store, clock)
    admin = guard_for(store, clock, "admin", case_id=None)
    lead = guard_for(store, clock, "lead", case_id=None)
    for name in ("bvh", "voertuigen", "pv"):
        ingest.collect(admin, mapping=str(gen / f"{name}.mapping.yaml"))
    resolution.approve_model(lead, version=resolution.train_model(admin, seed=1))
    resolution.run_resolution(admin)
    clock.advance(minutes=1)
    resolution.train_model(admin, seed=1)  # a newer version, awaiting a second person
    before = os.environ.get("RAFF_MAPPINGS")
    os.environ["RAFF_MAPPINGS"] = str(gen)  # the demo's mapping files are the installation's
    runner = JobRunner(store, policy=policy(), clock=clock)
    runner.start()
    try:
        with serving(create_app(store, clock=clock, secret="browser-test")) as base:
            yield {"base": base, "store": store}
    finally:
        runner.stop()
        if before is None:
            os.environ.pop("RAFF_MAPPINGS", None)
        else:
            os.environ["RAFF_MAPPINGS"] = before
        store.close()


def test_admin_walks_sources_models_and_checkpoints(served, browser) -> None:  # type: ignore[no-untyped-def]
    base = served["base"]
    page = browser.new_page()
    sign_in(page, base, "admin")
    follow(page, "#nav-jobs")
    follow(page, "#admin-sources")
    assert page.url == f"{base}/admin/sources"
    names = page.locator("a.source-link").all_inner_texts()
    assert {"bvh", "voertuigen", "pv", "zaken"} <= set(names)  # ingested and not yet ingested
    shot(page, "admin-sources")
    follow(page, page.locator("a.source-link", has_text="bvh"))
    assert page.locator("#mapping-valid").count() == 1
    assert page.locator("#last-batch").count() == 1
    page.fill("#rows", "3")
    follow(page, "#show-preview")
    assert page.locator("tr.preview-row").count() == 3
    shown = page.inner_text("#preview")
    assert "Xxxx" in shown or "9999" in shown
    if page.locator("#rejects").count():  # the generator's deliberate mistakes
        assert page.locator("tr.reject").count() >= 1
    shot(page, "admin-source-preview")
    follow(page, "#start-source-ingest")  # an ingest of this source, as a job
    assert page.url == f"{base}/admin/jobs"
    assert "bvh.mapping.yaml" in page.inner_text("#jobs")

    follow(page, "#admin-models")
    assert page.locator("tr.model").count() == 2
    assert page.locator("tr.model.unapproved").count() == 1
    assert "in gebruik" in page.inner_text("#models")
    assert page.locator("button.approve").count() == 0  # an administrator never approves
    shot(page, "admin-models")

    follow(page, "#admin-checkpoints")
    assert page.locator("#checkpoints tbody tr").count() >= 1
    follow(page, "#verify")
    assert page.locator("#verification.ok").count() == 1
    shot(page, "admin-checkpoints")
    page.close()

    lead = browser.new_page()
    sign_in(lead, base, "lead")
    lead.goto(f"{base}/admin/models")
    follow(lead, "tr.model.unapproved button.approve")
    assert lead.url == f"{base}/admin/models"
    assert lead.locator("tr.model.unapproved").count() == 0
    lead.goto(f"{base}/admin/sources")  # managing sources is the administrator's
    assert "bvh" not in lead.content()
    lead.close()
