"""The network, read through the guard (issue 10): expand from entities, paths between two,
centrality and communities of the case's visible graph.

Every edge is a link statement the session may see whose other end has a visible statement of
its own (as on the entity page), with both ends mapped to their opaque entity ids. Nodes,
edges, counts and paths are computed from those rows only, so nothing hidden shapes an answer:
a path that runs only through a hidden record is "no path", exactly as for unconnected
entities, and a hidden entity answers like a missing one."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from raffinaderij.errors import NotFound, RaffError
from raffinaderij.graph import EdgeRow, LinkEdge, LinkGraph, expand, paths_between
from raffinaderij.graph.adjacency import build_adjacency
from raffinaderij.graph.cooccur import person_communities
from raffinaderij.guard import lookup
from raffinaderij.guard.lookup import link_rows, statements_of
from raffinaderij.guard.session import Guard
from raffinaderij.model.codes import codes
from raffinaderij.model.ontology import ontology
from raffinaderij.services.registry import service
from raffinaderij.services.search import caption_for
from raffinaderij.store.db import Store
from raffinaderij.store.queries import link_types as all_link_types
from raffinaderij.store.relation import Relations

__all__ = [
    "CentralNode",
    "Community",
    "GraphAnswer",
    "LinkFilter",
    "Node",
    "PathAnswer",
    "graph_central",
    "graph_communities",
    "graph_expand",
    "graph_path",
    "link_filter",
    "rebuild_adjacency",
]

MAX_HOPS = 2
MAX_NODES = 500
MAX_PATHS = 10
MAX_PATH_LENGTH = 12


@dataclass(frozen=True)
class Node:
    id: str
    schema: str
    caption: str
    hop: int | None = None


@dataclass(frozen=True)
class GraphAnswer:
    nodes: list[Node]
    edges: list[LinkEdge]
    more: int = 0  # visible neighbours left out by the cap ("n more")
    more_by_type: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PathAnswer:
    found: bool
    length: int | None  # links on the shortest path
    paths: list[list[str]]
    nodes: list[Node]
    edges: list[LinkEdge]


@dataclass(frozen=True)
class CentralNode:
    node: Node
    degree: int
    betweenness: float
    eigenvector: float
    #: estimated from seeded pivots on a large network (graph/network.py), not exact
    betweenness_estimated: bool = False


@dataclass(frozen=True)
class Community:
    number: int
    size: int
    nodes: list[Node]


# A link is visible when its statement is, and its other end has a visible value of its own.
# This is the definition; the whole visible graph (centrality, communities) is read with it.
_EDGES = """visible_edges AS (
    SELECT l.entity_id AS src, o.entity_id AS dst, l.prop AS link_type, l.qualifier AS role,
           l.reg_key
    FROM scoped_statements l
    JOIN (SELECT DISTINCT entity_key, entity_id FROM scoped_statements
          WHERE NOT list_contains($all_links, prop)) o ON o.entity_key = l.value
    WHERE list_contains($types, l.prop){only}
)"""


@dataclass(frozen=True)
class LinkFilter:
    """Which links to follow besides their types: the role a link names (suspect, witness, ...),
    the legal basis of its registration, the day it was processed (from `start`, to `end`)."""

    roles: tuple[str, ...] = ()
    bases: tuple[int, ...] = ()
    start: date | None = None
    end: date | None = None

    def sql(self) -> tuple[str, dict[str, Any]]:
        parts: list[str] = []
        params: dict[str, Any] = {}
        if self.roles:
            parts.append("list_contains($f_roles, l.qualifier)")
            params["f_roles"] = list(self.roles)
        if self.bases:
            parts.append("list_contains($f_bases, l.legal_basis)")
            params["f_bases"] = list(self.bases)
        if self.start is not None:
            parts.append("l.first_processed >= $f_start")
            params["f_start"] = self.start
        if self.end is not None:
            parts.append("l.first_processed <= $f_end")
            params["f_end"] = self.end
        return "".join(f" AND {p}" for p in parts), params

    def recipe(self) -> dict[str, Any]:
        """The filter as a saved chart's step keeps it (plain values)."""
        return {
            "roles": list(self.roles) or None,
            "bases": list(self.bases) or None,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


NO_FILTER = LinkFilter()


def link_filter(
    roles: Sequence[str] | None = None,
    bases: Sequence[int | str] | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
) -> LinkFilter:
    """A checked filter: roles from the role code list, bases Wpg 8, 9, 10 or 13 (deny by
    default: an unknown one is refused, never ignored), start not after end."""
    known_roles = codes().allowed("role")
    wanted = []
    for role in roles or ():
        code = codes().canonical("role", str(role))
        if code is None:
            raise RaffError(f"unknown role {role!r}; known: {', '.join(known_roles)}")
        wanted.append(code)
    known_bases = codes().allowed("legal_basis")
    found = []
    for basis in bases or ():
        if str(basis).strip() not in known_bases:
            raise RaffError(f"unknown legal basis {basis!r}; known: {', '.join(known_bases)}")
        found.append(int(str(basis).strip()))
    first, last = _day(start, "start"), _day(end, "end")
    if first and last and first > last:
        raise RaffError(f"start {first} is after end {last}")
    return LinkFilter(tuple(sorted(set(wanted))), tuple(sorted(set(found))), first, last)


def _day(value: date | str | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RaffError(f"{name} must be a date (YYYY-MM-DD), not {value!r}") from None


def checked_types(requested: Sequence[str] | None) -> list[str]:
    known = all_link_types()
    if not requested:
        return list(known)
    unknown = sorted(set(requested) - set(known))
    if unknown:
        raise RaffError(f"unknown link type {unknown[0]!r}; known: {', '.join(known)}")
    return sorted(set(requested))


def edge_rows(
    guard: Guard,
    rel: Relations,
    types: list[str],
    ids: list[str] | None = None,
    only: LinkFilter = NO_FILTER,
) -> list[EdgeRow]:
    """The visible edges (`_EDGES`) of the whole network, or those touching `ids`."""
    if ids is not None:
        return neighbour_rows(guard, rel, types, ids, only)
    extra, params = only.sql()
    rows = rel.query(
        guard.store,
        "SELECT src, dst, link_type, role, reg_key FROM visible_edges"
        " ORDER BY src, dst, link_type, reg_key",
        {
            "types": types,
            "all_links": list(all_link_types()),
            **params,
        },
        _EDGES.format(only=extra),
    )
    return [(str(a), str(b), str(t), r, str(k)) for a, b, t, r, k in rows]


def keys_of(guard: Guard, rel: Relations, ids: Sequence[str]) -> list[str]:
    """The entity keys of some ids, to read their statements by (`guard/lookup.py`). Never
    part of an answer."""
    return lookup.keys_of(guard.store, ids)


def neighbour_rows(
    guard: Guard,
    rel: Relations,
    types: list[str],
    ids: Sequence[str],
    only: LinkFilter = NO_FILTER,
) -> list[EdgeRow]:
    """The rows of `_EDGES` with an end in `ids`, read by key through the guard
    (`guard/lookup.py`): the entity keys of `ids`, then the visible links out of or into those
    keys whose other end has a visible value of its own. The answer is the same rows."""
    wanted = sorted(set(ids))
    if not wanted or not types:
        return []
    return link_rows(guard.store, rel, types, keys_of(guard, rel, wanted), only.sql())


def rebuild_adjacency(store: Store) -> int:
    """Rebuild the graph adjacency from the statements now (after an ingest; retention keeps it
    current itself); returns its rows. Derived data only: the ingest's own service audited the
    change. Until it is current, expand and path read through the scoped relations."""
    return build_adjacency(store)


def _caption_props() -> list[str]:
    props = {p for o in ontology().objects.values() for p in o.caption_props}
    return sorted(props | {"roepnaam", "givenName", "initials", "surnamePrefix", "surname"})


def nodes_of(
    guard: Guard, rel: Relations, ids: Iterable[str], hop: dict[str, int] | None = None
) -> dict[str, Node]:
    """Schema and caption of each id from its visible statements (a link counts: it is a
    statement about its source); the registrations a caption rests on are named in the audit
    row. An id with no visible statement is absent from the answer."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    schemas: dict[str, str] = {}
    values: dict[str, dict[str, list[str]]] = {}
    shown: set[str] = set()
    captions = set(_caption_props())
    for st in statements_of(guard.store, rel, keys_of(guard, rel, wanted)):
        schemas.setdefault(st.entity_id, st.schema)
        if st.prop in captions:
            values.setdefault(st.entity_id, {}).setdefault(st.prop, []).append(st.value)
            shown.add(st.reg_key)
    guard.returned(shown)
    return {
        eid: Node(eid, schema, caption_for(schema, values.get(eid, {})), (hop or {}).get(eid))
        for eid, schema in schemas.items()
    }


def person_ids(guard: Guard, rel: Relations, ids: Iterable[str] | None) -> set[str]:
    """The visible persons among `ids` (None: every visible person of the scope)."""
    if ids is not None:
        found = statements_of(guard.store, rel, keys_of(guard, rel, sorted(set(ids))))
        return {st.entity_id for st in found if st.schema == "Person"}
    rows = rel.query(
        guard.store, "SELECT DISTINCT entity_id FROM scoped_statements WHERE schema = 'Person'"
    )
    return {str(r[0]) for r in rows}


def visible_ids(guard: Guard, rel: Relations, ids: Iterable[str]) -> set[str]:
    """The ids among `ids` with a visible statement (no caption read, nothing returned)."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    return {st.entity_id for st in statements_of(guard.store, rel, keys_of(guard, rel, wanted))}


def require_visible(guard: Guard, rel: Relations, ids: Sequence[str]) -> dict[str, Node]:
    nodes = nodes_of(guard, rel, ids)
    for eid in ids:
        if eid not in nodes:
            raise NotFound(f"no entity {eid!r} in this case's scope")
    return nodes


def answer_edges(guard: Guard, edges: list[LinkEdge]) -> list[LinkEdge]:
    guard.returned(k for e in edges for k in e.reg_keys)
    return edges


@service("graph_expand", action="consult")
def graph_expand(
    guard: Guard,
    *,
    entity_ids: list[str],
    link_types: list[str] | None = None,
    hops: int = 1,
    limit: int = 100,
    roles: list[str] | None = None,
    basis: list[int] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> GraphAnswer:
    """The neighbours of some entities, `hops` (1 or 2) steps out along the chosen link types
    (and only links naming these roles, of registrations of these legal bases, processed from
    `start` to `end`), at most `limit` nodes; the visible neighbours left out are counted
    ("n more")."""
    if not entity_ids:
        raise RaffError("give at least one entity id to expand from")
    if not 1 <= hops <= MAX_HOPS:
        raise RaffError(f"hops must be 1 to {MAX_HOPS}")
    if not 1 <= limit <= MAX_NODES:
        raise RaffError(f"limit must be 1 to {MAX_NODES}")
    types = checked_types(link_types)
    only = link_filter(roles, basis, start, end)
    rel = guard.relations("search")
    seeds = list(dict.fromkeys(entity_ids))
    require_visible(guard, rel, seeds)
    found = expand(
        lambda ids: edge_rows(guard, rel, types, ids, only),
        seeds,
        hops=hops,
        cap=max(limit, len(seeds)),
    )
    nodes = nodes_of(guard, rel, found.nodes, found.hop)
    guard.note(nodes=len(nodes), edges=len(found.edges), more=found.more)
    return GraphAnswer(
        [nodes[n] for n in found.nodes if n in nodes],
        answer_edges(guard, found.edges),
        found.more,
        found.more_by_type,
    )


def case_edges(guard: Guard, rel: Relations, types: list[str]) -> list[LinkEdge]:
    """The visible edges of the whole network, folded in SQL as `graph.network.fold` folds
    them (one per source, target and link type, with its roles and registrations; an entity's
    links to itself left out): a case graph has hundreds of thousands of rows."""
    rows = rel.query(
        guard.store,
        "SELECT src, dst, link_type, list_sort(list_distinct(list(role))),"
        " list_sort(list_distinct(list(reg_key))) FROM visible_edges WHERE src <> dst"
        " GROUP BY src, dst, link_type ORDER BY src, dst, link_type",
        {"types": types, "all_links": list(all_link_types())},
        _EDGES.format(only=""),
    )
    return [LinkEdge(str(a), str(b), str(t), tuple(r), tuple(k)) for a, b, t, r, k in rows]


def _case_graph(guard: Guard, rel: Relations, link_types: list[str] | None) -> LinkGraph:
    return LinkGraph(edges=case_edges(guard, rel, checked_types(link_types)))


@service("graph_path", action="consult")
def graph_path(
    guard: Guard,
    *,
    source: str,
    target: str,
    k: int = 1,
    max_length: int = 6,
    link_types: list[str] | None = None,
) -> PathAnswer:
    """The shortest path between two entities, or the `k` shortest, of at most `max_length`
    links; "no path" when they are not connected so through what this session may see. Only
    the neighbourhoods of both ends are read (bidirectional search)."""
    if not 1 <= k <= MAX_PATHS:
        raise RaffError(f"k must be 1 to {MAX_PATHS}")
    if not 1 <= max_length <= MAX_PATH_LENGTH:
        raise RaffError(f"max_length must be 1 to {MAX_PATH_LENGTH}")
    types = checked_types(link_types)
    rel = guard.relations("search")
    require_visible(guard, rel, [source, target])
    paths, graph = paths_between(
        lambda ids: edge_rows(guard, rel, types, ids),
        source,
        target,
        k=k,
        max_length=max_length,
    )
    if not paths:
        guard.note(found=False)
        return PathAnswer(False, None, [], [], [])
    on_path = sorted({n for p in paths for n in p})
    edges = sorted(
        {(e.source, e.target, e.link_type): e for p in paths for e in graph.edges_along(p)}.items()
    )
    nodes = nodes_of(guard, rel, on_path)
    guard.note(found=True, length=len(paths[0]) - 1, paths=len(paths))
    return PathAnswer(
        True,
        len(paths[0]) - 1,
        paths,
        [nodes[n] for n in on_path],
        answer_edges(guard, [e for _, e in edges]),
    )


@service("graph_central", action="consult")
def graph_central(
    guard: Guard, *, link_types: list[str] | None = None, limit: int = 25
) -> list[CentralNode]:
    """The most central entities of the case's visible network: degree, betweenness and
    eigenvector centrality, ranked by betweenness."""
    if not 1 <= limit <= MAX_NODES:
        raise RaffError(f"limit must be 1 to {MAX_NODES}")
    rel = guard.relations("search")
    graph = _case_graph(guard, rel, link_types)
    ranked = sorted(graph.measures(), key=lambda m: (-m.betweenness, -m.degree, m.entity_id))
    top = ranked[:limit]
    nodes = nodes_of(guard, rel, [m.entity_id for m in top])
    _network_consulted(guard, graph, {m.entity_id for m in top})
    guard.note(nodes=len(graph.ids), edges=len(graph.edges), shown=len(top))
    estimated = graph.betweenness_estimated
    return [
        CentralNode(nodes[m.entity_id], m.degree, m.betweenness, m.eigenvector, estimated)
        for m in top
    ]


def _network_consulted(guard: Guard, graph: LinkGraph, shown: set[str]) -> None:
    """The audit row of a network measure names what came back — the shown entities' captions
    (`nodes_of`) and the links of those entities — and, for the rest of the network it was
    computed on, the number of registrations and a digest of their keys (an auditor holding the
    store can check which data state it ran on). Naming every registration of every link would
    make one centrality run an audit row of millions of keys and, in a Wpg 25 access report,
    say that everyone in the case was "consulted" (LAW-11: no bulk content)."""
    every = sorted({k for e in graph.edges for k in e.reg_keys})
    guard.returned(
        k for e in graph.edges if e.source in shown or e.target in shown for k in e.reg_keys
    )
    digest = hashlib.sha256("\n".join(every).encode()).hexdigest()
    guard.note(network_registrations=len(every), network_digest=digest)


@service("graph_communities", action="consult")
def graph_communities(
    guard: Guard,
    *,
    link_types: list[str] | None = None,
    min_size: int = 3,
    limit: int = 50,
    seed: int = 1,
    persons: bool = False,
) -> list[Community]:
    """Groups in the case's visible network (Leiden, modularity; the same seed gives the same
    groups), largest first, each of at least `min_size` entities. With `persons`, groups of
    persons only, joined by what they share (graph/cooccur.py: a car two people share weighs
    more than an address twenty are registered at) and by their direct links."""
    if not 1 <= limit <= MAX_NODES:
        raise RaffError(f"limit must be 1 to {MAX_NODES}")
    rel = guard.relations("search")
    graph = _case_graph(guard, rel, link_types)
    if persons:
        found, hubs = person_communities(graph.edges, person_ids(guard, rel, None), seed=seed)
        guard.note(hubs_left_out=hubs)
    else:
        found = graph.communities(seed=seed)
    groups = [g for g in found if len(g) >= max(min_size, 1)][:limit]
    nodes = nodes_of(guard, rel, [n for g in groups for n in g])
    _network_consulted(guard, graph, {n for g in groups for n in g})
    guard.note(nodes=len(graph.ids), communities=len(groups))
    return [Community(i, len(g), [nodes[n] for n in g]) for i, g in enumerate(groups, start=1)]
