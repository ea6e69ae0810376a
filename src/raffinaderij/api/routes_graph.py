"""The network, timeline and map API (issue 10): thin — parse, call a service, render JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from raffinaderij.api.deps import get_guard
from raffinaderij.api.routes import plain
from raffinaderij.guard.session import Guard
from raffinaderij.services import charts, cooccurrence, graph, places, timeline

__all__ = ["router"]

router = APIRouter(prefix="/api")


@router.get("/graph/expand")
def expand(
    entity_ids: list[str] = Query(...),
    link_types: list[str] | None = Query(None),
    hops: int = 1,
    limit: int = 100,
    roles: list[str] | None = Query(None),
    basis: list[int] | None = Query(None),
    start: date | None = None,
    end: date | None = None,
    guard: Guard = Depends(get_guard),
) -> dict[str, Any]:
    """Neighbours of entities, 1 or 2 hops out, capped, with the number left out; only links
    naming these roles, of registrations of these legal bases, processed from start to end."""
    return dict(
        plain(
            graph.graph_expand(
                guard,
                entity_ids=entity_ids,
                link_types=link_types,
                hops=hops,
                limit=limit,
                roles=roles,
                basis=basis,
                start=start,
                end=end,
            )
        )
    )


@router.get("/graph/path")
def path(
    source: str,
    target: str,
    k: int = 1,
    max_length: int = 6,
    link_types: list[str] | None = Query(None),
    guard: Guard = Depends(get_guard),
) -> dict[str, Any]:
    """The shortest path (or the k shortest) between two entities, at most `max_length`
    links; "found": false if none."""
    return dict(
        plain(
            graph.graph_path(
                guard,
                source=source,
                target=target,
                k=k,
                max_length=max_length,
                link_types=link_types,
            )
        )
    )


@router.get("/graph/central")
def central(
    limit: int = 25,
    link_types: list[str] | None = Query(None),
    guard: Guard = Depends(get_guard),
) -> list[dict[str, Any]]:
    """The most central entities of the case's visible network."""
    return list(plain(graph.graph_central(guard, link_types=link_types, limit=limit)))


@router.get("/graph/communities")
def communities(
    min_size: int = 3,
    limit: int = 50,
    seed: int = 1,
    persons: bool = False,
    link_types: list[str] | None = Query(None),
    guard: Guard = Depends(get_guard),
) -> list[dict[str, Any]]:
    """Leiden communities of the case's visible network, largest first; `persons`: groups of
    persons joined by what they share."""
    return list(
        plain(
            graph.graph_communities(
                guard,
                link_types=link_types,
                min_size=min_size,
                limit=limit,
                seed=seed,
                persons=persons,
            )
        )
    )


@router.get("/graph/cooccurrence")
def cooccurrences(
    entity_ids: list[str] | None = Query(None),
    limit: int = 50,
    link_types: list[str] | None = Query(None),
    guard: Guard = Depends(get_guard),
) -> dict[str, Any]:
    """Persons who share an incident, address, vehicle, phone, account or organisation, with
    the links that say so: of the persons named, or of the whole case."""
    return dict(
        plain(
            cooccurrence.graph_cooccurrence(
                guard, entity_ids=entity_ids, link_types=link_types, limit=limit
            )
        )
    )


@router.get("/graph/connect")
def connect(
    entity_ids: list[str] = Query(...),
    max_length: int = 6,
    link_types: list[str] | None = Query(None),
    guard: Guard = Depends(get_guard),
) -> dict[str, Any]:
    """The connecting network of 2 to 12 entities: the shortest path between every two."""
    return dict(
        plain(
            cooccurrence.graph_connect(
                guard, entity_ids=entity_ids, max_length=max_length, link_types=link_types
            )
        )
    )


@router.get("/timeline")
def timeline_of(
    entity_ids: list[str] = Query(...),
    start: date | None = None,
    end: date | None = None,
    kinds: list[str] | None = Query(None),
    limit: int = Query(500, ge=1, le=timeline.MAX_EVENTS),
    guard: Guard = Depends(get_guard),
) -> dict[str, Any]:
    """Dated events of entities (incidents, payments, checks, registrations), oldest first."""
    return dict(
        plain(
            timeline.timeline(
                guard, entity_ids=entity_ids, start=start, end=end, kinds=kinds, limit=limit
            )
        )
    )


@router.get("/timeline/case")
def timeline_of_case(
    start: date | None = None,
    end: date | None = None,
    kinds: list[str] | None = Query(None),
    limit: int = Query(500, ge=1, le=timeline.MAX_EVENTS),
    guard: Guard = Depends(get_guard),
) -> dict[str, Any]:
    """Dated events of the active case: its registrations and the incidents and payments in them."""
    return dict(
        plain(timeline.case_timeline(guard, start=start, end=end, kinds=kinds, limit=limit))
    )


@router.get("/map")
def map_of(
    entity_ids: list[str] = Query(...),
    limit: int = Query(1000, ge=1, le=places.MAX_PLACES),
    guard: Guard = Depends(get_guard),
) -> dict[str, Any]:
    """Addresses and incident places with coordinates of entities."""
    return dict(plain(places.entity_map(guard, entity_ids=entity_ids, limit=limit)))


@router.get("/map/case")
def map_of_case(
    limit: int = Query(1000, ge=1, le=places.MAX_PLACES),
    guard: Guard = Depends(get_guard),
) -> dict[str, Any]:
    """Addresses and incident places with coordinates in the active case's registrations."""
    return dict(plain(places.case_map(guard, limit=limit)))


# -- saved charts (a recipe, re-run under the reader's guard) -------------------------------
class Expansion(BaseModel):
    ids: list[str]
    link_types: list[str] | None = None
    hops: int = 1
    limit: int = 100
    roles: list[str] | None = None
    basis: list[int] | None = None
    start: date | None = None
    end: date | None = None


class NewChart(BaseModel):
    title: str
    seeds: list[str] = Field(description="entity ids the chart starts from")
    expansions: list[Expansion] = []
    paths: list[list[str]] = Field([], description="[source, target] pairs whose path was shown")
    hidden: list[str] = []
    pinned: list[str] = []
    positions: dict[str, list[float]] = Field({}, description="entity id -> [x, y]")


@router.get("/charts")
def chart_list(guard: Guard = Depends(get_guard)) -> list[dict[str, Any]]:
    """The saved charts of the active case (titles; opening one re-runs it)."""
    return list(plain(charts.chart_list(guard)))


@router.post("/charts")
def chart_save(body: NewChart, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """Save a chart's recipe in the active case."""
    return dict(plain(charts.chart_save(guard, **body.model_dump())))


@router.get("/charts/{chart_id}")
def chart_open(chart_id: str, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """A saved chart as this reader may see it now."""
    return dict(plain(charts.chart_open(guard, chart_id=chart_id)))


@router.get("/charts/{chart_id}/download")
def chart_download(
    chart_id: str,
    format: str = Query("graphml", description="graphml or gexf"),
    guard: Guard = Depends(get_guard),
) -> Response:
    """The chart as GraphML or GEXF (Gephi), as this reader sees it; stays inside the police."""
    text = charts.chart_export(guard, chart_id=chart_id, format=format)
    return Response(
        text,
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{chart_id}.{format}"'},
    )


@router.delete("/charts/{chart_id}")
def chart_delete(chart_id: str, guard: Guard = Depends(get_guard)) -> dict[str, str]:
    """Delete a saved chart (its author or a lead of the case)."""
    return {"deleted": charts.chart_delete(guard, chart_id=chart_id)}
