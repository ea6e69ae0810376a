"""Chart and timeline sections of products (issue 11): a saved chart is snapshotted at
composing time under the author's guard, every node and link footnoted; a reader who has lost
access to a node's or link's registrations sees it redacted, in the picture, the table, HTML
and PDF alike. A timeline is cited as dated events, footnoted."""

from __future__ import annotations

from typing import Any

import pytest

from raffinaderij.clock import FixedClock
from raffinaderij.errors import NotFound
from raffinaderij.services import charts, products
from raffinaderij.store.db import Store
from raffinaderij.web.report import render_print
from support import add_record, entity_id, guard_for


@pytest.fixture
def gang(store: Store) -> dict[str, str]:
    """Jan drives a car Kees keeps (level 1); Kees lives at an address only a level-3 record
    names; a burglary (dated) Jan is suspect of."""
    add_record(
        store,
        reg_id="r1",
        entities=[
            ("jan", "Person", {"givenName": "Jan", "surname": "Jansen"}),
            ("kees", "Person", {"givenName": "Kees", "surname": "Kok"}),
            ("car", "Vehicle", {"plate": "XL-12-BB"}),
        ],
        links=[("jan", "drives", "car", None), ("kees", "registeredKeeper", "car", None)],
    )
    add_record(
        store,
        reg_id="r3",
        level=3,
        entities=[
            ("kees", "Person", {"surname": "Kok"}),
            ("adr", "Address", {"postcode": "1234AB", "houseNumber": "5"}),
        ],
        links=[("kees", "livesAt", "adr", None)],
    )
    add_record(
        store,
        reg_id="r4",
        entities=[
            ("jan", "Person", {"surname": "Jansen"}),
            ("inc", "Incident", {"date": "2026-03-04", "incidentType": "woninginbraak"}),
        ],
        links=[("jan", "involvedIn", "inc", "suspect")],
    )
    keys = {
        "jan": "Person",
        "kees": "Person",
        "car": "Vehicle",
        "adr": "Address",
        "inc": "Incident",
    }
    return {k: entity_id(store, f"src/{s}/{k}") for k, s in keys.items()}


def _compose(store: Store, clock: FixedClock, gang: dict[str, str]) -> tuple[str, str]:
    author = guard_for(store, clock, "analyst3")
    chart = charts.chart_save(
        author,
        title="Auto van Kees",
        seeds=[gang["car"]],
        expansions=[{"ids": [gang["car"]], "hops": 2}],
        positions={gang["car"]: [0, 0], gang["jan"]: [-100, 0], gang["kees"]: [100, 0]},
    )
    made = products.create_product(author, title="Beeld", purpose="Wie rijdt de auto")
    products.cite_chart(author, product_id=made.product_id, chart_id=chart.chart_id)
    return made.product_id, chart.chart_id


def test_a_chart_is_snapshotted_footnoted_and_drawn(
    store: Store, clock: FixedClock, gang: dict[str, str]
) -> None:
    pid, _ = _compose(store, clock, gang)
    view = products.product_view(guard_for(store, clock, "analyst3"), product_id=pid)
    assert view.level == 3  # the address rests on a level-3 registration
    (section,) = view.sections
    assert section.kind == "chart" and section.heading == "Auto van Kees"
    fig = section.figure
    assert fig is not None
    captions = {n.caption for n in fig.nodes}
    assert {"Jan Jansen", "Kees Kok", "XL-12-BB", "5 · 1234AB"} <= captions and len(fig.nodes) == 5
    assert {e.link_type for e in fig.edges} == {
        "drives",
        "registeredKeeper",
        "livesAt",
        "involvedIn",
    }
    assert all(0 <= n.x <= fig.width and 0 <= n.y <= fig.height for n in fig.nodes)
    # every node and link is footnoted with its registration and the usual fields
    notes = {f.no: f for f in section.facts}
    for item in [*fig.nodes, *fig.edges]:
        assert item.notes and all(notes[n].reg_key and notes[n].source for n in item.notes)
    links = [f for f in section.facts if f.row and f.row.startswith("e")]
    assert {f.value for f in links} == {"drives", "registeredKeeper", "livesAt", "involvedIn"}
    assert "src/" not in repr(view)  # a link's value (its other end's record key) is not shown
    html = render_print("product_print.html", "en", p=view)
    assert "<svg" in html and "XL-12-BB" in html and "<script" not in html
    assert "1234AB" in html


def test_a_redacted_node_or_link_stays_redacted(
    store: Store, clock: FixedClock, gang: dict[str, str]
) -> None:
    pid, _ = _compose(store, clock, gang)
    store.query("UPDATE registrations SET blocked = true WHERE reg_key = 'src:r3'")
    view = products.product_view(guard_for(store, clock, "analyst4"), product_id=pid)
    (section,) = view.sections
    fig = section.figure
    assert fig is not None
    assert "1234AB" not in {n.caption for n in fig.nodes} and len(fig.nodes) == 4
    lives = [e for e in fig.edges if e.redacted]
    assert len(lives) == 1 and lives[0].link_type is None and lives[0].redacted == "removed"
    html = render_print("product_print.html", "nl", p=view)
    assert "1234AB" not in html and "livesAt" not in html and "woont" not in html.lower()
    assert "XL-12-BB" in html


def test_a_timeline_is_cited_as_dated_footnoted_events(
    store: Store, clock: FixedClock, gang: dict[str, str]
) -> None:
    author = guard_for(store, clock, "analyst1")
    made = products.create_product(author, title="Tijdlijn", purpose="Wanneer wat")
    products.cite_timeline(author, product_id=made.product_id, entity_ids=[gang["jan"]])
    view = products.product_view(author, product_id=made.product_id)
    (section,) = view.sections
    assert section.kind == "timeline"
    dated = [f for f in section.facts if f.prop == "date"]
    assert dated and dated[0].value == "2026-03-04" and dated[0].reg_key == "src:r4"
    assert all(f.row for f in section.facts)
    with pytest.raises(NotFound):
        products.cite_timeline(author, product_id=made.product_id, entity_ids=[gang["adr"]])


def test_a_chart_of_another_case_or_an_empty_one_cannot_be_cited(
    store: Store, clock: FixedClock, gang: dict[str, str]
) -> None:
    _, chart_id = _compose(store, clock, gang)
    other = guard_for(store, clock, "analyst3", "THEMA-1")
    made = products.create_product(other, title="Ander", purpose="Andere zaak")
    with pytest.raises(NotFound):
        products.cite_chart(other, product_id=made.product_id, chart_id=chart_id)
    # revising keeps the chart's picture
    author = guard_for(store, clock, "analyst3")
    pid, _ = _compose(store, clock, gang)
    products.submit_product(author, product_id=pid)
    products.review_product(guard_for(store, clock, "analyst4"), product_id=pid, decision="issue")
    products.revise_product(author, product_id=pid)
    v2: Any = products.product_view(author, product_id=pid)
    assert v2.version == 2 and v2.sections[0].figure and len(v2.sections[0].figure.nodes) == 5


def test_a_chart_link_is_not_a_signal_item(
    store: Store, clock: FixedClock, gang: dict[str, str]
) -> None:
    from raffinaderij.errors import RaffError
    from raffinaderij.services import signals
    from support import add_case_lead

    add_case_lead(store, clock, "lead2")
    lead = guard_for(store, clock, "lead")
    chart = charts.chart_save(
        lead, title="Auto", seeds=[gang["car"]], expansions=[{"ids": [gang["car"]]}]
    )
    made = products.create_product(lead, title="Beeld", purpose="Wie rijdt de auto")
    products.cite_chart(lead, product_id=made.product_id, chart_id=chart.chart_id)
    products.submit_product(lead, product_id=made.product_id)
    products.review_product(
        guard_for(store, clock, "lead2"), product_id=made.product_id, decision="issue"
    )
    recipient = signals.register_recipient(
        guard_for(store, clock, "fg", None), organisation="Gemeente X", kind="municipality"
    )
    facts = products.product_view(lead, product_id=made.product_id).sections[0].facts
    link = next(f.no for f in facts if f.row and f.row.startswith("e"))
    with pytest.raises(RaffError, match="links of a chart"):
        signals.draft_signal(
            lead,
            product_id=made.product_id,
            recipient_id=recipient.recipient_id,
            article="Wpg 19",
            purpose="Bibob-toets vergunning",
            ground="organised_crime",
            ground_facts="Witwassen via horeca, PV 1",
            fact_nos=[link],
            agreement="OM-1",
        )
