"""The network API (issue 10): thin — parse, call a graph service, render JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from raffinaderij.api.deps import get_guard
from raffinaderij.api.routes import plain
from raffinaderij.guard.session import Guard
from raffinaderij.services import graph

__all__ = ["router"]

router = APIRouter(prefix="/api/graph")


@router.get("/expand")
def expand(
    entity_ids: list[str] = Query(...),
    link_types: list[str] | None = Query(None),
    hops: int = 1,
    limit: int = 100,
    guard: Guard = Depends(get_guard),
) -> dict[str, Any]:
    """Neighbours of entities, 1 or 2 hops out, capped, with the number left out."""
    return dict(
        plain(
            graph.graph_expand(
                guard, entity_ids=entity_ids, link_types=link_types, hops=hops, limit=limit
            )
        )
    )


@router.get("/path")
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


@router.get("/central")
def central(
    limit: int = 25,
    link_types: list[str] | None = Query(None),
    guard: Guard = Depends(get_guard),
) -> list[dict[str, Any]]:
    """The most central entities of the case's visible network."""
    return list(plain(graph.graph_central(guard, link_types=link_types, limit=limit)))


@router.get("/communities")
def communities(
    min_size: int = 3,
    limit: int = 50,
    seed: int = 1,
    link_types: list[str] | None = Query(None),
    guard: Guard = Depends(get_guard),
) -> list[dict[str, Any]]:
    """Leiden communities of the case's visible network, largest first."""
    return list(
        plain(
            graph.graph_communities(
                guard, link_types=link_types, min_size=min_size, limit=limit, seed=seed
            )
        )
    )
