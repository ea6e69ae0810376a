"""`raff job list|show|cancel|retry`: the server's jobs. Through the running server when there is
one; otherwise on the store directly (a queued job then waits for the next `raff serve`)."""

from __future__ import annotations

import argparse
import os
from typing import Any
from urllib.parse import quote

from raffinaderij.cli.context import call_service
from raffinaderij.cli.remote import running_server

__all__ = ["cancel", "list_", "retry", "show"]


def _either(args: argparse.Namespace, method: str, path: str, call: str, **kwargs: Any) -> Any:
    """`method path` on the running server, else the jobs service `call` on the store."""
    server = running_server(args.db, args.as_user or os.environ.get("RAFF_USER"))
    if server is not None:
        return server.call(method, path)
    from raffinaderij.services import jobs

    return call_service(args, getattr(jobs, call), **kwargs)


def list_(args: argparse.Namespace) -> Any:
    limit = int(args.limit)
    return _either(args, "GET", f"/api/jobs?limit={limit}", "list_jobs", limit=limit)


def show(args: argparse.Namespace) -> Any:
    job_id = quote(args.job_id, safe="")
    return _either(args, "GET", f"/api/jobs/{job_id}", "job_status", job_id=args.job_id)


def cancel(args: argparse.Namespace) -> Any:
    job_id = quote(args.job_id, safe="")
    return _either(args, "POST", f"/api/jobs/{job_id}/cancel", "cancel_job", job_id=args.job_id)


def retry(args: argparse.Namespace) -> Any:
    job_id = quote(args.job_id, safe="")
    return _either(args, "POST", f"/api/jobs/{job_id}/retry", "retry_job", job_id=args.job_id)
