"""Review in plain words, in a real browser (issue 16): on an entity with explained links, a
split first shows what it will do, then is done, then undone; the records are one person again.
Screenshots of the entity's "why linked" and of the review step go to docs/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("playwright")

from browser_kit import follow, login, serving, shot  # noqa: E402

from raffinaderij.clock import FixedClock  # noqa: E402
from raffinaderij.errors import RaffError  # noqa: E402
from support import NOW, guard_for, ingest_generated, make_world, resolve_persons  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def resolved(tmp_path_factory) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    from raffinaderij.api.app import create_app
    from raffinaderij.demo import generate
    from raffinaderij.services import entity
    from raffinaderij.store.db import open_store

    out = tmp_path_factory.mktemp("review-gen")
    generate(out, persons=300, seed=5)
    clock = FixedClock(NOW)
    store = open_store(tmp_path_factory.mktemp("review") / "raff.duckdb")
    make_world(store, clock)
    ingest_generated(store, clock, out)
    resolve_persons(store, clock)
    reader = guard_for(store, clock, "analyst4")
    chosen = None
    for (eid,) in store.query(
        "SELECT entity_id FROM entity_clusters GROUP BY entity_id HAVING count(*) > 2 ORDER BY 1"
    ):
        try:
            view = entity.entity_view(reader, entity_id=eid)
        except RaffError:
            continue
        if view.matches:
            chosen = eid
            break
    assert chosen, "no visible entity with explained links"
    with serving(create_app(store, clock=clock, secret="review-test")) as base:
        yield {"base": base, "entity_id": chosen, "store": store}
    store.close()


def test_a_split_shows_what_it_does_then_is_done_and_undone(resolved, browser) -> None:  # type: ignore[no-untyped-def]
    base, eid, store = resolved["base"], resolved["entity_id"], resolved["store"]
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) else None)
    login(page, base, "analyst4", "herkomst van koppelingen toetsen")
    page.goto(f"{base}/entity/{eid}?lang=nl")
    match = page.locator("details.match").last  # the weakest link is listed last
    match.locator("summary").click()
    agreements = match.locator(".agreements").inner_text()
    assert any(w in agreements for w in ("zelfde", "ander", "andere")), agreements
    shot(page, "entity-why-linked")
    left = match.locator("input[name=left]").get_attribute("value")
    right = match.locator("input[name=right]").get_attribute("value")
    match.locator("input[name=reason]").fill("twijfel over de geboortedatum")
    follow(page, match.locator("button.split"))
    assert page.locator("#consequence").count() == 1  # what will happen, before it happens
    shot(page, "review")
    assert not store.query(
        "SELECT 1 FROM resolve_decisions WHERE left_key = ? AND right_key = ?",
        sorted((left, right)),
    )
    follow(page, "#do-split")
    assert page.locator("#split-done").count() == 1
    page.fill("#undo-reason", "toch dezelfde persoon")
    follow(page, "#undo")
    rows = store.query(
        "SELECT decision, superseded_by IS NULL FROM resolve_decisions"
        " WHERE left_key = ? AND right_key = ? ORDER BY decided_at, decision DESC",
        sorted((left, right)),
    )
    assert sorted(rows) == [("confirm", True), ("split", False)]
    together = store.query(
        "SELECT count(DISTINCT entity_id) FROM entity_clusters WHERE entity_key IN (?, ?)",
        [left, right],
    )
    assert together == [(1,)]
    assert external == []
    page.close()
