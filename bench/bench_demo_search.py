"""Bench (issue 2): search latency on the demo data, with the guard and without it, in one run
→ bench/out/demo_search.json.

The data is built exactly as `make demo` builds it (`raff demo`: generator → shipped mappings →
ingest → resolution → indexes), at the demo's size and at ten times that. Queries are surnames
and plates taken from the generated sources; the reader is the demo's level-2 analyst in an
open case. "Without" is the same service with the scope predicate replaced by `true`
(bench_search.Unguarded): what the guard costs, and no more.

Usage: .venv/bin/python bench/bench_demo_search.py [--persons 2000,20000] [--queries 300]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from rich.console import Console  # noqa: E402

from bench_search import Unguarded  # noqa: E402
from raffinaderij.cli.demo import build_demo  # noqa: E402
from raffinaderij.clock import default_clock  # noqa: E402
from raffinaderij.guard.policy import policy  # noqa: E402
from raffinaderij.guard.session import Guard, load_case, load_user  # noqa: E402
from raffinaderij.services import accounts, search  # noqa: E402
from raffinaderij.store.db import open_store  # noqa: E402


def queries(data: Path, n: int) -> list[str]:
    words: set[str] = set()
    with (data / "bvh_incidenten.csv").open(encoding="cp1252") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            for key, value in row.items():
                if key and value and ("achternaam" in key.lower() or "kenteken" in key.lower()):
                    words.add(value.strip())
    rng = random.Random(1)
    pool = sorted(w for w in words if len(w) >= 3)
    return [rng.choice(pool) for _ in range(n)]


def pct(xs: list[float], q: int) -> float:
    return round(statistics.quantiles(xs, n=100)[q - 1] * 1000, 2)


def run(persons: int, n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        os.environ["RAFF_DATA_DIR"] = str(out)
        build_demo(out, persons=persons, seed=1, console=Console(quiet=True))
        store = open_store(out / "raff.duckdb")
        user = load_user(store, "analist")
        probe = Guard(store, user, policy=policy(), clock=default_clock())
        usable = [c for c in accounts.list_cases(probe) if c.usable and c.basis == 9]
        case = load_case(store, usable[0].case_id)
        kwargs = {"policy": policy(), "clock": default_clock(), "case": case, "purpose": "bench"}
        guarded = Guard(store, user, **kwargs)  # type: ignore[arg-type]
        free = Unguarded(store, user, **kwargs)  # type: ignore[arg-type]
        qs = queries(out / "data", n)
        for q in qs[:20]:  # warm the index and DuckDB's caches
            search.search(guarded, q=q)
            search.search(free, q=q)
        times: dict[str, list[float]] = {"guard": [], "free": []}
        hits = {"guard": 0, "free": 0}
        for q in qs:  # interleaved, so both see the same machine load
            for name, g in (("guard", guarded), ("free", free)):
                t0 = time.perf_counter()
                result = search.search(g, q=q)
                times[name].append(time.perf_counter() - t0)
                hits[name] += result.total
        statements = store.query("SELECT count(*) FROM statements")[0][0]
        store.close()
    return {
        "persons": persons,
        "case": case.case_id,
        "statements": statements,
        "queries": n,
        "p50 guard ms": pct(times["guard"], 50),
        "p95 guard ms": pct(times["guard"], 95),
        "p50 without ms": pct(times["free"], 50),
        "p95 without ms": pct(times["free"], 95),
        "p95 ratio": round(pct(times["guard"], 95) / pct(times["free"], 95), 2),
        "hits seen with guard": hits["guard"],
        "hits without guard": hits["free"],
        "load": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", default="2000,20000")
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    rows = [run(int(p), args.queries) for p in args.persons.split(",")]
    result = {
        "title": "Search latency on the demo data, with and without the guard (issue 2)",
        "command": "python bench/bench_demo_search.py --persons " + args.persons,
        "rows": rows,
        "notes": (
            "Demo data built as `make demo` builds it; reader: level-2 analyst in "
            "the first open art. 9 case; queries: surnames and plates from the incident source. 'hits' columns show "
            "how much the guard hides (art. 8 data older than a year, levels 3-4, other cases, "
            "confidential and covert records). Load = 1-minute load average on 2 shared cores."
        ),
    }
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "demo_search.json").write_text(json.dumps(result, indent=2))
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
