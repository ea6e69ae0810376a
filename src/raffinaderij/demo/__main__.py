"""`python -m raffinaderij.demo --persons N --seed S --out DIR` until `raff demo generate` is wired."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from raffinaderij.demo.generate import generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m raffinaderij.demo",
        description="Generate synthetic Dutch police data with ground truth.",
    )
    ap.add_argument("--persons", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument(
        "--today",
        type=date.fromisoformat,
        default=date(2026, 11, 1),
        help="reference date (YYYY-MM-DD)",
    )
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    report = generate(
        args.out, persons=args.persons, seed=args.seed, today=args.today, progress=not args.quiet
    )
    for name, count in report.counts.items():
        print(f"{name:12s} {count:>10,}  {report.files[name]}")
    print(f"truth        {report.truth}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
