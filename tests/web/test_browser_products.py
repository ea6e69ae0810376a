"""Real-browser walk of issue 11: an analyst saves a link chart in the case, composes a product
from a search, an entity and the saved chart, a second analyst issues it, the PDF shows footnotes and the watermark; a lead drafts a signal to a
municipality with two items, a second lead approves, the provision record and the letter exist,
and the product is attached nowhere. Screenshots of the composer, a rendered product and the
signal approval, the chart page with its saved charts and a product's chart go to
docs/screenshots/ under `make screenshots`."""

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

from browser_kit import SHOTS, follow, login, serving, shot  # noqa: E402

from raffinaderij.clock import FixedClock  # noqa: E402
from support import NOW, add_case_lead, add_record, guard_for, make_world  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    from raffinaderij.api.app import create_app
    from raffinaderij.services import signals
    from raffinaderij.store.db import open_store

    clock = FixedClock(NOW)
    store = open_store(tmp_path_factory.mktemp("browser-products") / "raff.duckdb")
    make_world(store, clock)
    add_case_lead(store, clock, "lead2")
    add_record(
        store,
        reg_id="jan",
        entities=[
            ("jan", "Person", {"givenName": "Jan", "surname": "Jansen", "birthDate": "1980-02-03"})
        ],
    )
    add_record(store, reg_id="jan-tel", entities=[("jan", "Person", {"phone": "+31611122233"})])
    add_record(
        store,
        reg_id="jan-auto",
        entities=[("jan", "Person", {}), ("auto", "Vehicle", {"plate": "ZZ-99-XY"})],
        links=[("jan", "drives", "auto", None)],
    )
    signals.register_recipient(
        guard_for(store, clock, "fg", None), organisation="Gemeente Utrecht", kind="municipality"
    )
    with serving(create_app(store, clock=clock, secret="browser-test")) as base:
        yield {"base": base, "store": store}
    store.close()


def _login(browser, base: str, user: str) -> Any:  # type: ignore[no-untyped-def]
    page = browser.new_context().new_page()
    login(page, base, user, "informatieproduct inbraken")
    return page


def _pdf_text(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_product_and_signal_flow(site, browser) -> None:  # type: ignore[no-untyped-def]
    base = site["base"]
    external: list[str] = []
    author = _login(browser, base, "analyst2")
    author.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) else None)
    # find the entity by a search, and note its id from its page
    author.goto(f"{base}/search?q=Jansen")
    follow(author, "a.hit")
    entity_id = author.url.rsplit("/", 1)[1]
    # compose: a product, a search table, the entity, a finding (a judgement)
    author.goto(f"{base}/products")
    author.fill("#new-product input[name=title]", "Inbraken Noord")
    author.fill("#new-product input[name=purpose]", "Beeld van de verdachte")
    follow(author, "#new-product button")
    author.wait_for_url(f"{base}/products/p*")
    product_url = author.url
    author.fill("#cite-search input[name=q]", "Jansen")
    follow(author, "#cite-search button")
    author.fill("#cite-entity input[name=entity_id]", entity_id)
    follow(author, "#cite-entity button")
    # a saved chart: the entity's chart page, saved in the case, then cited
    author.goto(f"{base}/chart/{entity_id}")
    author.wait_for_function("window.raffChart && window.raffChart.nodes().length === 2")
    author.fill("#chart-save-title", "Jan en zijn auto")
    follow(author, "#chart-save button")
    assert "/charts/c" in author.url and author.inner_text("#chart-title") == "Jan en zijn auto"
    author.wait_for_function("window.raffChart && window.raffChart.nodes().length === 2")
    assert author.locator("#chart-list a", has_text="Jan en zijn auto").count() == 1
    assert author.locator("#chart-graphml").count() == 1
    shot(author, "chart-saved")
    author.goto(product_url)
    author.select_option("#cite-chart select[name=chart_id]", label="Jan en zijn auto (analyst2)")
    follow(author, "#cite-chart button")
    assert author.locator(".kind-chart svg.chart-figure").count() == 1
    author.fill("#add-finding input[name=heading]", "Duiding")
    author.fill("#add-finding textarea[name=text]", "Vermoedelijk betrokken bij de reeks.")
    follow(author, "#add-finding button")
    assert author.locator(".psection").count() == 4
    assert "Jansen" in author.inner_text("#product") and "+31611122233" in author.inner_text(
        "#product"
    )
    shot(author, "product-composer")
    follow(author, "#submit-review button")
    assert author.inner_text("#product-state") == "ter review"

    reviewer = _login(browser, base, "analyst3")
    reviewer.goto(product_url)
    follow(reviewer, "#issue")
    assert reviewer.inner_text("#product-state") == "vastgesteld"
    shot(reviewer, "product")
    reviewer.locator(".kind-chart").screenshot(path=str(SHOTS / "product-chart.png"))
    pdf = reviewer.request.get(f"{base}/api/products/{product_url.rsplit('/', 1)[1]}/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    pages = _pdf_text(pdf.body())
    assert all("Analyst3 (analyst3)" in p and "ZAAK-1" in p for p in pages)  # on every page
    text = " ".join(pages)
    assert "Registratie src:jan" in text and "Betrouwbaarheid A1" in text and "oordeel" in text
    # the chart section: its picture's captions and the footnoted link, in the PDF too
    assert "Jan en zijn auto" in text and "ZZ-99-XY" in text and "Registratie src:jan-auto" in text

    lead = _login(browser, base, "lead")
    lead.goto(product_url)
    form = lead.locator("#draft-signal")
    form.locator("select[name=article]").select_option("Wpg 19")
    form.locator("input[name=purpose]").fill("Bibob-toets exploitatievergunning")
    form.locator("input[name=ground_facts]").fill("Witwassen via horeca, PV 2026-77")
    form.locator("input[name=agreement]").fill("OM-2026-0042")
    items = form.locator("label.item", has_text="Jansen")
    items.first.locator("input").check()
    form.locator("label.item", has_text="1980-02-03").first.locator("input").check()
    follow(lead, form.locator("button[type=submit]"))
    lead.wait_for_url(f"{base}/signals/s*")
    signal_url = lead.url
    assert lead.locator("#items li").count() == 2
    assert lead.locator("#approve").count() == 0  # the drafter does not approve

    lead2 = _login(browser, base, "lead2")
    lead2.goto(signal_url)
    shot(lead2, "signal-approval")
    follow(lead2, "#approve")
    assert lead2.inner_text("#approved-by") == "lead2"
    lead.goto(signal_url)
    follow(lead, "#mark-sent")
    assert lead.inner_text("#sent-by") == "lead"
    letter = lead.request.get(f"{base}/api/signals/{signal_url.rsplit('/', 1)[1]}/letter")
    letter_text = " ".join(_pdf_text(letter.body()))
    assert "Gemeente Utrecht" in letter_text and "Jansen" in letter_text
    assert "Inbraken Noord" not in letter_text and "Vermoedelijk" not in letter_text
    assert "+31611122233" not in letter_text  # not chosen as an item
    provisions = site["store"].query(
        "SELECT organisation, article, approved_by, len(reg_keys) FROM provisions"
    )
    assert provisions == [("Gemeente Utrecht", "Wpg 19", "lead2", 1)]
    assert external == []  # LAW-17
