"""Real-browser walk of the accountability pages: the privacy officer registers an access
request through the form, postpones it with a reason and downloads the answer (PDF); the
auditor reads the supervisor's report and the Algorithm Register entry. Screenshots of the
access-request report, the supervisor's report and the register entry go to docs/screenshots/
under `make screenshots`."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright")

import pypdf  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))

from browser_kit import follow, serving, shot  # noqa: E402

from raffinaderij.clock import FixedClock  # noqa: E402
from support import NOW, PASSWORD, add_record, entity_id, guard_for, make_world  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    from raffinaderij.api.app import create_app
    from raffinaderij.services import compare, entity
    from raffinaderij.store.db import open_store

    clock = FixedClock(NOW)
    store = open_store(tmp_path_factory.mktemp("browser-privacy") / "raff.duckdb")
    make_world(store, clock)
    person = {"givenName": "Pieternella", "surname": "Oosterhuis", "birthDate": "1985-04-12"}
    add_record(
        store,
        reg_id="A1",
        entities=[
            ("a", "Person", person | {"bsn": "123456782"}),
            ("tel", "Phone", {"number": "+31611112222"}),
        ],
        links=[("a", "usesPhone", "tel", None)],
    )
    add_record(store, reg_id="A2", entities=[("a", "Person", person)])
    analyst = guard_for(store, clock, "analyst3")
    entity.entity_view(analyst, entity_id=entity_id(store, "src/Person/a"))
    compare.compare(analyst, subjects=[{"bsn": "123456782"}])
    store.query(
        "INSERT INTO resolve_models VALUES ('m20261001-a1b2', ?, 'admin', 'lead', ?, '{}',"
        " 'h', 1, '{}')",
        [NOW, NOW],
    )
    with serving(create_app(store, clock=clock, secret="browser-test")) as base:
        yield {"base": base, "store": store}
    store.close()


def _login(browser: Any, base: str, user: str) -> Any:
    """Log in without a case: the privacy desk and the auditor work outside cases."""
    page = browser.new_context().new_page()
    page.goto(f"{base}/login?lang=nl")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    follow(page, "form button[type=submit]")
    assert page.url == f"{base}/cases", page.url
    return page


def test_access_request_supervisor_report_and_register_entry(site, browser) -> None:  # type: ignore[no-untyped-def]
    base = site["base"]
    fg = _login(browser, base, "fg")
    follow(fg, "nav a[href='/privacy/access']")
    form = fg.locator("#new-access-request")
    form.locator("input[name=given_name]").fill("Pieternella")
    form.locator("input[name=surname]").fill("Oosterhuis")
    form.locator("input[name=birth_date]").fill("1985-04-12")
    form.locator("input[name=bsn]").fill("123456782")
    form.locator("input[name=identity_check]").fill("paspoort NX12345 gezien aan de balie")
    follow(fg, form.locator("button[type=submit]"))
    assert "/privacy/access/ar-" in fg.url
    assert fg.locator("section.held").count() == 2
    fg.click("#steps summary")
    fg.fill("#extend input[name=weeks]", "2")
    fg.fill("#extend input[name=reason]", "gegevens worden nog verzameld")
    follow(fg, "#extend button")
    assert "verdaagd tot" in fg.inner_text("#deadline")
    shot(fg, "access-report")
    pdf = fg.request.get(f"{base}/api/privacy/access-requests/{fg.url.rsplit('/', 1)[1]}/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.body())).pages)
    assert "+31611112222" in text and "analyst3" in text

    auditor = _login(browser, base, "auditor")
    follow(auditor, "nav a[href='/privacy/supervisor']")
    assert "keten klopt" in auditor.inner_text("#log")
    assert auditor.locator("#usage tbody tr").count() >= 1
    shot(auditor, "supervisor-report")
    follow(auditor, "nav a[href='/privacy/algorithm-register']")
    assert "m20261001-a1b2" in auditor.inner_text("#register-entry")
    shot(auditor, "algorithm-register")
