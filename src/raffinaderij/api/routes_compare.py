"""REST for automated comparison and consent (Wpg 11): thin — parse, call a service, render JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, UploadFile
from pydantic import BaseModel, Field

from raffinaderij.api.deps import get_guard
from raffinaderij.errors import RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.jsonable import plain
from raffinaderij.search.subjects import read_subjects
from raffinaderij.services import compare, consent

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["comparison"])


class ComparisonRequest(BaseModel):
    subjects: list[dict[str, str]] | None = Field(
        None, description="rows of subject fields: givenName, surname, birthDate, bsn, plate, ..."
    )
    entity_ids: list[str] | None = Field(None, description="or: entities picked in the workbench")
    input_name: str = "subjects"
    combined: bool = Field(
        False,
        description="reach other cases' art. 9/10 data (Wpg 11(4)); needs the order_reference "
        "of an order in force in the case's register (POST /api/cases/{case_id}/orders)",
    )
    order_reference: str | None = None


class Reason(BaseModel):
    reason: str


@router.post("/comparisons")
def run_comparison(body: ComparisonRequest, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """Run a comparison; per subject: hit or not, agreeing key types, model version, hit id."""
    return dict(plain(compare.compare(guard, **body.model_dump())))


@router.post("/comparisons/upload")
async def upload_comparison(
    file: UploadFile = File(...),
    combined: bool = Form(False),
    order_reference: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> dict[str, Any]:
    """Run a comparison on a CSV or Excel file of subjects (Dutch or English column names)."""
    name = file.filename or "subjects.csv"
    subjects = read_subjects(await file.read(), filename=name)
    return dict(
        plain(
            compare.compare(
                guard,
                subjects=subjects,
                input_name=name,
                combined=combined,
                order_reference=order_reference or None,
            )
        )
    )


@router.get("/comparisons")
def comparisons(guard: Guard = Depends(get_guard)) -> list[Any]:
    return list(plain(compare.list_comparisons(guard)))


@router.get("/comparisons/{comparison_id}")
def comparison(comparison_id: str, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return dict(plain(compare.comparison_result(guard, comparison_id=comparison_id)))


@router.post("/hits/{hit_id}/consent-request")
def ask_consent(hit_id: str, body: Reason, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return dict(plain(consent.request_consent(guard, hit_id=hit_id, reason=body.reason)))


@router.post("/hits/{hit_id}/consent")
def give_consent(hit_id: str, body: Reason, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """A case lead (not the analyst who ran it) opens a hit's data, with a reason (LAW-07)."""
    return dict(plain(consent.consent(guard, hit_id=hit_id, reason=body.reason)))


@router.post("/hits/{hit_id}/refusal")
def refuse(hit_id: str, body: Reason, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return dict(plain(consent.refuse_consent(guard, hit_id=hit_id, reason=body.reason)))


@router.get("/hits/{hit_id}/details")
def details(hit_id: str, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """The registrations behind a hit: 403 until consent, then within the reader's own scope."""
    return dict(plain(consent.hit_details(guard, hit_id=hit_id)))


@router.get("/hits/{hit_id}/entities/{entity_id}")
def hit_entity(hit_id: str, entity_id: str, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """An entity behind a consented hit, with every registration the reader may compare with."""
    return dict(plain(consent.hit_entity(guard, hit_id=hit_id, entity_id=entity_id)))


class BulkConsent(BaseModel):
    hit_ids: list[str] = Field(min_length=1, max_length=500)
    reason: str


@router.post("/hits/consent")
def give_consents(body: BulkConsent, guard: Guard = Depends(get_guard)) -> list[dict[str, Any]]:
    """Consent to several hits with one reason; each hit is its own decision and audit row."""
    out: list[dict[str, Any]] = []
    for hit_id in dict.fromkeys(body.hit_ids):
        try:
            out.append(dict(plain(consent.consent(guard, hit_id=hit_id, reason=body.reason))))
        except RaffError as exc:
            out.append({"hit_id": hit_id, "error": str(exc), "kind": type(exc).__name__})
    return out


@router.get("/consents/inbox")
def inbox(guard: Guard = Depends(get_guard)) -> list[Any]:
    return list(plain(consent.consent_inbox(guard)))
