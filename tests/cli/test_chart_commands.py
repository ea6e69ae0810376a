"""`raff chart list|open|export`: saved charts through their services, JSON out, audited."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from raffinaderij.cli.main import main
from raffinaderij.graph.export import GEXF_NS, GRAPHML_NS
from raffinaderij.services import charts
from raffinaderij.store.db import open_store
from support import add_record, entity_id, guard_for, make_world

CASE = ("--case", "ZAAK-1", "--purpose", "netwerk bekijken")


def _raff(capsys: pytest.CaptureFixture[str], db: Path, user: str, *argv: str) -> object:
    code = main([*argv, "--db", str(db), "--as", user, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out
    return out


def test_chart_list_open_export(tmp_path: Path, clock, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "raff.duckdb"
    store = open_store(db)
    make_world(store, clock)
    add_record(
        store,
        reg_id="r1",
        entities=[
            ("p1", "Person", {"surname": "Jansen"}),
            ("v1", "Vehicle", {"plate": "AB-12-CD"}),
        ],
        links=[("p1", "drives", "v1", None)],
    )
    add_record(
        store,
        reg_id="r3",
        level=3,
        entities=[
            ("p1", "Person", {"surname": "Jansen"}),
            ("t1", "Phone", {"number": "+31600000001"}),
        ],
        links=[("p1", "usesPhone", "t1", None)],
    )
    person = entity_id(store, "src/Person/p1")
    saved = charts.chart_save(
        guard_for(store, clock, "analyst3"),
        title="Jansen",
        seeds=[person],
        expansions=[{"ids": [person]}],
    )
    store.close()
    listed = _raff(capsys, db, "analyst1", "chart", "list", *CASE)
    assert isinstance(listed, list) and [c["chart_id"] for c in listed] == [saved.chart_id]
    opened = _raff(capsys, db, "analyst1", "chart", "open", saved.chart_id, *CASE)
    assert isinstance(opened, dict)
    assert {n["caption"] for n in opened["nodes"]} == {"Jansen", "AB-12-CD"}  # no level-3 phone
    out = tmp_path / "chart.graphml"
    written = _raff(
        capsys, db, "analyst1", "chart", "export", saved.chart_id, "--out", str(out), *CASE
    )
    assert isinstance(written, dict) and written["written"] == str(out)
    root = ET.parse(out).getroot()
    assert root.tag == f"{{{GRAPHML_NS}}}graphml" and "+316" not in out.read_text()
    gexf = _raff(
        capsys, db, "analyst3", "chart", "export", saved.chart_id, "--format", "gexf", *CASE
    )
    assert isinstance(gexf, str) and ET.fromstring(gexf).tag == f"{{{GEXF_NS}}}gexf"
    assert "+31600000001" in gexf  # the level-3 author sees the phone
    # an unknown chart: refused, exit code non-zero
    assert main(["chart", "open", "c" + "0" * 20, "--db", str(db), "--as", "analyst1", *CASE]) != 0
    store = open_store(db)
    rows = store.query(
        "SELECT service, username FROM audit_log WHERE service LIKE 'chart_%' ORDER BY seq"
    )
    store.close()
    assert ("chart_export", "analyst1") in rows and ("chart_open", "analyst1") in rows
