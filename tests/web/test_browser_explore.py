"""The timeline and the map in a real browser (issue 10): open an entity, its timeline (zoom into a
month, filter by kind, click through) and its map (clustered markers on the vendored outline);
a level-1 analyst meets nothing resting only on a level-3 registration, and no page loads
anything from elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

pytest.importorskip("playwright")

from browser_kit import follow, login, serving, shot  # noqa: E402

from raffinaderij.clock import FixedClock  # noqa: E402
from support import NOW, add_record, entity_id, make_world  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def explore_server(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    from raffinaderij.api.app import create_app
    from raffinaderij.store.db import open_store

    clock = FixedClock(NOW)
    store = open_store(tmp_path_factory.mktemp("explore") / "raff.duckdb")
    make_world(store, clock)
    me = ("p1", "Person", {"givenName": "Tijd", "surname": "Reiziger"})
    spots = [("Ede", 52.04, 5.66), ("Arnhem", 51.98, 5.90), ("Ede", 52.041, 5.661)]
    for n, (city, lat, lon) in enumerate(spots, start=1):
        add_record(
            store,
            reg_id=f"r{n}",
            first_processed=date(2026, n, 10),
            entities=[
                me,
                (f"i{n}", "Incident", {"date": f"2026-0{n}-05", "incidentCode": f"code{n}",
                                        "place": city, "latitude": str(lat), "longitude": str(lon)}),
                (f"a{n}", "Address", {"street": f"Straat{n}", "city": city,
                                       "latitude": str(lat + 0.001), "longitude": str(lon)}),
            ],
            links=[("p1", "involvedIn", f"i{n}", "suspect"), ("i1", "locatedAt", f"a{n}", None)]
            if n == 1 else [("p1", "involvedIn", f"i{n}", "suspect"), ("p1", "livesAt", f"a{n}", None)],
        )  # fmt: skip
    add_record(  # only a level-3 analyst may see this incident and its place
        store,
        reg_id="r9",
        level=3,
        first_processed=date(2026, 2, 20),
        entities=[
            me,
            (
                "i9",
                "Incident",
                {
                    "date": "2026-02-19",
                    "incidentCode": "geheimcode",
                    "latitude": "53.2",
                    "longitude": "6.56",
                },
            ),
        ],  # fmt: skip
        links=[("p1", "involvedIn", "i9", "suspect")],
    )
    ids = {"p1": entity_id(store, "src/Person/p1"), "i2": entity_id(store, "src/Incident/i2")}
    with serving(create_app(store, clock=clock, secret="explore-test")) as base:
        yield base, ids
    store.close()


def test_entity_timeline_and_map(explore_server, browser) -> None:  # type: ignore[no-untyped-def]
    base, ids = explore_server
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) else None)
    login(page, base, "analyst1")
    page.goto(f"{base}/entity/{ids['p1']}")
    assert "Reiziger" in page.inner_text("#summary-best")  # the summary card comes first
    assert "geheimcode" not in page.inner_text("main")
    shot(page, "entity-summary")
    follow(page, "#timeline-link")
    events = page.locator("#timeline li.event")
    assert events.count() == 6  # three incidents, three registrations; nothing of r9
    assert "geheimcode" not in page.inner_text("main") and "2026-02-19" not in page.content()
    shot(page, "timeline")
    # zoom into February: one incident and one registration
    follow(page, page.locator("a.zoom", has_text="2026-02"))
    assert page.locator("#timeline li.event").count() == 2
    assert page.input_value("#tl-start") == "2026-02-01"
    # only incidents
    page.uncheck("input[name=kinds][value=registration]")
    follow(page, "#timeline-apply")
    assert [e.get_attribute("data-kind") for e in page.locator("#timeline li.event").all()] == [
        "incident"
    ]
    follow(page, page.locator("#timeline a.event-link").first)
    assert page.url.endswith(f"/entity/{ids['i2']}")
    # the map of the person: three addresses and three incident places, the Ede ones clustered
    page.goto(f"{base}/entity/{ids['p1']}")
    follow(page, "#map-link")
    page.wait_for_function("document.getElementById('map').dataset.outline === 'loaded'")
    assert page.locator("#map-list li").count() == 6
    markers = int(page.get_attribute("#map", "data-markers") or 0)
    assert 1 <= markers < 6  # close places share a marker
    assert page.locator(".map-cluster").count() >= 1
    assert "geheimcode" not in page.inner_text("main") and "53.2" not in page.content()
    shot(page, "map")
    page.locator(".map-cluster").first.click()  # zooms in: the cluster falls apart
    page.wait_for_function(f"Number(document.getElementById('map').dataset.markers) > {markers}")
    assert external == []  # LAW-17: no tiles, no CDN
    page.close()
