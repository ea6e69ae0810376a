"""Search over visible statements, grouped by resolved entity (LAW-03, LAW-06).

Candidate limits and the guard. The index ranks documents without knowing who asks (it only
drops levels above the user's, a condition the guard's predicate always has too); the SQL with
the scope predicate decides. A fixed candidate limit would let invisible, better-ranked
documents crowd out the matches a user may see. So: check the best `max(1000, 20 x limit)`,
and while fewer than `limit` entities survive the predicate and more documents match, check
8x as many, up to every match. Hence the hits are always the best `limit` visible entities.
When the search stops early (enough hits, more matches unchecked) `total` and `facets` are
lower bounds and `complete` is False; with fewer than `limit` hits they are always exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from raffinaderij.graph.adjacency import build_adjacency
from raffinaderij.guard.policy import policy
from raffinaderij.guard.session import Guard
from raffinaderij.model.ontology import ontology
from raffinaderij.search.index import candidates, index_for, rebuild_index, stored_values
from raffinaderij.search.index import refreshing as index_refreshing
from raffinaderij.search.query import FACETS, visible_groups
from raffinaderij.services.registry import service
from raffinaderij.store.db import Store

__all__ = [
    "SearchHit",
    "SearchResult",
    "caption_for",
    "index_rebuild",
    "rebuild_search_index",
    "refresh_search_index",
    "refreshing",
    "search",
]


@dataclass(frozen=True)
class SearchHit:
    entity_id: str
    schema: str
    caption: str
    matched: list[tuple[str, str]]
    records: int


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    #: False when more documents matched than were checked: the hits are still the best
    #: `limit` visible ones, but `total` and `facets` are lower bounds.
    complete: bool = True


def caption_for(schema: str, values: dict[str, list[str]]) -> str:
    """The label of an entity from its visible values, per the ontology's caption list."""
    if schema == "Person" and not values.get("fullName"):
        parts = [
            (values.get("roepnaam") or values.get("givenName") or values.get("initials") or [""])[
                0
            ],
            (values.get("surnamePrefix") or [""])[0],
            (values.get("surname") or [""])[0],
        ]
        name = " ".join(p for p in parts if p)
        if name:
            return name
    return ontology().objects[schema].caption_of(values) or schema


#: Proposals checked first, and the factor by which to look further when too few are visible.
FIRST_CANDIDATES = 1_000
PER_HIT = 20
GROWTH = 8


def _confidential(guard: Guard) -> tuple[str, ...]:
    return guard.policy.confidential_codes


def rebuild_search_index(store: Store) -> None:
    """Rebuild the derived full-text index now (after ingest, resolution or retention)."""
    rebuild_index(store, confidential_codes=policy().confidential_codes)


def refresh_search_index(store: Store) -> int:
    """Bring the full-text index up to date after a job changed statements, while searches
    keep answering from the previous one; returns the documents indexed. Derived data only:
    the job's own service audited the change. The indexing runs in a child process, so the
    server's searches do not wait for the GIL meanwhile (the previous index serves them)."""
    built = rebuild_index(store, confidential_codes=policy().confidential_codes, apart=True)
    return int(built.docs.num_rows)


#: While inside `refreshing(store)`, searches use the index they have; see search.index.
refreshing = index_refreshing


@service("index_rebuild", action="alter", needs_case=False, roles=("admin",))
def index_rebuild(
    guard: Guard, *, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, Any]:
    """Rebuild the derived full-text index from the statements now (it is rebuilt by itself
    when statements change; this forces it, e.g. after the index folder was lost or damaged),
    and the graph adjacency (stale after an ingest that ran outside the server's jobs).
    Confidential, blocked and art. 14 records never enter the full-text index (LAW-02)."""
    # the index belongs to the store the searches use, not to this service's transaction view
    root = getattr(guard.store, "root", guard.store)
    built = rebuild_index(root, confidential_codes=_confidential(guard), progress=progress)
    # the graph adjacency is rebuilt with it (after the service's commit: it writes the store)
    guard.after_commit(lambda: build_adjacency(root))
    guard.note(documents=built.docs.num_rows)
    return {"documents": built.docs.num_rows}


@service("search", action="consult")
def search(
    guard: Guard,
    *,
    q: str,
    schema: str | None = None,
    limit: int = 50,
    source: str | None = None,
    basis: int | None = None,
    year: int | None = None,
) -> SearchResult:
    """Find entities by name (one typo tolerated), plate, phone, postcode or text, within scope."""
    text = q.strip()
    if len(text) < 2:
        return SearchResult(q, 0)
    rel = guard.relations("search")
    si = index_for(guard.store, confidential_codes=_confidential(guard))
    filters = {"schema": schema, "source": source, "basis": basis, "year": year}
    size = max(FIRST_CANDIDATES, PER_HIT * limit)
    while True:
        # The index only proposes; the scope predicate inside the SQL decides (LAW-06), so
        # results, counts and facets only ever count what this user may see. When fewer than
        # `limit` proposals survive it, look further down the ranking until all matches are
        # checked: a user who may see little is never crowded out by what they may not see.
        found = candidates(si, text, limit=size, max_level=guard.user.level)
        rows = visible_groups(guard.store, found, rel, filters=filters)
        if len(rows) >= limit or found.complete:
            break
        size = max(size * GROWTH, len(found) + 1)
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    hits: list[SearchHit] = []
    folded = set(si.fold(text))
    for entity_id, schema_name, reg_keys, ranks, sources, bases, years in rows:
        for name, keys in (
            ("schema", [schema_name]),
            ("source", sources),
            ("basis", bases),
            ("year", years),
        ):
            for k in keys:
                facets[name][str(k)] = facets[name].get(str(k), 0) + 1
        if len(hits) >= limit:
            continue
        values: dict[str, list[str]] = {}
        # stored values are read for the shown hits only
        for prop, value in stored_values(found, ranks):
            if value not in values.setdefault(prop, []):
                values[prop].append(value)
        matched = sorted(
            (p, v)
            for p, vs in values.items()
            for v in vs
            if folded & set(si.fold(v)) or any(w.startswith(t) for t in folded for w in si.fold(v))
        )
        hits.append(
            SearchHit(
                entity_id, schema_name, caption_for(schema_name, values), matched, len(reg_keys)
            )
        )
        guard.returned(reg_keys)
    return SearchResult(q, len(rows), hits, facets, found.complete)
