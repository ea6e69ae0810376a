"""REST for the privacy officer (Wpg 25, 28): block, rectify, destroy on request; access
requests. Thin — parse, call a service, render JSON. Registration keys travel in the body,
never in a path (they hold ':' and '/')."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from raffinaderij.api.deps import get_guard
from raffinaderij.api.routes import pdf_response, plain, reader_lang
from raffinaderij.guard.session import Guard
from raffinaderij.services import access, accountability, privacy
from raffinaderij.web.report import access_pdf, supervisor_pdf

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


class NewAccessRequest(BaseModel):
    given_name: str
    surname: str
    birth_date: date
    bsn: str | None = None
    identity_check: str = Field(description="how the identity was checked (Wpg 25)")


class CloseAccessRequest(BaseModel):
    outcome: str = Field(description="answered | refused | limited")
    art27_ground: str | None = Field(None, description="Wpg 27(1) a-e; needed to refuse or limit")


@router.post("/access-requests")
def register_access_request(
    body: NewAccessRequest, guard: Guard = Depends(get_guard)
) -> dict[str, Any]:
    """Register a data subject's access request (Wpg 25); the answer is due in six weeks."""
    return dict(plain(access.access_request_register(guard, **body.model_dump())))


@router.get("/access-requests")
def list_access_requests(guard: Guard = Depends(get_guard)) -> list[dict[str, Any]]:
    """Access requests, open ones first by deadline, overdue ones flagged."""
    return list(plain(access.access_requests(guard)))


@router.get("/access-requests/{request_id}/report")
def access_report(request_id: str, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """Everything held about the person: registrations, comparisons, who consulted them."""
    return dict(plain(access.access_report(guard, request_id=request_id)))


class Extension(BaseModel):
    weeks: int = Field(description="1-4, or 1-6 when the data is processed at several units")
    reason: str = Field(description="why the answer is postponed (told to the requester)")
    several_units: bool = False


class Withholding(BaseModel):
    reg_key: str
    ground: str = Field(description="Wpg 27(1) a-f")
    reason: str


@router.post("/access-requests/{request_id}/extension")
def extend_access_request(
    request_id: str, body: Extension, guard: Guard = Depends(get_guard)
) -> dict[str, Any]:
    """Postpone the answer once (Wpg 25(1)), with the reason."""
    return dict(
        plain(access.access_request_extend(guard, request_id=request_id, **body.model_dump()))
    )


@router.post("/access-requests/{request_id}/withholdings")
def withhold_registration(
    request_id: str, body: Withholding, guard: Guard = Depends(get_guard)
) -> dict[str, Any]:
    """Withhold one of the person's registrations from the answer on a Wpg 27(1) ground."""
    return dict(plain(access.access_withhold(guard, request_id=request_id, **body.model_dump())))


@router.get("/access-requests/{request_id}/pdf")
def access_answer_pdf(
    request: Request, request_id: str, guard: Guard = Depends(get_guard)
) -> Response:
    """The answer to the requester as PDF: their data per registration with article and term,
    withheld registrations named with their ground; logged as `disclose`."""
    report = access.access_report_disclose(guard, request_id=request_id)
    return pdf_response(access_pdf(report, reader_lang(request)), request_id)


@router.post("/access-requests/{request_id}/close")
def close_access_request(
    request_id: str, body: CloseAccessRequest, guard: Guard = Depends(get_guard)
) -> dict[str, Any]:
    """Record the answer; refusing or limiting needs a Wpg 27 ground."""
    return dict(
        plain(access.access_request_close(guard, request_id=request_id, **body.model_dump()))
    )


@router.get("/supervisor-report")
def supervisor_report(guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """Authorisations, usage per case, retention compliance, access requests, log integrity."""
    return dict(plain(accountability.supervisor_report(guard)))


@router.get("/supervisor-report/pdf")
def supervisor_report_pdf(request: Request, guard: Guard = Depends(get_guard)) -> Response:
    """The supervisor's report as PDF (same figures as the page); logged as `disclose`."""
    report = accountability.supervisor_report_disclose(guard)
    reader = f"{guard.user.display_name} ({guard.user.username})"
    name = f"supervisor-report-{report.made_at:%Y%m%d}"
    return pdf_response(supervisor_pdf(report, reader, reader_lang(request)), name)


@router.get("/algorithm-register")
def algorithm_register(guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """The Algorithm Register entry for the approved model and the comparison rules."""
    return dict(plain(accountability.algorithm_register_entry(guard)))
