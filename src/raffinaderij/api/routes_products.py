"""REST for information products, signals and the register of provisions (issue 11): thin —
parse, call a service, render. No route takes a recipient, address or URL for a product: a
product never leaves the police (LAW-12); a signal carries its items, never the product."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from raffinaderij.api.deps import get_guard
from raffinaderij.api.routes import pdf_response, plain, reader_lang
from raffinaderij.guard.session import Guard
from raffinaderij.services import products, signals
from raffinaderij.web.report import letter_pdf, product_pdf

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["products"])


class NewProduct(BaseModel):
    title: str
    purpose: str


class Finding(BaseModel):
    heading: str
    text: str
    judgement: bool = True


class EntityCitation(BaseModel):
    entity_id: str
    heading: str = ""
    props: list[str] | None = None


class SearchCitation(BaseModel):
    q: str
    heading: str = ""
    limit: int = 10


class ChartCitation(BaseModel):
    chart_id: str
    heading: str = ""


class TimelineCitation(BaseModel):
    entity_ids: list[str]
    heading: str = ""
    start: date | None = None
    end: date | None = None
    limit: int = 100


class ReviewDecision(BaseModel):
    decision: str = Field(description="'issue' or 'return'")
    note: str = ""


class Action(BaseModel):
    assessor: str = Field(description="username of the human who assessed it")
    rationale: str


class Withdrawal(BaseModel):
    reason: str


@router.get("/products")
def list_products(guard: Guard = Depends(get_guard)) -> list[dict[str, Any]]:
    return list(plain(products.list_products(guard)))


@router.post("/products")
def create_product(body: NewProduct, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return dict(plain(products.create_product(guard, **body.model_dump())))


@router.get("/products/{product_id}")
def get_product(
    product_id: str, version: int | None = None, guard: Guard = Depends(get_guard)
) -> dict[str, Any]:
    """The product as this reader may see it (facts they lost are redacted, with the reason)."""
    return dict(plain(products.product_view(guard, product_id=product_id, version=version)))


@router.get("/products/{product_id}/pdf")
def product_download(
    request: Request,
    product_id: str,
    version: int | None = None,
    guard: Guard = Depends(get_guard),
) -> Response:
    """The product as PDF for its police reader, watermarked; logged as `disclose`."""
    view = products.disclose_product(guard, product_id=product_id, version=version)
    return pdf_response(
        product_pdf(view, reader_lang(request)), f"{view.product_id}-v{view.version}"
    )


@router.get("/products/{product_id}/diff")
def product_diff(
    product_id: str, from_version: int, to_version: int, guard: Guard = Depends(get_guard)
) -> list[list[str]]:
    return [
        list(d)
        for d in products.product_diff(
            guard, product_id=product_id, from_version=from_version, to_version=to_version
        )
    ]


@router.post("/products/{product_id}/findings")
def add_finding(
    product_id: str, body: Finding, guard: Guard = Depends(get_guard)
) -> dict[str, int]:
    return {"section": products.add_finding(guard, product_id=product_id, **body.model_dump())}


@router.post("/products/{product_id}/citations")
def cite_entity(
    product_id: str, body: EntityCitation, guard: Guard = Depends(get_guard)
) -> dict[str, int]:
    return {"section": products.cite_entity(guard, product_id=product_id, **body.model_dump())}


@router.post("/products/{product_id}/search-citations")
def cite_search(
    product_id: str, body: SearchCitation, guard: Guard = Depends(get_guard)
) -> dict[str, int]:
    return {"section": products.cite_search(guard, product_id=product_id, **body.model_dump())}


@router.post("/products/{product_id}/chart-citations")
def cite_chart(
    product_id: str, body: ChartCitation, guard: Guard = Depends(get_guard)
) -> dict[str, int]:
    """Cite a saved chart of the case: its nodes and links now, footnoted, with its picture."""
    return {"section": products.cite_chart(guard, product_id=product_id, **body.model_dump())}


@router.post("/products/{product_id}/timeline-citations")
def cite_timeline(
    product_id: str, body: TimelineCitation, guard: Guard = Depends(get_guard)
) -> dict[str, int]:
    """Cite the dated events of some entities, footnoted."""
    return {"section": products.cite_timeline(guard, product_id=product_id, **body.model_dump())}


@router.post("/products/{product_id}/submission")
def submit(product_id: str, guard: Guard = Depends(get_guard)) -> dict[str, str]:
    return {"state": products.submit_product(guard, product_id=product_id)}


@router.post("/products/{product_id}/review")
def review(
    product_id: str, body: ReviewDecision, guard: Guard = Depends(get_guard)
) -> dict[str, str]:
    return {"state": products.review_product(guard, product_id=product_id, **body.model_dump())}


@router.post("/products/{product_id}/action")
def action(product_id: str, body: Action, guard: Guard = Depends(get_guard)) -> dict[str, str]:
    return {"state": products.record_action(guard, product_id=product_id, **body.model_dump())}


@router.post("/products/{product_id}/withdrawal")
def withdraw(
    product_id: str, body: Withdrawal, guard: Guard = Depends(get_guard)
) -> dict[str, str]:
    return {"state": products.withdraw_product(guard, product_id=product_id, **body.model_dump())}


@router.post("/products/{product_id}/versions")
def revise(product_id: str, guard: Guard = Depends(get_guard)) -> dict[str, int]:
    return {"version": products.revise_product(guard, product_id=product_id)}


# -- signals --------------------------------------------------------------------------------
class NewRecipient(BaseModel):
    organisation: str
    kind: str


class NewSignal(BaseModel):
    product_id: str
    recipient_id: str
    article: str
    purpose: str
    ground: str
    ground_facts: str
    fact_nos: list[int] = Field(description="the product's footnote numbers to provide")
    agreement: str | None = None


class Agreement(BaseModel):
    agreement: str


@router.get("/recipients")
def recipients(guard: Guard = Depends(get_guard)) -> list[dict[str, Any]]:
    return list(plain(signals.list_recipients(guard)))


@router.post("/recipients")
def register_recipient(body: NewRecipient, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return dict(plain(signals.register_recipient(guard, **body.model_dump())))


@router.get("/signals")
def list_signals(guard: Guard = Depends(get_guard)) -> list[dict[str, Any]]:
    return list(plain(signals.list_signals(guard)))


@router.post("/signals")
def draft_signal(body: NewSignal, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return dict(plain(signals.draft_signal(guard, **body.model_dump())))


@router.get("/signals/{signal_id}")
def get_signal(signal_id: str, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return dict(plain(signals.signal_view(guard, signal_id=signal_id)))


@router.post("/signals/{signal_id}/agreement")
def agreement(signal_id: str, body: Agreement, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return dict(plain(signals.record_agreement(guard, signal_id=signal_id, **body.model_dump())))


@router.post("/signals/{signal_id}/approval")
def approve(signal_id: str, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return dict(plain(signals.approve_signal(guard, signal_id=signal_id)))


@router.post("/signals/{signal_id}/sent")
def sent(signal_id: str, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """Record that the approved signal went out: writes the provision record."""
    return dict(plain(signals.send_signal(guard, signal_id=signal_id)))


@router.get("/signals/{signal_id}/letter")
def letter(request: Request, signal_id: str, guard: Guard = Depends(get_guard)) -> Response:
    """The letter of an approved signal (PDF): its items only, never the product."""
    view = signals.signal_letter(guard, signal_id=signal_id)
    return pdf_response(letter_pdf(view, reader_lang(request)), f"signaal-{view.signal_id}")


@router.get("/provisions")
def provisions_register(
    limit: int = Query(1000, ge=1, le=10_000), guard: Guard = Depends(get_guard)
) -> list[dict[str, Any]]:
    """The register of provisions, for the privacy officer and the supervisor."""
    return list(plain(signals.provisions_register(guard, limit=min(limit, 10_000))))
