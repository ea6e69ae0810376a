"""Benchmark the demo generator: wall time, peak memory and rows written at 100k and 1M persons.

Run as `python bench/bench_generate.py [--sizes 100000 1000000]`. Each size runs in its own
process so that its peak RSS is its own. Results go to bench/out/generate.json (the lead builds
BENCHMARKS.md from bench/out/*.json) and a markdown table is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from raffinaderij.demo import generate
out, persons = Path(sys.argv[1]), int(sys.argv[2])
t0 = time.perf_counter()
rep = generate(out, persons=persons, seed=1)
secs = time.perf_counter() - t0
size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
truth_rows = sum(1 for _ in open(out / "truth" / "records.csv", encoding="utf-8")) - 1
print(json.dumps({
    "persons": persons, "seconds": round(secs, 2),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "source_records": sum(rep.counts.values()), "counts": rep.counts,
    "truth_records": truth_rows, "bytes_written": size,
}))
"""


def run(persons: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="raff-bench-") as tmp:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(Path(tmp) / "demo"), str(persons)],
            check=True,
            capture_output=True,
            text=True,
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("out") / "generate.json")
    args = ap.parse_args()
    results = []
    for n in args.sizes:
        r = run(n)
        r["persons_per_second"] = round(n / r["seconds"])
        results.append(r)
        print(f"generated {n:,} persons in {r['seconds']} s", file=sys.stderr)
    doc = {
        "benchmark": "demo generate",
        "goal": "1,000,000 persons with all their registrations in under 300 s, memory bounded",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(
        "| persons | seconds | persons/s | peak RSS (MB) | source records | truth records | MB written |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['persons']:,} | {r['seconds']} | {r['persons_per_second']:,} | {r['peak_rss_mb']} | "
            f"{r['source_records']:,} | {r['truth_records']:,} | {r['bytes_written'] / 1e6:.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
