"""Server-side sessions behind a signed cookie, the CSRF check, and the one way a route gets a
Guard.

The cookie holds only a random session id (signed, so a forged one is refused without a store
read); the session itself — user, active case, CSRF token, timeouts — lives in the store and
ends at logout. Every state-changing request with a cookie session carries the session's CSRF
token: the `X-CSRF-Token` header (API, htmx) or a `csrf_token` form field (pages).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import Depends, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from raffinaderij import config
from raffinaderij.clock import Clock
from raffinaderij.errors import AuthError, Denied, NotFound
from raffinaderij.guard.policy import Policy
from raffinaderij.guard.session import Case, Guard, load_case, load_user
from raffinaderij.services import accounts
from raffinaderij.services.accounts import Session
from raffinaderij.store.db import Store
from raffinaderij.store.secret_files import SESSION_KEY, secret_file

__all__ = [
    "COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "AppState",
    "clear_session",
    "csrf_sent",
    "current_session",
    "end_session",
    "get_guard",
    "load_secret",
    "optional_session",
    "set_case",
    "start_session",
]

COOKIE = "raff_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class AppState:
    store: Store
    policy: Policy
    clock: Clock
    signer: URLSafeTimedSerializer


def load_secret() -> str:
    """RAFF_SECRET, else a key generated once and kept in the data folder (mode 0600)."""
    if config.get("secret"):
        return config.get("secret")
    return secret_file(config.data_dir() / SESSION_KEY)


def state(request: Request) -> AppState:
    app_state: AppState = request.app.state.raff
    return app_state


def _max_age() -> int:
    return config.get_int("session_max_hours") * 3600


def current_session(request: Request) -> Session:
    """The live server-side session of this request, or AuthError (read once per request)."""
    cached: Session | None = getattr(request.state, "raff_session", None)
    if cached is not None:
        return cached
    raw = request.cookies.get(COOKIE)
    if not raw:
        raise AuthError("log in first")
    st = state(request)
    try:
        token = st.signer.loads(raw, max_age=_max_age())
    except BadSignature:
        raise AuthError("your session has expired; log in again") from None
    if not isinstance(token, str):
        raise AuthError("your session has expired; log in again")
    session = accounts.resume_session(st.store, token, clock=st.clock)
    request.state.raff_session = session
    return session


def optional_session(request: Request) -> Session | None:
    try:
        return current_session(request)
    except AuthError:
        return None


def start_session(request: Request, response: Response, username: str) -> Session:
    """A fresh session id at every login; a session the browser still had is ended first."""
    st = state(request)
    previous = optional_session(request)
    if previous is not None:
        accounts.end_session(st.store, previous, clock=st.clock)
    session = accounts.start_session(st.store, username, clock=st.clock)
    response.set_cookie(
        COOKIE,
        st.signer.dumps(session.token),
        max_age=_max_age(),
        httponly=True,
        samesite="strict",
    )
    request.state.raff_session = session
    return session


def end_session(request: Request, response: Response, sent: str | None) -> None:
    """Logout: end the server-side session (if any; with its CSRF token) and drop the cookie."""
    session = optional_session(request)
    if session is not None:
        check_csrf(session, sent)
        st = state(request)
        accounts.end_session(st.store, session, clock=st.clock)
    clear_session(response)


def set_case(request: Request, case: Case, purpose: str) -> None:
    accounts.set_session_case(state(request).store, current_session(request), case, purpose)


def clear_session(response: Response) -> None:
    response.delete_cookie(COOKIE)


async def csrf_sent(request: Request) -> str | None:
    """The CSRF token a state-changing request sent (header or form field); None for reads."""
    if request.method in SAFE_METHODS:
        return None
    token = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if token is None and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        # FastAPI parsed the form already; Starlette hands back the same parsed form
        value = (await request.form()).get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    return token or ""


def check_csrf(session: Session, sent: str | None) -> None:
    if sent is not None and not hmac.compare_digest(sent.encode(), session.csrf_token.encode()):
        raise Denied(
            "this request lacks the session's CSRF token; reload the page (or send the "
            f"{CSRF_HEADER} header from GET /api/session) and try again"
        )


def get_guard(request: Request, sent: str | None = Depends(csrf_sent)) -> Guard:
    """A FastAPI dependency: the session's guard. The case rules are checked by each service."""
    st = state(request)
    session = current_session(request)
    check_csrf(session, sent)
    try:
        user = load_user(st.store, session.username)
    except NotFound:
        raise AuthError("your account is no longer active") from None
    case = None
    if session.case_id:
        try:
            case = load_case(st.store, session.case_id)
        except NotFound:
            case = None
    return Guard(
        st.store, user, policy=st.policy, clock=st.clock, case=case, purpose=session.purpose
    )
