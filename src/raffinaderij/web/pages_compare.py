"""Workbench pages for the case dashboard, comparison, consent inbox and hit details."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from raffinaderij.api.deps import get_guard
from raffinaderij.errors import ConsentRequired, RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.search.subjects import read_subjects
from raffinaderij.services import accounts, compare, consent, products
from raffinaderij.web.pages import form_date, render, user_error

__all__ = ["router"]

router = APIRouter()


@router.get("/case", response_class=HTMLResponse)
def dashboard(request: Request, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    comparisons = compare.list_comparisons(guard, limit=10)
    events = consent.recent_consents(guard, limit=10)
    case = guard.require_case()
    is_lead = case.members.get(guard.user.username) == "lead"
    # products follow their sources: those citing registrations that left analysis are flagged
    flagged = [p for p in products.list_products(guard) if p.flags]
    return render(
        request,
        "case.html",
        case=case,
        comparisons=comparisons,
        events=events,
        is_lead=is_lead,
        flagged=flagged,
    )


def _compare_page(request: Request, guard: Guard, status: int = 200, **extra: Any) -> HTMLResponse:
    """The comparison form, the case's register of orders (LAW-08) and earlier comparisons."""
    case = guard.require_case()
    return render(
        request,
        "compare.html",
        status=status,
        comparisons=compare.list_comparisons(guard),
        orders=accounts.list_orders(guard, case_id=case.case_id),
        is_lead=case.members.get(guard.user.username) == "lead",
        **extra,
    )


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    return _compare_page(request, guard)


@router.post("/compare/orders", response_model=None)
def record_order(
    request: Request,
    reference: str = Form(""),
    issued_by: str = Form(""),
    issued_on: str = Form(""),
    valid_until: str = Form(""),
    scope: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    """A case lead records an order in the active case's register."""
    try:
        case = guard.require_case()
        accounts.record_order(
            guard,
            case_id=case.case_id,
            reference=reference,
            issued_by=issued_by,
            issued_on=form_date(issued_on),
            valid_until=form_date(valid_until) if valid_until else None,
            scope=scope,
        )
    except RaffError as exc:
        if exc.status == 401:
            raise
        return _compare_page(request, guard, status=exc.status, error=user_error(request, exc))
    return RedirectResponse("/compare", status_code=303)


@router.post("/compare", response_model=None)
async def run_compare(
    request: Request,
    file: UploadFile | None = File(None),
    entity_id: list[str] | None = Form(None),
    combined: bool = Form(False),
    order_reference: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    try:
        if entity_id:
            result = compare.compare(
                guard,
                entity_ids=entity_id,
                combined=combined,
                order_reference=order_reference or None,
            )
        else:
            name = (file.filename if file else None) or "subjects.csv"
            data = await file.read() if file else b""
            subjects = read_subjects(data, filename=name) if data else []
            result = compare.compare(
                guard,
                subjects=subjects,
                input_name=name,
                combined=combined,
                order_reference=order_reference or None,
            )
    except RaffError as exc:
        if exc.status == 401:
            raise
        return _compare_page(request, guard, status=exc.status, error=user_error(request, exc))
    return RedirectResponse(f"/compare/{result.comparison_id}", status_code=303)


@router.get("/compare/{comparison_id}", response_class=HTMLResponse)
def hit_list(
    request: Request, comparison_id: str, guard: Guard = Depends(get_guard)
) -> HTMLResponse:
    result = compare.comparison_result(guard, comparison_id=comparison_id)
    only_hits = request.query_params.get("hits") == "1"
    return render(request, "hits.html", c=result, only_hits=only_hits)


@router.post("/hits/{hit_id}/request", response_model=None)
def ask(
    hit_id: str, reason: str = Form(""), back: str = Form(""), guard: Guard = Depends(get_guard)
) -> Response:
    consent.request_consent(guard, hit_id=hit_id, reason=reason)
    target = back if back.startswith("/compare/") else "/compare"
    return RedirectResponse(target, status_code=303)


@router.get("/hits/{hit_id}", response_class=HTMLResponse)
def hit_page(request: Request, hit_id: str, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    try:
        details = consent.hit_details(guard, hit_id=hit_id)
    except ConsentRequired as exc:
        return render(
            request, "hit.html", status=403, d=None, hit_id=hit_id, message=user_error(request, exc)
        )
    # what the hit's entities are linked to (incidents, addresses, vehicles), in the same scope
    ids = dict.fromkeys(r.entity_id for r in details.registrations)
    links = {eid: consent.hit_entity(guard, hit_id=hit_id, entity_id=eid).links for eid in ids}
    return render(request, "hit.html", d=details, hit_id=hit_id, links=links)


@router.get("/hits/{hit_id}/entities/{entity_id}", response_class=HTMLResponse)
def hit_entity_page(
    request: Request, hit_id: str, entity_id: str, guard: Guard = Depends(get_guard)
) -> HTMLResponse:
    e = consent.hit_entity(guard, hit_id=hit_id, entity_id=entity_id)
    return render(request, "entity.html", e=e, hit_id=hit_id)


@router.post("/consents", response_model=None)
def grant_many(
    request: Request,
    hit_id: list[str] = Form(default_factory=list),
    reason: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    """Bulk consent: one reason for the selected hits, each its own decision and audit row."""
    errors = []
    for one in dict.fromkeys(hit_id):
        try:
            consent.consent(guard, hit_id=one, reason=reason)
        except RaffError as exc:
            if exc.status == 401:
                raise
            errors.append(user_error(request, exc))
    if errors or not hit_id:
        return render(
            request,
            "consents.html",
            status=400 if not hit_id else 200,
            items=consent.consent_inbox(guard),
            error="; ".join(dict.fromkeys(errors)) or None,
        )
    return RedirectResponse("/consents", status_code=303)


@router.get("/consents", response_class=HTMLResponse)
def inbox(request: Request, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    return render(request, "consents.html", items=consent.consent_inbox(guard))


def _decide(
    request: Request, guard: Guard, decide: Callable[..., Any], hit_id: str, reason: str
) -> Response:
    """Grant or refuse; a refusal by the guard shows the inbox again with the reason."""
    try:
        decide(guard, hit_id=hit_id, reason=reason)
    except RaffError as exc:
        if exc.status == 401:
            raise
        return render(
            request,
            "consents.html",
            status=exc.status,
            items=consent.consent_inbox(guard),
            error=user_error(request, exc),
        )
    return RedirectResponse("/consents", status_code=303)


@router.post("/hits/{hit_id}/consent", response_model=None)
def grant(
    request: Request, hit_id: str, reason: str = Form(""), guard: Guard = Depends(get_guard)
) -> Response:
    return _decide(request, guard, consent.consent, hit_id, reason)


@router.post("/hits/{hit_id}/refuse", response_model=None)
def refuse(
    request: Request, hit_id: str, reason: str = Form(""), guard: Guard = Depends(get_guard)
) -> Response:
    return _decide(request, guard, consent.refuse_consent, hit_id, reason)
