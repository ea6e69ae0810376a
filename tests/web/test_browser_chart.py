"""The link chart in a real browser (issue 10): open an entity, expand twice by double-click,
find a path between two members of a network; a level-1 analyst's chart never holds a node or
edge resting only on a level-3 registration, and the page loads nothing from elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("playwright")

from browser_kit import follow, login, serving, shot  # noqa: E402

from raffinaderij.clock import FixedClock  # noqa: E402
from support import NOW, add_record, entity_id, make_world  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chart_server(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    from raffinaderij.api.app import create_app
    from raffinaderij.store.db import open_store

    clock = FixedClock(NOW)
    store = open_store(tmp_path_factory.mktemp("chart") / "raff.duckdb")
    make_world(store, clock)

    def person(n: int) -> tuple[str, str, dict[str, Any]]:
        return (f"p{n}", "Person", {"givenName": "Lid", "surname": f"Netwerk{n}"})

    # a chain p1 -phone- p2 -car- p3 -address- p4
    add_record(
        store,
        reg_id="r1",
        entities=[person(1), person(2), ("t1", "Phone", {"number": "+31612345678"})],
        links=[("p1", "usesPhone", "t1", None), ("p2", "usesPhone", "t1", None)],
    )
    add_record(
        store,
        reg_id="r2",
        entities=[person(2), person(3), ("v1", "Vehicle", {"plate": "XL-12-BB"})],
        links=[("p2", "drives", "v1", None), ("p3", "drives", "v1", None)],
    )
    add_record(
        store,
        reg_id="r3",
        entities=[person(3), person(4), ("a1", "Address", {"street": "Molenstraat"})],
        links=[("p3", "livesAt", "a1", None), ("p4", "livesAt", "a1", None)],
    )
    add_record(  # only a level-3 analyst may see this address and who lives there
        store,
        reg_id="r9",
        level=3,
        entities=[person(1), person(9), ("a9", "Address", {"street": "Geheimstraat"})],
        links=[("p1", "livesAt", "a9", None), ("p9", "livesAt", "a9", None)],
    )
    ids = {k: entity_id(store, f"src/Person/{k}") for k in ("p1", "p2", "p3", "p4")}
    with serving(create_app(store, clock=clock, secret="chart-test")) as base:
        yield base, ids
    store.close()


def _labels(page: Any) -> list[str]:
    return list(page.evaluate("raffChart.nodes().map(n => n.data('label'))"))


def _double_click(page: Any, node_id: str) -> None:
    # the node must be inside the viewport for the mouse to reach it
    # `void`: a Cytoscape object handed back to Python is serialised whole (seconds of the
    # renderer's time and memory each; it crashed the renderer on CI)
    page.evaluate(f"void raffChart.center(raffChart.getElementById({node_id!r}))")
    page.locator("#chart").scroll_into_view_if_needed()
    box = page.locator("#chart").bounding_box()
    pos = page.evaluate(f"raffChart.getElementById({node_id!r}).renderedPosition()")
    before = page.evaluate("raffChart.nodes().length")
    page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_function(f"raffChart.nodes().length > {before}")


def test_chart_expand_path_and_nothing_hidden(chart_server, browser) -> None:  # type: ignore[no-untyped-def]
    base, ids = chart_server
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) else None)
    login(page, base, "analyst1")
    page.goto(f"{base}/entity/{ids['p1']}")
    follow(page, "#chart-link")
    page.wait_for_function("window.raffChart && raffChart.nodes().length > 0")
    assert sorted(_labels(page)) == ["+31612345678", "Lid Netwerk1"]
    # expand twice: the phone, then the second member
    _double_click(page, page.evaluate("raffChart.nodes('[schema = \"Phone\"]')[0].id()"))
    assert "Lid Netwerk2" in _labels(page)
    _double_click(page, ids["p2"])
    assert "XL-12-BB" in _labels(page)
    # a path from p1 to p4 (not yet on the chart: its nodes come with the answer)
    page.evaluate(
        f"""(() => {{ const add = {{group: 'nodes', data: {{id: {ids["p4"]!r}, label: 'p4',
        schema: 'Person'}}}}; raffChart.add(add); }})()"""
    )
    for key in ("p1", "p4"):
        page.evaluate(f"void raffChart.getElementById({ids[key]!r}).emit('tap')")
    page.click("#chart-path")
    page.wait_for_function("raffChart.$('.onpath').length > 0")
    on_path = page.evaluate("raffChart.nodes('.onpath').map(n => n.id())")
    assert {ids["p1"], ids["p2"], ids["p3"], ids["p4"]} <= set(on_path)
    assert len(on_path) == 7  # p1 phone p2 car p3 address p4
    assert "Lid Netwerk4" in _labels(page)  # captions come from the answer
    labels = " ".join(_labels(page)) + page.inner_text("main")
    assert "Geheimstraat" not in labels and "Netwerk9" not in labels
    edges = page.evaluate("raffChart.edges().map(e => e.data('label'))")
    assert "livesAt" in edges  # the visible address of p3 and p4
    assert page.evaluate("raffChart.edges().length") == 6
    shot(page, "chart")
    assert external == []  # LAW-17: nothing loaded from elsewhere
    page.close()


def test_chart_shares_connects_and_pins(chart_server, browser) -> None:  # type: ignore[no-untyped-def]
    """Who shares something with a picked person, the connecting network of picked nodes, and
    pinned nodes that keep their place; nothing resting on the level-3 record appears."""
    base, ids = chart_server
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    login(page, base, "analyst1")
    page.goto(f"{base}/entity/{ids['p1']}")
    follow(page, "#chart-link")
    page.wait_for_function("window.raffChart && raffChart.nodes().length === 2")
    page.evaluate(f"void raffChart.getElementById({ids['p1']!r}).emit('tap')")
    page.click("#chart-shared")
    page.wait_for_function("raffChart.nodes().length === 3")
    assert "Lid Netwerk2" in _labels(page)  # shares the phone; p9 shares a hidden address
    page.evaluate(
        f"""(() => {{ raffChart.add({{group: 'nodes', data: {{id: {ids["p4"]!r}, label: 'p4',
        schema: 'Person'}}}}); raffChart.getElementById({ids["p4"]!r}).emit('tap'); }})()"""
    )
    page.click("#chart-connect")
    page.wait_for_function("raffChart.nodes('.onpath').length === 7")
    assert "Lid Netwerk3" in _labels(page) and "XL-12-BB" in _labels(page)
    page.click("#chart-pin")
    assert page.evaluate(f"raffChart.getElementById({ids['p4']!r}).locked()")
    text = " ".join(_labels(page)) + page.inner_text("main")
    assert "Geheimstraat" not in text and "Netwerk9" not in text
    page.close()
