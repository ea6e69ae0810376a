"""Workbench pages for accountability: the privacy officer's access requests (register,
postpone, withhold, close, the report and its PDF answer), the supervisor's report and the
Algorithm Register entry (page and JSON download). Thin — parse, call a service, render."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from raffinaderij.api.deps import get_guard
from raffinaderij.api.routes import plain
from raffinaderij.errors import RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.services import access, accountability
from raffinaderij.web.pages import form_date, render, user_error

__all__ = ["router"]

router = APIRouter()


def _requests_page(
    request: Request, guard: Guard, error: str = "", status: int = 200, **form: str
) -> HTMLResponse:
    return render(
        request,
        "access_requests.html",
        status=status,
        requests=access.access_requests(guard, limit=500),
        error=error,
        form=form,
    )


@router.get("/privacy/access", response_class=HTMLResponse)
def access_requests_page(request: Request, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    """Access requests with their Wpg 25 deadline, and the form to register one."""
    return _requests_page(request, guard)


@router.post("/privacy/access", response_model=None)
def register_access_request(
    request: Request,
    given_name: str = Form(""),
    surname: str = Form(""),
    birth_date: str = Form(""),
    bsn: str = Form(""),
    identity_check: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    form = {
        "given_name": given_name,
        "surname": surname,
        "birth_date": birth_date,
        "bsn": bsn,
        "identity_check": identity_check,
    }
    try:
        made = access.access_request_register(
            guard,
            given_name=given_name,
            surname=surname,
            birth_date=form_date(birth_date),
            identity_check=identity_check,
            bsn=bsn.strip() or None,
        )
    except RaffError as exc:
        return _requests_page(request, guard, user_error(request, exc), exc.status, **form)
    return RedirectResponse(f"/privacy/access/{quote(made.request_id)}", status_code=303)


def _report_page(
    request: Request, guard: Guard, request_id: str, error: str = "", status: int = 200
) -> HTMLResponse:
    report = access.access_report(guard, request_id=request_id)
    return render(
        request,
        "access_report.html",
        status=status,
        report=report,
        grounds=sorted(access.ART27_GROUNDS),
        error=error,
    )


@router.get("/privacy/access/{request_id}", response_class=HTMLResponse)
def access_report_page(
    request: Request, request_id: str, guard: Guard = Depends(get_guard)
) -> HTMLResponse:
    """The access-request report for the privacy desk (Wpg 25), with the steps on it."""
    return _report_page(request, guard, request_id)


def _step(request: Request, guard: Guard, request_id: str, call: Callable[[], Any]) -> Response:
    """Run a step on a request; on a refusal show the report with the reason."""
    try:
        call()
    except RaffError as exc:
        return _report_page(request, guard, request_id, user_error(request, exc), exc.status)
    return RedirectResponse(f"/privacy/access/{quote(request_id)}", status_code=303)


@router.post("/privacy/access/{request_id}/extend", response_model=None)
def extend(
    request: Request,
    request_id: str,
    weeks: int = Form(4),
    reason: str = Form(""),
    several_units: bool = Form(False),
    guard: Guard = Depends(get_guard),
) -> Response:
    return _step(
        request,
        guard,
        request_id,
        lambda: access.access_request_extend(
            guard, request_id=request_id, weeks=weeks, reason=reason, several_units=several_units
        ),
    )


@router.post("/privacy/access/{request_id}/withhold", response_model=None)
def withhold(
    request: Request,
    request_id: str,
    reg_key: str = Form(""),
    ground: str = Form(""),
    reason: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    return _step(
        request,
        guard,
        request_id,
        lambda: access.access_withhold(
            guard, request_id=request_id, reg_key=reg_key, ground=ground, reason=reason
        ),
    )


@router.post("/privacy/access/{request_id}/close", response_model=None)
def close(
    request: Request,
    request_id: str,
    outcome: str = Form(""),
    art27_ground: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    return _step(
        request,
        guard,
        request_id,
        lambda: access.access_request_close(
            guard, request_id=request_id, outcome=outcome, art27_ground=art27_ground or None
        ),
    )


@router.get("/privacy/supervisor", response_class=HTMLResponse)
def supervisor_page(request: Request, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    """The supervisor's report (LAW-16): counts only, no case content."""
    return render(request, "supervisor.html", r=accountability.supervisor_report(guard))


@router.get("/privacy/algorithm-register", response_class=HTMLResponse)
def register_page(request: Request, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    """The Algorithm Register entry of the approved model and the comparison rules."""
    try:
        entry = accountability.algorithm_register_entry(guard)
    except RaffError as exc:
        return render(
            request,
            "algorithm_register.html",
            status=exc.status,
            entry=None,
            error=user_error(request, exc),
        )
    return render(request, "algorithm_register.html", entry=entry, error="")


@router.get("/privacy/algorithm-register.json")
def register_download(guard: Guard = Depends(get_guard)) -> Response:
    """The entry as a JSON file, in the fields of the publication standard."""
    entry = accountability.algorithm_register_entry(guard)
    return Response(
        json.dumps(plain(entry), ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="algoritmeregister.json"'},
    )
