"""Administration in the workbench: jobs (start an ingest, a resolution step or a retention run,
follow its progress, cancel it, start a failed one again), users (add, roles, level, active),
cases and their members, and the audit log (filters by user, case, action and period, paging,
CSV export)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from raffinaderij.api.deps import get_guard
from raffinaderij.audit.log import ACTIONS
from raffinaderij.errors import RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.services import accounts, admin, audit, jobs
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
    return _back(
        request,
        guard,
        lambda: jobs.start_job(
            guard,
            kind=kind,
            mapping=mapping.strip() or None,
            version=version.strip() or None,
            dry_run=dry_run,
        ),
        "/admin/jobs",
    )


@router.post("/admin/jobs/{job_id}/cancel", response_model=None)
def cancel_job(request: Request, job_id: str, guard: Guard = Depends(get_guard)) -> Response:
    return _back(request, guard, lambda: jobs.cancel_job(guard, job_id=job_id), "/admin/jobs")


@router.post("/admin/jobs/{job_id}/retry", response_model=None)
def retry_job(request: Request, job_id: str, guard: Guard = Depends(get_guard)) -> Response:
    return _back(request, guard, lambda: jobs.retry_job(guard, job_id=job_id), "/admin/jobs")


_AUDIT_PAGE = 100
_AUDIT_CSV = 10_000
_FILTERS = ("user", "case", "action", "since", "until")


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RaffError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _audit_rows(
    guard: Guard, filters: dict[str, str], *, limit: int, before: int | None
) -> list[dict[str, Any]]:
    return audit.read_log(
        guard,
        limit=limit,
        username=filters["user"] or None,
        case_id=filters["case"] or None,
        action=filters["action"] or None,
        since=_day(filters["since"]),
        until=_day(filters["until"]),
        before_seq=before,
    )


def _filters(request: Request) -> dict[str, str]:
    return {k: request.query_params.get(k, "").strip() for k in _FILTERS}


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request, before: int | None = None, guard: Guard = Depends(get_guard)
) -> Response:
    filters = _filters(request)
    error, rows = None, []
    try:
        rows = _audit_rows(guard, filters, limit=_AUDIT_PAGE + 1, before=before)
    except RaffError as exc:
        if exc.status == 403:
            raise
        error = str(exc)
    shown = rows[:_AUDIT_PAGE]
    query = {k: v for k, v in filters.items() if v}
    older = (
        "/audit?" + urlencode({**query, "before": shown[-1]["seq"]})
        if len(rows) > _AUDIT_PAGE
        else None
    )
    return render(
        request,
        "audit.html",
        rows=shown,
        filters=filters,
        actions=sorted(ACTIONS),
        error=error,
        older=older,
        newest="/audit?" + urlencode(query) if before is not None else None,
        csv_link="/audit.csv?" + urlencode(query),
        verification=audit.verify_log(guard),
        checkpoints=audit.list_checkpoints(guard),
    )


@router.get("/audit.csv", response_model=None)
def audit_csv(request: Request, guard: Guard = Depends(get_guard)) -> Response:
    """The filtered rows, newest first, at most 10,000 (the read is itself audited)."""
    rows = _audit_rows(guard, _filters(request), limit=_AUDIT_CSV, before=None)
    out = io.StringIO()
    columns = ("seq", "logged_at", "username", "case_id", "purpose", "action", "service")
    writer = csv.writer(out)
    writer.writerow([*columns, "outcome", "query", "record_count", "hash"])
    for r in rows:
        query = r["query"] if isinstance(r["query"], str) else json.dumps(r["query"])
        writer.writerow(
            [*(r[c] for c in columns), r["outcome"], query, len(r["record_ids"] or []), r["hash"]]
        )
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )


def _users_page(
    request: Request, guard: Guard, *, error: str | None = None, status: int = 200
) -> Response:
    return render(
        request,
        "admin_users.html",
        status=status,
        users=admin.list_users(guard),
        roles=list(guard.policy.roles),
        error=error,
    )


def _level(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise RaffError("authorisation level must be 1..4 (Bpg 2:11)") from None


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, guard: Guard = Depends(get_guard)) -> Response:
    return _users_page(request, guard)


@router.post("/admin/users", response_model=None)
async def add_user(request: Request, guard: Guard = Depends(get_guard)) -> Response:
    form = await request.form()
    password = str(form.get("password") or "")

    def create() -> object:
        if len(password) < 8:
            raise RaffError("a password needs at least 8 characters")
        username = str(form.get("username") or "").strip()
        return accounts.create_user(
            guard,
            username=username,
            password=password,
            display_name=str(form.get("display_name") or "").strip() or username,
            roles=[str(r) for r in form.getlist("roles")],
            level=_level(str(form.get("level") or "")),
        )

    return _back(request, guard, create, "/admin/users")


@router.post("/admin/users/{username}", response_model=None)
async def change_user(
    request: Request, username: str, guard: Guard = Depends(get_guard)
) -> Response:
    form = await request.form()
    return _back(
        request,
        guard,
        lambda: admin.set_user_access(
            guard,
            username=username,
            roles=[str(r) for r in form.getlist("roles")],
            level=_level(str(form.get("level") or "")),
            active=form.get("active") == "true",
        ),
        "/admin/users",
    )


def _cases_page(
    request: Request, guard: Guard, *, error: str | None = None, status: int = 200
) -> Response:
    return render(
        request,
        "admin_cases.html",
        status=status,
        cases=admin.list_all_cases(guard),
        users=[u.username for u in admin.list_users(guard) if u.active],
        error=error,
    )


@router.get("/admin/cases", response_class=HTMLResponse)
def cases_page(request: Request, guard: Guard = Depends(get_guard)) -> Response:
    return _cases_page(request, guard)


@router.post("/admin/cases/{case_id}/members", response_model=None)
def add_member(
    request: Request,
    case_id: str,
    username: str = Form(...),
    role: str = Form("analyst"),
    guard: Guard = Depends(get_guard),
) -> Response:
    return _back(
        request,
        guard,
        lambda: accounts.add_case_member(guard, case_id=case_id, username=username, role=role),
        "/admin/cases",
    )


def _back(request: Request, guard: Guard, step: Callable[[], object], page: str) -> Response:
    """Back to `page` after a step; a mistake is said on that page, a refusal is the error
    page like every other."""
    try:
        step()
    except RaffError as exc:
        if exc.status == 403:
            raise
        show = {"/admin/jobs": _page, "/admin/users": _users_page, "/admin/cases": _cases_page}
        return show[page](request, guard, error=str(exc), status=exc.status)
    return RedirectResponse(page, status_code=303)
