"""Sessions (signed cookies) and the one way a route gets a Guard."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from raffinaderij import config
from raffinaderij.clock import Clock
from raffinaderij.errors import AuthError, NotFound
from raffinaderij.guard.policy import Policy
from raffinaderij.guard.session import Guard, load_case, load_user
from raffinaderij.store.db import Store

__all__ = [
    "COOKIE",
    "AppState",
    "clear_session",
    "get_guard",
    "load_secret",
    "read_session",
    "write_session",
]

COOKIE = "raff_session"
MAX_AGE = 8 * 3600  # a working day


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
    path = config.data_dir() / "session.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return Path(path).read_text().strip()


def state(request: Request) -> AppState:
    app_state: AppState = request.app.state.raff
    return app_state


def read_session(request: Request) -> dict[str, Any]:
    raw = request.cookies.get(COOKIE)
    if not raw:
        raise AuthError("log in first")
    try:
        data: dict[str, Any] = state(request).signer.loads(raw, max_age=MAX_AGE)
    except BadSignature:
        raise AuthError("your session has expired; log in again") from None
    return data


def write_session(request: Request, response: Response, data: dict[str, Any]) -> None:
    response.set_cookie(
        COOKIE, state(request).signer.dumps(data), max_age=MAX_AGE, httponly=True, samesite="strict"
    )


def clear_session(response: Response) -> None:
    response.delete_cookie(COOKIE)


def get_guard(request: Request) -> Guard:
    """A FastAPI dependency: the session's guard. The case rules are checked by each service."""
    st = state(request)
    data = read_session(request)
    try:
        user = load_user(st.store, data["u"])
    except NotFound:
        raise AuthError("your account is no longer active") from None
    case = None
    if data.get("c"):
        try:
            case = load_case(st.store, data["c"])
        except NotFound:
            case = None
    return Guard(st.store, user, policy=st.policy, clock=st.clock, case=case, purpose=data.get("p"))
