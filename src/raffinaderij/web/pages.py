"""Server-rendered workbench pages: thin — parse, call a service, render a template."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from raffinaderij.api.deps import (
    csrf_sent,
    end_session,
    get_guard,
    optional_session,
    set_case,
    start_session,
    state,
)
from raffinaderij.api.routes import plain
from raffinaderij.errors import AuthError, NotFound, RaffError
from raffinaderij.guard.session import Guard, load_user
from raffinaderij.model.codes import codes
from raffinaderij.services import accounts, charts, entity, graph, resolution, search
from raffinaderij.web.messages import (
    LANGS,
    agreement_text,
    error_message,
    link_label,
    prop_label,
    translate,
    translate_value,
    type_label,
)

__all__ = ["PUBLIC", "form_date", "lang_of", "render", "router", "templates", "user_error"]

router = APIRouter()
templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))

#: Pages that need no session and show no police data.
PUBLIC = {("GET", "/login"), ("POST", "/login"), ("POST", "/logout"), ("GET", "/")}


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("raff_lang") or "nl"
    return lang if lang in LANGS else "nl"


def user_error(request: Request, exc: Exception) -> str:
    """An error's message in the reader's language (see messages.error_message)."""
    return error_message(exc, lang_of(request))


def form_date(text: str) -> date:
    """A date typed into a form (YYYY-MM-DD); anything else is an error the reader can mend."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        error = RaffError(f"{text!r} is not a date (YYYY-MM-DD)")
        error.message_key = "error_not_a_date"
        raise error from None


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)
    session = optional_session(request)
    guard_user = session.username if session else None
    readers = state(request).policy.audit_readers
    can_audit = is_officer = can_admin = is_admin = False
    if guard_user:
        try:
            roles = load_user(state(request).store, guard_user).roles
            can_audit, is_officer = bool(roles & readers), "privacy_officer" in roles
            is_admin = "admin" in roles
            can_admin = bool(roles & {"admin", "privacy_officer"})  # the jobs page
        except NotFound:
            pass
    response = templates.TemplateResponse(
        request,
        name,
        {
            "t": lambda key: translate(key, lang),
            # codes and model names in the reader's language: a role, an action, a type, a property
            "tv": lambda prefix, value: translate_value(prefix, str(value), lang),
            "type_label": lambda schema: type_label(schema, lang),
            "prop_label": lambda prop, schema=None: prop_label(prop, lang, schema),
            "link_label": lambda link_type: link_label(link_type, lang),
            "code_list": lambda field: codes().allowed(field),
            "link_types": graph.checked_types(None),
            "agreement_text": lambda a: agreement_text(a.comparison, a.verdict, a.label, lang),
            "lang": lang,
            "session_user": guard_user,
            "session_case": session.case_id if session else None,
            # every state-changing form carries it (hidden field); htmx sends it as a header
            "csrf_token": session.csrf_token if session else "",
            "can_read_audit": can_audit,
            "is_privacy_officer": is_officer,
            "can_admin": can_admin,
            "session_is_admin": is_admin,
            **context,
        },
        status_code=status,
    )
    if request.query_params.get("lang") in LANGS:
        response.set_cookie("raff_lang", lang, samesite="strict")
    return response


@router.get("/", response_model=None)
def home(request: Request) -> Response:
    session = optional_session(request)
    if session is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse("/search" if session.case_id else "/cases", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return render(request, "login.html")


@router.post("/login", response_model=None)
def login(request: Request, username: str = Form(...), password: str = Form(...)) -> Response:
    st = state(request)
    try:
        accounts.authenticate(st.store, username, password, clock=st.clock)
    except AuthError as exc:
        return render(request, "login.html", status=exc.status, error=user_error(request, exc))
    response = RedirectResponse("/cases", status_code=303)
    start_session(request, response, username)
    return response


@router.post("/logout")
def logout(request: Request, sent: str | None = Depends(csrf_sent)) -> RedirectResponse:
    """End the session (a form button with the CSRF token; a GET cannot log anyone out)."""
    response = RedirectResponse("/login", status_code=303)
    end_session(request, response, sent)
    return response


@router.get("/cases", response_class=HTMLResponse)
def cases_page(request: Request, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    return render(request, "cases.html", cases=accounts.list_cases(guard))


@router.post("/cases/activate", response_model=None)
def activate(
    request: Request,
    case_id: str = Form(...),
    purpose: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    try:
        case = accounts.activate_case(guard, case_id=case_id, purpose=purpose)
    except RaffError as exc:
        return render(
            request,
            "cases.html",
            status=exc.status,
            cases=accounts.list_cases(guard),
            chosen=case_id,
            purpose=purpose,
            error=user_error(request, exc),
        )
    response = RedirectResponse("/search", status_code=303)
    set_case(request, case, purpose)
    return response


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = "",
    schema: str | None = None,
    source: str | None = None,
    basis: int | None = None,
    year: int | None = None,
    guard: Guard = Depends(get_guard),
) -> HTMLResponse:
    filters = {
        k: v
        for k, v in {"schema": schema, "source": source, "basis": basis, "year": year}.items()
        if v
    }
    result = search.search(guard, q=q, **filters) if q.strip() else None
    if result is None:
        guard.require_case()

    def link(params: dict[str, Any]) -> str:
        return "/search?" + urlencode({"q": q, **params})

    facet_links = {
        name: {key: link(filters | {name: key}) for key in counts}
        for name, counts in (result.facets if result else {}).items()
    }
    remove_links = {name: link({k: v for k, v in filters.items() if k != name}) for name in filters}
    return render(
        request,
        "search.html",
        q=q,
        result=result,
        filters=filters,
        facet_links=facet_links,
        remove_links=remove_links,
    )


def member_labels(view: entity.EntityView) -> dict[str, str]:
    """A member record as a reader knows it: its source and registration, not its key."""
    labels: dict[str, str] = {}
    for v in view.values:
        labels.setdefault(v.entity_key, f"{v.source} · {v.reg_key}")
    return labels


@router.get("/entity/{entity_id:path}", response_class=HTMLResponse)
def entity_page(
    request: Request,
    entity_id: str,
    split_left: str = "",
    split_right: str = "",
    guard: Guard = Depends(get_guard),
) -> HTMLResponse:
    view = entity.entity_view(guard, entity_id=entity_id)
    return render(
        request,
        "entity.html",
        e=view,
        members=member_labels(view),
        # just split: the page offers the undo (a decision that supersedes the split)
        split={"left": split_left, "right": split_right} if split_left and split_right else None,
    )


@router.get("/chart/{entity_id:path}", response_class=HTMLResponse)
def chart_page(request: Request, entity_id: str, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    """The link chart, opened on one entity and its neighbours; the page's script expands it."""
    answer = graph.graph_expand(guard, entity_ids=[entity_id])
    return render(
        request,
        "chart.html",
        answer=answer,
        root=answer.nodes[0],
        data=plain(answer)
        | {"seeds": [answer.nodes[0].id], "expansions": [{"ids": [answer.nodes[0].id]}]},
        saved=charts.chart_list(guard),
        chart=None,
    )


@router.post("/entity/review", response_model=None)
def review(
    request: Request,
    entity_id: str = Form(...),
    left: str = Form(...),
    right: str = Form(...),
    decision: str = Form(...),
    reason: str = Form(""),
    confirmed: str = Form(""),
    guard: Guard = Depends(get_guard),
) -> Response:
    """Confirm a pair; split it after a step that shows which records leave; undo a split
    (a confirm decision that supersedes it: decisions are append-only)."""
    if decision == "split":
        view = entity.entity_view(guard, entity_id=entity_id)
        leaving = entity.split_consequence(guard, entity_id=entity_id, left=left, right=right)
        if not confirmed:
            return render(
                request,
                "review.html",
                e=view,
                members=member_labels(view),
                left=left,
                right=right,
                reason=reason,
                leaving=leaving,
            )
        resolution.review_match(guard, left=left, right=right, decision="split", reason=reason)
        # the entity id follows the part that stays
        stay = next((m for m in view.members if m not in leaving), left)
        target = entity.entity_of_record(guard, entity_key=stay)
        query = urlencode({"split_left": left, "split_right": right})
        return RedirectResponse(f"/entity/{quote(target, safe='')}?{query}", status_code=303)
    if decision == "undo":
        resolution.review_match(guard, left=left, right=right, decision="confirm", reason=reason)
        target = entity.entity_of_record(guard, entity_key=left)
        return RedirectResponse(f"/entity/{quote(target, safe='')}", status_code=303)
    resolution.review_match(guard, left=left, right=right, decision=decision, reason=reason)
    return RedirectResponse(f"/entity/{quote(entity_id, safe='')}", status_code=303)
