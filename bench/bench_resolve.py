"""Entity resolution: plain Splink (generic settings on raw columns) against ours (the Dutch
layer, household rules, constrained clustering), in one process, on the generator's data.

Usage: python bench/bench_resolve.py [--records 100000 [1000000]] [--no-generic] [--keep]
       python bench/bench_resolve.py --records 1000000 --incremental-only 5   (a kept store)
Writes bench/out/resolve.json and prints a table. Goals (issue 5): cluster F1 >= 0.97 at 100k;
at 1M cluster F1 >= 0.95 in no more wall time than generic Splink, <= 4 GB peak; FEBRL4 F1 >=
0.998; linking 1,000 new records against the rest <= 1 s.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

from raffinaderij import config, resolve
from raffinaderij.resolve.engine import new_connection
from raffinaderij.resolve.fixtures import load_febrl4
from raffinaderij.resolve.metrics import score_clustering
from raffinaderij.resolve.settings import generic_settings
from raffinaderij.store.db import Store, open_store

OUT = Path(__file__).resolve().parent / "out"
# Generator persons per person record it emits (measured: 2,000 persons -> 1,658 records).
PERSONS_PER_RECORD = 1.2
CANDIDATES = (
    "r.confidentiality <> 'V' AND r.covert IS NULL AND NOT r.blocked AND r.stage = 'active'"
)


class PeakRSS:
    """Samples this process's RSS every 50 ms; `peak` is the maximum since `reset()`."""

    def __init__(self) -> None:
        self.proc = psutil.Process(os.getpid())
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(0.05)

    def reset(self) -> None:
        gc.collect()
        self.peak = self.proc.memory_info().rss


@contextmanager
def measured(rss: PeakRSS, into: dict[str, Any]) -> Iterator[None]:
    rss.reset()
    t = time.perf_counter()
    yield
    into["wall_s"] = round(time.perf_counter() - t, 2)
    into["peak_rss_gb"] = round(rss.peak / 2**30, 2)


def generate_and_ingest(
    records: int, work: Path, *, reuse: bool = False
) -> tuple[Store, dict[str, str], dict[str, float]]:
    from raffinaderij.demo import generate
    from raffinaderij.ingest import ingest

    data = work / f"data_{records}"
    timings: dict[str, float] = {}
    if not (data / "truth" / "records.csv").exists():
        t = time.perf_counter()
        generate(data, persons=int(records * PERSONS_PER_RECORD), seed=5)
        timings["generate_s"] = round(time.perf_counter() - t, 1)
    db = work / f"resolve_{records}.duckdb"
    if not (reuse and db.exists()):
        for p in (db, Path(str(db) + ".wal")):
            p.unlink(missing_ok=True)
        store = open_store(db)
        t = time.perf_counter()
        for mapping in sorted(data.glob("*.mapping.yaml")):
            ingest(store, mapping, rejects_dir=work / "rejects")
        timings["ingest_s"] = round(time.perf_counter() - t, 1)
    else:
        store = open_store(db)
    # resolving is its own command in practice: start it from a freshly opened store, not from
    # the ingest's warm buffer pool, so peak RSS measures resolution
    store.close()
    store = open_store(db)
    with open(data / "truth" / "records.csv", encoding="utf-8") as fh:
        truth = {r["entity_key"]: r["true_id"] for r in csv.DictReader(fh)}
    return store, truth, timings


GENERIC_FRAME = f"""
SELECT s.entity_key AS unique_id,
       lower(min(value) FILTER (WHERE prop = 'givenName')) AS first_name,
       lower(min(value) FILTER (WHERE prop = 'surname')) AS surname,
       min(value) FILTER (WHERE prop = 'birthDate') AS dob,
       min(value) FILTER (WHERE prop = 'bsn') AS bsn,
       (SELECT min(a.value) FROM statements l JOIN statements a ON a.entity_key = l.value
         WHERE l.entity_key = s.entity_key AND l.prop = 'livesAt' AND a.prop = 'postcode') AS postcode,
       (SELECT min(a.value) FROM statements l JOIN statements a ON a.entity_key = l.value
         WHERE l.entity_key = s.entity_key AND l.prop = 'livesAt' AND a.prop = 'houseNumber') AS house_number,
       (SELECT min(a.value) FROM statements l JOIN statements a ON a.entity_key = l.value
         WHERE l.entity_key = s.entity_key AND l.prop = 'usesPhone' AND a.prop = 'number') AS phone
FROM statements s JOIN registrations r ON r.reg_key = s.reg_key
WHERE s.schema = 'Person' AND ({CANDIDATES})
GROUP BY s.entity_key
"""


def generic_splink(store: Store, seed: int) -> dict[str, str]:
    """What a first Splink model looks like: raw columns, library comparisons, EM, 0.95 cut."""
    from splink import DuckDBAPI, Linker, block_on

    cur = store.cursor()
    try:
        frame = cur.sql(GENERIC_FRAME).to_arrow_table()
    finally:
        cur.close()
    # a first Splink run gets the whole configured memory (ours shares it with the store)
    con = new_connection(memory_limit=str(config.get("memory_limit")))
    try:
        db_api = DuckDBAPI(con)
        sdf = db_api.register(frame, table_name="generic")
        linker = Linker(sdf, generic_settings(), log_level=None)
        linker.training.estimate_probability_two_random_records_match(
            [block_on("first_name", "surname", "dob")], recall=0.7
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
        preds = linker.inference.predict(threshold_match_probability=0.5, warning_mode="never")
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            preds, threshold_match_probability=0.95
        )
        rows = con.sql(f"SELECT unique_id, cluster_id FROM {clusters.physical_name}").fetchall()
        return {str(a): str(b) for a, b in rows}
    finally:
        con.close()


def ours(store: Store, seed: int) -> tuple[dict[str, str], dict[str, Any]]:
    version = resolve.train(
        store, candidate_filter=CANDIDATES, created_by="bench-trainer", seed=seed
    )
    resolve.approve(store, version, approver="bench-approver")
    report = resolve.run(store, version=version, candidate_filter=CANDIDATES)
    mapping = dict(store.query("SELECT entity_key, entity_id FROM entity_clusters"))
    return mapping, report.to_dict()


def _forget(store: Store, keys: list[str]) -> None:
    with store.transaction() as tx:
        tx.execute("CREATE TEMP TABLE bench_forget AS SELECT unnest(?::VARCHAR[]) AS k", [keys])
        tx.execute("DELETE FROM resolve_frame WHERE unique_id IN (SELECT k FROM bench_forget)")
        tx.execute("DELETE FROM resolve_keys WHERE unique_id IN (SELECT k FROM bench_forget)")
        tx.execute("DELETE FROM entity_clusters WHERE entity_key IN (SELECT k FROM bench_forget)")
        tx.execute(
            "DELETE FROM match_pairs WHERE left_key IN (SELECT k FROM bench_forget)"
            " OR right_key IN (SELECT k FROM bench_forget)"
        )
        tx.execute("DROP TABLE bench_forget")


def _as_new_batch(store: Store, keys: list[str]) -> tuple[str, list[str]]:
    """Store the registrations that hold `keys` again as one new batch, the way an ingest of
    altered records does: their statements move to the end of the table (one contiguous run),
    the registrations carry the new batch id. Returns the batch id and all its Person keys;
    the addresses they link to stay where they were, shared with older registrations."""
    batch = f"bench-new-{time.time_ns()}"
    with store.transaction() as tx:
        tx.execute(
            "CREATE TEMP TABLE bench_regs AS SELECT DISTINCT reg_key FROM statements"
            " WHERE entity_key IN (SELECT unnest(?::VARCHAR[]))",
            [keys],
        )
        tx.execute(
            "CREATE TEMP TABLE bench_rows AS SELECT * FROM statements"
            " WHERE reg_key IN (SELECT reg_key FROM bench_regs) ORDER BY reg_key, entity_key"
        )
        tx.execute("DELETE FROM statements WHERE reg_key IN (SELECT reg_key FROM bench_regs)")
        tx.execute("INSERT INTO statements SELECT * FROM bench_rows")
        tx.execute(
            "UPDATE registrations SET batch_id = ? WHERE reg_key IN (SELECT reg_key FROM bench_regs)",
            [batch],
        )
        people = [
            str(k)
            for (k,) in tx.execute(
                "SELECT DISTINCT entity_key FROM bench_rows WHERE schema = 'Person' ORDER BY 1"
            ).fetchall()
        ]
        tx.execute("DROP TABLE bench_rows")
        tx.execute("DROP TABLE bench_regs")
    return batch, people


def incremental(store: Store, n: int = 1000, *, repeat: int = 1) -> dict[str, Any]:
    """A new batch of about n person records (their registrations stored again at the end of
    the table, as an ingest writes them) is forgotten by resolution, then linked back against
    the rest, timed; `repeat` times, a different batch each time."""
    out: dict[str, Any] = {
        "method": "a new batch: the registrations of ~n people stored again at the end of the"
        " statements table (as an ingest appends them), forgotten by resolution, then linked",
        "runs": [],
    }
    for i in range(repeat):
        keys = [
            k
            for (k,) in store.query(
                "SELECT unique_id FROM resolve_frame ORDER BY hash(unique_id || ?) LIMIT ?",
                [str(i), n],
            )
        ]
        batch, keys = _as_new_batch(store, keys)
        keys = keys[:n] if len(keys) > n else keys
        _forget(store, keys)
        existing = store.query("SELECT count(*) FROM resolve_frame")[0][0]
        t = time.perf_counter()
        resolve.link_new(store, keys, candidate_filter=CANDIDATES)
        out["runs"].append(
            {
                "batch": batch,
                "new": len(keys),
                "existing": existing,
                "wall_s": round(time.perf_counter() - t, 3),
            }
        )
    return _summary(out)


def _summary(out: dict[str, Any]) -> dict[str, Any]:
    walls = sorted(r["wall_s"] for r in out["runs"])
    out |= {k: out["runs"][-1][k] for k in ("new", "existing")}
    out["wall_s"] = walls[len(walls) // 2]  # the median
    out["wall_s_max"] = walls[-1]
    return out


def febrl4() -> dict[str, Any]:
    s = open_store(":memory:")
    truth = load_febrl4(s)
    t = time.perf_counter()
    version = resolve.train(s, candidate_filter="true", created_by="a", seed=1)
    resolve.approve(s, version, approver="b")
    resolve.run(s, candidate_filter="true")
    scores = score_clustering(
        dict(s.query("SELECT entity_key, entity_id FROM entity_clusters")), truth
    )
    s.close()
    return {
        "wall_s": round(time.perf_counter() - t, 2),
        **{k: round(v, 4) for k, v in scores.items()},
    }


def _row(
    name: str, size: int, records: int, scores: dict[str, float], m: dict[str, Any]
) -> dict[str, Any]:
    return {
        "config": name,
        "size": size,
        "records": records,
        **{k: round(v, 4) for k, v in scores.items() if k != "records"},
        **m,
    }


def bench_size(
    records: int, rss: PeakRSS, *, generic: bool, keep: bool
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    work = OUT / "resolve_work"
    work.mkdir(parents=True, exist_ok=True)
    store, truth, prep = generate_and_ingest(records, work, reuse=keep)
    rows: list[dict[str, Any]] = []
    if generic:
        m: dict[str, Any] = {}
        with measured(rss, m):
            mapping = generic_splink(store, seed=1)
        rows.append(
            _row("splink generic", records, len(mapping), score_clustering(mapping, truth), m)
        )
        print(rows[-1], flush=True)
    m = {}
    with measured(rss, m):
        mapping, report = ours(store, seed=1)
    rows.append(
        _row(
            "raffinaderij (Dutch layer)", records, len(mapping), score_clustering(mapping, truth), m
        )
    )
    print(rows[-1], flush=True)
    inc = incremental(store, repeat=3)
    extra = {"prep": prep, "run_report": report, "incremental": inc}
    store.close()
    if not keep:
        for p in work.glob(f"resolve_{records}.duckdb*"):
            p.unlink()
    return rows, extra


def incremental_only(
    sizes: list[int], times: int, *, printer: Callable[[str], None] = print
) -> None:
    """Time link_new on the kept stores (after a full run with --keep) and merge the numbers
    into resolve.json, leaving the rest of it as it was."""
    path = OUT / "resolve.json"
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for n in sizes:
        db = OUT / "resolve_work" / f"resolve_{n}.duckdb"
        if not db.exists():
            raise SystemExit(f"no kept store {db}: run with --keep first")
        store = open_store(db)
        try:
            inc = incremental(store, repeat=times + 1)
        finally:
            store.close()
        # the first link in a fresh process reads the store from disk; after an ingest (or in
        # the full bench, after the run) it is warm: reported apart, not in the median
        inc["cold_first"] = inc["runs"].pop(0)
        inc = _summary(inc)
        inc["load_avg_1m"] = round(os.getloadavg()[0], 2)
        result.setdefault("incremental_1000", {})[str(n)] = inc
        result.setdefault("details", {}).setdefault(str(n), {})["incremental"] = inc
        printer(f"incremental at {n}: {inc}")
    path.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


def main(argv: list[str] | None = None, *, printer: Callable[[str], None] = print) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--records", type=int, nargs="+", default=[100_000])
    ap.add_argument("--no-generic", action="store_true")
    ap.add_argument(
        "--keep", action="store_true", help="keep the bench store files (and reuse a kept one)"
    )
    ap.add_argument(
        "--incremental-only",
        type=int,
        metavar="TIMES",
        help="only time linking a new batch of 1,000, TIMES times, on the kept store(s)",
    )
    args = ap.parse_args(argv)
    if args.incremental_only:
        incremental_only(args.records, args.incremental_only, printer=printer)
        return
    rss = PeakRSS()
    rows: list[dict[str, Any]] = []
    details: dict[str, Any] = {}
    for n in args.records:
        r, extra = bench_size(n, rss, generic=not args.no_generic, keep=args.keep)
        rows += r
        details[str(n)] = extra
    fe = febrl4()
    # sizes not run this time keep their last numbers (a 1M run is too long to repeat each time)
    old: dict[str, Any] = {}
    if (OUT / "resolve.json").exists():
        old = json.loads((OUT / "resolve.json").read_text(encoding="utf-8"))
    ran = {str(n) for n in args.records}
    if len(old.get("details", {})) == 1:  # files written before rows named their size
        for r in old.get("rows", []):
            r.setdefault("size", int(next(iter(old["details"]))))
    rows = [r for r in old.get("rows", []) if "size" in r and str(r["size"]) not in ran] + rows
    rows.sort(key=lambda r: (r["size"], r["config"] != "splink generic"))
    details = {k: v for k, v in old.get("details", {}).items() if k not in ran} | details
    result = {
        "title": "Entity resolution: generic Splink vs the Dutch layer",
        "command": "python bench/bench_resolve.py --records " + " ".join(sorted(details, key=int)),
        "rows": rows,
        "febrl4": fe,
        "incremental_1000": {k: v["incremental"] for k, v in details.items()},
        "details": details,
        "notes": "pair = record pairs put together; cluster = clusters reproduced exactly. "
        "wall_s covers train + predict + cluster (ours also stores its tables). "
        "peak_rss_gb is this process's peak RSS during that step (store included).",
    }
    # other entries written by hand or by --incremental-only stay
    result = {k: v for k, v in old.items() if k not in result} | result
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "resolve.json").write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    keys = [
        "config",
        "records",
        "pair_precision",
        "pair_recall",
        "pair_f1",
        "cluster_precision",
        "cluster_recall",
        "cluster_f1",
        "wall_s",
        "peak_rss_gb",
    ]
    printer(" | ".join(keys))
    for row in rows:
        printer(" | ".join(str(row.get(k, "")) for k in keys))
    printer(f"FEBRL4: {fe}")
    for n, v in details.items():
        printer(f"incremental at {n}: {v['incremental']}")


if __name__ == "__main__":
    main()
