"""Workbench pages for information products (composer, product view, lifecycle), signals
(drafting, approval) and the register of provisions: thin — parse, call a service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from raffinaderij.api.deps import get_guard
from raffinaderij.errors import RaffError
from raffinaderij.guard.provisions import provisions
from raffinaderij.guard.session import Guard
from raffinaderij.services import charts, products, signals
from raffinaderij.web.pages import render

__all__ = ["router"]

router = APIRouter()


@router.get("/products", response_class=HTMLResponse)
def products_page(request: Request, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    return render(request, "products.html", products=products.list_products(guard))


@router.post("/products", response_model=None)
def new_product(
    request: Request,
    title: str = Form(""),
    purpose: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    try:
        made = products.create_product(guard, title=title, purpose=purpose)
    except RaffError as exc:
        return render(
            request,
            "products.html",
            status=exc.status,
            products=products.list_products(guard),
            error=str(exc),
        )
    return RedirectResponse(f"/products/{made.product_id}", status_code=303)


def _product_page(
    request: Request,
    guard: Guard,
    product_id: str,
    version: int | None,
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    view = products.product_view(guard, product_id=product_id, version=version)
    case = guard.require_case()
    is_lead = case.members.get(guard.user.username) == "lead"
    can_signal = is_lead and view.state in ("issued", "actioned") and view.version == view.versions
    return render(
        request,
        "product.html",
        status=status,
        p=view,
        me=guard.user.username,
        is_lead=is_lead,
        recipients=signals.list_recipients(guard) if can_signal else [],
        can_signal=can_signal,
        saved_charts=(
            charts.chart_list(guard)
            if view.state == "draft" and view.author == guard.user.username
            else []
        ),
        provisions=provisions(),
        error=error,
    )


@router.get("/products/{product_id}", response_class=HTMLResponse)
def product_page(
    request: Request, product_id: str, version: int | None = None, guard: Guard = Depends(get_guard)
) -> HTMLResponse:
    return _product_page(request, guard, product_id, version)


def _act(request: Request, guard: Guard, product_id: str, call: Callable[[], Any]) -> Response:
    """Run a composer or lifecycle step; on a refusal show the product with the reason."""
    try:
        call()
    except RaffError as exc:
        return _product_page(request, guard, product_id, None, str(exc), exc.status)
    return RedirectResponse(f"/products/{product_id}", status_code=303)


@router.post("/products/{product_id}/findings", response_model=None)
def add_finding(
    request: Request,
    product_id: str,
    heading: str = Form(""),
    text: str = Form(""),
    judgement: bool = Form(False),
    guard: Guard = Depends(get_guard),
) -> Response:
    return _act(
        request,
        guard,
        product_id,
        lambda: products.add_finding(
            guard, product_id=product_id, heading=heading, text=text, judgement=judgement
        ),
    )


@router.post("/products/{product_id}/citations", response_model=None)
def cite_entity(
    request: Request,
    product_id: str,
    entity_id: str = Form(""),
    heading: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    return _act(
        request,
        guard,
        product_id,
        lambda: products.cite_entity(
            guard, product_id=product_id, entity_id=entity_id.strip(), heading=heading
        ),
    )


@router.post("/products/{product_id}/search-citations", response_model=None)
def cite_search(
    request: Request,
    product_id: str,
    q: str = Form(""),
    heading: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    return _act(
        request,
        guard,
        product_id,
        lambda: products.cite_search(guard, product_id=product_id, q=q, heading=heading),
    )


@router.post("/products/{product_id}/chart-citations", response_model=None)
def cite_chart(
    request: Request,
    product_id: str,
    chart_id: str = Form(""),
    heading: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    return _act(
        request,
        guard,
        product_id,
        lambda: products.cite_chart(
            guard, product_id=product_id, chart_id=chart_id.strip(), heading=heading
        ),
    )


@router.post("/products/{product_id}/timeline-citations", response_model=None)
def cite_timeline(
    request: Request,
    product_id: str,
    entity_ids: str = Form(""),
    heading: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    """The timeline of the entities named (ids separated by spaces or commas)."""
    ids = [i for i in entity_ids.replace(",", " ").split() if i]
    return _act(
        request,
        guard,
        product_id,
        lambda: products.cite_timeline(
            guard, product_id=product_id, entity_ids=ids, heading=heading
        ),
    )


@router.post("/products/{product_id}/lifecycle", response_model=None)
def lifecycle(
    request: Request,
    product_id: str,
    step: str = Form(...),
    note: str = Form(""),
    assessor: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    """One form target for the lifecycle buttons: submit, issue, return, action, withdraw, revise."""
    steps: dict[str, Callable[[], Any]] = {
        "submit": lambda: products.submit_product(guard, product_id=product_id),
        "issue": lambda: products.review_product(
            guard, product_id=product_id, decision="issue", note=note
        ),
        "return": lambda: products.review_product(
            guard, product_id=product_id, decision="return", note=note
        ),
        "action": lambda: products.record_action(
            guard, product_id=product_id, assessor=assessor, rationale=note
        ),
        "withdraw": lambda: products.withdraw_product(guard, product_id=product_id, reason=note),
        "revise": lambda: products.revise_product(guard, product_id=product_id),
    }
    if step not in steps:
        raise RaffError(f"unknown step {step!r}")
    return _act(request, guard, product_id, steps[step])


# -- signals --------------------------------------------------------------------------------
@router.post("/signals", response_model=None)
def draft_signal(
    request: Request,
    product_id: str = Form(...),
    recipient_id: str = Form(""),
    article: str = Form(""),
    purpose: str = Form(""),
    ground: str = Form(""),
    ground_facts: str = Form(""),
    agreement: str = Form(""),
    fact_no: list[int] | None = Form(None),
    guard: Guard = Depends(get_guard),
) -> Response:
    try:
        signal = signals.draft_signal(
            guard,
            product_id=product_id,
            recipient_id=recipient_id,
            article=article,
            purpose=purpose,
            ground=ground,
            ground_facts=ground_facts,
            fact_nos=fact_no or [],
            agreement=agreement or None,
        )
    except RaffError as exc:
        return _product_page(request, guard, product_id, None, str(exc), exc.status)
    return RedirectResponse(f"/signals/{signal.signal_id}", status_code=303)


def _signal_page(
    request: Request, guard: Guard, signal_id: str, error: str = "", status: int = 200
) -> HTMLResponse:
    view = signals.signal_view(guard, signal_id=signal_id)
    return render(
        request,
        "signal.html",
        status=status,
        s=view,
        me=guard.user.username,
        grounds=provisions().grounds,
        error=error,
    )


@router.get("/signals/{signal_id}", response_class=HTMLResponse)
def signal_page(
    request: Request, signal_id: str, guard: Guard = Depends(get_guard)
) -> HTMLResponse:
    return _signal_page(request, guard, signal_id)


@router.post("/signals/{signal_id}/step", response_model=None)
def signal_step(
    request: Request,
    signal_id: str,
    step: str = Form(...),
    agreement: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    """Agreement, approval and 'sent' from the signal page."""
    steps: dict[str, Callable[[], Any]] = {
        "agreement": lambda: signals.record_agreement(
            guard, signal_id=signal_id, agreement=agreement
        ),
        "approve": lambda: signals.approve_signal(guard, signal_id=signal_id),
        "sent": lambda: signals.send_signal(guard, signal_id=signal_id),
    }
    if step not in steps:
        raise RaffError(f"unknown step {step!r}")
    try:
        steps[step]()
    except RaffError as exc:
        return _signal_page(request, guard, signal_id, str(exc), exc.status)
    return RedirectResponse(f"/signals/{signal_id}", status_code=303)


@router.get("/provisions", response_class=HTMLResponse)
def provisions_page(request: Request, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    return render(request, "provisions.html", rows=signals.provisions_register(guard, limit=500))
