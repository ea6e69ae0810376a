"""`raff job list|show|cancel|retry`: the server's jobs. Through the running server when there is
one; otherwise on the store directly (a queued job then waits for the next `raff serve`)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from raffinaderij.cli.context import call_service
from raffinaderij.cli.remote import running_server

__all__ = ["cancel", "list_", "retry", "show"]


def _server(args: argparse.Namespace) -> Any:
    return running_server(args.db, args.as_user or os.environ.get("RAFF_USER"))


def list_(args: argparse.Namespace) -> Any:
    server = _server(args)
    if server is not None:
        return server.call("GET", f"/api/jobs?limit={int(args.limit)}")
    from raffinaderij.services import jobs

    return call_service(args, jobs.list_jobs, limit=args.limit)


def show(args: argparse.Namespace) -> Any:
    server = _server(args)
    if server is not None:
        return server.call("GET", f"/api/jobs/{args.job_id}")
    from raffinaderij.services import jobs

    return call_service(args, jobs.job_status, job_id=args.job_id)


def cancel(args: argparse.Namespace) -> Any:
    server = _server(args)
    if server is not None:
        return server.call("POST", f"/api/jobs/{args.job_id}/cancel")
    from raffinaderij.services import jobs

    return call_service(args, jobs.cancel_job, job_id=args.job_id)


def retry(args: argparse.Namespace) -> Any:
    server = _server(args)
    if server is not None:
        return server.call("POST", f"/api/jobs/{args.job_id}/retry")
    from raffinaderij.services import jobs

    return call_service(args, jobs.retry_job, job_id=args.job_id)
