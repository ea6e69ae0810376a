"""Administration in the workbench: jobs (start an ingest, a resolution step or a retention run,
follow its progress, cancel it, start a failed one again)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from raffinaderij.api.deps import get_guard
from raffinaderij.errors import RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.services import jobs
from raffinaderij.web.pages import render

__all__ = ["router"]

router = APIRouter()


def _page(
    request: Request, guard: Guard, *, error: str | None = None, status: int = 200
) -> Response:
    return render(
        request,
        "admin_jobs.html",
        status=status,
        jobs=jobs.list_jobs(guard, limit=50),
        kinds=list(jobs.KINDS),
        error=error,
    )


def _or_error(request: Request, guard: Guard, step: Callable[[], object]) -> Response:
    """Back to the jobs page after a step; a refusal is the error page like every other."""
    try:
        step()
    except RaffError as exc:
        if exc.status == 403:
            raise
        return _page(request, guard, error=str(exc), status=exc.status)
    return RedirectResponse("/admin/jobs", status_code=303)


@router.get("/admin/jobs", response_class=HTMLResponse)
def jobs_page(request: Request, guard: Guard = Depends(get_guard)) -> Response:
    return _page(request, guard)


@router.post("/admin/jobs", response_model=None)
def start_job(
    request: Request,
    kind: str = Form("ingest"),
    mapping: str = Form(""),
    version: str = Form(""),
    dry_run: bool = Form(False),
    guard: Guard = Depends(get_guard),
) -> Response:
    return _or_error(
        request,
        guard,
        lambda: jobs.start_job(
            guard,
            kind=kind,
            mapping=mapping.strip() or None,
            version=version.strip() or None,
            dry_run=dry_run,
        ),
    )


@router.post("/admin/jobs/{job_id}/cancel", response_model=None)
def cancel_job(request: Request, job_id: str, guard: Guard = Depends(get_guard)) -> Response:
    return _or_error(request, guard, lambda: jobs.cancel_job(guard, job_id=job_id))


@router.post("/admin/jobs/{job_id}/retry", response_model=None)
def retry_job(request: Request, job_id: str, guard: Guard = Depends(get_guard)) -> Response:
    return _or_error(request, guard, lambda: jobs.retry_job(guard, job_id=job_id))
