"""Administration of what the installation runs on: sources and their mappings (check, preview
of the first rows as shapes, rejects of the newest batch, start an ingest), model versions and
the object rule set (state, who trained and approved, metrics, approve, start train/run jobs),
and the audit log's signed checkpoints with a verification on demand."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from raffinaderij.api.deps import get_guard
from raffinaderij.errors import RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.services import audit, resolution, sources
from raffinaderij.web.pages import render

__all__ = ["router"]

router = APIRouter()


def _said(step: Callable[[], Response], page: Callable[[str, int], Response]) -> Response:
    """A mistake is said on the page it came from; a refusal or a missing thing is the error
    page like every other (a hidden thing answers like a missing one)."""
    try:
        return step()
    except RaffError as exc:
        if exc.status in (403, 404):
            raise
        return page(str(exc), exc.status)


@router.get("/admin/sources", response_class=HTMLResponse)
def sources_page(request: Request, guard: Guard = Depends(get_guard)) -> Response:
    from raffinaderij import config

    return render(
        request,
        "admin_sources.html",
        sources=sources.list_sources(guard),
        folder=str(config.mappings_dir()),
    )


def _source_page(
    request: Request,
    guard: Guard,
    source_id: str,
    *,
    preview: object = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "admin_source.html",
        status=status,
        detail=sources.source_detail(guard, source_id=source_id),
        preview=preview,
        error=error,
    )


@router.get("/admin/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, source_id: str, guard: Guard = Depends(get_guard)) -> Response:
    return _source_page(request, guard, source_id)


@router.post("/admin/sources/{source_id}/preview", response_model=None)
def source_preview(
    request: Request,
    source_id: str,
    rows: int = Form(10),
    guard: Guard = Depends(get_guard),
) -> Response:
    # a POST: the preview is an audited consult of police data, never a link to follow or cache
    return _said(
        lambda: _source_page(
            request,
            guard,
            source_id,
            preview=sources.preview_source(guard, source_id=source_id, rows=rows),
        ),
        lambda error, status: _source_page(request, guard, source_id, error=error, status=status),
    )


@router.post("/admin/sources/{source_id}/ingest", response_model=None)
def source_ingest(request: Request, source_id: str, guard: Guard = Depends(get_guard)) -> Response:
    def start() -> Response:
        sources.ingest_source(guard, source_id=source_id)
        return RedirectResponse("/admin/jobs", status_code=303)

    return _said(
        start,
        lambda error, status: _source_page(request, guard, source_id, error=error, status=status),
    )


def _models_page(
    request: Request, guard: Guard, *, error: str | None = None, status: int = 200
) -> Response:
    return render(
        request,
        "admin_models.html",
        status=status,
        overview=resolution.model_overview(guard),
        error=error,
    )


@router.get("/admin/models", response_class=HTMLResponse)
def models_page(request: Request, guard: Guard = Depends(get_guard)) -> Response:
    return _models_page(request, guard)


def _approved(request: Request, guard: Guard, step: Callable[[], object]) -> Response:
    def approve() -> Response:
        step()
        return RedirectResponse("/admin/models", status_code=303)

    return _said(
        approve,
        lambda error, status: _models_page(request, guard, error=error, status=status),
    )


@router.post("/admin/models/{version}/approve", response_model=None)
def approve_model(request: Request, version: str, guard: Guard = Depends(get_guard)) -> Response:
    return _approved(request, guard, lambda: resolution.approve_model(guard, version=version))


@router.post("/admin/rules/{version}/approve", response_model=None)
def approve_rules(request: Request, version: str, guard: Guard = Depends(get_guard)) -> Response:
    return _approved(request, guard, lambda: resolution.approve_rules(guard, version=version))


def _checkpoints_page(request: Request, guard: Guard, *, verify: bool) -> Response:
    checkpoints = audit.list_checkpoints(guard, limit=100)  # refuses all but the page's readers
    return render(
        request,
        "admin_checkpoints.html",
        checkpoints=checkpoints,
        # `raff audit verify`'s service: the chain recomputed now, against the signed checkpoints
        verification=audit.verify_log(guard) if verify else None,
    )


@router.get("/admin/checkpoints", response_class=HTMLResponse)
def checkpoints_page(request: Request, guard: Guard = Depends(get_guard)) -> Response:
    return _checkpoints_page(request, guard, verify=False)


@router.post("/admin/checkpoints/verify", response_model=None)
def verify_chain(request: Request, guard: Guard = Depends(get_guard)) -> Response:
    return _checkpoints_page(request, guard, verify=True)
