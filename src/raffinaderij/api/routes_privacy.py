"""REST for the privacy officer (Wpg 25, 28): block, rectify, destroy on request; access
requests. Thin — parse, call a service, render JSON. Registration keys travel in the body,
never in a path (they hold ':' and '/')."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from raffinaderij.api.deps import get_guard
from raffinaderij.api.routes import plain
from raffinaderij.guard.session import Guard
from raffinaderij.services import privacy

__all__ = ["router"]

router = APIRouter(prefix="/api/privacy", tags=["privacy"])


class BlockRequest(BaseModel):
    reg_key: str
    reason: str = Field(description="who asked, and why (Wpg 28)")
    blocked: bool = Field(True, description="false lifts the block")


class RectifyRequest(BaseModel):
    reg_key: str
    entity_key: str
    prop: str
    value: str = Field(description="the correct value")
    reason: str


class DestroyRequest(BaseModel):
    reg_key: str
    reason: str


@router.post("/registrations/block")
def block(body: BlockRequest, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """Block a registration (kept, excluded from analysis) or lift the block."""
    return dict(plain(privacy.registration_block(guard, **body.model_dump())))


@router.post("/registrations/rectify")
def rectify(body: RectifyRequest, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """Replace a wrong value of one property of one entity in a registration."""
    return dict(plain(privacy.registration_rectify(guard, **body.model_dump())))


@router.post("/registrations/destroy")
def destroy(body: DestroyRequest, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """Destroy a registration now; a content-free tombstone remains."""
    return dict(plain(privacy.registration_destroy(guard, **body.model_dump())))
