"""Jobs in the server: start one (ingest, resolution, retention), read its progress, cancel it,
start a failed one again, list jobs. Who may start a kind is what its service needs.

Besides the session cookie these routes accept the server's local token (`Authorization: Bearer`
plus `X-Raff-User`): the CLI on the same machine reads it from `<store>.server.json`, a file only
the account that runs the server can read — the same trust as opening the store file itself, which
is how the CLI acts when no server runs. The named user's roles still decide (admin only).
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from raffinaderij.api.deps import csrf_sent, get_guard, state
from raffinaderij.errors import AuthError, NotFound
from raffinaderij.guard.session import Guard, load_user
from raffinaderij.jsonable import plain
from raffinaderij.services import jobs

__all__ = ["LOCAL_USER_HEADER", "router"]

router = APIRouter(prefix="/api")
LOCAL_USER_HEADER = "X-Raff-User"


def local_or_session_guard(request: Request, sent: str | None = Depends(csrf_sent)) -> Guard:
    """The session's guard (CSRF-checked), or the named user's for a bearer of the local token
    (a header a browser never sends by itself, so no CSRF token is needed there)."""
    token = getattr(request.app.state, "local_token", None)
    auth = request.headers.get("authorization", "")
    if not auth.startswith("Bearer "):
        return get_guard(request, sent)
    if not token or not hmac.compare_digest(auth.removeprefix("Bearer "), token):
        raise AuthError("the local token does not match this server")
    st = state(request)
    try:
        user = load_user(st.store, request.headers.get(LOCAL_USER_HEADER, ""))
    except NotFound:
        raise AuthError("unknown user") from None
    return Guard(st.store, user, policy=st.policy, clock=st.clock)


class NewJob(BaseModel):
    kind: str = "ingest"
    mapping: str | None = None  # ingest
    version: str | None = None  # resolve_run (default: the approved model)
    seed: int | None = None  # resolve_train
    dry_run: bool = False  # retention


@router.post("/jobs", status_code=202)
def start(body: NewJob, guard: Guard = Depends(local_or_session_guard)) -> dict[str, Any]:
    return dict(plain(jobs.start_job(guard, **body.model_dump())))


@router.post("/jobs/{job_id}/cancel")
def cancel(job_id: str, guard: Guard = Depends(local_or_session_guard)) -> dict[str, Any]:
    return dict(plain(jobs.cancel_job(guard, job_id=job_id)))


@router.post("/jobs/{job_id}/retry", status_code=202)
def retry(job_id: str, guard: Guard = Depends(local_or_session_guard)) -> dict[str, Any]:
    return dict(plain(jobs.retry_job(guard, job_id=job_id)))


@router.get("/jobs")
def list_(limit: int = 50, guard: Guard = Depends(local_or_session_guard)) -> list[Any]:
    return list(plain(jobs.list_jobs(guard, limit=limit)))


@router.get("/jobs/{job_id}")
def one(job_id: str, guard: Guard = Depends(local_or_session_guard)) -> dict[str, Any]:
    return dict(plain(jobs.job_status(guard, job_id=job_id)))
