"""Saved charts through the API and the workbench page: save, list, open, export, delete."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.clock import FixedClock
from raffinaderij.graph.export import GEXF_NS, GRAPHML_NS
from raffinaderij.store.db import Store
from support import login


def _client(store: Store, clock: FixedClock, user: str, case: str = "ZAAK-1") -> TestClient:
    client = TestClient(create_app(store, clock=clock, secret="test"))
    login(client, user, case)
    return client


def test_api_save_list_open_export_delete(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    author = _client(store, clock, "analyst3")
    body: dict[str, Any] = {
        "title": "Auto en adres",
        "seeds": [net["p3"]],
        "expansions": [{"ids": [net["p3"]], "hops": 2}],
        "positions": {net["p3"]: [5, 5]},
    }
    r = author.post("/api/charts", json=body)
    assert r.status_code == 200, r.text
    chart_id = r.json()["chart_id"]
    assert chart_id.startswith("c") and net["p3"] not in r.text

    reader = _client(store, clock, "analyst1")
    assert [c["chart_id"] for c in reader.get("/api/charts").json()] == [chart_id]
    seen = reader.get(f"/api/charts/{chart_id}").json()
    assert {n["id"] for n in seen["nodes"]} == {net["p3"], net["v1"], net["p2"]}
    assert "src:r3" not in json.dumps(seen) and net["a1"] not in json.dumps(seen)
    for fmt, ns in (("graphml", GRAPHML_NS), ("gexf", GEXF_NS)):
        r = reader.get(f"/api/charts/{chart_id}/download", params={"format": fmt})
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
        assert f'filename="{chart_id}.{fmt}"' in r.headers["content-disposition"]
        assert ET.fromstring(r.text).tag.startswith(f"{{{ns}}}")
    assert (
        reader.get(f"/api/charts/{chart_id}/download", params={"format": "svg"}).status_code == 400
    )
    # unknown and other cases' charts answer alike
    other = _client(store, clock, "analyst1", "THEMA-1")
    missing = other.get("/api/charts/c" + "0" * 20)
    theirs = other.get(f"/api/charts/{chart_id}")
    assert missing.status_code == theirs.status_code == 404
    assert missing.json()["kind"] == theirs.json()["kind"]
    assert reader.delete(f"/api/charts/{chart_id}").status_code == 403
    assert author.delete(f"/api/charts/{chart_id}").status_code == 200
    assert reader.get(f"/api/charts/{chart_id}").status_code == 404


def test_the_chart_page_saves_and_reopens_a_chart(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    client = _client(store, clock, "analyst1")
    page = client.get(f"/chart/{net['p2']}")
    assert page.status_code == 200 and 'id="chart-save"' in page.text
    assert 'id="chart-list-empty"' in page.text
    recipe = {"seeds": [net["p2"]], "expansions": [{"ids": [net["p2"]]}], "positions": {}}
    r = client.post(
        "/charts",
        data={
            "title": "Telefoon",
            "recipe": json.dumps(recipe),
            "csrf_token": client.headers["X-CSRF-Token"],
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    chart_page = client.get(r.headers["location"])
    assert chart_page.status_code == 200
    assert (
        'id="chart-title">Telefoon<' in chart_page.text and 'id="chart-graphml"' in chart_page.text
    )
    assert "XL-12-BB" in chart_page.text  # the re-run chart's data is on the page
    assert 'href="/charts/' in client.get(f"/chart/{net['p2']}").text
    bad = client.post(
        "/charts",
        data={"title": "Kapot", "recipe": "{", "csrf_token": client.headers["X-CSRF-Token"]},
    )
    assert bad.status_code == 400


def test_the_map_opens_the_chart_of_its_places(store: Store, clock: FixedClock) -> None:
    from support import add_record, entity_id

    add_record(
        store,
        reg_id="inc1",
        entities=[
            ("p1", "Person", {"surname": "Kaartman"}),
            ("i1", "Incident", {"date": "2026-05-02", "latitude": "52.09", "longitude": "5.12"}),
        ],
        links=[("p1", "involvedIn", "i1", "suspect")],
    )
    person, incident = entity_id(store, "src/Person/p1"), entity_id(store, "src/Incident/i1")
    client = _client(store, clock, "analyst1")
    page = client.get(f"/map/{person}")
    assert f'href="/chart?ids={incident}"' in page.text
    chart = client.get("/chart", params={"ids": [incident]})
    assert chart.status_code == 200 and 'id="chart-save"' in chart.text
    data = chart.text.split('id="chart-data">', 1)[1].split("</script>", 1)[0]
    shown = json.loads(data)
    assert shown["marked"] == [incident] and {n["id"] for n in shown["nodes"]} == {
        person,
        incident,
    }
    assert client.get("/chart").status_code == 400
    hidden = client.get("/chart", params={"ids": ["e" + "0" * 20]})
    assert hidden.status_code == 404
