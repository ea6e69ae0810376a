"""The network through the API and the CLI: the same answers as the services, --json output."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.cli.main import main
from raffinaderij.clock import FixedClock
from raffinaderij.store.db import Store, open_store
from support import add_record, entity_id, login, make_world


def _net(store: Store) -> dict[str, str]:
    add_record(
        store,
        reg_id="r1",
        entities=[
            ("p1", "Person", {"surname": "Jansen"}),
            ("p2", "Person", {"surname": "Bakker"}),
            ("t1", "Phone", {"number": "+31612345678"}),
        ],
        links=[("p1", "usesPhone", "t1", None), ("p2", "usesPhone", "t1", None)],
    )
    return {
        k: entity_id(store, f"src/{s}/{k}")
        for k, s in (("p1", "Person"), ("p2", "Person"), ("t1", "Phone"))
    }


def test_api_expand_path_central_communities(store: Store, clock: FixedClock) -> None:
    ids = _net(store)
    client = TestClient(create_app(store, clock=clock, secret="test"))
    login(client, "analyst1")
    r = client.get("/api/graph/expand", params={"entity_ids": [ids["p1"]], "hops": 2})
    assert r.status_code == 200, r.text
    assert {n["id"] for n in r.json()["nodes"]} == set(ids.values())
    r = client.get("/api/graph/path", params={"source": ids["p1"], "target": ids["p2"]})
    assert r.json()["found"] and r.json()["length"] == 2
    r = client.get("/api/graph/path", params={"source": ids["p1"], "target": "e" + "0" * 20})
    assert r.status_code == 404
    r = client.get("/api/graph/expand", params={"entity_ids": [ids["p1"]], "end": "2020-01-01"})
    assert [n["id"] for n in r.json()["nodes"]] == [ids["p1"]]
    r = client.get("/api/graph/expand", params={"entity_ids": [ids["p1"]], "link_types": ["nope"]})
    assert r.status_code == 400 and "unknown link type" in r.text
    central = client.get("/api/graph/central").json()
    assert central[0]["node"]["id"] == ids["t1"]
    groups = client.get("/api/graph/communities", params={"min_size": 2}).json()
    assert {n["id"] for n in groups[0]["nodes"]} == set(ids.values())
    people = client.get("/api/graph/communities", params={"min_size": 2, "persons": True})
    assert {n["id"] for n in people.json()[0]["nodes"]} == {ids["p1"], ids["p2"]}
    pairs = client.get("/api/graph/cooccurrence", params={"entity_ids": [ids["p1"]]}).json()
    assert [s["via"]["id"] for s in pairs["pairs"][0]["shared"]] == [ids["t1"]]
    joined = client.get("/api/graph/connect", params={"entity_ids": [ids["p1"], ids["p2"]]})
    assert {n["id"] for n in joined.json()["nodes"]} == set(ids.values())


def test_cli_graph_commands_answer_json(tmp_path: Path, clock: FixedClock, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "raff.duckdb"
    store = open_store(db)
    make_world(store, clock)
    ids = _net(store)
    store.close()
    common = ["--db", str(db), "--as", "analyst1", "--case", "ZAAK-1", "--purpose", "p", "--json"]
    assert main(["graph", "expand", ids["p1"], "--hops", "2", *common]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {n["id"] for n in out["nodes"]} == set(ids.values())
    assert main(["graph", "path", ids["p1"], ids["p2"], "-k", "2", *common]) == 0
    assert json.loads(capsys.readouterr().out)["length"] == 2
    assert main(["graph", "central", *common]) == 0
    assert json.loads(capsys.readouterr().out)[0]["node"]["id"] == ids["t1"]
    assert main(["graph", "communities", "--min-size", "2", *common]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
    late = ["--start", "2027-01-01", "--role", "suspect", "--basis", "8"]
    assert main(["graph", "expand", ids["p1"], *late, *common]) == 0
    assert [n["id"] for n in json.loads(capsys.readouterr().out)["nodes"]] == [ids["p1"]]
    assert main(["graph", "expand", ids["p1"], "--role", "baas", *common]) == 1
    assert "unknown role" in capsys.readouterr().out
    assert main(["graph", "communities", "--persons", "--min-size", "2", *common]) == 0
    assert len(json.loads(capsys.readouterr().out)[0]["nodes"]) == 2
    assert main(["graph", "cooccur", *common]) == 0
    assert json.loads(capsys.readouterr().out)["pairs"][0]["weight"] == 1.0
    assert main(["graph", "connect", ids["p1"], ids["p2"], *common]) == 0
    assert json.loads(capsys.readouterr().out)["connected"] == [[ids["p1"], ids["p2"]]]
    assert main(["graph", "expand", "e" + "0" * 20, *common]) == 1
    assert "NotFound" in capsys.readouterr().out
