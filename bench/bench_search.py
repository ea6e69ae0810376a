"""Bench: search p95 on N entities (default 1M), with the guard's predicate and with `true`,
measured in the same run → bench/out/search.json. Statements are synthesised with DuckDB SQL.
Usage: .venv/bin/python bench/bench_search.py [--entities 1000000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_compare import synthesise  # noqa: E402
from raffinaderij.clock import FixedClock  # noqa: E402
from raffinaderij.search.index import candidates  # noqa: E402
from raffinaderij.search.query import visible_groups  # noqa: E402
from raffinaderij.services import search  # noqa: E402
from raffinaderij.store.db import open_store  # noqa: E402
from support import NOW, guard_for, make_world  # noqa: E402


def p95(xs: list[float]) -> float:
    return round(statistics.quantiles(xs, n=20)[18] * 1000, 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    clock = FixedClock(NOW)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        make_world(store, clock)
        synthesise(store, args.entities // 2 * 5)  # half persons, half vehicles
        guard = guard_for(store, clock, "analyst2")
        t0 = time.perf_counter()
        search.rebuild_search_index(store)
        t_index = time.perf_counter() - t0
        from raffinaderij.search.index import index_for

        si = index_for(store, confidential_codes=("V",))
        rng = random.Random(1)
        persons = args.entities // 2
        queries = []
        for _ in range(args.queries):
            i = rng.randrange(persons)
            queries.append(
                rng.choice([f"Achternaam{i}", f"Achternam{i}", f"Voornaam{i % 997} Achternaam{i}"])
            )
        guarded, unguarded = [], []
        for q in queries:  # interleaved, so both see the same caches and machine load
            t0 = time.perf_counter()
            search.search(guard, q=q)
            guarded.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            found = candidates(si, q)
            visible_groups(store, found, "true", {})
            unguarded.append(time.perf_counter() - t0)
        out = {
            "entities": args.entities,
            "statements": int(store.query("SELECT count(*) FROM statements")[0][0]),
            "index_build_s": round(t_index, 1),
            "queries": len(queries),
            "p95_ms_with_guard": p95(guarded),
            "p95_ms_without_guard": p95(unguarded),
            "ratio": round(p95(guarded) / max(p95(unguarded), 1e-9), 2),
            "median_ms_with_guard": round(statistics.median(guarded) * 1000, 2),
            "note": "with guard = the full search service incl. audit row; without = same index query + SQL with predicate true",
        }
        store.close()
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "search.json").write_text(json.dumps(out, indent=2))
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
