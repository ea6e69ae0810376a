"""`raff compare --case C --purpose P --subjects FILE [--json]`: thin — read, call the service, print."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from raffinaderij.api.routes import plain
from raffinaderij.errors import RaffError
from raffinaderij.search.subjects import read_subjects
from raffinaderij.services import compare

__all__ = ["cmd_compare", "register"]


def cmd_compare(args: argparse.Namespace) -> dict[str, Any] | None:
    from raffinaderij.cli.main import _guard, _store

    path = Path(args.subjects)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RaffError(f"cannot read {path}: {exc}") from exc
    subjects = read_subjects(data, filename=path.name)
    store = _store(args)
    result = compare.compare(
        _guard(args, store, with_case=True),
        subjects=subjects,
        input_name=path.name,
        combined=bool(args.order_reference),
        order_reference=args.order_reference,
    )
    out: dict[str, Any] = dict(plain(result))
    if not args.json:
        # Human output: "link exists" and the agreeing key types per subject, nothing more (LAW-07).
        lines = [
            f"{o.subject_no:>5}  {'HIT ' if o.hit else '-   '} {','.join(o.key_types):<28} {o.hit_id or ''}"
            for o in result.outcomes
        ]
        header = (
            f"comparison {result.comparison_id}: {result.hits} of {result.subjects} subjects with a link"
            f" (model {result.model_version})"
        )
        print(header)
        print("\n".join(lines))
        return None
    return out


def register(add: Callable[..., argparse.ArgumentParser], in_case: argparse.ArgumentParser) -> None:
    p = add(
        "compare",
        cmd_compare,
        "automated comparison (Wpg 11) of a CSV/Excel file of subjects",
        [in_case],
    )
    p.add_argument("--subjects", required=True, help="CSV or Excel with Dutch or English headers")
    p.add_argument(
        "--order-reference",
        dest="order_reference",
        default=None,
        help="reference of an order in force in the case's register (recorded by a case lead): "
        "reach other cases' data too (Wpg 11(4))",
    )
