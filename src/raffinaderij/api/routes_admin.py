"""The administration pages as JSON (issue 13): sources and their shape-only preview, the model
versions, audit checkpoints, users and cases — thin: the same services as the pages and the
CLI, so the same roles decide and every call is audited."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from raffinaderij.api.deps import get_guard
from raffinaderij.guard.session import Guard
from raffinaderij.jsonable import plain
from raffinaderij.services import admin, audit, resolution, sources

__all__ = ["router"]

router = APIRouter(prefix="/api/admin")


@router.get("/sources")
def source_list(guard: Guard = Depends(get_guard)) -> list[dict[str, Any]]:
    """The sources the installation knows (its mappings folder), with their last run."""
    return list(plain(sources.list_sources(guard)))


@router.get("/sources/{source_id}")
def source(source_id: str, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """One source: its mapping checked, its runs and the rejects of the last one."""
    return dict(plain(sources.source_detail(guard, source_id=source_id)))


@router.post("/sources/{source_id}/preview")
def source_preview(source_id: str, rows: int = 10, guard: Guard = Depends(get_guard)) -> Any:
    """The first rows as the mapping reads them, values as shapes; nothing is stored."""
    return plain(sources.preview_source(guard, source_id=source_id, rows=rows))


@router.get("/models")
def models(guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """Every person model version and the object rule set, with approvals and newest runs."""
    return dict(plain(resolution.model_overview(guard)))


@router.get("/checkpoints")
def checkpoints(limit: int = 20, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """The signed audit checkpoints outside the store, newest first."""
    return dict(plain(audit.list_checkpoints(guard, limit=limit)))


@router.get("/users")
def users(guard: Guard = Depends(get_guard)) -> list[Any]:
    """Every user with roles and level (never a password hash)."""
    return list(plain(admin.list_users(guard)))


@router.get("/cases")
def cases(guard: Guard = Depends(get_guard)) -> list[Any]:
    """Every case with its members."""
    return list(plain(admin.list_all_cases(guard)))
