"""`raff resolve train|approve|run|models|review|explain|export|objects`, `raff rules approve`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from raffinaderij.cli.context import call_service
from raffinaderij.cli.progress import stage_progress, working
from raffinaderij.cli.remote import as_job
from raffinaderij.errors import RaffError
from raffinaderij.services import resolution

__all__ = [
    "approve",
    "approve_rules",
    "explain",
    "export",
    "models",
    "objects",
    "review",
    "run",
    "train",
]


def _staged(args: argparse.Namespace, call: Callable[..., Any], title: str, **kwargs: Any) -> Any:
    """A long resolution step, with a bar of its stages on stderr (not with --json)."""
    with stage_progress(title, enabled=not args.json) as progress:
        return call_service(args, call, progress=progress, **kwargs)


def train(args: argparse.Namespace) -> dict[str, Any]:
    job = as_job(args, "resolve_train", seed=args.seed)
    if job is not None:
        version = job["result"]["version"]
        return {"job_id": job["job_id"], "version": version, "next": _approve_next(version)}
    version = _staged(args, resolution.train_model, "train", seed=args.seed)
    return {"version": version, "next": _approve_next(version)}


def _approve_next(version: str) -> str:
    return f"raff resolve approve --version {version} (a case lead)"


def _version(given: str | None, old: str | None, what: str) -> str:
    version = given or old
    if not version:
        raise RaffError(f"give the {what} version: --version V")
    return version


def approve(args: argparse.Namespace) -> Any:
    version = _version(args.model_version, args.old_version, "model")
    return call_service(args, resolution.approve_model, version=version)


def run(args: argparse.Namespace) -> Any:
    job = as_job(args, "resolve_run", version=args.model_version)
    if job is not None:
        return job
    return _staged(args, resolution.run_resolution, "run", version=args.model_version)


def models(args: argparse.Namespace) -> Any:
    return call_service(args, resolution.list_models)


def review(args: argparse.Namespace) -> Any:
    return call_service(
        args,
        resolution.review_match,
        with_case=True,
        left=args.left,
        right=args.right,
        decision=args.decision,
        reason=args.reason,
    )


def explain(args: argparse.Namespace) -> Any:
    return call_service(
        args, resolution.explain_match, with_case=True, left=args.left, right=args.right
    )


def export(args: argparse.Namespace) -> Any:
    with working("writing the clustering", enabled=not args.json):
        return call_service(args, resolution.export_clusters, out=args.out, pairs=args.pairs)


def approve_rules(args: argparse.Namespace) -> Any:
    version = _version(args.rules_version, args.old_version, "rule set")
    return call_service(args, resolution.approve_rules, version=version)


def objects(args: argparse.Namespace) -> Any:
    job = as_job(args, "resolve_objects")
    if job is not None:
        return job
    return _staged(args, resolution.resolve_objects, "objects")
