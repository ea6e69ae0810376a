"""`raff product-*`, `raff recipient-*`, `raff signal-*`, `raff provisions`: thin — parse, call a
service, print. A product PDF is written to a local file for its police reader (a `disclose`
audit row); no command sends a product anywhere (LAW-12)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from raffinaderij.api.routes import plain
from raffinaderij.errors import RaffError
from raffinaderij.services import products, signals
from raffinaderij.web.report import letter_pdf, product_pdf

__all__ = ["register"]


def _in_case(args: argparse.Namespace) -> Any:
    from raffinaderij.cli.main import _guard, _store

    return _guard(args, _store(args), with_case=True)


def _plain_guard(args: argparse.Namespace) -> Any:
    from raffinaderij.cli.main import _guard, _store

    return _guard(args, _store(args))


def _write(path: str, data: bytes) -> dict[str, Any]:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise RaffError(f"cannot write {path}: {exc}") from exc
    return {"written": path, "bytes": len(data)}


def _product_pdf(args: argparse.Namespace) -> dict[str, Any]:
    view = products.disclose_product(
        _in_case(args), product_id=args.product_id, version=args.version
    )
    return _write(args.out, product_pdf(view, args.lang))


def _letter(args: argparse.Namespace) -> dict[str, Any]:
    view = signals.signal_letter(_in_case(args), signal_id=args.signal_id)
    return _write(args.out, letter_pdf(view, args.lang))


def _items(text: str) -> list[int]:
    try:
        return [int(n) for n in text.split(",") if n.strip()]
    except ValueError:
        raise RaffError("--items takes footnote numbers separated by commas, e.g. 1,4") from None


# (name, help, in a case, arguments, call)
_Arg = tuple[tuple[str, ...], dict[str, Any]]
COMMANDS: list[tuple[str, str, bool, list[_Arg], Callable[[Any, argparse.Namespace], Any]]] = [
    (
        "product-list",
        "products of the case you may open",
        True,
        [],
        lambda g, a: products.list_products(g),
    ),
    (
        "product-new",
        "start an information product (a draft)",
        True,
        [
            (("--title",), {"required": True}),
            (("--product-purpose",), {"dest": "product_purpose", "required": True}),
        ],
        lambda g, a: products.create_product(g, title=a.title, purpose=a.product_purpose),
    ),
    (
        "product-show",
        "a product as you may see it (redacted facts with the reason)",
        True,
        [(("product_id",), {}), (("--version",), {"type": int})],
        lambda g, a: products.product_view(g, product_id=a.product_id, version=a.version),
    ),
    (
        "product-finding",
        "add a written finding (a judgement unless --fact)",
        True,
        [
            (("product_id",), {}),
            (("--heading",), {"required": True}),
            (("--text",), {"required": True}),
            (("--fact",), {"action": "store_true"}),
        ],
        lambda g, a: products.add_finding(
            g, product_id=a.product_id, heading=a.heading, text=a.text, judgement=not a.fact
        ),
    ),
    (
        "product-cite",
        "cite an entity: its visible values, footnoted",
        True,
        [(("product_id",), {}), (("entity_id",), {}), (("--heading",), {"default": ""})],
        lambda g, a: products.cite_entity(
            g, product_id=a.product_id, entity_id=a.entity_id, heading=a.heading
        ),
    ),
    (
        "product-cite-search",
        "cite a search as a table",
        True,
        [(("product_id",), {}), (("query",), {}), (("--limit",), {"type": int, "default": 10})],
        lambda g, a: products.cite_search(g, product_id=a.product_id, q=a.query, limit=a.limit),
    ),
    (
        "product-submit",
        "offer your draft for review",
        True,
        [(("product_id",), {})],
        lambda g, a: products.submit_product(g, product_id=a.product_id),
    ),
    (
        "product-review",
        "issue or return a product someone else wrote",
        True,
        [
            (("product_id",), {}),
            (("--decision",), {"choices": ("issue", "return"), "required": True}),
            (("--note",), {"default": ""}),
        ],
        lambda g, a: products.review_product(
            g, product_id=a.product_id, decision=a.decision, note=a.note
        ),
    ),
    (
        "product-action",
        "record that an issued product was acted on",
        True,
        [
            (("product_id",), {}),
            (("--assessor",), {"required": True}),
            (("--rationale",), {"required": True}),
        ],
        lambda g, a: products.record_action(
            g, product_id=a.product_id, assessor=a.assessor, rationale=a.rationale
        ),
    ),
    (
        "product-withdraw",
        "withdraw a product version",
        True,
        [(("product_id",), {}), (("--reason",), {"required": True})],
        lambda g, a: products.withdraw_product(g, product_id=a.product_id, reason=a.reason),
    ),
    (
        "product-revise",
        "start a new version of an issued product",
        True,
        [(("product_id",), {})],
        lambda g, a: products.revise_product(g, product_id=a.product_id),
    ),
    (
        "recipient-add",
        "register a chain partner (privacy officer, admin)",
        False,
        [(("--organisation",), {"required": True}), (("--kind",), {"required": True})],
        lambda g, a: signals.register_recipient(g, organisation=a.organisation, kind=a.kind),
    ),
    (
        "recipient-list",
        "the registered chain partners",
        False,
        [],
        lambda g, a: signals.list_recipients(g),
    ),
    (
        "signal-draft",
        "draft a signal from an issued product (case lead)",
        True,
        [
            (("--product",), {"required": True}),
            (("--recipient",), {"required": True}),
            (("--article",), {"required": True}),
            (("--signal-purpose",), {"dest": "signal_purpose", "required": True}),
            (("--ground",), {"required": True}),
            (("--ground-facts",), {"dest": "ground_facts", "required": True}),
            (("--items",), {"required": True, "help": "footnote numbers of the product, e.g. 1,4"}),
            (("--agreement",), {"default": None}),
        ],
        lambda g, a: signals.draft_signal(
            g,
            product_id=a.product,
            recipient_id=a.recipient,
            article=a.article,
            purpose=a.signal_purpose,
            ground=a.ground,
            ground_facts=a.ground_facts,
            fact_nos=_items(a.items),
            agreement=a.agreement,
        ),
    ),
    (
        "signal-show",
        "a signal with its items",
        True,
        [(("signal_id",), {})],
        lambda g, a: signals.signal_view(g, signal_id=a.signal_id),
    ),
    (
        "signal-agreement",
        "record the competent authority's agreement",
        True,
        [(("signal_id",), {}), (("--agreement",), {"required": True})],
        lambda g, a: signals.record_agreement(g, signal_id=a.signal_id, agreement=a.agreement),
    ),
    (
        "signal-approve",
        "approve a signal another lead drafted",
        True,
        [(("signal_id",), {})],
        lambda g, a: signals.approve_signal(g, signal_id=a.signal_id),
    ),
    (
        "signal-sent",
        "mark an approved signal sent: writes the provision record",
        True,
        [(("signal_id",), {})],
        lambda g, a: signals.send_signal(g, signal_id=a.signal_id),
    ),
    (
        "provisions",
        "the register of provisions (privacy officer, supervisor, auditor)",
        False,
        [(("--limit",), {"type": int, "default": 1000})],
        lambda g, a: signals.provisions_register(g, limit=a.limit),
    ),
]


def _handler(
    in_case: bool, call: Callable[[Any, argparse.Namespace], Any]
) -> Callable[[argparse.Namespace], Any]:
    def run(args: argparse.Namespace) -> Any:
        guard = _in_case(args) if in_case else _plain_guard(args)
        return plain(call(guard, args))

    return run


def register(add: Callable[..., argparse.ArgumentParser], in_case: argparse.ArgumentParser) -> None:
    for name, help_, needs_case, arguments, call in COMMANDS:
        p = add(name, _handler(needs_case, call), help_, [in_case] if needs_case else [])
        for flags, options in arguments:
            p.add_argument(*flags, **options)
    p = add(
        "product-pdf",
        _product_pdf,
        "write a product as PDF for yourself (logged: disclose)",
        [in_case],
    )
    p.add_argument("product_id")
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.add_argument("--version", type=int)
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
    p = add("signal-letter", _letter, "write the letter of an approved signal as PDF", [in_case])
    p.add_argument("signal_id")
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
