"""Bench: the whole path on N registrations, end to end → bench/out/e2e.json.

generate (the demo generator) → ingest (every source through its shipped mapping, as the
administrator) → resolve (persons: the administrator trains a model, a case lead approves it,
the run uses the approved version) → objects (vehicles, phones, addresses, ... by the approved
rules) → keys (the comparison's match keys) → index (the full-text index) → search (an
analyst's p50/p95 through the search service). Each step runs in a child process of its own on
the same store file, so its wall time, CPU seconds (user + system, from wait4) and peak RSS are
its own. The 1-minute load average is noted before and after each step (2 cores, shared).

`--size` is the number of registrations wanted; the generator's unit is a person (about 0.85
registrations each), so it is asked for size / 0.845 persons (at most its 10M limit), and the
registrations actually ingested are reported.

Usage: .venv/bin/python bench/bench_e2e.py [--size 10000000] [--queries 200] [--keep DIR]
       [--steps index,search]  (only these steps, on the store a --keep run left in DIR: one
       step measured again, e.g. after a change to it; such a run is printed, not recorded)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("generate", "ingest", "resolve", "objects", "keys", "index", "search")
REGISTRATIONS_PER_PERSON = 0.845  # bench_generate: 844,870 source records per 1M persons


def _admin(store: Any) -> Any:
    from raffinaderij.clock import default_clock
    from raffinaderij.guard.policy import policy
    from raffinaderij.guard.session import Guard, load_user

    return Guard(store, load_user(store, "beheer"), policy=policy(), clock=default_clock())


def _analyst(store: Any) -> Any:
    """The demo analyst in the first open art. 9 case (she is a member of every case)."""
    from raffinaderij.clock import default_clock
    from raffinaderij.guard.policy import policy
    from raffinaderij.guard.session import Guard, load_case, load_user

    data = json.loads((Path(store.path).parent / "data/truth/cases.json").read_text())
    open_ = [c for c in data if not c.get("closed")]
    case_id = next((c["id"] for c in open_ if int(c["basis"]) == 9), open_[0]["id"])
    return Guard(
        store,
        load_user(store, "analist"),
        policy=policy(),
        clock=default_clock(),
        case=load_case(store, case_id),
        purpose="bench",
    )


def step(name: str, folder: Path, persons: int, n_queries: int) -> dict[str, Any]:
    """One step, in this (child) process; returns what it counted."""
    from rich.console import Console

    from raffinaderij.cli import demo
    from raffinaderij.services import compare, search
    from raffinaderij.store.db import open_store

    data = folder / "data"
    if name == "generate":
        from raffinaderij.demo import generate

        report = generate(data, persons=persons, seed=1)
        return {"persons": persons, "source_records": sum(report.counts.values())}
    store = open_store(folder / "raff.duckdb")
    try:
        if name == "ingest":
            admin, _ = demo.demo_accounts(store, data)
            reports = demo.demo_ingest(admin, data, Console(quiet=True))
            return {
                "registrations": int(store.query("SELECT count(*) FROM registrations")[0][0]),
                "statements": int(store.query("SELECT count(*) FROM statements")[0][0]),
                "rejected": sum(r["rejected"] for r in reports),
            }
        if name == "resolve":
            version, run = demo.demo_resolve(store, _admin(store))
            return {"model_version": version, "person_records": run.records,
                    "person_entities": run.entities}  # fmt: skip
        if name == "objects":
            objects = demo.demo_objects(store, _admin(store))
            return {"object_entities": sum(objects.entities.values())}
        if name == "keys":
            return {"match_keys": compare.rebuild_match_keys(store)}
        if name == "index":
            search.rebuild_search_index(store)
            return {}
        if name == "search":
            return _searches(store, n_queries)
        raise SystemExit(f"unknown step {name!r}")
    finally:
        store.close()


def _searches(store: Any, n: int) -> dict[str, Any]:
    from raffinaderij.services import search

    surnames = [r[0] for r in store.query(
        "SELECT DISTINCT value FROM statements WHERE prop = 'surname' ORDER BY 1 LIMIT 5000"
    )]  # fmt: skip
    rng = random.Random(1)
    qs = [rng.choice(surnames) for _ in range(n)]
    guard = _analyst(store)
    t0 = time.perf_counter()
    first = search.search(guard, q=qs[0])  # opens the index the index step wrote
    first_s = time.perf_counter() - t0
    took = []
    hits = 0
    for q in qs:
        t0 = time.perf_counter()
        hits += len(search.search(guard, q=q).hits)
        took.append(time.perf_counter() - t0)
    pct = statistics.quantiles(took, n=100)
    return {"queries": n, "first_search_ms": round(first_s * 1000, 1), "first_total": first.total,
            "p50_ms": round(pct[49] * 1000, 1), "p95_ms": round(pct[94] * 1000, 1),
            "mean_hits": round(hits / n, 1)}  # fmt: skip


def run_step(name: str, folder: Path, persons: int, n_queries: int) -> dict[str, Any]:
    """The step in a child process: its wall time, CPU seconds and peak RSS (wait4)."""
    out = folder / f"step-{name}.json"
    argv = [sys.executable, __file__, "--child", name, "--dir", str(folder),
            "--persons", str(persons), "--queries", str(n_queries)]  # fmt: skip
    load_before = round(os.getloadavg()[0], 2)
    t0 = time.perf_counter()
    child = subprocess.Popen(argv, env={**os.environ, "RAFF_DATA_DIR": str(folder)})
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    row: dict[str, Any] = {
        "step": name,
        "wall_s": round(wall, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mib": round(usage.ru_maxrss / 1024),
        "load_1min": f"{load_before}→{round(os.getloadavg()[0], 2)}",
        "exit": child.returncode,
    }
    if child.returncode == 0 and out.exists():
        row["counts"] = json.loads(out.read_text())
    return row


def disk_mib(folder: Path) -> int:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000_000, help="registrations wanted")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", default=None, help="work in this folder and keep it")
    parser.add_argument("--steps", default=",".join(STEPS), help="these steps only (comma list)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--dir", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--persons", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT / "tests"))
        folder = Path(args.dir)
        counts = step(args.child, folder, args.persons, args.queries)
        (folder / f"step-{args.child}.json").write_text(json.dumps(counts, default=str))
        return
    persons = min(10_000_000, max(100, round(args.size / REGISTRATIONS_PER_PERSON)))
    steps = [name for name in STEPS if name in args.steps.split(",")]
    if not steps or steps != list(STEPS) and not args.keep:
        raise SystemExit("--steps needs --keep DIR (the store of an earlier run) and known steps")
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="raff-bench-e2e-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    try:
        for name in steps:
            row = run_step(name, folder, persons, args.queries)
            row["disk_mib"] = disk_mib(folder)
            print(json.dumps(row), flush=True)
            rows.append(row)
            if row["exit"]:
                break
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    registrations = next(
        (r["counts"]["registrations"] for r in rows if r["step"] == "ingest" and "counts" in r),
        None,
    )
    done = [r for r in rows if not r["exit"]]
    result = {
        "size": args.size,
        "persons": persons,
        "registrations": registrations,
        "steps": rows,
        "complete": len(done) == len(STEPS),
        "total_wall_s": round(sum(r["wall_s"] for r in rows), 1),
        "total_cpu_s": round(sum(r["cpu_s"] for r in rows), 1),
        "max_peak_rss_mib": max((r["peak_rss_mib"] for r in rows), default=0),
    }
    print(json.dumps(result, indent=2))
    if steps == list(STEPS):
        record(result)


def record(result: dict[str, Any]) -> None:
    """Into bench/out/e2e.json, beside the latest runs of the other sizes."""
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "e2e.json"
    previous = json.loads(path.read_text()) if path.exists() else {}
    kept = [r for r in previous.get("runs", []) if r.get("size") != result["size"]]
    for r in kept:  # the table holds the steps of earlier sizes
        r["steps"] = [
            {k: v for k, v in s.items() if k not in ("size", "registrations")}
            for s in previous.get("steps", [])
            if s.get("size") == r["size"]
        ]
    runs = [*kept, result]
    runs.sort(key=lambda r: r["size"])
    table = [{"size": r["size"], "registrations": r["registrations"], **s} for r in runs
             for s in r["steps"]]  # fmt: skip
    doc = {
        "title": "End to end: generate → ingest → resolve → keys → index → search (issue 13)",
        "command": ".venv/bin/python bench/bench_e2e.py --size N (one run per size; the table"
        " keeps the latest run of each size)",
        "steps": table,
        "runs": [{k: v for k, v in r.items() if k != "steps"} for r in runs],
        "notes": (__doc__ or "").split("Usage:")[0].strip(),
    }
    path.write_text(json.dumps(doc, indent=2, default=str))


if __name__ == "__main__":
    main()
