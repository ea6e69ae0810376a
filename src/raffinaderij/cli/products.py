"""`raff product …`, `raff recipient …`, `raff signal …`, `raff provisions`: thin — parse, call a
service, print. A product PDF is written to a local file for its police reader (a `disclose`
audit row); no command sends a product anywhere."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from raffinaderij.cli.context import call_service
from raffinaderij.errors import RaffError
from raffinaderij.services import products, signals

__all__ = [
    "product_action",
    "product_cite",
    "product_cite_search",
    "product_finding",
    "product_list",
    "product_new",
    "product_pdf",
    "product_review",
    "product_revise",
    "product_show",
    "product_submit",
    "product_withdraw",
    "provisions",
    "recipient_add",
    "recipient_list",
    "signal_agreement",
    "signal_approve",
    "signal_draft",
    "signal_letter",
    "signal_sent",
    "signal_show",
    "write_file",
]


def _in_case(args: argparse.Namespace, call: Any, **kwargs: Any) -> Any:
    return call_service(args, call, with_case=True, **kwargs)


def write_file(path: str, data: bytes) -> dict[str, Any]:
    """Write a PDF (or any bytes) for its police reader; what and how much, for the output."""
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise RaffError(f"cannot write {path}: {exc}") from exc
    return {"written": path, "bytes": len(data)}


def _items(text: str) -> list[int]:
    try:
        return [int(n) for n in text.split(",") if n.strip()]
    except ValueError:
        raise RaffError("--items takes footnote numbers separated by commas, e.g. 1,4") from None


def product_list(args: argparse.Namespace) -> Any:
    return _in_case(args, products.list_products)


def product_new(args: argparse.Namespace) -> Any:
    return _in_case(args, products.create_product, title=args.title, purpose=args.product_purpose)


def product_show(args: argparse.Namespace) -> Any:
    return _in_case(args, products.product_view, product_id=args.product_id, version=args.version)


def product_finding(args: argparse.Namespace) -> Any:
    return _in_case(
        args,
        products.add_finding,
        product_id=args.product_id,
        heading=args.heading,
        text=args.text,
        judgement=not args.fact,
    )


def product_cite(args: argparse.Namespace) -> Any:
    return _in_case(
        args,
        products.cite_entity,
        product_id=args.product_id,
        entity_id=args.entity_id,
        heading=args.heading,
    )


def product_cite_search(args: argparse.Namespace) -> Any:
    return _in_case(
        args, products.cite_search, product_id=args.product_id, q=args.query, limit=args.limit
    )


def product_submit(args: argparse.Namespace) -> Any:
    return _in_case(args, products.submit_product, product_id=args.product_id)


def product_review(args: argparse.Namespace) -> Any:
    return _in_case(
        args,
        products.review_product,
        product_id=args.product_id,
        decision=args.decision,
        note=args.note,
    )


def product_action(args: argparse.Namespace) -> Any:
    return _in_case(
        args,
        products.record_action,
        product_id=args.product_id,
        assessor=args.assessor,
        rationale=args.rationale,
    )


def product_withdraw(args: argparse.Namespace) -> Any:
    return _in_case(args, products.withdraw_product, product_id=args.product_id, reason=args.reason)


def product_revise(args: argparse.Namespace) -> Any:
    return _in_case(args, products.revise_product, product_id=args.product_id)


def product_pdf(args: argparse.Namespace) -> dict[str, Any]:
    from raffinaderij.web.report import product_pdf as render_pdf

    view = _in_case(
        args, products.disclose_product, product_id=args.product_id, version=args.version
    )
    return write_file(args.out, render_pdf(view, args.lang))


def recipient_add(args: argparse.Namespace) -> Any:
    return call_service(
        args, signals.register_recipient, organisation=args.organisation, kind=args.kind
    )


def recipient_list(args: argparse.Namespace) -> Any:
    return call_service(args, signals.list_recipients)


def signal_draft(args: argparse.Namespace) -> Any:
    return _in_case(
        args,
        signals.draft_signal,
        product_id=args.product,
        recipient_id=args.recipient,
        article=args.article,
        purpose=args.signal_purpose,
        ground=args.ground,
        ground_facts=args.ground_facts,
        fact_nos=_items(args.items),
        agreement=args.agreement,
    )


def signal_show(args: argparse.Namespace) -> Any:
    return _in_case(args, signals.signal_view, signal_id=args.signal_id)


def signal_agreement(args: argparse.Namespace) -> Any:
    return _in_case(
        args, signals.record_agreement, signal_id=args.signal_id, agreement=args.agreement
    )


def signal_approve(args: argparse.Namespace) -> Any:
    return _in_case(args, signals.approve_signal, signal_id=args.signal_id)


def signal_sent(args: argparse.Namespace) -> Any:
    return _in_case(args, signals.send_signal, signal_id=args.signal_id)


def signal_letter(args: argparse.Namespace) -> dict[str, Any]:
    from raffinaderij.web.report import letter_pdf

    view = _in_case(args, signals.signal_letter, signal_id=args.signal_id)
    return write_file(args.out, letter_pdf(view, args.lang))


def provisions(args: argparse.Namespace) -> Any:
    return call_service(args, signals.provisions_register, limit=args.limit)
