"""Bench: search p50/p95 at 100k and 1M entities, with the guard's predicate and without it,
interleaved in the same run on the same data → bench/out/search.json.

Data: `bench_compare.synthesise` writes registrations and statements with DuckDB SQL
(`INSERT ... SELECT ... FROM range(n)`): per N entities, N/2 persons (givenName, surname,
birthDate, roepnaam) and N/2 vehicles (plate), N/2 registrations of basis 8 with levels 1-4,
ages 0-1500 days (about a quarter inside the one-year search term) and 2% confidential.
"With guard" is the search service as analyst2 (level 2, case ZAAK-1) sees it: the scope
predicate inside the SQL and the level prefilter in the index. "Without" is the very same
service and pipeline (audit row included) with the predicate replaced by `true` and no level
prefilter. Two query sets: "names" (a surname, a surname with one typo, first name + surname,
a first name; analyst2) and "broad" (prefixes such as "Achternaam" that match up to every
person; analyst1, who may see the least, so the search must look furthest down the ranking).
The load average (`uptime`, 1 minute) is noted next to each figure: 2 cores shared.
Before (index fts-v1, which loaded the stored document of each of 1,000 candidates): p95 at
100k was 151 ms with the guard and 209 ms without; it was never run at 1M.

Usage: .venv/bin/python bench/bench_search.py [--entities 100000,1000000] [--queries 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_compare import synthesise  # noqa: E402
from raffinaderij.clock import FixedClock  # noqa: E402
from raffinaderij.guard.policy import policy  # noqa: E402
from raffinaderij.guard.session import Guard  # noqa: E402
from raffinaderij.search.index import index_for  # noqa: E402
from raffinaderij.services import search  # noqa: E402
from raffinaderij.store.db import open_store  # noqa: E402
from support import NOW, guard_for, make_world  # noqa: E402


class Unguarded(Guard):
    """The same session, but the scope predicate is `true`: what the guard costs, and no more."""

    def scope(self, mode: Any, *, r: str = "r") -> tuple[str, dict[str, Any]]:
        self.require_case()
        return "true", {}


def ms(xs: list[float], q: int) -> float:
    return round(statistics.quantiles(xs, n=100)[q - 1] * 1000, 1)


def load() -> float:
    return round(os.getloadavg()[0], 2)


def queries(persons: int, n: int) -> list[str]:
    rng = random.Random(1)
    out = []
    for _ in range(n):
        i = rng.randrange(persons)
        out.append(
            rng.choice(
                [
                    f"Achternaam{i}",  # exact surname
                    f"Achternam{i}",  # one typo
                    f"Voornaam{i % 997} Achternaam{i}",  # two words
                    f"Voornaam{i % 997}",  # broad: ~1 in 997 persons
                ]
            )
        )
    return out


def broad(n: int) -> list[str]:
    """Words that match a large part of the index: prefixes of every surname or first name."""
    words = ["Achternaam", "Voornaam", "Achternaam1", "Voornaam1", "Voornaam99 Achternaam",
             "Achternaam12", "Voornaam5", "Roep", "Roep7", "Achternaam9", "Voornaam77", "Achter"]  # fmt: skip
    return [words[i % len(words)] for i in range(n)]


def measure(guard: Guard, free: Guard, qs: list[str]) -> dict[str, Any]:
    for q in qs[:3]:  # warm the page cache and the index readers for both
        search.search(guard, q=q)
        search.search(free, q=q)
    guarded, unguarded = [], []
    load_before = load()
    for q in qs:  # interleaved, so both see the same caches and machine load
        t0 = time.perf_counter()
        search.search(guard, q=q)
        guarded.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        search.search(free, q=q)
        unguarded.append(time.perf_counter() - t0)
    return {
        "queries": len(qs),
        "p50_ms_guard": ms(guarded, 50),
        "p95_ms_guard": ms(guarded, 95),
        "p50_ms_no_guard": ms(unguarded, 50),
        "p95_ms_no_guard": ms(unguarded, 95),
        "p95_ratio": round(ms(guarded, 95) / max(ms(unguarded, 95), 1e-9), 2),
        "load_1min": f"{load_before}→{load()}",
    }


def unguarded(guard: Guard) -> Guard:
    return Unguarded(
        guard.store,
        replace(guard.user, level=4),
        policy=guard.policy,
        clock=guard.clock,
        case=guard.case,
        purpose=guard.purpose,
    )


def run_size(entities: int, n_queries: int) -> list[dict[str, Any]]:
    clock = FixedClock(NOW)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        make_world(store, clock)
        t0 = time.perf_counter()
        synthesise(store, entities // 2 * 5)  # half persons, half vehicles
        t_data = time.perf_counter() - t0
        load_build = load()
        t0 = time.perf_counter()
        search.rebuild_search_index(store)
        t_index = time.perf_counter() - t0
        si = index_for(store, confidential_codes=policy().confidential_codes)
        common = {
            "entities": entities,
            "statements": int(store.query("SELECT count(*) FROM statements")[0][0]),
            "index_docs": si.docs.num_rows,
            "data_s": round(t_data, 1),
            "index_build_s": round(t_index, 1),
            "load_at_build": load_build,
        }
        rows = []
        for kind, user, qs in (
            ("names", "analyst2", queries(entities // 2, n_queries)),
            ("broad", "analyst1", broad(max(24, n_queries // 4))),
        ):
            guard = guard_for(store, clock, user)
            rows.append(
                {**common, "query_set": kind, "user": user, **measure(guard, unguarded(guard), qs)}
            )
        store.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rows = []
    for n in (int(x) for x in args.entities.split(",")):
        for row in run_size(n, args.queries):
            print(json.dumps(row), flush=True)
            rows.append(row)
    out = {
        "title": "Search: p50/p95 with and without the guard's predicate",
        "command": ".venv/bin/python bench/bench_search.py --entities "
        + args.entities
        + f" --queries {args.queries}",
        "rows": rows,
        "target": "p95 with guard < 100 ms and <= 1.5x without, at 1M entities",
        "notes": (__doc__ or "").split("Usage:")[0].strip(),
    }
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "search.json").write_text(json.dumps(out, indent=2))
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
