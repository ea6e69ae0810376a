"""`raff retention run [--dry-run]` (admin, privacy officer); Wpg 28 on request:
`raff registration block|rectify|destroy REG_KEY --reason ...`; Wpg 25 access requests:
`raff access register|list|report|close` (privacy officer)."""

from __future__ import annotations

import argparse
from typing import Any

from raffinaderij.cli.context import call_service
from raffinaderij.cli.progress import stage_progress
from raffinaderij.cli.remote import as_job
from raffinaderij.guard.session import Guard
from raffinaderij.services import access, accountability, privacy, retention

__all__ = [
    "access_close",
    "access_extend",
    "access_pdf",
    "access_withhold",
    "algorithm_register",
    "supervisor_report",
    "access_list",
    "access_register",
    "access_report",
    "block",
    "destroy",
    "rectify",
    "run",
]


def run(args: argparse.Namespace) -> Any:
    job = as_job(args, "retention", dry_run=args.dry_run)
    if job is not None:
        return job
    with stage_progress("retention", enabled=not args.json) as progress:
        return call_service(args, retention.retention_run, dry_run=args.dry_run, progress=progress)


def block(args: argparse.Namespace) -> Any:
    return call_service(
        args,
        privacy.registration_block,
        reg_key=args.reg_key,
        reason=args.reason,
        blocked=not args.lift,
    )


def rectify(args: argparse.Namespace) -> Any:
    return call_service(
        args,
        privacy.registration_rectify,
        reg_key=args.reg_key,
        entity_key=args.entity_key,
        prop=args.prop,
        value=args.value,
        reason=args.reason,
    )


def destroy(args: argparse.Namespace) -> Any:
    return call_service(
        args, privacy.registration_destroy, reg_key=args.reg_key, reason=args.reason
    )


def access_register(args: argparse.Namespace) -> Any:
    return call_service(
        args,
        access.access_request_register,
        given_name=args.given_name,
        surname=args.surname,
        birth_date=args.birth_date,
        identity_check=args.identity_check,
        bsn=args.bsn,
    )


def access_list(args: argparse.Namespace) -> Any:
    return call_service(args, access.access_requests, limit=args.limit)


def access_report(args: argparse.Namespace) -> Any:
    return call_service(args, access.access_report, request_id=args.request_id)


def access_close(args: argparse.Namespace) -> Any:
    return call_service(
        args,
        access.access_request_close,
        request_id=args.request_id,
        outcome=args.outcome,
        art27_ground=args.art27_ground,
    )


def access_extend(args: argparse.Namespace) -> Any:
    return call_service(
        args,
        access.access_request_extend,
        request_id=args.request_id,
        weeks=args.weeks,
        reason=args.reason,
        several_units=args.several_units,
    )


def access_withhold(args: argparse.Namespace) -> Any:
    return call_service(
        args,
        access.access_withhold,
        request_id=args.request_id,
        reg_key=args.reg_key,
        ground=args.ground,
        reason=args.reason,
    )


def access_pdf(args: argparse.Namespace) -> Any:
    from raffinaderij.cli.products import write_file
    from raffinaderij.web.report import access_pdf as render_pdf

    report = call_service(args, access.access_report_disclose, request_id=args.request_id)
    return write_file(args.out, render_pdf(report, args.lang))


def supervisor_report(args: argparse.Namespace) -> Any:
    if not args.pdf:
        return call_service(args, accountability.supervisor_report)
    from raffinaderij.cli.products import write_file
    from raffinaderij.web.report import supervisor_pdf

    def disclose(guard: Guard) -> tuple[Any, str]:
        report = accountability.supervisor_report_disclose(guard)
        return report, f"{guard.user.display_name} ({guard.user.username})"

    report, reader = call_service(args, disclose)
    return write_file(args.pdf, supervisor_pdf(report, reader, args.lang))


def algorithm_register(args: argparse.Namespace) -> Any:
    return call_service(
        args, accountability.algorithm_register_entry, organization=args.organization
    )
