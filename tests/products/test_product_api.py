"""Products and signals over HTTP (issue 11): the PDF carries footnotes and the watermark on
every page, a download is a `disclose` row naming the reader, a redacted fact stays redacted in
every rendering, and no route delivers a product outside the police (LAW-12)."""

from __future__ import annotations

import io
import re
from typing import Any

import pypdf
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.web.report import render_print
from support import api_routes, login


def _client(store, clock, user: str) -> TestClient:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(store, clock=clock, secret="test"))
    login(client, user)
    return client


def _ok(r: Any) -> Any:
    assert r.status_code == 200, r.text
    return r.json()


def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _issued_product(store, clock, people) -> str:  # type: ignore[no-untyped-def]
    author, reviewer = _client(store, clock, "analyst3"), _client(store, clock, "analyst4")
    pid = _ok(author.post("/api/products", json={"title": "Beeld Noord", "purpose": "Duiding"}))[
        "product_id"
    ]
    _ok(
        author.post(
            f"/api/products/{pid}/findings",
            json={
                "heading": "Duiding",
                "text": "Waarschijnlijk dezelfde dader.",
                "judgement": True,
            },
        )
    )
    _ok(author.post(f"/api/products/{pid}/citations", json={"entity_id": people["piet"]}))
    _ok(author.post(f"/api/products/{pid}/submission"))
    assert (
        reviewer.post(f"/api/products/{pid}/review", json={"decision": "issue"}).status_code == 200
    )
    return str(pid)


def test_pdf_has_footnotes_and_a_watermark_on_every_page(store, clock, people) -> None:  # type: ignore[no-untyped-def]
    pid = _issued_product(store, clock, people)
    reader = _client(store, clock, "analyst4")
    r = reader.get(f"/api/products/{pid}/pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pages = _pdf_pages(r.content)
    for page in pages:  # the marking on every page: reader, time, case, product version
        flat = " ".join(page.split())
        assert "Analyst4 (analyst4)" in flat and "2026-11-01 12:00" in flat
        assert "ZAAK-1" in flat and f"{pid} v1" in flat
    text = " ".join(" ".join(pages).split())
    assert "Pietersen" in text and "Registratie src:p1" in text and "Wpg 8" in text
    assert "Betrouwbaarheid A1" in text and "oordeel" in text  # the finding stays a judgement
    row = store.query(
        "SELECT username, action, outcome, record_ids FROM audit_log"
        " WHERE service = 'disclose_product' ORDER BY seq DESC LIMIT 1"
    )[0]
    assert row[:3] == ("analyst4", "disclose", "ok") and "src:p1" in row[3]


def test_a_redacted_fact_stays_redacted_in_every_rendering(store, clock, people) -> None:  # type: ignore[no-untyped-def]
    pid = _issued_product(store, clock, people)
    store.query("UPDATE registrations SET blocked = true WHERE reg_key = 'src:p3'")
    reader = _client(store, clock, "analyst4")
    as_json = reader.get(f"/api/products/{pid}").text
    pdf = " ".join(_pdf_pages(reader.get(f"/api/products/{pid}/pdf").content))
    diff = reader.get(f"/api/products/{pid}/diff", params={"from_version": 1, "to_version": 1}).text
    page = reader.get(f"/products/{pid}").text
    for rendering in (as_json, pdf, diff, page):
        assert "+31612345678" not in rendering and "src:p3" not in rendering
    assert "removed" in as_json and "Weggelakt" in pdf and "Weggelakt" in page
    # a new version copies the citation, not the value: still redacted
    _ok(_client(store, clock, "analyst3").post(f"/api/products/{pid}/versions"))
    assert "+31612345678" not in reader.get(f"/api/products/{pid}").text


def test_signal_flow_over_http(store, clock, people) -> None:  # type: ignore[no-untyped-def]
    pid = _issued_product(store, clock, people)
    fg = TestClient(create_app(store, clock=clock, secret="test"))
    login(fg, "fg", None)
    rid = _ok(
        fg.post("/api/recipients", json={"organisation": "Gemeente Zeist", "kind": "municipality"})
    )["recipient_id"]
    facts = {
        f["prop"]: f["no"]
        for f in _ok(_client(store, clock, "lead").get(f"/api/products/{pid}"))["sections"][1][
            "facts"
        ]
    }
    lead, lead2 = _client(store, clock, "lead"), _client(store, clock, "lead2")
    signal = _ok(
        lead.post(
            "/api/signals",
            json={
                "product_id": pid,
                "recipient_id": rid,
                "article": "Wpg 19",
                "purpose": "Bibob-toets exploitatievergunning",
                "ground": "organised_crime",
                "ground_facts": "Witwassen via horeca, PV 2026-77",
                "fact_nos": [facts["surname"], facts["birthDate"]],
                "agreement": "OM-2026-7",
            },
        )
    )
    sid = signal["signal_id"]
    assert lead.post(f"/api/signals/{sid}/sent").status_code == 403
    assert lead.post(f"/api/signals/{sid}/approval").status_code == 403  # the drafter
    _ok(lead2.post(f"/api/signals/{sid}/approval"))
    letter = lead.get(f"/api/signals/{sid}/letter")
    assert letter.headers["content-type"] == "application/pdf"
    text = " ".join(_pdf_pages(letter.content))
    assert "Gemeente Zeist" in text and "Beeld Noord" not in text
    provision = _ok(lead.post(f"/api/signals/{sid}/sent"))
    register = _ok(fg.get("/api/provisions"))
    assert [p["provision_id"] for p in register] == [provision["provision_id"]]
    assert register[0]["approved_by"] == "lead2" and len(register[0]["items"]) == 2
    assert _client(store, clock, "analyst4").get("/api/provisions").status_code == 403


#: what a route would need to send something somewhere
_DELIVERY = re.compile(
    r"recipient|e_?mail|mail|url|uri|link|share|webhook|address|to$|destination|export|send",
    re.I,
)


#: the only routes that name a product and a recipient together: drafting a signal (API, form)
SIGNAL_DRAFTING = {"/api/signals", "/signals"}


def _field_names(route: APIRoute) -> set[str]:
    names = {p.name for p in route.dependant.path_params + route.dependant.query_params}
    for body in route.dependant.body_params:
        annotation = getattr(body.field_info, "annotation", None)
        fields = getattr(annotation, "model_fields", None)
        names |= set(fields) if fields else {body.name}
    return names


def test_no_route_delivers_a_product_outside_the_police(store, clock) -> None:  # type: ignore[no-untyped-def]
    """LAW-12: walk every route. A route that reads or takes a product never takes a recipient,
    address, e-mail or URL; the signal routes take a recipient but never a product's content,
    and what they give out is the letter of items (checked in the signal tests)."""
    app = create_app(store, clock=clock, secret="test")
    routes = api_routes(app)
    product_routes = [r for r in routes if "product" in r.path]
    assert len(product_routes) >= 10
    offenders = []
    for route in routes:
        names = _field_names(route)
        takes_product = "product" in route.path or any("product" in n for n in names)
        delivery = {n for n in names if _DELIVERY.search(n)}
        if takes_product and delivery - {"recipient_id"}:
            offenders.append(f"{route.path}: {sorted(delivery)}")
        if takes_product and "recipient_id" in names and route.path not in SIGNAL_DRAFTING:
            offenders.append(f"{route.path}: a product route names a recipient")
        if "mail" in route.path or "share" in route.path or "export" in route.path:
            offenders.append(f"{route.path}: looks like a way out")
    assert not offenders, offenders
    # the routes naming a product and a recipient draft a signal: they take footnote numbers
    # (the items), never sections or text of the product
    drafting = [r for r in routes if r.path in SIGNAL_DRAFTING and "POST" in r.methods]
    assert len(drafting) == 2
    for route in drafting:
        assert not {"sections", "body", "text", "title"} & _field_names(route)


def test_the_print_template_is_the_workbench_template(store, clock, people) -> None:  # type: ignore[no-untyped-def]
    from raffinaderij.services import products
    from support import guard_for

    pid = _issued_product(store, clock, people)
    view = products.product_view(guard_for(store, clock, "analyst4"), product_id=pid)
    printed = render_print("product_print.html", "nl", p=view)
    page = _client(store, clock, "analyst4").get(f"/products/{pid}").text
    body = re.search(r'<article class="product".*?</article>', printed, re.S)
    assert body and body.group(0).split("</div>", 1)[1] in page  # same body after the watermark
