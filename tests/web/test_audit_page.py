"""The audit page: filters by user, case, action and period, paging back 100 rows at a time, and a
CSV export of the filtered rows; only audit readers get it, and every read is itself logged."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from raffinaderij.api.app import create_app
from raffinaderij.audit.log import append
from raffinaderij.clock import FixedClock
from raffinaderij.store.db import Store, open_store
from support import login, make_world


@pytest.fixture
def world(tmp_path: Path, clock: FixedClock) -> Store:
    store = open_store(tmp_path / "raff.duckdb")
    make_world(store, clock)
    start = datetime(2026, 11, 1, 9, 0)
    for i in range(230):  # two users, two actions, spread over three days
        append(
            store,
            now=start + timedelta(days=i % 3, minutes=i),
            username="analyst1" if i % 2 else "analyst2",
            case_id="ZAAK-1" if i % 5 else "THEMA-1",
            purpose="test",
            action="consult" if i % 4 else "disclose",
            service="search",
            query={"q": f"zoek-{i}"},
            record_ids=(),
        )
    return store


def _rows(html: str) -> int:
    return html.split('id="audit-rows"')[1].split("</table>")[0].count("<tr><td>")


def test_filters_paging_and_csv(world: Store, clock: FixedClock) -> None:
    client = TestClient(create_app(world, clock=clock, secret="test"))
    login(client, "fg", case_id=None)
    page = client.get("/audit", params={"user": "analyst2", "action": "disclose"})
    assert page.status_code == 200 and "audit-rows" in page.text
    rows = world.query(
        "SELECT count(*) FROM audit_log WHERE username = 'analyst2' AND action = 'disclose'"
    )[0][0]
    assert _rows(page.text) == rows > 0
    assert "audit-older" not in page.text

    # paging: 100 rows a page, the next page holds the older ones
    first = client.get("/audit", params={"case": "ZAAK-1"})
    assert _rows(first.text) == 100
    assert 'id="audit-older"' in first.text
    older = first.text.split('id="audit-older"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get(older.replace("&amp;", "&"))
    assert second.status_code == 200 and 'id="audit-newest"' in second.text
    zaak = world.query("SELECT count(*) FROM audit_log WHERE case_id = 'ZAAK-1'")[0][0]
    assert _rows(second.text) == min(zaak - 100, 100)

    # a period: one day of the three
    day = client.get("/audit", params={"since": "2026-11-02", "until": "2026-11-02"})
    assert _rows(day.text) == 77  # i % 3 == 1 of 230 (the world's own rows are of its clock)
    bad = client.get("/audit", params={"since": "gisteren"})
    assert bad.status_code == 200 and "audit-error" in bad.text

    export = client.get("/audit.csv", params={"user": "analyst2", "case": "THEMA-1"})
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(export.text)))
    assert table and {(r["username"], r["case_id"]) for r in table} == {("analyst2", "THEMA-1")}
    assert [int(r["seq"]) for r in table] == sorted((int(r["seq"]) for r in table), reverse=True)
    # the reads of the log are themselves logged, filters and all
    reads = world.query(
        "SELECT query FROM audit_log WHERE username = 'fg' AND service = 'read_log'"
    )
    assert len(reads) == 5 and any("THEMA-1" in str(q) for (q,) in reads)


def test_only_audit_readers(world: Store, clock: FixedClock) -> None:
    client = TestClient(create_app(world, clock=clock, secret="test"))
    login(client, "analyst1")
    assert client.get("/audit").status_code == 403
    assert client.get("/audit.csv").status_code == 403
