"""Saved charts (issue 10): a recipe, re-run under the reader's guard. A level-1 reader of a
chart a level-3 author saved sees no node or link resting only on level-3 registrations; a
hidden seed is left out exactly like a missing one; other cases' charts answer like missing."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from raffinaderij.api.routes import plain
from raffinaderij.clock import FixedClock
from raffinaderij.errors import Denied, NotFound, RaffError
from raffinaderij.graph.export import GEXF_NS, GRAPHML_NS
from raffinaderij.services import charts
from raffinaderij.store.db import Store
from support import guard_for


def _g(store: Store, clock: FixedClock, user: str = "analyst1", case: str = "ZAAK-1") -> Any:
    return guard_for(store, clock, user, case)


def _save(store: Store, clock: FixedClock, user: str, seeds: list[str], **kw: Any) -> str:
    return str(
        charts.chart_save(_g(store, clock, user), title="Netwerk", seeds=seeds, **kw).chart_id
    )


def _shape(view: charts.ChartView) -> Any:
    """What a chart shows, without who saved it when."""
    return plain([view.nodes, view.edges, view.more, view.positions, view.pinned])


def test_a_level_1_reader_sees_only_what_rests_on_what_they_may_see(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    recipe: dict[str, Any] = {
        "expansions": [{"ids": [net["p3"]], "hops": 2}],
        "positions": {net["p3"]: [10, 20], net["a1"]: [30, 40]},
        "pinned": [net["a1"]],
    }
    by3 = _save(store, clock, "analyst3", [net["p3"]], **recipe)
    high = charts.chart_open(_g(store, clock, "analyst3"), chart_id=by3)
    assert {net["a1"], net["p4"], net["p6"]} <= {n.id for n in high.nodes}
    assert high.pinned == [net["a1"]] and high.positions[net["a1"]] == (30.0, 40.0)

    low = charts.chart_open(_g(store, clock), chart_id=by3)
    low_ids = {n.id for n in low.nodes}
    assert low_ids == {net["p3"], net["v1"], net["p2"]}
    assert not any("src:r3" in e.reg_keys for e in low.edges)
    assert low.pinned == [] and set(low.positions) == {net["p3"]}
    # the same recipe saved by the level-1 reader draws exactly the same chart: nothing betrays
    # that the author saw more (no placeholder, no count)
    by1 = _save(
        store,
        clock,
        "analyst1",
        [net["p3"]],
        **{**recipe, "positions": {net["p3"]: [10, 20]}, "pinned": []},
    )
    assert _shape(charts.chart_open(_g(store, clock), chart_id=by1)) == _shape(low)


def test_a_hidden_seed_is_left_out_like_a_missing_one(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    # p6 is known only from a level-3 record
    with_hidden = _save(store, clock, "analyst3", [net["p6"], net["p5"]])
    without = _save(store, clock, "analyst1", [net["p5"]])
    seen = charts.chart_open(_g(store, clock), chart_id=with_hidden)
    assert _shape(seen) == _shape(charts.chart_open(_g(store, clock), chart_id=without))
    assert (
        charts.chart_open(_g(store, clock, "analyst3"), chart_id=with_hidden).nodes[0].id
        == net["p6"]
    )
    # an expansion from a node the reader's re-run never put on the chart is not run
    hidden_step = _save(
        store, clock, "analyst3", [net["p5"], net["p6"]], expansions=[{"ids": [net["p6"]]}]
    )
    assert _shape(charts.chart_open(_g(store, clock), chart_id=hidden_step)) == _shape(seen)
    # saving: a seed the author may not see is refused exactly like one that does not exist
    answers = []
    for eid in (net["p6"], "e00000000000000000000"):
        with pytest.raises(NotFound) as exc:
            _save(store, clock, "analyst1", [eid])
        answers.append(str(exc.value).replace(eid, "ID"))
    assert answers[0] == answers[1]


def test_members_only_and_other_cases_charts_answer_like_missing(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    chart_id = _save(store, clock, "analyst1", [net["p2"]])
    assert [c.chart_id for c in charts.chart_list(_g(store, clock, "analyst2"))] == [chart_id]
    # not a member of ZAAK-1: refused before anything is read
    with pytest.raises(Denied, match="not a member"):
        charts.chart_list(_g(store, clock, "fg"))
    with pytest.raises(Denied, match="not a member"):
        charts.chart_open(_g(store, clock, "fg"), chart_id=chart_id)
    # a member of another case: the chart is not there, exactly like an unknown id
    assert charts.chart_list(_g(store, clock, "analyst1", "THEMA-1")) == []
    answers = []
    for cid in (chart_id, "c" + "0" * 20):
        with pytest.raises(NotFound) as exc:
            charts.chart_open(_g(store, clock, "analyst1", "THEMA-1"), chart_id=cid)
        answers.append(str(exc.value).replace(cid, "ID"))
        with pytest.raises(NotFound):
            charts.chart_export(_g(store, clock, "analyst1", "THEMA-1"), chart_id=cid)
    assert answers[0] == answers[1]


def test_recipes_are_checked(store: Store, clock: FixedClock, net: dict[str, str]) -> None:
    with pytest.raises(RaffError, match="title"):
        charts.chart_save(_g(store, clock), title="", seeds=[net["p1"]])
    with pytest.raises(RaffError, match="seed"):
        charts.chart_save(_g(store, clock), title="Leeg", seeds=[])
    with pytest.raises(RaffError, match="unknown link type"):
        _save(
            store,
            clock,
            "analyst1",
            [net["p1"]],
            expansions=[{"ids": [net["p1"]], "link_types": ["knows"]}],
        )
    with pytest.raises(RaffError, match="hops"):
        _save(store, clock, "analyst1", [net["p1"]], expansions=[{"ids": [net["p1"]], "hops": 3}])
    # an expansion from an id the author cannot see is refused like a seed
    with pytest.raises(NotFound):
        _save(store, clock, "analyst1", [net["p1"]], expansions=[{"ids": [net["a1"]]}])


def test_open_is_audited_with_what_it_exposed_and_save_reads_nothing(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    chart_id = _save(
        store, clock, "analyst1", [net["p1"], net["p3"]], paths=[[net["p1"], net["p3"]]]
    )
    view = charts.chart_open(_g(store, clock), chart_id=chart_id)
    # the path p1 -> p3 was re-run: the chart holds it
    assert {net["p1"], net["t1"], net["p2"], net["v1"], net["p3"]} == {n.id for n in view.nodes}
    rows = store.query(
        "SELECT service, action, record_ids FROM audit_log WHERE service LIKE 'chart_%' ORDER BY seq"
    )
    assert [(s, a) for s, a, _ in rows] == [("chart_save", "alter"), ("chart_open", "consult")]
    assert json.loads(rows[0][2]) == []
    assert {"src:r1", "src:r2"} <= set(json.loads(rows[1][2]))


def test_delete_by_the_author_or_a_lead(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    chart_id = _save(store, clock, "analyst1", [net["p1"]])
    with pytest.raises(Denied):
        charts.chart_delete(_g(store, clock, "analyst2"), chart_id=chart_id)
    charts.chart_delete(_g(store, clock, "lead"), chart_id=chart_id)
    with pytest.raises(NotFound):
        charts.chart_open(_g(store, clock), chart_id=chart_id)


def test_exports_are_valid_graphml_and_gexf_of_what_the_reader_sees(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    chart_id = _save(
        store,
        clock,
        "analyst3",
        [net["p3"]],
        expansions=[{"ids": [net["p3"]], "hops": 2}],
        positions={net["p3"]: [1.5, 2.5]},
    )
    low = charts.chart_open(_g(store, clock), chart_id=chart_id)
    graphml = charts.chart_export(_g(store, clock), chart_id=chart_id, format="graphml")
    root = ET.fromstring(graphml)
    ns = {"g": GRAPHML_NS}
    assert root.tag == f"{{{GRAPHML_NS}}}graphml"
    keys = {k.get("id"): k.get("for") for k in root.findall("g:key", ns)}
    assert keys["caption"] == "node" and keys["link_type"] == "edge"
    graph = root.find("g:graph", ns)
    assert graph is not None and graph.get("edgedefault") == "undirected"
    nodes = {
        n.get("id"): {d.get("key"): d.text for d in n.findall("g:data", ns)}
        for n in graph.findall("g:node", ns)
    }
    assert set(nodes) == {n.id for n in low.nodes}
    assert nodes[net["v1"]]["caption"] == "XL-12-BB" and nodes[net["v1"]]["type"] == "Vehicle"
    assert nodes[net["p3"]]["x"] == "1.5"
    edges = graph.findall("g:edge", ns)
    assert {(e.get("source"), e.get("target")) for e in edges} == {
        (e.source, e.target) for e in low.edges
    }
    assert {e.find("g:data", ns).text for e in edges} == {"drives", "registeredKeeper"}  # type: ignore[union-attr]

    gexf = charts.chart_export(_g(store, clock), chart_id=chart_id, format="gexf")
    root = ET.fromstring(gexf)
    ns = {"x": GEXF_NS}
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.2"
    assert {n.get("id") for n in root.findall("x:graph/x:nodes/x:node", ns)} == set(nodes)
    assert len(root.findall("x:graph/x:edges/x:edge", ns)) == len(low.edges)
    for text in (graphml, gexf):
        assert "src:" not in text and "src/" not in text  # no registration or record key
        assert net["a1"] not in text and net["p6"] not in text
    with pytest.raises(RaffError, match="format"):
        charts.chart_export(_g(store, clock), chart_id=chart_id, format="dot")
    consults = store.query(
        "SELECT record_ids FROM audit_log WHERE service = 'chart_export' AND outcome = 'ok'"
    )
    assert len(consults) == 2 and all("src:r2" in ids for (ids,) in consults)
