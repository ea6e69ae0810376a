"""Real-browser walk (Debian chromium via Playwright): the spine flow and the comparison flow
with consent; screenshots of every page go to docs/screenshots/."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("playwright")

sys.path.insert(0, str(Path(__file__).parent))

from browser_kit import follow, login, serving  # noqa: E402
from browser_kit import shot as _shot  # noqa: E402

from raffinaderij.clock import FixedClock  # noqa: E402
from support import NOW, add_record, make_world  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from raffinaderij.api.app import create_app
    from raffinaderij.store.db import open_store

    clock = FixedClock(NOW)
    store = open_store(tmp_path_factory.mktemp("browser") / "raff.duckdb")
    make_world(store, clock)
    add_record(
        store,
        reg_id="jan",
        entities=[
            ("jan", "Person", {"givenName": "Jan", "surname": "Jansen", "birthDate": "1980-02-03"})
        ],
    )
    for n in range(10):  # ten subjects of the fifty have a link
        add_record(
            store,
            reg_id=f"car{n}",
            level=1,
            entities=[("auto", "Vehicle", {"plate": f"{n:02d}-ABC-1"})]
            if n
            else [
                ("auto0", "Vehicle", {"plate": "00-ABC-1"}),
                ("eig", "Person", {"surname": "Eigenaar"}),
            ],
            source=f"s{n}",
        )
    add_record(  # the same plate in a level-3 registration: never shown to a level-1 analyst
        store,
        reg_id="car0-geheim",
        source="s0",
        level=3,
        first_processed=date(2026, 5, 1),
        entities=[("auto0", "Vehicle", {"plate": "00-ABC-1", "colour": "Geheimrood"})],
    )
    with serving(create_app(store, clock=clock, secret="browser-test")) as base:
        yield base
    store.close()


def test_spine_flow(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(server) else None)
    page.goto(f"{server}/login")
    _shot(page, "login")
    login(page, server, "analyst1")
    page.goto(f"{server}/cases")
    _shot(page, "cases")
    page.goto(f"{server}/search?q=Jansen")
    assert page.inner_text("#total") == "1"
    _shot(page, "search")
    follow(page, "a.hit")
    assert "Jansen" in page.inner_text("#caption")
    _shot(page, "entity")
    page.goto(f"{server}/case")
    assert "Onderzoek inbraken" in page.inner_text("#case-purpose")
    _shot(page, "case")
    assert external == []  # LAW-17: nothing loaded from elsewhere
    page.close()


def test_compare_consent_flow(server: str, browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = ["voornaam;achternaam;geboortedatum;kenteken"]
    for n in range(50):
        plate = f"{n:02d}-ABC-1" if n < 10 else f"{n:02d}-ZZZ-9"
        rows.append(f"Subject;Nummer{n};01-01-1990;{plate}")
    csv = tmp_path / "subjecten.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")

    analyst = browser.new_page()
    login(analyst, server, "analyst1")
    analyst.goto(f"{server}/compare")
    _shot(analyst, "compare")
    analyst.set_input_files("#file", str(csv))
    follow(analyst, "#run")
    analyst.wait_for_url(f"{server}/compare/cmp-*")
    assert analyst.inner_text("#subjects") == "50"
    assert analyst.locator("tr.hit").count() == 10
    table = analyst.inner_text("#hit-table")
    assert "src:" not in table and "s0:" not in table and "Geheimrood" not in table
    _shot(analyst, "hits")
    first = analyst.locator("tr.hit").first
    first.locator("input[name=reason]").fill("kenteken gezien bij inbraak")
    follow(analyst, first.locator("button"))
    assert analyst.locator("tr.hit .pending").count() == 1
    hit_url = analyst.url

    lead = browser.new_page()
    login(lead, server, "lead", "toestemming beoordelen")
    lead.goto(f"{server}/consents")
    _shot(lead, "consents")
    lead.fill("#grant-1", "proportioneel en noodzakelijk")
    follow(lead, "button.grant")
    lead.wait_for_url(f"{server}/consents")
    assert lead.locator("#inbox-empty").count() == 1
    lead.close()

    analyst.goto(hit_url)
    follow(analyst, "a.details")
    body = analyst.inner_text("main")
    assert "s0:car0" in body
    assert "car0-geheim" not in body and "Geheimrood" not in body  # level 3 stays closed
    _shot(analyst, "hit-details")
    analyst.close()


def test_api_docs_render_offline(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """/api/docs is Swagger UI from our own static files: every request stays on this server."""
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    login(page, server, "analyst1")
    requests.clear()
    page.goto(f"{server}/api/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/search" in p for p in paths), paths
    page.wait_for_load_state("networkidle")
    assert requests, "the page made no requests at all"
    foreign = [u for u in requests if not u.startswith(server)]
    assert foreign == [], foreign  # LAW-17: no CDN, no validator, no fonts from elsewhere
    assert f"{server}/static/vendor/swagger-ui-bundle.js" in requests
    _shot(page, "api-docs")
    # logging out is a form post with the session's token, and it ends the session
    page.goto(f"{server}/cases")
    follow(page, "#logout")
    page.wait_for_url(f"{server}/login")
    page.goto(f"{server}/cases")
    assert page.url == f"{server}/login"
    page.close()
