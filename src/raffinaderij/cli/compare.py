"""`raff compare run|list|show`, `raff consent request|grant|refuse|inbox`, `raff hit ID`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console

from raffinaderij.cli.context import call_service
from raffinaderij.cli.render import rows_table
from raffinaderij.errors import RaffError
from raffinaderij.search.subjects import read_subjects
from raffinaderij.services import compare, consent
from raffinaderij.services.compare import ComparisonResult

__all__ = [
    "consent_grant",
    "consent_inbox",
    "consent_refuse",
    "consent_request",
    "hit",
    "hit_entity",
    "list_",
    "render_comparison",
    "run",
    "show",
]


def run(args: argparse.Namespace) -> Any:
    path = Path(args.subjects)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RaffError(f"cannot read {path}: {exc}") from exc
    return call_service(
        args,
        compare.compare,
        with_case=True,
        subjects=read_subjects(data, filename=path.name),
        input_name=path.name,
        combined=bool(args.order_reference),
        order_reference=args.order_reference,
    )


def list_(args: argparse.Namespace) -> Any:
    return call_service(args, compare.list_comparisons, with_case=True, limit=args.limit)


def show(args: argparse.Namespace) -> Any:
    return call_service(
        args, compare.comparison_result, with_case=True, comparison_id=args.comparison_id
    )


def consent_request(args: argparse.Namespace) -> Any:
    return call_service(
        args, consent.request_consent, with_case=True, hit_id=args.hit_id, reason=args.reason
    )


def consent_grant(args: argparse.Namespace) -> Any:
    return call_service(
        args, consent.consent, with_case=True, hit_id=args.hit_id, reason=args.reason
    )


def consent_refuse(args: argparse.Namespace) -> Any:
    return call_service(
        args, consent.refuse_consent, with_case=True, hit_id=args.hit_id, reason=args.reason
    )


def consent_inbox(args: argparse.Namespace) -> Any:
    return call_service(args, consent.consent_inbox, with_case=True)


def hit(args: argparse.Namespace) -> Any:
    return call_service(args, consent.hit_details, with_case=True, hit_id=args.hit_id)


def hit_entity(args: argparse.Namespace) -> Any:
    return call_service(
        args, consent.hit_entity, with_case=True, hit_id=args.hit_id, entity_id=args.entity_id
    )


def render_comparison(result: ComparisonResult, console: Console) -> None:
    """ "Link exists" and the agreeing key types per subject, nothing more."""
    console.print(
        f"comparison {result.comparison_id}: {result.hits} of {result.subjects} subjects"
        f" with a link (model {result.model_version})"
    )
    rows = [
        {
            "subject": o.subject_no,
            "label": o.label,
            "link": "HIT" if o.hit else "-",
            "key types": ", ".join(o.key_types),
            "hit id": o.hit_id,
            "consent": o.consent,
        }
        for o in result.outcomes
    ]
    if rows:
        console.print(rows_table(rows))
