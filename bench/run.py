"""`make bench`: run every bench/bench_*.py (each writes bench/out/<name>.json), then write
BENCHMARKS.md with the machine, the command and every result. Benchmarks measure; tests never
assert timings."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kib = int(fh.readline().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}"


def table(rows: list[dict[str, Any]]) -> str:
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for row in rows:
        cells = []
        for k in keys:
            v = row.get(k, "")
            cells.append(f"{v:.4g}" if isinstance(v, float) else str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render(name: str, data: dict[str, Any]) -> str:
    parts = [f"## {data.get('title') or data.get('benchmark') or name}", ""]
    if data.get("command"):
        parts += [f"Command: `{data['command']}`", ""]
    tables = [
        k
        for k, v in data.items()
        if isinstance(v, list) and v and all(isinstance(r, dict) for r in v)
    ]
    for key in tables:
        flat = [
            {k: (json.dumps(v) if isinstance(v, dict | list) else v) for k, v in r.items()}
            for r in data[key]
        ]
        parts += [table(flat), ""]
    rest = {
        k: v
        for k, v in data.items()
        if k not in ("title", "benchmark", "command", "notes", *tables)
    }
    if rest:
        parts += ["```json", json.dumps(rest, indent=2, default=str), "```", ""]
    if data.get("notes"):
        parts += [str(data["notes"]), ""]
    return "\n".join(parts)


def main() -> int:
    args = sys.argv[1:]
    assemble_only = "--assemble" in args
    only = [a for a in args if not a.startswith("--")]
    OUT.mkdir(parents=True, exist_ok=True)
    failed = []
    scripts = [] if assemble_only else sorted((ROOT / "bench").glob("bench_*.py"))
    for script in scripts:
        if only and script.stem.removeprefix("bench_") not in only:
            continue
        print(f"== {script.name}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=ROOT)
        print(
            f"   {script.name}: exit {code} after {time.perf_counter() - start:.0f} s", flush=True
        )
        if code:
            failed.append(script.name)
    sections = [
        "# Benchmarks",
        "",
        f"Machine: {machine()}.",
        "",
        "Produced by `make bench` (`python bench/run.py`), which runs every `bench/bench_*.py`;",
        "each script writes `bench/out/<name>.json` and this file is assembled from them",
        "(`python bench/run.py --assemble` rebuilds it from the latest results without re-running).",
        "Each section names the command that produced it. Timings are wall-clock on a machine",
        "shared with other work; the load average is noted where the script records it.",
        "",
    ]
    for path in sorted(OUT.glob("*.json")):
        sections.append(render(path.stem, json.loads(path.read_text())))
    if failed:
        sections.append(f"Scripts that failed in the last run: {', '.join(failed)}.\n")
    (ROOT / "BENCHMARKS.md").write_text("\n".join(sections))
    print("wrote BENCHMARKS.md")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
