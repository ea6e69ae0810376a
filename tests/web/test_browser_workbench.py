"""Real-browser walk of the analyst's day (issue 16): the comparison flow ends on hit details
with the hit's incidents, addresses and vehicles and the link opens; a lead consents to ten hits
at once; the search flow works by keyboard alone; the Dutch pages show no catalogue-less English."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

pytest.importorskip("playwright")

from browser_kit import follow, login, serving, shot  # noqa: E402

from raffinaderij.clock import FixedClock  # noqa: E402
from support import NOW, add_record, add_suspect, make_world  # noqa: E402
from web.test_language import english_leaks  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def day_server(tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from raffinaderij.api.app import create_app
    from raffinaderij.store.db import open_store

    clock = FixedClock(NOW)
    store = open_store(tmp_path_factory.mktemp("day") / "raff.duckdb")
    make_world(store, clock)
    for n in range(10):  # past free search: comparison only (art. 8)
        add_suspect(
            store,
            reg_id=f"pv{n}",
            source="bvh",
            person=f"p{n}",
            name=("Jan", f"Visser{n}", "1980-02-03"),
            suffix=str(n),
            street="Dorpsstraat",
            number=str(n + 1),
            plate=f"{n:02d}-XYZ-7",
        )
    add_record(
        store,
        reg_id="nu",
        entities=[
            (
                "piet",
                "Person",
                {"givenName": "Piet", "surname": "Bakker", "birthDate": "1975-01-01"},
            )
        ],
    )
    with serving(create_app(store, clock=clock, secret="browser-day")) as base:
        yield base
    store.close()


def _dutch(page) -> None:  # type: ignore[no-untyped-def]
    leaks = english_leaks(page.content())
    assert not leaks, (page.url, leaks)


def test_comparison_ends_on_hit_details_and_ten_hits_get_consent_at_once(
    day_server, browser, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    base = day_server
    rows = ["voornaam;achternaam;geboortedatum"] + [f"Jan;Visser{n};03-02-1980" for n in range(10)]
    csv = tmp_path / "verdachten.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")

    analyst = browser.new_page()
    login(analyst, base, "analyst1")
    analyst.goto(f"{base}/compare")
    _dutch(analyst)
    analyst.set_input_files("#file", str(csv))
    follow(analyst, "#run")
    analyst.wait_for_url(f"{base}/compare/cmp-*")
    assert analyst.locator("tr.hit").count() == 10
    _dutch(analyst)
    for n in range(10):  # ask consent for each hit
        row = analyst.locator("tr.hit").nth(n)
        row.locator("input[name=reason]").fill("verdacht van inbraak")
        follow(analyst, row.locator("button"))
    assert analyst.locator("tr.hit .pending").count() == 10
    hits_url = analyst.url

    lead = browser.new_page()
    login(lead, base, "lead", "toestemming beoordelen")
    lead.goto(f"{base}/consents")
    _dutch(lead)
    boxes = lead.locator("input[name=hit_id]")
    assert boxes.count() == 10
    for i in range(10):
        boxes.nth(i).check()
    lead.fill("#bulk-reason", "noodzakelijk voor de zaak")
    follow(lead, "#bulk-grant")
    lead.wait_for_url(f"{base}/consents")
    assert lead.locator("#inbox-empty").count() == 1
    lead.close()

    analyst.goto(hits_url)
    assert analyst.locator("a.details").count() == 10
    follow(analyst, analyst.locator("a.details").first)
    analyst.wait_for_url(re.compile(r".*/hits/hit-[^/]+$"))
    body = analyst.inner_text("main")
    for shown in ("Incident", "Adres", "Voertuig", "2025-05-30", "Dorpsstraat", "-XYZ-7"):
        assert shown in body, shown
    _dutch(analyst)
    shot(analyst, "hit-details")
    follow(analyst, analyst.locator("section.reg h2 a").first)
    analyst.wait_for_url(re.compile(r".*/hits/hit-[^/]+/entities/.+"))
    entity = analyst.inner_text("main")
    assert "betrokken bij" in entity and "woont op" in entity and "bestuurt" in entity
    assert "verdachte" in entity
    _dutch(analyst)
    shot(analyst, "hit-entity")
    analyst.close()


def test_search_flow_by_keyboard_alone(day_server, browser) -> None:  # type: ignore[no-untyped-def]
    base = day_server
    page = browser.new_page()
    login(page, base, "analyst2")
    # the search field has focus on arrival (autofocus lands once the page has rendered: wait
    # for it rather than type into nothing); type, Enter, then Tab to the first hit
    page.wait_for_function("document.activeElement && document.activeElement.name === 'q'")
    page.keyboard.type("Bakker")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/search\?q=Bakker.*"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hit')"):
            break
    else:
        pytest.fail("Tab never reached a search hit")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/entity/.+"))
    assert "Bakker" in page.inner_text("#caption")
    _dutch(page)
    shot(page, "entity-nl")
    # every form field on the page has a label a screen reader reads
    unlabeled = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
              .map(el => el.name)"""
    )
    assert unlabeled == []
    page.goto(f"{base}/compare")
    unlabeled = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
              .map(el => el.name)"""
    )
    assert unlabeled == []
    # the comparison form is reachable by Tab: the file field comes before the submit button
    order = []
    for _ in range(40):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
        if order[-1] == "run":
            break
    assert "file" in order and order.index("file") < order.index("run")
    page.close()
