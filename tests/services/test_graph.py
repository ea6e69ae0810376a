"""The network services (issue 10): expand, paths, centrality and communities over what the
session may see. A path that exists only through a hidden record is "no path", exactly as for
unconnected entities; no hidden node, edge or count shapes an answer."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from raffinaderij.api.routes import plain
from raffinaderij.clock import FixedClock
from raffinaderij.errors import NotFound, RaffError
from raffinaderij.graph import LinkGraph, fold, paths_between
from raffinaderij.graph.adjacency import build_adjacency
from raffinaderij.guard import lookup
from raffinaderij.services import graph
from raffinaderij.store.db import Store
from raffinaderij.store.entity_ids import assign_groups
from support import add_record, entity_id, guard_for

P = "src/Person/"


def _g(store: Store, clock: FixedClock, user: str = "analyst1") -> Any:
    return guard_for(store, clock, user)


def test_expand_one_and_two_hops(store: Store, clock: FixedClock, net: dict[str, str]) -> None:
    one = graph.graph_expand(_g(store, clock), entity_ids=[net["p2"]])
    assert {n.id for n in one.nodes} == {net["p2"], net["t1"], net["v1"]}
    assert one.more == 0
    captions = {n.id: n.caption for n in one.nodes}
    assert captions[net["v1"]] == "XL-12-BB" and captions[net["p2"]] == "Naam2"
    two = graph.graph_expand(_g(store, clock), entity_ids=[net["p2"]], hops=2)
    assert {n.id for n in two.nodes} == {net[k] for k in ("p1", "p2", "p3", "t1", "v1")}
    assert {n.id: n.hop for n in two.nodes}[net["p1"]] == 2
    assert {(e.source, e.target, e.link_type) for e in two.edges} == {
        (net["p1"], net["t1"], "usesPhone"),
        (net["p2"], net["t1"], "usesPhone"),
        (net["p2"], net["v1"], "drives"),
        (net["p3"], net["v1"], "registeredKeeper"),
    }
    assert all(e.reg_keys for e in two.edges)
    # a link type filter keeps only those links
    phones = graph.graph_expand(
        _g(store, clock), entity_ids=[net["p2"]], hops=2, link_types=["usesPhone"]
    )
    assert {n.id for n in phones.nodes} == {net["p1"], net["p2"], net["t1"]}


def _order(row: tuple[str, str, str, str | None, str]) -> tuple[str, ...]:
    return (row[0], row[1], row[2], row[4], row[3] or "")


@pytest.mark.parametrize("way", ["relations", "adjacency", "stale"])
def test_a_neighbourhood_read_is_the_definitions_rows(
    store: Store, clock: FixedClock, net: dict[str, str], way: str
) -> None:
    """The per-hop read (keys first, both directions, the other end checked for the candidates
    only) gives exactly the rows of the visible-edge definition over the whole network that
    have an end among the ids, and the captions' read exactly the visible statements of the
    ids: for every reader, on a world with hidden records, an entity of several keys, a link
    between two keys of one hop, and a visible link to an entity whose own values are all
    hidden. Read by key from the graph adjacency when it is current, through the relations
    when it was never built, or is stale (a record ingested after its build)."""
    add_record(
        store,
        reg_id="r6",
        entities=[("p5", "Person", {}), ("a1", "Address", {})],
        links=[("p5", "livesAt", "a1", "bewoner")],
    )
    if way != "relations":
        build_adjacency(store)
    if way == "stale":  # ingested after the build: p2 and p3 share a phone too
        add_record(
            store,
            reg_id="r7",
            entities=[("p2", "Person", {}), ("p3", "Person", {}), ("t1", "Phone", {})],
            links=[("p2", "usesPhone", "t1", None), ("p3", "usesPhone", "t1", "getuige")],
        )
    with store.transaction() as cur:  # p1 and p6 (known only from level 3) are one person
        assign_groups(cur, pa.table({"entity_key": [P + "p1", P + "p6"], "grp": ["g", "g"]}))
    ids = sorted(str(r[0]) for r in store.query("SELECT DISTINCT entity_id FROM entity_ids"))
    a1, p5 = entity_id(store, "src/Address/a1"), entity_id(store, P + "p5")
    subsets = [[i] for i in ids] + [ids, ids[::2], [*ids[:3], "e-missing"], ["e-missing"]]
    seen: dict[str, set[tuple[str, str]]] = {}
    for user in ("analyst1", "analyst2", "analyst3", "analyst4"):
        g = _g(store, clock, user)
        rel = g.relations("search")
        assert lookup.by_key(store, rel) == (way == "adjacency")
        for subset in subsets:
            keys = graph.keys_of(g, rel, subset)
            expected_st = rel.query(
                store,
                "SELECT entity_id, schema, prop, value, reg_key FROM scoped_statements"
                " WHERE list_contains($keys, entity_key)",
                {"keys": keys},
            )
            got_st = [astuple(st) for st in lookup.statements_of(store, rel, keys)]
            assert got_st == sorted(expected_st, key=lambda r: (r[0], r[2], r[3], r[4])), user
        filters = [
            graph.NO_FILTER,
            graph.LinkFilter(roles=("bewoner",)),
            graph.LinkFilter(bases=(8,), start=date(2026, 1, 1), end=date(2026, 12, 31)),
        ]
        for types in (graph.checked_types(None), ["livesAt"], ["drives", "usesPhone"]):
            for only in filters:
                whole = graph.edge_rows(g, rel, types, None, only)
                if only == graph.NO_FILTER:  # the case graph's edges, folded in SQL
                    assert graph.case_edges(g, rel, types) == fold(whole), (user, types)
                for subset in subsets:
                    got = graph.neighbour_rows(g, rel, types, subset, only)
                    expected = [r for r in whole if r[0] in subset or r[1] in subset]
                    assert sorted(got, key=_order) == sorted(expected, key=_order), (user, only)
                seen[user] = seen.get(user, set()) | {(r[0], r[1]) for r in whole}
    # the world does exercise the rule: the link to a1 is an edge only where a1 is visible
    assert (p5, a1) not in seen["analyst1"] and (p5, a1) in seen["analyst3"]


def test_expand_is_capped_with_n_more(store: Store, clock: FixedClock, net: dict[str, str]) -> None:
    capped = graph.graph_expand(_g(store, clock), entity_ids=[net["p2"]], limit=2)
    assert len(capped.nodes) == 2 and capped.more == 1
    assert sum(capped.more_by_type.values()) == 1


def test_hidden_links_shape_nothing(store: Store, clock: FixedClock, net: dict[str, str]) -> None:
    low = graph.graph_expand(_g(store, clock), entity_ids=[net["p3"]], hops=2)
    high = graph.graph_expand(_g(store, clock, "analyst3"), entity_ids=[net["p3"]], hops=2)
    assert net["a1"] in {n.id for n in high.nodes} and net["p4"] in {n.id for n in high.nodes}
    low_ids = {n.id for n in low.nodes}
    assert not low_ids & {net["a1"], net["p4"], net["p6"]}
    assert low.more == 0 and low.more_by_type == {}
    assert not any("src:r3" in e.reg_keys for e in low.edges)


def test_a_path_only_through_a_hidden_record_is_no_path(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    found = graph.graph_path(_g(store, clock), source=net["p1"], target=net["p3"])
    assert found.found and found.length == 4
    assert found.paths == [[net["p1"], net["t1"], net["p2"], net["v1"], net["p3"]]]
    assert {e.link_type for e in found.edges} == {"usesPhone", "drives", "registeredKeeper"}
    # p4 is visible to analyst1, but reachable only through the level-3 address
    hidden = graph.graph_path(_g(store, clock), source=net["p1"], target=net["p4"])
    unconnected = graph.graph_path(_g(store, clock), source=net["p1"], target=net["p5"])
    assert plain(hidden) == plain(unconnected)
    assert not hidden.found and hidden.paths == [] and hidden.length is None
    # a level-3 analyst sees the address, and so the path
    high = graph.graph_path(_g(store, clock, "analyst3"), source=net["p1"], target=net["p4"])
    assert high.found and high.length == 6


def test_k_shortest_paths(store: Store, clock: FixedClock, net: dict[str, str]) -> None:
    # a second, longer route p1 -> p3: p1 drives a car p3 keeps... via one more phone
    add_record(
        store,
        reg_id="r6",
        entities=[
            ("p1", "Person", {"surname": "Naam1"}),
            ("p3", "Person", {"surname": "Naam3"}),
            ("t9", "Phone", {"number": "+31687654321"}),
        ],
        links=[("p1", "usesPhone", "t9", None), ("p3", "usesPhone", "t9", None)],
    )
    answer = graph.graph_path(_g(store, clock), source=net["p1"], target=net["p3"], k=3)
    assert answer.length == 2
    assert [len(p) for p in answer.paths] == [3, 5]


def test_hidden_and_missing_entities_answer_alike(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    answers = []
    for eid in (net["p6"], "e00000000000000000000"):
        with pytest.raises(NotFound) as exc:
            graph.graph_expand(_g(store, clock), entity_ids=[eid])
        answers.append(str(exc.value).replace(eid, "ID"))
        with pytest.raises(NotFound) as exc:
            graph.graph_path(_g(store, clock), source=net["p1"], target=eid)
        answers.append(str(exc.value).replace(eid, "ID"))
    assert answers[:2] == answers[2:]
    with pytest.raises(RaffError, match="unknown link type"):
        graph.graph_expand(_g(store, clock), entity_ids=[net["p1"]], link_types=["knows"])
    with pytest.raises(RaffError, match="hops"):
        graph.graph_expand(_g(store, clock), entity_ids=[net["p1"]], hops=3)


def test_centrality_and_communities_of_the_visible_graph(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    central = graph.graph_central(_g(store, clock))
    by_id = {c.node.id: c for c in central}
    assert not set(by_id) & {net["a1"], net["p4"], net["p6"]}
    assert by_id[net["p2"]].degree == 2 and by_id[net["t1"]].degree == 2
    # p2 lies on every path between the phone side and the car side
    assert central[0].node.id == net["p2"] and central[0].betweenness > 0
    high = {c.node.id for c in graph.graph_central(_g(store, clock, "analyst3"))}
    assert net["a1"] in high
    communities = graph.graph_communities(_g(store, clock), min_size=2)
    members = {n.id for c in communities for n in c.nodes}
    assert not members & {net["a1"], net["p4"], net["p6"]}
    again = graph.graph_communities(_g(store, clock), min_size=2)
    assert plain(again) == plain(communities)
    audit = store.query(
        "SELECT service, record_ids FROM audit_log WHERE service LIKE 'graph_%' ORDER BY seq"
    )
    assert audit and all(service.startswith("graph_") for service, _ in audit)
    assert not any("src:r3" in str(ids) for _, ids in audit[:1])


def test_leiden_finds_two_planted_groups_deterministically() -> None:
    rows = []
    for group in ("a", "b"):
        members = [f"{group}{i}" for i in range(6)]
        rows += [(x, y, "knows", None, "r") for x in members for y in members if x < y]
    rows.append(("a0", "b0", "knows", None, "r"))
    g = LinkGraph(rows)
    parts = g.communities(seed=7)
    assert sorted(map(sorted, parts)) == [
        [f"a{i}" for i in range(6)],
        [f"b{i}" for i in range(6)],
    ]
    assert g.communities(seed=7) == parts


@pytest.mark.parametrize("seed", range(12))
def test_bidirectional_paths_equal_the_whole_graphs(seed: int) -> None:
    """Reading only both ends' neighbourhoods finds exactly the paths the whole graph has."""
    import random

    rng = random.Random(seed)
    n = rng.randrange(5, 40)
    rows = [
        (f"n{rng.randrange(n)}", f"n{rng.randrange(n)}", rng.choice(["a", "b"]), None, "r")
        for _ in range(rng.randrange(n, 3 * n))
    ]
    whole = LinkGraph(rows)

    def neighbours(ids: list[str]) -> list[tuple[str, str, str, None, str]]:
        return [r for r in rows if r[0] in ids or r[1] in ids]

    for _ in range(10):
        a, b = f"n{rng.randrange(n)}", f"n{rng.randrange(n)}"
        if a == b or a not in whole or b not in whole:
            continue
        for k in (1, 3):
            expected = [p for p in whole.shortest_paths(a, b, k=k) if len(p) - 1 <= 5]
            got, _ = paths_between(neighbours, a, b, k=k, max_length=5)
            if k == 1:
                assert [len(p) for p in got] == [len(p) for p in expected]
            else:  # the k shortest no longer than the shortest + 2
                limit = len(expected[0]) + 2 if expected else 0
                assert [len(p) for p in got] == [len(p) for p in expected if len(p) <= limit]


def test_betweenness_on_a_large_network_is_estimated_from_pivots() -> None:
    """Above EXACT_BETWEENNESS nodes betweenness comes from seeded pivots (exact Brandes costs
    hours at 100k nodes): the most central nodes are the exact computation's, the figures close,
    the answer says it is an estimate, and the same seed gives the same figures."""
    import random

    import raffinaderij.graph.network as network

    rng = random.Random(3)
    n = 1500
    # a preferential-attachment network: a few hubs carry most shortest paths
    rows, targets = [], ["n0", "n1"]
    rows.append(("n0", "n1", "knows", None, "r"))
    for i in range(2, n):
        for t in {rng.choice(targets), rng.choice(targets)}:
            rows.append((f"n{i}", t, "knows", None, "r"))
            targets.append(t)
        targets.append(f"n{i}")
    g = LinkGraph(rows)
    exact = {m.entity_id: m.betweenness for m in g.measures()}
    assert not g.betweenness_estimated
    limit = network.EXACT_BETWEENNESS
    try:
        network.EXACT_BETWEENNESS = 1000
        assert g.betweenness_estimated
        estimate = {m.entity_id: m.betweenness for m in g.measures(seed=5)}
        assert estimate == {m.entity_id: m.betweenness for m in g.measures(seed=5)}
    finally:
        network.EXACT_BETWEENNESS = limit
    top = sorted(exact, key=lambda k: -exact[k])[:5]
    assert set(sorted(estimate, key=lambda k: -estimate[k])[:10]) >= set(top)
    assert all(0.7 < estimate[k] / exact[k] < 1.3 for k in top)


def test_expand_along_roles_bases_and_dates(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    from datetime import date

    add_record(
        store,
        reg_id="r7",
        first_processed=date(2026, 9, 1),
        entities=[
            ("p1", "Person", {"surname": "Naam1"}),
            ("p5", "Person", {"surname": "Naam5"}),
            ("i1", "Incident", {"incidentNumber": "PL-1"}),
        ],
        links=[("p1", "involvedIn", "i1", "suspect"), ("p5", "involvedIn", "i1", "witness")],
    )
    g = _g(store, clock)
    incident = next(
        n.id for n in graph.graph_expand(g, entity_ids=[net["p1"]]).nodes if n.schema == "Incident"
    )

    def around(**only: Any) -> set[str]:
        return {n.id for n in graph.graph_expand(g, entity_ids=[incident], **only).nodes}

    assert around() == {incident, net["p1"], net["p5"]}
    assert around(roles=["suspect"]) == {incident, net["p1"]}
    assert around(roles=["Witness"]) == {incident, net["p5"]}  # codes match case-insensitively
    assert around(basis=[9]) == {incident}
    assert around(start=date(2026, 8, 1)) == around()
    assert around(end=date(2026, 8, 1)) == {incident}
    # p1's phone (processed 2026-06-01) is outside a September window
    p1 = {n.id for n in graph.graph_expand(g, entity_ids=[net["p1"]], start=date(2026, 9, 1)).nodes}
    assert net["t1"] not in p1 and incident in p1
    for bad, message in (
        ({"roles": ["boss"]}, "unknown role"),
        ({"basis": [12]}, "unknown legal basis"),
        ({"start": date(2026, 9, 2), "end": date(2026, 9, 1)}, "after end"),
    ):
        with pytest.raises(RaffError, match=message):
            graph.graph_expand(g, entity_ids=[incident], **bad)


def test_a_saved_chart_keeps_its_expansion_filter(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    from raffinaderij.services import charts

    g = _g(store, clock)
    made = charts.chart_save(
        g,
        title="alleen telefoons na juni",
        seeds=[net["p2"]],
        expansions=[{"ids": [net["p2"]], "start": "2026-07-01"}],
    )
    opened = charts.chart_open(g, chart_id=made.chart_id)
    assert {n.id for n in opened.nodes} == {net["p2"]}  # every link of p2 is from June
    plain_chart = charts.chart_save(
        g, title="alles", seeds=[net["p2"]], expansions=[{"ids": [net["p2"]]}]
    )
    assert len(charts.chart_open(g, chart_id=plain_chart.chart_id).nodes) == 3
    with pytest.raises(RaffError, match="unknown role"):
        charts.chart_save(
            g, title="fout", seeds=[net["p2"]], expansions=[{"ids": [net["p2"]], "roles": ["x"]}]
        )


def test_a_network_measure_names_what_it_showed_and_counts_the_rest(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    import json

    top = graph.graph_central(_g(store, clock, "analyst3"), limit=1)
    # p3 or the car, tied: between the phone side and the address
    assert [c.node.id for c in top] in ([net["p3"]], [net["v1"]])
    ids, query = store.query(
        "SELECT record_ids, query FROM audit_log WHERE service = 'graph_central' ORDER BY seq DESC"
        " LIMIT 1"
    )[0]
    # the shown node's own registrations (its caption, its links), not r1 (the phone) or r5
    assert "src:r2" in json.loads(ids) and set(json.loads(ids)) <= {"src:r2", "src:r3"}
    result = json.loads(query)["result"]
    assert result["network_registrations"] == 4 and len(result["network_digest"]) == 64
