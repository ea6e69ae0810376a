"""Real browser: with the workbench serving and an analyst searching, the administrator starts
an ingest of a new source from the admin page; the analyst's searches keep answering during the
job, and the new records are searchable when it ends (issue 13)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("playwright")

from browser_kit import follow, login, serving, shot  # noqa: E402

from ingest import ingest_helpers  # noqa: E402  (tests/ingest, a namespace package)
from raffinaderij.clock import FixedClock  # noqa: E402
from support import NOW, PASSWORD, make_world  # noqa: E402

pytestmark = pytest.mark.browser
ROWS = 30_000


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path]]:  # type: ignore[no-untyped-def]
    from raffinaderij.api.app import create_app
    from raffinaderij.guard.policy import policy
    from raffinaderij.services.jobs import JobRunner
    from raffinaderij.store.db import open_store

    folder = tmp_path_factory.mktemp("jobs")
    clock = FixedClock(NOW)
    store = open_store(folder / "raff.duckdb")
    make_world(store, clock)
    rows = [ingest_helpers.row(i, achternaam="Zwartkop", datum="01-10-2026") for i in range(ROWS)]
    (folder / "data.csv").write_text(
        "\n".join([ingest_helpers.HEADER, *rows]) + "\n", encoding="utf-8"
    )
    mapping = ingest_helpers.write_mapping(folder, source="nachtbatch")
    app = create_app(store, clock=clock, secret="browser-test")
    runner = JobRunner(store, policy=policy(), clock=clock)
    runner.start()
    with serving(app) as base:
        yield base, mapping
    runner.stop()
    store.close()


def test_admin_starts_an_ingest_while_an_analyst_searches(served, browser) -> None:  # type: ignore[no-untyped-def]
    base, mapping = served
    analyst = browser.new_page()
    login(analyst, base, "analyst2")
    analyst.goto(f"{base}/search?q=zwartkop")
    assert analyst.inner_text("#total") == "0"

    admin = browser.new_page()
    admin.goto(f"{base}/login?lang=nl")
    admin.fill("input[name=username]", "admin")
    admin.fill("input[name=password]", PASSWORD)
    admin.keyboard.press("Enter")
    admin.wait_for_url(f"{base}/cases")
    follow(admin, "#nav-jobs")  # the admin role lands somewhere useful
    assert admin.url == f"{base}/admin/jobs"
    assert admin.locator("#no-jobs").count() == 1
    admin.fill("#mapping", str(mapping))
    follow(admin, "#start")
    assert admin.url == f"{base}/admin/jobs"

    answered_while_running = 0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        state = admin.locator("tr.job").first.get_attribute("class") or ""
        if "done" in state or "failed" in state:
            break
        analyst.goto(f"{base}/search?q=jansen")  # the page answers while the job runs
        assert analyst.locator("#total").count() == 1
        answered_while_running += "running" in state
    assert "done" in (admin.locator("tr.job").first.get_attribute("class") or "")
    assert answered_while_running >= 1
    # another kind from the same page: retention, counting only
    admin.select_option("#kind", "retention")
    admin.check("#dry-run")
    follow(admin, "#start-kind")
    deadline = time.monotonic() + 60
    while "done" not in (admin.locator("tr.job").first.get_attribute("class") or ""):
        assert time.monotonic() < deadline, admin.inner_text("#jobs")
        admin.wait_for_timeout(200)
    assert "destroyed" in admin.locator("tr.job td.result").first.inner_text()
    admin.reload()
    shot(admin, "admin-jobs")

    analyst.goto(f"{base}/search?q=zwartkop")
    assert int(analyst.inner_text("#total")) > 0  # the new records are searchable
    analyst.goto(f"{base}/admin/jobs")  # not an administrator: refused
    assert "Zwartkop" not in analyst.content() and "nachtbatch" not in analyst.content()
    admin.close()
    analyst.close()
