"""Server-rendered pages in-process: facets narrow a search and can be removed again."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from support import add_record, login


def test_facets_narrow_and_widen(store, clock) -> None:  # type: ignore[no-untyped-def]
    add_record(
        store,
        source="a",
        reg_id="1",
        entities=[("p1", "Person", {"givenName": "Jan", "surname": "Berg"})],
    )
    add_record(
        store,
        source="b",
        reg_id="2",
        entities=[("p2", "Person", {"givenName": "Piet", "surname": "Berg"})],
    )
    client = TestClient(create_app(store, clock=clock, secret="t"))
    login(client, "analyst1")
    page = client.get("/search", params={"q": "berg"}).text
    assert '<span id="total">2</span>' in page
    links = [html.unescape(x) for x in re.findall(r'href="(/search\?[^"]+)"', page)]
    narrowed = client.get(next(x for x in links if "source=a" in x)).text
    assert (
        '<span id="total">1</span>' in narrowed
        and "Jan Berg" in narrowed
        and "Piet" not in narrowed
    )
    back = [
        html.unescape(x) for x in re.findall(r'href="(/search\?[^"]+)"[^>]*aria-label', narrowed)
    ]
    assert back == ["/search?q=berg"]


def test_the_audit_page_shows_signed_checkpoints_and_names_tampering(
    tmp_path, clock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from raffinaderij.store.db import open_store
    from support import make_world

    monkeypatch.delenv("RAFF_CHECKPOINT_DIR", raising=False)
    monkeypatch.delenv("RAFF_AUDIT_KEY", raising=False)
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    client = TestClient(create_app(store, clock=clock, secret="t"))
    login(client, "fg", case_id=None)
    page = client.get("/audit").text
    assert 'id="checkpoints"' in page and "✔" in page
    assert page.count("<tr><td>") >= 10  # audit rows and checkpoint rows
    with store.transaction() as cur:
        cur.execute("DELETE FROM audit_log WHERE seq > 3")
        cur.execute("DELETE FROM audit_anchor")
        cur.execute("INSERT INTO audit_anchor SELECT seq, hash FROM audit_log WHERE seq = 3")
    assert "<strong>truncated</strong>" in client.get("/audit").text
    store.close()


def test_the_case_chooser_asks_the_purpose_first_and_picks_the_open_case(store, clock) -> None:  # type: ignore[no-untyped-def]
    """analyst1 is a member of THEMA-1 (art. 10) and ZAAK-1 (art. 9): the investigation comes
    first and is chosen, the purpose field comes before the list; a refused activation keeps
    what the user chose and wrote."""
    client = TestClient(create_app(store, clock=clock, secret="t"))
    login(client, "analyst1", case_id=None)
    page = client.get("/cases").text
    checked = re.findall(r'value="([^"]+)"\s*checked', page)
    assert checked == ["ZAAK-1"]
    assert page.index('id="purpose"') < page.index('name="case_id"')
    assert page.index('value="ZAAK-1"') < page.index('value="THEMA-1"')
    refused = client.post("/cases/activate", data={"case_id": "THEMA-1", "purpose": ""}).text
    assert re.findall(r'value="([^"]+)"\s*checked', refused) == ["THEMA-1"]
