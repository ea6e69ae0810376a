"""`raff resolve train|approve|run|models|review|explain|export`, `raff rules-approve`,
`raff resolve-objects`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from raffinaderij.api.routes import plain
from raffinaderij.cli.progress import stage_progress
from raffinaderij.services import resolution

__all__ = ["register"]


def _with_store(
    args: argparse.Namespace, call: Callable[..., Any], *, with_case: bool = False, **kwargs: Any
) -> Any:
    from raffinaderij.cli.main import _guard, _store

    store = _store(args)
    try:
        return plain(call(_guard(args, store, with_case=with_case), **kwargs))
    finally:
        store.close()


def _staged(args: argparse.Namespace, call: Callable[..., Any], title: str, **kwargs: Any) -> Any:
    """A long resolution step, with a bar of its stages on stderr (not with --json)."""
    with stage_progress(title, enabled=not args.json) as progress:
        return _with_store(args, call, progress=progress, **kwargs)


def register(add: Callable[..., argparse.ArgumentParser], in_case: argparse.ArgumentParser) -> None:
    p = add(
        "resolve-train",
        lambda a: {"version": _staged(a, resolution.train_model, "train", seed=a.seed)},
        "estimate a matching model (admin); unusable until approved",
    )
    p.add_argument("--seed", type=int, default=42)
    p = add(
        "resolve-approve",
        lambda a: _with_store(a, resolution.approve_model, version=a.version),
        "approve a model version: a case lead who did not train it",
    )
    p.add_argument("version")
    p = add(
        "resolve-run",
        lambda a: _staged(a, resolution.run_resolution, "run", version=a.version),
        "predict and cluster with the approved model (admin)",
    )
    p.add_argument("--version", default=None)
    add(
        "resolve-models",
        lambda a: _with_store(a, resolution.list_models),
        "list model versions and approvals",
    )
    p = add(
        "resolve-review",
        lambda a: _with_store(
            a,
            resolution.review_match,
            with_case=True,
            left=a.left,
            right=a.right,
            decision=a.decision,
            reason=a.reason,
        ),
        "confirm or split two records (append-only)",
        [in_case],
    )
    p.add_argument("left")
    p.add_argument("right")
    p.add_argument("decision", choices=("confirm", "split"))
    p.add_argument("--reason", required=True)
    p = add(
        "resolve-explain",
        lambda a: _with_store(
            a, resolution.explain_match, with_case=True, left=a.left, right=a.right
        ),
        "why two records were (not) linked",
        [in_case],
    )
    p.add_argument("left")
    p.add_argument("right")
    p = add(
        "resolve-export",
        lambda a: _with_store(a, resolution.export_clusters, out=a.out, pairs=a.pairs),
        "write the clustering as Parquet or CSV (admin)",
    )
    p.add_argument("--out", required=True)
    p.add_argument(
        "--pairs",
        action="store_true",
        help="also write the scored pairs, with an explanation per field, beside --out",
    )
    p = add(
        "rules-approve",
        lambda a: _with_store(a, resolution.approve_rules, version=a.version),
        "approve the object rule set version (a model approver)",
    )
    p.add_argument("version")
    add(
        "resolve-objects",
        lambda a: _with_store(a, resolution.resolve_objects),
        "group vehicles, phones, addresses, organisations, accounts, documents by rule (admin)",
    )
