"""Resolution on Spark (local mode) against the DuckDB run: the same approved model on the same
generated input, wall time of each run, their ratio, and how far the clusters agree.

Usage: python bench/bench_spark.py [--records 1000000] [--master local[2]]
Writes bench/out/spark.json. Goal (issue 13): reported; identical clusters expected.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_resolve import CANDIDATES, generate_and_ingest  # noqa: E402
from raffinaderij import resolve  # noqa: E402
from raffinaderij.store.db import Store  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def _partition(store: Store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for key, eid in store.query("SELECT entity_key, entity_id FROM entity_clusters"):
        groups.setdefault(eid, set()).add(key)
    return {frozenset(g) for g in groups.values()}


def _timed_run(store: Store, version: str) -> tuple[float, dict[str, Any], set[frozenset[str]]]:
    t = time.perf_counter()
    report = resolve.run(store, version=version, candidate_filter=CANDIDATES)
    return round(time.perf_counter() - t, 1), report.stage_seconds, _partition(store)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="raff-bench-spark-") as tmp:
        work = Path(tmp)
        store, _truth, prep = generate_and_ingest(args.records, work)
        version = resolve.train(
            store, candidate_filter=CANDIDATES, created_by="bench-trainer", seed=7
        )
        resolve.approve(store, version, approver="bench-approver")
        os.environ["RAFF_RESOLVE_BACKEND"] = "duckdb"
        duck_s, duck_stages, duck = _timed_run(store, version)
        os.environ |= {"RAFF_RESOLVE_BACKEND": "spark", "RAFF_SPARK_MASTER": args.master}
        spark_s, spark_stages, spark = _timed_run(store, version)
        store.close()
    same = len(duck & spark)
    result = {
        "title": "Resolution on Spark (local mode) vs DuckDB, the same approved model",
        "command": f"python bench/bench_spark.py --records {args.records} --master {args.master}",
        "rows": [
            {
                "records": args.records,
                "backend": "duckdb",
                "run_s": duck_s,
                "scoring_s": round(duck_stages.get("scoring pairs", 0.0), 1),
                "clusters": len(duck),
            },
            {
                "records": args.records,
                "backend": f"spark {args.master}",
                "run_s": spark_s,
                "scoring_s": round(spark_stages.get("scoring pairs on Spark", 0.0), 1),
                "clusters": len(spark),
            },
        ],
        "spark_vs_duckdb": round(spark_s / duck_s, 2) if duck_s else None,
        "clusters_identical": same,
        "cluster_agreement": round(same / max(len(duck), len(spark)), 6) if duck else None,
        "load_average": os.getloadavg()[0],
        "prepare": prep,
        "notes": "Both runs score with the same model JSON (Spark's SQL translated from DuckDB's)"
        " and cluster on the store; run_s is the whole run (frame, scoring, clustering, storing),"
        " scoring_s the part each backend does differently. Spark's start-up is inside run_s.",
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "spark.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
