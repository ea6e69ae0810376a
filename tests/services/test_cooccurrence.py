"""Who shares what, and the connecting network of a set (issue 10), over what the session may
see: a thing shared only in a hidden record joins no pair, and a path only through one joins
nothing — answered exactly as for persons who share nothing."""

from __future__ import annotations

from typing import Any

import pytest

from raffinaderij.api.routes import plain
from raffinaderij.clock import FixedClock
from raffinaderij.errors import NotFound, RaffError
from raffinaderij.graph import LinkEdge
from raffinaderij.graph.cooccur import (
    HUB_PERSONS,
    cooccurrences,
    person_communities,
    projection,
)
from raffinaderij.services import cooccurrence, graph
from raffinaderij.store.db import Store
from support import guard_for


def _g(store: Store, clock: FixedClock, user: str = "analyst1") -> Any:
    return guard_for(store, clock, user)


def _pairs(answer: cooccurrence.CoOccurrences) -> dict[frozenset[str], list[str]]:
    return {frozenset((p.a.id, p.b.id)): [s.via.id for s in p.shared] for p in answer.pairs}


def test_pairs_of_the_whole_case_with_their_evidence(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    low = cooccurrence.graph_cooccurrence(_g(store, clock))
    assert _pairs(low) == {
        frozenset((net["p1"], net["p2"])): [net["t1"]],
        frozenset((net["p2"], net["p3"])): [net["v1"]],
    }
    shared = {frozenset((p.a.id, p.b.id)): p.shared[0] for p in low.pairs}
    by_car = shared[frozenset((net["p2"], net["p3"]))]
    assert by_car.via.caption == "XL-12-BB" and by_car.persons == 2
    assert {(e.link_type, e.reg_keys) for e in by_car.links} == {
        ("drives", ("src:r2",)),
        ("registeredKeeper", ("src:r2",)),
    }
    # a level-3 analyst sees the address three persons share; each such pair weighs 1/2
    high = cooccurrence.graph_cooccurrence(_g(store, clock, "analyst3"))
    trio = [frozenset(p) for p in ((net["p3"], net["p4"]), (net["p3"], net["p6"]))]
    assert all(_pairs(high)[t] == [net["a1"]] for t in trio)
    assert {round(p.weight, 2) for p in high.pairs} == {1.0, 0.5}
    assert not any(net["a1"] in vias for vias in _pairs(low).values())


def test_pairs_of_named_persons(store: Store, clock: FixedClock, net: dict[str, str]) -> None:
    low = cooccurrence.graph_cooccurrence(_g(store, clock), entity_ids=[net["p3"]])
    assert _pairs(low) == {frozenset((net["p2"], net["p3"])): [net["v1"]]}
    high = cooccurrence.graph_cooccurrence(_g(store, clock, "analyst3"), entity_ids=[net["p3"]])
    assert set(_pairs(high)) == {
        frozenset((net["p2"], net["p3"])),
        frozenset((net["p3"], net["p4"])),
        frozenset((net["p3"], net["p6"])),
    }
    # p4 and p6 share the address too, but neither was named
    capped = cooccurrence.graph_cooccurrence(
        _g(store, clock, "analyst3"), entity_ids=[net["p3"]], limit=1
    )
    assert len(capped.pairs) == 1 and capped.more == 2


def test_hidden_and_missing_answer_alike(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    answers = []
    for eid in (net["p6"], "e00000000000000000000"):
        for call in (
            lambda e: cooccurrence.graph_cooccurrence(_g(store, clock), entity_ids=[e]),
            lambda e: cooccurrence.graph_connect(_g(store, clock), entity_ids=[net["p1"], e]),
        ):
            with pytest.raises(NotFound) as exc:
                call(eid)
            answers.append(str(exc.value).replace(eid, "ID"))
    assert answers[:2] == answers[2:]


def test_connecting_network(store: Store, clock: FixedClock, net: dict[str, str]) -> None:
    joined = cooccurrence.graph_connect(
        _g(store, clock), entity_ids=[net["p1"], net["p3"], net["p5"]]
    )
    assert {n.id for n in joined.nodes} == {net[k] for k in ("p1", "t1", "p2", "v1", "p3", "p5")}
    assert [n.id for n in joined.nodes][:3] == sorted([net["p1"], net["p3"], net["p5"]])
    assert joined.connected == [[net["p1"], net["p3"]]]
    assert sorted(map(sorted, joined.unconnected)) == sorted(
        [sorted([net["p1"], net["p5"]]), sorted([net["p3"], net["p5"]])]
    )
    assert {e.link_type for e in joined.edges} == {"usesPhone", "drives", "registeredKeeper"}
    # p4 hangs on only through the level-3 address: for analyst1 like p5, who hangs on nowhere
    hidden = cooccurrence.graph_connect(_g(store, clock), entity_ids=[net["p3"], net["p4"]])
    alone = cooccurrence.graph_connect(_g(store, clock), entity_ids=[net["p3"], net["p5"]])
    strip = {net["p4"]: "X", net["p5"]: "X", "Naam4": "NAME", "Naam5": "NAME"}
    assert _swap(plain(hidden), strip) == _swap(plain(alone), strip)
    high = cooccurrence.graph_connect(
        _g(store, clock, "analyst3"), entity_ids=[net["p3"], net["p4"]]
    )
    assert high.connected and net["a1"] in {n.id for n in high.nodes}
    with pytest.raises(RaffError, match="2 to 12"):
        cooccurrence.graph_connect(_g(store, clock), entity_ids=[net["p1"]])


def test_person_communities_hold_persons_only(
    store: Store, clock: FixedClock, net: dict[str, str]
) -> None:
    groups = graph.graph_communities(_g(store, clock, "analyst3"), persons=True, min_size=2)
    members = [n for g in groups for n in g.nodes]
    assert members and {n.schema for n in members} == {"Person"}
    assert net["p5"] not in {n.id for n in members}  # shares nothing with anyone
    low = graph.graph_communities(_g(store, clock), persons=True, min_size=2)
    assert not {net["p4"], net["p6"]} & {n.id for g in low for n in g.nodes}


def _edge(a: str, b: str, t: str = "livesAt", reg: str = "r") -> LinkEdge:
    return LinkEdge(a, b, t, (), (reg,))


def test_sharing_weighs_by_how_many_share() -> None:
    persons = {"a", "b", "c", "d"}
    edges = [
        _edge("a", "car", "drives"),
        _edge("b", "car", "drives"),
        *[_edge(p, "flat") for p in ("a", "b", "c", "d")],
        _edge("doc", "c", "mentions"),
        _edge("doc", "d", "mentions"),
        _edge("a", "d", "partnerOf"),
    ]
    found, hubs = cooccurrences(edges, persons)
    pairs = {(p.a, p.b): p for p in found}
    assert hubs == 0
    assert round(pairs[("a", "b")].weight, 3) == round(1 + 1 / 3, 3)
    assert [s.via for s in pairs[("a", "b")].shared] == ["car", "flat"]
    assert round(pairs[("c", "d")].weight, 3) == round(1 + 1 / 3, 3)  # mentioned together
    assert list(pairs)[0] in {("a", "b"), ("c", "d")}
    only, _ = cooccurrences(edges, persons, focus={"c"})
    assert {(p.a, p.b) for p in only} == {("a", "c"), ("b", "c"), ("c", "d")}
    weights, _ = projection(edges, persons)
    assert round(weights[("a", "d")], 3) == round(1 / 3 + 1, 3)  # the flat and their own link
    assert person_communities(edges, persons) == person_communities(edges, persons)
    assert person_communities([], persons) == ([], 0)


def test_a_hub_joins_no_pair_over_the_whole_network() -> None:
    crowd = {f"p{i:03}" for i in range(HUB_PERSONS + 1)}
    edges = [_edge(p, "tower") for p in sorted(crowd)]
    edges += [_edge("p000", "car", "drives"), _edge("p001", "car", "drives")]
    pairs, hubs = cooccurrences(edges, crowd)
    assert hubs == 1 and [(p.a, p.b, [s.via for s in p.shared]) for p in pairs] == [
        ("p000", "p001", ["car"])
    ]
    # a named person's pairs still count everyone linked to it
    named, hubs = cooccurrences(edges, crowd, focus={"p005"})
    assert hubs == 0 and len(named) == HUB_PERSONS


def _swap(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _swap(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_swap(v, names) for v in value), key=repr)
    return names.get(value, value) if isinstance(value, str) else value


def test_an_incident_ties_its_suspects_not_its_victim_or_witness() -> None:
    """The projection (communities of persons) joins co-offenders; the co-occurrence list still
    shows the victim and the witness sharing the incident, with their roles as evidence."""

    def involved(p: str, role: str | None, incident: str = "inc") -> LinkEdge:
        return LinkEdge(p, incident, "involvedIn", (role,) if role else (), ("r",))

    persons = {"a", "b", "v", "w", "x", "y"}
    edges = [
        involved("a", "suspect"),
        involved("b", "suspect"),
        involved("v", "victim"),
        involved("w", "witness"),
        # a source that records no roles: its incident ties everyone in it
        involved("x", None, "other"),
        involved("y", None, "other"),
    ]
    weights, _ = projection(edges, persons)
    assert set(weights) == {("a", "b"), ("x", "y")}
    assert round(weights[("a", "b")], 3) == round(1 / 3, 3)  # four persons share the incident
    pairs, _ = cooccurrences(edges, persons)
    assert {(p.a, p.b) for p in pairs} >= {("a", "v"), ("b", "w"), ("v", "w")}
