"""Who shares what, and how a set of entities hangs together (issue 10), read through the guard.

- `graph_cooccurrence`: persons sharing an incident, address, vehicle, phone, account,
  organisation or document, each pair with the shared things and the link statements that say
  so (the evidence), strongest first.
- `graph_connect`: the connecting network of a set of entities — the shortest visible path
  between every two of them, drawn as one network, and the pairs that are not connected.

Both are built from the same visible edges as the other network services (`edge_rows`), so a
hidden record joins no pair and carries no path."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from raffinaderij.errors import RaffError
from raffinaderij.graph import EdgeRow, LinkEdge, fold, paths_between
from raffinaderij.graph.cooccur import cooccurrences
from raffinaderij.guard.session import Guard
from raffinaderij.services.graph import (
    MAX_NODES,
    MAX_PATH_LENGTH,
    Node,
    answer_edges,
    checked_types,
    edge_rows,
    nodes_of,
    person_ids,
    require_visible,
)
from raffinaderij.services.registry import service
from raffinaderij.store.relation import Relations

__all__ = [
    "Connection",
    "CoOccurrence",
    "CoOccurrences",
    "Shared",
    "graph_connect",
    "graph_cooccurrence",
]

#: a connecting network joins at most this many entities (every two: 66 shortest paths)
MAX_CONNECT = 12


@dataclass(frozen=True)
class Shared:
    via: Node
    persons: int  # persons in the visible network linked to it
    links: list[LinkEdge]


@dataclass(frozen=True)
class CoOccurrence:
    a: Node
    b: Node
    weight: float
    shared: list[Shared]


@dataclass(frozen=True)
class CoOccurrences:
    pairs: list[CoOccurrence]
    more: int  # pairs left out by the limit
    #: over the whole case: things linked to more than HUB_PERSONS persons, which join no pair
    hubs: int = 0


@dataclass(frozen=True)
class Connection:
    nodes: list[Node]
    edges: list[LinkEdge]
    connected: list[list[str]]  # pairs joined by a path of at most max_length links
    unconnected: list[list[str]]


@service("graph_cooccurrence", action="consult")
def graph_cooccurrence(
    guard: Guard,
    *,
    entity_ids: list[str] | None = None,
    link_types: list[str] | None = None,
    limit: int = 50,
) -> CoOccurrences:
    """Persons who share something, strongest first: of the persons named (each pair with at
    least one of them), or of the case's whole visible network when none are named (there a
    thing linked to more than HUB_PERSONS persons joins no pair; `hubs` counts them)."""
    if not 1 <= limit <= MAX_NODES:
        raise RaffError(f"limit must be 1 to {MAX_NODES}")
    types = checked_types(link_types)
    rel = guard.relations("search")
    if entity_ids:
        seeds = list(dict.fromkeys(entity_ids))
        require_visible(guard, rel, seeds)
        near = edge_rows(guard, rel, types, seeds)
        things = sorted({n for row in near for n in row[:2]} - set(seeds))
        edges = fold([*near, *(edge_rows(guard, rel, types, things) if things else [])])
        persons = person_ids(guard, rel, {n for e in edges for n in (e.source, e.target)})
        pairs, hubs = cooccurrences(edges, persons, focus=set(seeds) & persons)
    else:
        edges = fold(edge_rows(guard, rel, types))
        pairs, hubs = cooccurrences(edges, person_ids(guard, rel, None))
    shown = pairs[:limit]
    wanted = {n for p in shown for n in (p.a, p.b, *(s.via for s in p.shared))}
    nodes = nodes_of(guard, rel, wanted)
    answer_edges(guard, [e for p in shown for s in p.shared for e in s.links])
    guard.note(pairs=len(shown), more=len(pairs) - len(shown), hubs=hubs)
    return CoOccurrences(
        [
            CoOccurrence(
                nodes[p.a],
                nodes[p.b],
                round(p.weight, 4),
                [Shared(nodes[s.via], s.persons, list(s.links)) for s in p.shared],
            )
            for p in shown
        ],
        len(pairs) - len(shown),
        hubs,
    )


@service("graph_connect", action="consult")
def graph_connect(
    guard: Guard,
    *,
    entity_ids: list[str],
    max_length: int = 6,
    link_types: list[str] | None = None,
) -> Connection:
    """How a set of entities hangs together: the shortest visible path (at most `max_length`
    links) between every two of them, as one network; the pairs with no such path are named."""
    seeds = list(dict.fromkeys(entity_ids))
    if not 2 <= len(seeds) <= MAX_CONNECT:
        raise RaffError(f"give 2 to {MAX_CONNECT} entity ids to connect")
    if not 1 <= max_length <= MAX_PATH_LENGTH:
        raise RaffError(f"max_length must be 1 to {MAX_PATH_LENGTH}")
    types = checked_types(link_types)
    rel = guard.relations("search")
    require_visible(guard, rel, seeds)
    neighbours = _Neighbourhoods(guard, rel, types)
    edges: dict[tuple[str, str, str], LinkEdge] = {}
    on_path: set[str] = set(seeds)
    connected, unconnected = [], []
    for a, b in combinations(seeds, 2):
        paths, sub = paths_between(neighbours, a, b, k=1, max_length=max_length)
        if not paths:
            unconnected.append([a, b])
            continue
        connected.append([a, b])
        on_path.update(paths[0])
        edges.update({(e.source, e.target, e.link_type): e for e in sub.edges_along(paths[0])})
    nodes = nodes_of(guard, rel, on_path)
    guard.note(nodes=len(nodes), edges=len(edges), unconnected=len(unconnected))
    return Connection(
        [nodes[n] for n in sorted(on_path, key=lambda n: (n not in seeds, n)) if n in nodes],
        answer_edges(guard, [edges[k] for k in sorted(edges)]),
        connected,
        unconnected,
    )


class _Neighbourhoods:
    """The visible edge rows touching a set of ids, each id's read once per call of the
    service (the paths between every two of a set overlap)."""

    def __init__(self, guard: Guard, rel: Relations, types: list[str]) -> None:
        self.guard, self.rel, self.types = guard, rel, types
        self.seen: dict[str, list[EdgeRow]] = {}

    def __call__(self, ids: list[str]) -> list[EdgeRow]:
        missing = [i for i in ids if i not in self.seen]
        if missing:
            for i in missing:
                self.seen[i] = []
            wanted = set(missing)
            for row in edge_rows(self.guard, self.rel, self.types, missing):
                for end in {row[0], row[1]} & wanted:
                    self.seen[end].append(row)
        out: dict[EdgeRow, None] = {}
        for i in ids:
            out.update(dict.fromkeys(self.seen[i]))
        return list(out)
