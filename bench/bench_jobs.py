"""Bench: an analyst's search latency while the server runs an administrator's ingest job
→ bench/out/jobs.json.

The store holds a searchable population (`bench_compare.synthesise`, as bench_search: half
persons, half vehicles, the index built). The real server process runs on it (`raff serve`, as
`make demo` serves the store), with its job runner thread. An analyst (analyst2, case ZAAK-1)
logs in over HTTP and searches `/api/search` in a loop (bench_search's "names" queries): first
with no job, then while an administrator's ingest job of a new source (bench_ingest's CSV and
mapping, `--rows` rows) runs, started as the CLI starts it (`raff ingest MAPPING --as admin`
against the running server: a job over the local token). After the job, the first search for a
surname only the new source has must find it: the new records are searchable when the job ends.
The time of that first search is reported apart (it may include bringing the index up to date).

Reported: p50/p95 without and during the job and their ratio (goal: p95 during <= 2x without;
"without" pools the same queries before the job and after it, as the machine's other load
drifts over the minutes the job takes; the ratio to the searches before alone is reported too),
the job's time, the server's CPU seconds and peak RSS, and the 1-minute load average beside each
figure (2 cores shared with other work; the bench client itself is one more process).

Usage: .venv/bin/python bench/bench_jobs.py [--entities 1000000] [--rows 1000000] [--queries 200]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_compare import synthesise  # noqa: E402
from bench_ingest import MAPPING, make_csv  # noqa: E402
from bench_search import queries  # noqa: E402
from raffinaderij.clock import FixedClock  # noqa: E402
from raffinaderij.services import search  # noqa: E402
from raffinaderij.store.db import open_store  # noqa: E402
from support import NOW, PASSWORD, make_world  # noqa: E402

RAFF = Path(sys.executable).with_name("raff")
NEW_SURNAME = "Jansen"  # only the new source has it (the population is Achternaam<n>)


def load() -> float:
    return round(os.getloadavg()[0], 2)


def ms(xs: list[float], q: int) -> float:
    if len(xs) < 2:
        return round((xs[0] if xs else 0.0) * 1000, 1)
    return round(statistics.quantiles(xs, n=100)[q - 1] * 1000, 1)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def proc_usage(pid: int) -> dict[str, float]:
    """CPU seconds and peak RSS (MiB) of a process so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / tick
    hwm = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) / 1024
    return {"cpu_s": round(cpu, 1), "peak_rss_mib": round(hwm)}


def build_store(folder: Path, entities: int) -> dict[str, Any]:
    store = open_store(folder / "raff.duckdb")
    try:
        make_world(store, FixedClock(NOW))
        t0 = time.perf_counter()
        synthesise(store, entities // 2 * 5)  # half persons, half vehicles
        data_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        search.rebuild_search_index(store)  # the server starts with its index built
        index_s = time.perf_counter() - t0
        statements = int(store.query("SELECT count(*) FROM statements")[0][0])
    finally:
        store.close()
    return {"statements_before": statements, "data_s": round(data_s, 1),
            "index_build_s": round(index_s, 1)}  # fmt: skip


def new_source(folder: Path, rows: int) -> Path:
    """bench_ingest's source with registration dates inside the last 510 days, so the new
    records fall inside the search term of today's clock (the server's)."""
    src = folder / "nieuw"
    src.mkdir()
    make_csv(src / "bench.csv", rows, base=date.today() - timedelta(days=510))
    mapping = src / "bench.yaml"
    mapping.write_text(MAPPING.replace("source: bench", "source: nieuw"), encoding="utf-8")
    return mapping


class Analyst:
    def __init__(self, url: str, username: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=600)
        r = self.client.post("/api/login", json={"username": username, "password": PASSWORD})
        r.raise_for_status()
        self.client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        r = self.client.post("/api/session/case", json={"case_id": "ZAAK-1", "purpose": "bench"})
        r.raise_for_status()

    def search(self, q: str) -> tuple[float, dict[str, Any]]:
        t0 = time.perf_counter()
        r = self.client.get("/api/search", params={"q": q})
        took = time.perf_counter() - t0
        r.raise_for_status()
        return took, r.json()


def summary(xs: list[float], load_before: float) -> dict[str, Any]:
    return {"searches": len(xs), "p50_ms": ms(xs, 50), "p95_ms": ms(xs, 95),
            "max_ms": round(max(xs, default=0) * 1000, 1), "load_1min": f"{load_before}→{load()}"}  # fmt: skip


def serve(folder: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "RAFF_DATA_DIR": str(folder), "RAFF_PORT": str(port),
           "RAFF_HOST": "127.0.0.1"}  # fmt: skip
    server = subprocess.Popen([str(RAFF), "serve"], env=env, cwd=folder)
    marker = (folder / "raff.duckdb").with_suffix(".server.json")
    for _ in range(600):
        if marker.exists():
            try:
                httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
                return server
            except httpx.HTTPError:
                pass
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: exit {server.returncode}")
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def run(entities: int, rows: int, n_queries: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="raff-bench-jobs-") as tmp:
        folder = Path(tmp)
        built = build_store(folder, entities)
        mapping = new_source(folder, rows)
        port = free_port()
        server = serve(folder, port)
        try:
            return {"entities": entities, "rows_ingested": rows, **built,
                    **measure(folder, server, port, mapping, queries(entities // 2, n_queries))}  # fmt: skip
        finally:
            server.terminate()
            server.wait(60)


def measure(  # noqa: PLR0915 - one story, told in order
    folder: Path, server: subprocess.Popen[bytes], port: int, mapping: Path, qs: list[str]
) -> dict[str, Any]:
    url = f"http://127.0.0.1:{port}"
    analyst = Analyst(url, "analyst2")
    checker = Analyst(url, "analyst4")
    _, before = checker.search(NEW_SURNAME)
    for q in qs[:5]:  # warm: the index opened, the pages cached
        analyst.search(q)
    usage0 = proc_usage(server.pid)
    l0 = load()
    quiet = [analyst.search(q)[0] for q in qs]
    without = summary(quiet, l0)
    usage1 = proc_usage(server.pid)

    env = {**os.environ, "RAFF_DATA_DIR": str(folder)}
    l0 = load()
    t_job = time.perf_counter()
    cli = subprocess.Popen(
        [str(RAFF), "ingest", str(mapping), "--as", "admin", "--json"],
        env=env, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    done = threading.Event()
    out: dict[str, Any] = {}

    def wait() -> None:
        stdout, _ = cli.communicate()
        out["job_wall_s"] = time.perf_counter() - t_job
        out["cli_exit"] = cli.returncode
        try:
            out["job"] = json.loads(stdout)
        except ValueError:
            out["job"] = {"stdout": stdout.decode(errors="replace")[-500:]}
        done.set()

    threading.Thread(target=wait, daemon=True).start()
    phase = {"now": "queued"}
    phases: dict[str, float] = {}  # the job's phase → when the bench first saw it

    def watch() -> None:
        """The job's phase, as an administrator's client sees it (local token, as the CLI)."""
        marker = json.loads((folder / "raff.duckdb").with_suffix(".server.json").read_text())
        admin = httpx.Client(base_url=url, timeout=60, headers={
            "Authorization": f"Bearer {marker['token']}", "X-Raff-User": "admin"})  # fmt: skip
        while not done.is_set():
            jobs = admin.get("/api/jobs", params={"limit": 1}).json()
            if jobs:
                now = jobs[0]["phase"] or jobs[0]["state"]
                phase["now"] = now
                phases.setdefault(now, round(time.perf_counter() - t_job, 1))
            time.sleep(0.5)

    threading.Thread(target=watch, daemon=True).start()
    during: list[float] = []
    by_phase: dict[str, list[float]] = {}
    i = 0
    while not done.is_set():
        seen = phase["now"]
        took = analyst.search(qs[i % len(qs)])[0]
        during.append(took)
        by_phase.setdefault("index" if seen == "index" else "start+ingest", []).append(took)
        i += 1
    job_load = load()
    usage2 = proc_usage(server.pid)
    # the first search after the job: must find what only the new source has
    l1 = load()
    first_after, found = checker.search(NEW_SURNAME)
    l2 = load()
    after = [analyst.search(q)[0] for q in qs]
    usage3 = proc_usage(server.pid)
    calm = quiet + after  # no job before it and after it: the machine's other load varies
    job = out.get("job") or {}
    result = job.get("result") or {}
    return {
        "without_job": without,
        "during_job": summary(during, l0) | {"load_1min": f"{l0}→{job_load}"},
        "p95_ratio_vs_before": round(ms(during, 95) / max(ms(quiet, 95), 1e-9), 2),
        "p95_ratio": round(ms(during, 95) / max(ms(calm, 95), 1e-9), 2),
        "p50_ratio": round(ms(during, 50) / max(ms(calm, 50), 1e-9), 2),
        "goal": "p95 during the job <= 2x without (the searches before and after it, pooled)",
        "during_by_phase": {k: summary(v, l0) | {"load_1min": ""} for k, v in by_phase.items()},
        "job_phases_seen_at_s": phases,
        "job_state": job.get("state"),
        "job_wall_s": round(out.get("job_wall_s", 0.0), 1),
        "job_stored": result.get("stored"),
        "cli_exit": out.get("cli_exit"),
        "new_surname_hits_before": before["total"],
        "new_surname_hits_after": found["total"],
        "first_search_after_job_ms": round(first_after * 1000, 1),
        "first_search_load_1min": f"{l1}→{l2}",
        "after_job": summary(after, l2),
        "server_cpu_s": {"quiet_searches": round(usage1["cpu_s"] - usage0["cpu_s"], 1),
                         "during_job": round(usage2["cpu_s"] - usage1["cpu_s"], 1),
                         "after_job": round(usage3["cpu_s"] - usage2["cpu_s"], 1)},
        "server_peak_rss_mib": usage3["peak_rss_mib"],
    }  # fmt: skip


def searches_table(row: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per set of searches: without the job, during it (and per phase), after it."""
    sets = [("before the job", row["without_job"]), ("during the job", row["during_job"])]
    sets += [(f"  during: {k}", v) for k, v in row.get("during_by_phase", {}).items()]
    sets += [("after the job", row["after_job"])]
    return [{"searches": name, **{k: v for k, v in got.items() if k != "searches"},
             "n": got["searches"]} for name, got in sets]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    row = run(args.entities, args.rows, args.queries)
    print(json.dumps(row, indent=2), flush=True)
    sets = ("without_job", "during_job", "during_by_phase", "after_job")
    out = {
        "title": "Search during an ingest job in the running server (issue 13)",
        "command": f".venv/bin/python bench/bench_jobs.py --entities {args.entities}"
        f" --rows {args.rows} --queries {args.queries}",
        "searches": searches_table(row),
        **{k: v for k, v in row.items() if k not in sets},
        "notes": (__doc__ or "").split("Usage:")[0].strip(),
    }
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "jobs.json").write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
