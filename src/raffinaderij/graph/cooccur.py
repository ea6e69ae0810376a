"""Co-occurrence: persons who share something — an incident, an address, a vehicle, a phone, an
account, an organisation, a document — with the link statements that say so; and the person
projection of a network (persons joined by what they share), on which communities are the
groups an analyst means by "who works with whom".

Like the rest of this package it never reads the store: it is handed folded, visible edges and
the set of visible persons, so nothing hidden shapes an answer. In the projection an incident
ties its suspects to each other, not its victims and witnesses to them (`ties`)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

import igraph as ig

from raffinaderij.graph.network import LEIDEN_PASSES, LEIDEN_STABLE_MAX, LinkEdge
from raffinaderij.model.codes import codes

__all__ = [
    "HUB_PERSONS",
    "Pair",
    "Sharing",
    "cooccurrences",
    "person_communities",
    "projection",
    "ties",
]

#: a direct link between two persons (family, partner, associate) weighs as much as a thing
#: only the two of them share
DIRECT_WEIGHT = 1.0
#: over the whole network, a thing linked to more persons than this joins no pair (a hub)
HUB_PERSONS = 100
#: the roles (of the role code list) in which sharing an incident ties persons into a group
CO_OFFENDING = frozenset({"suspect"})


@dataclass(frozen=True)
class Sharing:
    """One thing two persons share, and the links of both to it (the evidence)."""

    via: str
    persons: int  # how many persons in the network are linked to it
    links: tuple[LinkEdge, ...]


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    shared: tuple[Sharing, ...]
    #: the sum over what they share of 1 / (persons linked to it - 1): a car two people share
    #: counts 1, an address twenty people are registered at counts 1/19 (Adamic-Adar-like)
    weight: float


def _sharers(edges: Iterable[LinkEdge], persons: set[str]) -> dict[str, dict[str, list[LinkEdge]]]:
    """thing -> person -> the person's links to it (either direction: a document mentions a
    person, a person drives a car)."""
    out: dict[str, dict[str, list[LinkEdge]]] = {}
    for e in edges:
        for person, thing in ((e.source, e.target), (e.target, e.source)):
            if person in persons and thing not in persons:
                out.setdefault(thing, {}).setdefault(person, []).append(e)
    return out


def cooccurrences(
    edges: Iterable[LinkEdge], persons: set[str], *, focus: set[str] | None = None
) -> tuple[list[Pair], int]:
    """Every pair of persons that share at least one thing, strongest first, and the number of
    things left out as hubs. With `focus`, only pairs with at least one person of it (a person
    of it and each other person linked to the thing). Without, a thing more than HUB_PERSONS
    persons are linked to (a block of flats, a large incident) joins no pair: its pairs grow
    with the square of its persons while each weighs less than 1 / HUB_PERSONS."""
    acc: dict[tuple[str, str], list[Sharing]] = {}
    hubs = 0
    for thing, who in sorted(_sharers(edges, persons).items()):
        if len(who) < 2:
            continue
        if focus is None and len(who) > HUB_PERSONS:
            hubs += 1
            continue
        members = sorted(who)
        firsts = members if focus is None else [m for m in members if m in focus]
        done: set[tuple[str, str]] = set()
        for a in firsts:
            for b in members:
                key = (a, b) if a < b else (b, a)
                if a == b or key in done:
                    continue
                done.add(key)
                links = tuple(sorted({*who[a], *who[b]}, key=_order))
                acc.setdefault(key, []).append(Sharing(thing, len(members), links))
    pairs = [
        Pair(a, b, tuple(shared), sum(1 / (s.persons - 1) for s in shared))
        for (a, b), shared in acc.items()
    ]
    return sorted(pairs, key=lambda p: (-p.weight, -len(p.shared), p.a, p.b)), hubs


def _roles(sharing: Sharing, person: str) -> set[str]:
    return {r for e in sharing.links if person in (e.source, e.target) for r in e.roles}


def ties(sharing: Sharing, a: str, b: str) -> bool:
    """Whether a shared thing ties two persons into one group: unless both are linked to it in
    a role of the role code list and either is not a suspect. A victim or a witness shares an
    incident with its suspect but is not in the suspect's group; two suspects of one incident
    are co-offenders (the tie police network analysis starts from). Without roles (a car, a
    phone, an address) every sharing ties."""
    ra, rb = _roles(sharing, a), _roles(sharing, b)
    known = set(codes().allowed("role"))
    if not (ra & known and rb & known):
        return True
    return bool(ra & CO_OFFENDING and rb & CO_OFFENDING)


def projection(
    edges: list[LinkEdge], persons: set[str]
) -> tuple[dict[tuple[str, str], float], int]:
    """Person pair -> weight: what ties them (`ties`: what they share, as in `cooccurrences`,
    hubs left out, each thing 1 / (persons sharing it - 1)) plus their direct links; and the
    number of hubs left out."""
    pairs, hubs = cooccurrences(edges, persons)
    weights: dict[tuple[str, str], float] = {}
    for pair in pairs:
        w = sum(1 / (s.persons - 1) for s in pair.shared if ties(s, pair.a, pair.b))
        if w:
            weights[(pair.a, pair.b)] = w
    for e in edges:
        if e.source in persons and e.target in persons:
            key = (min(e.source, e.target), max(e.source, e.target))
            weights[key] = weights.get(key, 0.0) + DIRECT_WEIGHT
    return weights, hubs


def person_communities(
    edges: list[LinkEdge], persons: set[str], *, seed: int = 1
) -> tuple[list[list[str]], int]:
    """Leiden communities (weighted modularity) of the person projection, largest first, and
    the number of hubs the projection left out; a person who shares nothing with anyone is in
    none. The same seed gives the same groups."""
    weights, hubs = projection(edges, persons)
    ids = sorted({p for pair in weights for p in pair})
    if not ids:
        return [], hubs
    index = {p: i for i, p in enumerate(ids)}
    pairs = sorted(weights)
    graph = ig.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in pairs], directed=False)
    graph.es["weight"] = [weights[p] for p in pairs]
    ig.set_random_number_generator(random.Random(seed))
    try:
        passes = -1 if len(ids) <= LEIDEN_STABLE_MAX else LEIDEN_PASSES
        parts = graph.community_leiden(
            objective_function="modularity", weights="weight", n_iterations=passes
        )
    finally:
        ig.set_random_number_generator(random)
    groups = [sorted(ids[i] for i in members) for members in parts]
    return sorted(groups, key=lambda g: (-len(g), g[0])), hubs


def _order(e: LinkEdge) -> tuple[str, str, str]:
    return (e.source, e.target, e.link_type)
