"""The REST API: thin — parse, call a service, render JSON. OpenAPI at /api/docs."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from raffinaderij.api.deps import (
    csrf_sent,
    current_session,
    end_session,
    get_guard,
    set_case,
    start_session,
    state,
)
from raffinaderij.guard.session import Guard
from raffinaderij.jsonable import plain
from raffinaderij.model.ontology import ontology
from raffinaderij.services import accounts, audit, entity, resolution, search

__all__ = ["PUBLIC", "router"]

router = APIRouter(prefix="/api")

#: Routes that need no session and read no police data (the route walk test checks the rest).
PUBLIC = {
    ("POST", "/api/login"),
    ("POST", "/api/logout"),
    ("GET", "/api/session"),
    ("GET", "/api/docs"),
    ("GET", "/api/ontology"),
}


def reader_lang(request: Request) -> str:
    """The reader's language for a rendered document (a PDF): ?lang=, the cookie, else Dutch."""
    from raffinaderij.web.messages import LANGS

    lang = request.query_params.get("lang") or request.cookies.get("raff_lang") or "nl"
    return lang if lang in LANGS else "nl"


def pdf_response(data: bytes, name: str) -> Response:
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
    )


class Login(BaseModel):
    username: str
    password: str


class ActivateCase(BaseModel):
    case_id: str
    purpose: str


class NewCase(BaseModel):
    case_id: str
    title: str
    basis: int
    purpose: str | None = None
    threshold: str | None = None
    facts: str | None = None
    covert_allowed: list[str] = []


class Member(BaseModel):
    username: str
    role: str = "analyst"


class NewOrder(BaseModel):
    reference: str = Field(description="the order's own reference")
    issued_by: str = Field(description="the competent authority that issued it")
    issued_on: date
    scope: str = Field(description="what the order allows, in its own words")
    valid_until: date | None = None


class Grounds(BaseModel):
    purpose: str
    threshold: str
    facts: str


@router.post("/login")
def login(body: Login, request: Request, response: Response) -> dict[str, Any]:
    """Start a session (cookie); the answer carries the CSRF token for state-changing calls."""
    st = state(request)
    user = accounts.authenticate(st.store, body.username, body.password, clock=st.clock)
    session = start_session(request, response, user.username)
    return {
        "username": user.username,
        "roles": sorted(user.roles),
        "level": user.level,
        "csrf_token": session.csrf_token,
    }


@router.get("/session")
def session_info(request: Request) -> dict[str, Any]:
    """The current session: user, active case and the CSRF token (send it as X-CSRF-Token)."""
    session = current_session(request)
    return {
        "username": session.username,
        "case_id": session.case_id,
        "purpose": session.purpose,
        "csrf_token": session.csrf_token,
    }


@router.post("/logout")
def logout(
    request: Request, response: Response, sent: str | None = Depends(csrf_sent)
) -> dict[str, bool]:
    """End the session: the cookie no longer works, here or anywhere it was copied to."""
    end_session(request, response, sent)
    return {"ok": True}


@router.get("/ontology")
def get_ontology() -> dict[str, Any]:
    return ontology().to_json()


@router.get("/cases")
def cases(guard: Guard = Depends(get_guard)) -> list[dict[str, Any]]:
    return plain(accounts.list_cases(guard))


@router.post("/cases")
def new_case(body: NewCase, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    case = accounts.create_case(guard, **body.model_dump())
    return accounts.case_json(case)


@router.post("/cases/{case_id}/members")
def add_member(case_id: str, body: Member, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return accounts.case_json(
        accounts.add_case_member(guard, case_id=case_id, username=body.username, role=body.role)
    )


@router.post("/cases/{case_id}/grounds")
def grounds(case_id: str, body: Grounds, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return accounts.case_json(
        accounts.record_case_grounds(guard, case_id=case_id, **body.model_dump())
    )


@router.post("/cases/{case_id}/orders")
def new_order(case_id: str, body: NewOrder, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """Record an order allowing combined processing (Wpg 11(4)); a lead of the case only."""
    return dict(plain(accounts.record_order(guard, case_id=case_id, **body.model_dump())))


@router.get("/cases/{case_id}/orders")
def orders(case_id: str, guard: Guard = Depends(get_guard)) -> list[Any]:
    """The case's register of orders, with whether each is in force today."""
    return list(plain(accounts.list_orders(guard, case_id=case_id)))


@router.post("/session/case")
def activate(
    body: ActivateCase, request: Request, response: Response, guard: Guard = Depends(get_guard)
) -> dict[str, Any]:
    case = accounts.activate_case(guard, case_id=body.case_id, purpose=body.purpose)
    set_case(request, case, body.purpose)
    return accounts.case_json(case)


@router.get("/search")
def do_search(
    q: str,
    schema: str | None = None,
    limit: int = Query(50, ge=1, le=500),
    guard: Guard = Depends(get_guard),
) -> dict[str, Any]:
    return plain(search.search(guard, q=q, schema=schema, limit=limit))


@router.get("/entities/{entity_id:path}")
def get_entity(entity_id: str, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return plain(entity.entity_view(guard, entity_id=entity_id))


@router.get("/audit")
def audit_rows(
    limit: int = Query(100, ge=1, le=10_000),
    username: str | None = None,
    case_id: str | None = None,
    guard: Guard = Depends(get_guard),
) -> list[dict[str, Any]]:
    return plain(audit.read_log(guard, limit=limit, username=username, case_id=case_id))


@router.get("/audit/verify")
def audit_verify(guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    return plain(audit.verify_log(guard))


class Review(BaseModel):
    left: str
    right: str
    decision: str
    reason: str


@router.post("/resolve/review")
def review(body: Review, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """Confirm or split two records (append-only; survives re-runs and retrains)."""
    return dict(plain(resolution.review_match(guard, **body.model_dump())))


@router.get("/resolve/explain")
def explain(left: str, right: str, guard: Guard = Depends(get_guard)) -> dict[str, Any]:
    """Why two records were (not) linked: per-field contributions to the match weight."""
    return dict(plain(resolution.explain_match(guard, left=left, right=right)))
