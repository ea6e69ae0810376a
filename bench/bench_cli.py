"""Benchmark `raff` start-up: wall and CPU time of `raff --version`, `raff --help` and a usage
error (goal: under 0.3 s; nothing heavy is imported before a command runs).

Run as `python bench/bench_cli.py [--repeat 15]`. Writes bench/out/cli.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAFF = Path(sys.executable).with_name("raff")
CASES = {
    "raff --version": ["--version"],
    "raff --help": ["--help"],
    "raff resolve train --help": ["resolve", "train", "--help"],
    "raff serach (usage error, --json)": ["serach", "--json"],
}


def measure(argv: list[str], repeat: int) -> dict[str, object]:
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([str(RAFF), *argv], capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return {
        "median_wall_s": round(statistics.median(walls), 3),
        "max_wall_s": round(max(walls), 3),
        "median_cpu_s": round(statistics.median(cpus), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    rows = []
    for name, argv in CASES.items():
        rows.append({"command": name, **measure(argv, args.repeat)})
        print(rows[-1], flush=True)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    result = {
        "title": "CLI start-up",
        "command": f"python bench/bench_cli.py --repeat {args.repeat}",
        "goal": "raff --version under 0.3 s",
        "load_average": os.getloadavg()[0],
        "runs": rows,
    }
    (out / "cli.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
