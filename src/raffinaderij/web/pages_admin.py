"""Administration in the workbench: jobs (start an ingest, follow its progress)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from raffinaderij.api.deps import get_guard
from raffinaderij.errors import RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.services import jobs
from raffinaderij.web.pages import render

__all__ = ["router"]

router = APIRouter()


@router.get("/admin/jobs", response_class=HTMLResponse)
def jobs_page(request: Request, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    return render(request, "admin_jobs.html", jobs=jobs.list_jobs(guard, limit=50), error=None)


@router.post("/admin/jobs", response_model=None)
def start_job(
    request: Request, mapping: str = Form(...), guard: Guard = Depends(get_guard)
) -> Response:
    try:
        jobs.start_job(guard, kind="ingest", mapping=mapping.strip())
    except RaffError as exc:
        if exc.status == 403:
            raise  # refused: the error page, like every other refusal
        return render(
            request,
            "admin_jobs.html",
            status=exc.status,
            jobs=jobs.list_jobs(guard, limit=50),
            error=str(exc),
        )
    return RedirectResponse("/admin/jobs", status_code=303)
