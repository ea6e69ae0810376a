"""Products follow their sources (issue 11): a product citing a registration that left analysis
(blocked, art. 14) or was destroyed is flagged, with the reason and count, on the products list,
the product page (HTML and PDF) and the case page; its facts are redacted for every reader, a
destroyed one with when and why."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pypdf
from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.services import privacy, products
from support import guard_for, login


def _issued(store, clock, people: dict[str, Any]) -> str:  # type: ignore[no-untyped-def]
    author = guard_for(store, clock, "analyst3")
    p = products.create_product(author, title="Beeld van Piet", purpose="Duiding")
    products.cite_entity(author, product_id=p.product_id, entity_id=people["piet"])
    products.cite_entity(author, product_id=p.product_id, entity_id=people["klaas"])
    products.submit_product(author, product_id=p.product_id)
    products.review_product(
        guard_for(store, clock, "analyst4"), product_id=p.product_id, decision="issue"
    )
    return p.product_id


def test_a_product_is_flagged_when_its_sources_leave(store, clock, people) -> None:  # type: ignore[no-untyped-def]
    pid = _issued(store, clock, people)
    reader = guard_for(store, clock, "analyst3")
    assert products.list_products(reader)[0].flags == {}
    assert products.product_view(reader, product_id=pid).flags == {}

    fg = guard_for(store, clock, "fg", None)
    privacy.registration_block(fg, reg_key="src:k1", reason="verzoek betrokkene 2026-11")
    privacy.registration_destroy(fg, reg_key="src:p3", reason="verzoek betrokkene, besluit 7")

    expected = {"removed": 2, "destroyed": 1}  # Klaas' given name and surname; Piet's phone
    assert products.list_products(reader)[0].flags == expected
    for user in ("analyst3", "analyst4", "lead"):  # every reader, whatever their level
        view = products.product_view(guard_for(store, clock, user), product_id=pid)
        assert view.flags == expected, user
        facts = {f.prop + "@" + (f.row or s.heading): f for s in view.sections for f in s.facts}
        phone = next(f for f in facts.values() if f.prop == "phone")
        assert (phone.value, phone.reg_key, phone.redacted) == (None, None, "destroyed")
        assert (phone.destroyed_on, phone.destroyed_why) == (date(2026, 11, 1), "request")
        klaas = [f for f in facts.values() if f.redacted == "removed"]
        assert len(klaas) == 2 and all(f.value is None for f in klaas), user

    client = TestClient(create_app(store, clock=clock, secret="test"))
    login(client, "analyst3")
    page = client.get(f"/products/{pid}").text
    assert 'id="product-flag"' in page
    assert "2 feiten uit registraties buiten de analyse" in page
    assert "1 feiten uit vernietigde registraties" in page
    assert "registratie vernietigd (2026-11-01, op verzoek (Wpg 28))" in page
    assert "+31612345678" not in page and "Klaassen" not in page
    assert "product-flag" in client.get("/products").text
    case = client.get("/case").text
    assert 'id="flagged-products"' in case and "Beeld van Piet" in case

    pdf = client.get(f"/api/products/{pid}/pdf?lang=en")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "Sources changed" in text
    assert "registration destroyed (2026-11-01, on request (Wpg 28))" in text
    assert "+31612345678" not in text and "Klaassen" not in text
