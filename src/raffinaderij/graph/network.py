"""A link network over resolved entities, built from the edge rows a service hands in (rows it
read from the guard's scoped relations), and the measures analysts ask for first: neighbours,
shortest paths, centrality and communities (python-igraph).

This module never reads the store: what it is given is all it knows, so nothing the reader may
not see can shape an answer (no hidden node, edge, count or path length)."""

from __future__ import annotations

import random
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import igraph as ig

__all__ = [
    "EdgeRow",
    "Expansion",
    "LinkEdge",
    "LinkGraph",
    "Measure",
    "expand",
    "paths_between",
]

#: (source entity id, target entity id, link type, role or None, registration key)
EdgeRow = tuple[str, str, str, str | None, str]


@dataclass(frozen=True)
class LinkEdge:
    """Every link statement between two entities of one type, folded into one edge; the
    registrations it rests on are named (LAW-11)."""

    source: str
    target: str
    link_type: str
    roles: tuple[str, ...]
    reg_keys: tuple[str, ...]


def fold(rows: Iterable[EdgeRow]) -> list[LinkEdge]:
    """One edge per (source, target, link type), its roles and registrations collected."""
    acc: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    for src, dst, link_type, role, reg_key in rows:
        if src == dst:
            continue  # a resolved entity linked to itself says nothing about the network
        roles, regs = acc.setdefault((src, dst, link_type), (set(), set()))
        if role:
            roles.add(role)
        regs.add(reg_key)
    return [
        LinkEdge(s, t, lt, tuple(sorted(roles)), tuple(sorted(regs)))
        for (s, t, lt), (roles, regs) in sorted(acc.items())
    ]


#: betweenness is exact up to this many nodes, estimated from seeded pivots above
EXACT_BETWEENNESS = 5_000
BETWEENNESS_PIVOTS = 300
#: Leiden refines until stable up to this many nodes, then makes LEIDEN_PASSES passes
LEIDEN_STABLE_MAX = 20_000
LEIDEN_PASSES = 4


@dataclass(frozen=True)
class Measure:
    entity_id: str
    degree: int
    betweenness: float
    eigenvector: float


class LinkGraph:
    """An undirected igraph Graph over entity ids: links are read both ways by analysts
    ("who drives this car" and "which car does she drive")."""

    def __init__(
        self, rows: Iterable[EdgeRow] = (), *, edges: list[LinkEdge] | None = None
    ) -> None:
        """From edge rows, or from `edges` already folded (as `fold` gives them)."""
        self.edges = fold(rows) if edges is None else edges
        self.ids = sorted({e.source for e in self.edges} | {e.target for e in self.edges})
        self._index = {eid: i for i, eid in enumerate(self.ids)}
        self.graph = ig.Graph(
            n=len(self.ids),
            edges=[(self._index[e.source], self._index[e.target]) for e in self.edges],
            directed=False,
        )

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._index

    def edges_along(self, path: Sequence[str]) -> list[LinkEdge]:
        """Every edge between consecutive entities of a path (parallel links of other types too)."""
        out: dict[int, LinkEdge] = {}
        for a, b in zip(path, path[1:], strict=False):
            ia, ib = self._index[a], self._index[b]
            for e in self.graph.es.select(_between=([ia], [ib])):
                out[e.index] = self.edges[e.index]
        return list(out.values())

    def shortest_paths(self, a: str, b: str, *, k: int = 1) -> list[list[str]]:
        """Up to `k` shortest simple paths from a to b, shortest first; [] when unconnected.
        Ties are broken by igraph's deterministic order over the sorted ids."""
        if a not in self._index or b not in self._index or a == b:
            return []
        # parallel edges (two link types between the same pair) would repeat a vertex path
        simple = self.graph.copy()
        simple.simplify(multiple=True, loops=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # "couldn't reach": no path
            paths = simple.get_k_shortest_paths(self._index[a], to=self._index[b], k=k, mode="all")
        return [[self.ids[i] for i in p] for p in paths if p]

    def measures(self, *, seed: int = 1) -> list[Measure]:
        """Degree (distinct neighbours), betweenness and eigenvector centrality (of the whole
        graph, scaled to 1 for the most central node; outside the largest component it is ~0).

        Betweenness is exact up to EXACT_BETWEENNESS nodes (Brandes, O(nodes x links): hours at
        100k nodes); above, it is estimated from the shortest paths out of BETWEENNESS_PIVOTS
        seeded source nodes, scaled by nodes / pivots (Brandes and Pich's estimator):
        `betweenness_estimated` says which."""
        if not self.ids:
            return []
        simple = self.graph.copy()
        simple.simplify(multiple=True, loops=True)
        degree = simple.degree()
        n = simple.vcount()
        if self.betweenness_estimated:
            pivots = random.Random(seed).sample(range(n), min(BETWEENNESS_PIVOTS, n))
            scale = n / len(pivots)
            betweenness = [b * scale for b in simple.betweenness(directed=False, sources=pivots)]
        else:
            betweenness = simple.betweenness(directed=False)
        with warnings.catch_warnings():
            # a case graph is rarely connected; igraph then warns that small components score ~0
            warnings.simplefilter("ignore", RuntimeWarning)
            eigen = simple.eigenvector_centrality()
        return [
            Measure(eid, int(degree[i]), float(betweenness[i]), float(eigen[i]))
            for i, eid in enumerate(self.ids)
        ]

    @property
    def betweenness_estimated(self) -> bool:
        return len(self.ids) > EXACT_BETWEENNESS

    def communities(self, *, seed: int = 1) -> list[list[str]]:
        """Leiden communities (modularity), largest first; the same seed gives the same answer.
        Refined until stable up to LEIDEN_STABLE_MAX nodes; larger graphs get LEIDEN_PASSES
        passes (seconds instead of minutes at 100k nodes, modularity within a few per cent)."""
        if not self.ids:
            return []
        simple = self.graph.copy()
        simple.simplify(multiple=True, loops=True)
        # igraph draws from a Python generator we seed, so a re-run gives identical communities
        ig.set_random_number_generator(random.Random(seed))
        try:
            passes = -1 if simple.vcount() <= LEIDEN_STABLE_MAX else LEIDEN_PASSES
            parts = simple.community_leiden(objective_function="modularity", n_iterations=passes)
        finally:
            ig.set_random_number_generator(random)
        groups = [sorted(self.ids[i] for i in members) for members in parts]
        return sorted(groups, key=lambda g: (-len(g), g[0]))


@dataclass(frozen=True)
class Expansion:
    nodes: list[str]  # seeds first, then by hop
    hop: dict[str, int]
    edges: list[LinkEdge]
    more: int  # neighbours left out by the cap
    more_by_type: dict[str, int] = field(default_factory=dict)


def expand(
    neighbours: Callable[[list[str]], Iterable[EdgeRow]],
    seeds: Sequence[str],
    *,
    hops: int,
    cap: int,
) -> Expansion:
    """Breadth-first from `seeds`, at most `hops` steps and `cap` nodes in all. `neighbours`
    returns the edge rows touching a set of ids (the service reads them in its scope). Within a
    hop, nodes tied to more of the frontier come first, then by id; the rest are counted."""
    hop = {s: 0 for s in seeds}
    order = list(dict.fromkeys(seeds))
    kept: dict[tuple[str, str, str], LinkEdge] = {}
    more = 0
    more_by_type: dict[str, int] = {}
    frontier = list(order)
    for step in range(1, hops + 1):
        if not frontier:
            break
        edges = fold(neighbours(frontier))
        front = set(frontier)
        ties: dict[str, int] = {}
        for e in edges:
            for here, there in ((e.source, e.target), (e.target, e.source)):
                if here in front and there not in hop:
                    ties[there] = ties.get(there, 0) + 1
        ranked = sorted(ties, key=lambda n: (-ties[n], n))
        room = max(cap - len(order), 0)
        taken, left = ranked[:room], ranked[room:]
        for n in taken:
            hop[n] = step
            order.append(n)
        more += len(left)
        left_set = set(left)
        for e in edges:
            if e.source in hop and e.target in hop:
                kept[(e.source, e.target, e.link_type)] = e
            elif e.source in left_set or e.target in left_set:
                more_by_type[e.link_type] = more_by_type.get(e.link_type, 0) + 1
        frontier = taken
    if frontier:  # links among the outermost nodes, so the chart shows how they connect
        for e in fold(neighbours(frontier)):
            if e.source in hop and e.target in hop:
                kept[(e.source, e.target, e.link_type)] = e
    return Expansion(order, hop, sorted(kept.values(), key=_edge_order), more, more_by_type)


def paths_between(
    neighbours: Callable[[list[str]], Iterable[EdgeRow]],
    a: str,
    b: str,
    *,
    k: int,
    max_length: int,
) -> tuple[list[list[str]], LinkGraph]:
    """The k shortest paths from a to b of at most `max_length` links, reading only the
    neighbourhoods of both ends (bidirectional breadth-first, the smaller frontier first).

    Once the two balls around a and b reach radii r_a + r_b = R, every path of length <= R has
    all its edges read: a vertex at position t < r_a is within r_a of a and was expanded from
    a's side, and otherwise the next vertex is within r_b - 1 of b and was expanded from b's.
    So the k shortest paths of the explored subgraph that are no longer than R are exactly the
    graph's. For k > 1 the balls grow two links past the shortest path's length."""
    dist = ({a: 0}, {b: 0})
    frontier: tuple[list[str], list[str]] = ([a], [b])
    radius = [0, 0]
    rows: list[EdgeRow] = []
    shortest: int | None = None
    while radius[0] + radius[1] < max_length and (frontier[0] or frontier[1]):
        if shortest is not None and radius[0] + radius[1] >= shortest + (0 if k == 1 else 2):
            break
        if shortest is None and not (frontier[0] and frontier[1]):
            break  # one side's component is exhausted without meeting the other: no path
        side = 0 if frontier[0] and (len(frontier[0]) <= len(frontier[1]) or not frontier[1]) else 1
        here, seen = frontier[side], dist[side]
        found = list(neighbours(here))
        rows.extend(found)
        front = set(here)
        step = radius[side] + 1
        nxt = []
        for src, dst, *_ in found:
            for x, y in ((src, dst), (dst, src)):
                if x in front and y not in seen:
                    seen[y] = step
                    nxt.append(y)
        radius[side] = step
        frontier = (sorted(set(nxt)), frontier[1]) if side == 0 else (frontier[0], sorted(set(nxt)))
        meet = [dist[0][n] + dist[1][n] for n in dist[0].keys() & dist[1].keys()]
        if meet:
            shortest = min(meet)
    if shortest is None or shortest > max_length:
        return [], LinkGraph([])
    reach = min(radius[0] + radius[1], max_length)
    sub = LinkGraph(rows)
    paths = [p for p in sub.shortest_paths(a, b, k=k) if len(p) - 1 <= reach]
    return paths, sub


def _edge_order(e: LinkEdge) -> tuple[str, str, str]:
    return (e.source, e.target, e.link_type)
