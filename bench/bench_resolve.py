"""Entity resolution: plain Splink (generic settings on raw columns) against ours (the Dutch
layer, household rules, constrained clustering), in one process, on the generator's data.

Usage: python bench/bench_resolve.py [--records 100000 1000000] [--no-generic] [--keep]
       [--no-bsn-run] [--no-febrl] [--baseline-max 100000]
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
import re
import shutil
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
from raffinaderij.resolve.frame import build_frame
from raffinaderij.resolve.metrics import score_clustering
from raffinaderij.resolve.settings import BLOCKING_RULES, generic_settings
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
    t, cpu = time.perf_counter(), time.process_time()
    yield
    into["wall_s"] = round(time.perf_counter() - t, 2)
    # CPU seconds of every thread: on a shared machine a fairer measure than wall time
    into["cpu_s"] = round(time.process_time() - cpu, 2)
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
    cur = store.cursor()
    try:
        frame = cur.sql(GENERIC_FRAME).to_arrow_table()
    finally:
        cur.close()
    return _plain_splink(frame, generic_settings(), ("first_name", "surname", "dob"), seed)


def _plain_splink(
    frame: Any, settings: Any, names: tuple[str, str, str], seed: int
) -> dict[str, str]:
    """Train a Splink model the library's way (prior on equal first name, surname and birth date;
    u on random pairs; EM on the birth date, then on the surname), predict, cut at 0.95."""
    from splink import DuckDBAPI, Linker, block_on

    first, surname, dob = names
    # a first Splink run gets the whole configured memory (ours shares it with the store)
    con = new_connection(memory_limit=str(config.get("memory_limit")))
    try:
        sdf = DuckDBAPI(con).register(frame, table_name="plain_splink")
        linker = Linker(sdf, settings, log_level=None)
        linker.training.estimate_probability_two_random_records_match(
            [block_on(first, surname, dob)], recall=0.7
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(dob))
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(surname))
        preds = linker.inference.predict(threshold_match_probability=0.5, warning_mode="never")
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            preds, threshold_match_probability=0.95
        )
        rows = con.sql(f"SELECT unique_id, cluster_id FROM {clusters.physical_name}").fetchall()
        return {str(a): str(b) for a, b in rows}
    finally:
        con.close()


def dutch_splink(store: Store, seed: int) -> dict[str, str]:
    """The baseline of issue 14: Splink on our Dutch cleaning (the same normalised frame, built
    the same way), with generic library comparisons and blocking, EM, and a 0.95 cut."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    cur = store.cursor()
    try:
        frame = build_frame(cur, candidate_filter=CANDIDATES)
    finally:
        cur.close()
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("given_first"),
            cl.NameComparison("surname"),
            cl.LevenshteinAtThresholds("birth_date", [1, 2]),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("house_number"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("bsn"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_first", "surname"),
            block_on("birth_date"),
            block_on("postcode"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    return _plain_splink(frame, settings, ("given_first", "surname", "birth_date"), seed)


def ours(
    store: Store, seed: int, rss: PeakRSS | None = None
) -> tuple[dict[str, str], dict[str, Any]]:
    """Train, approve, run; with `rss`, the seconds and peak RSS of every stage."""
    stages: dict[str, dict[str, float]] = {}
    current: list[Any] = []

    def hear(prefix: str) -> Any:
        def report(name: str, _done: int, _total: int) -> None:
            now = time.perf_counter()
            if current and rss is not None:
                stages[current[0]] = {
                    "s": round(now - current[1], 2),
                    "peak_rss_gb": round(rss.peak / 2**30, 2),
                }
            current[:] = [f"{prefix}: {name}", now]
            if rss is not None:
                rss.peak = rss.proc.memory_info().rss

        return report

    version = resolve.train(
        store,
        candidate_filter=CANDIDATES,
        created_by="bench-trainer",
        seed=seed,
        progress=hear("train"),
    )
    resolve.approve(store, version, approver="bench-approver")
    current.clear()
    report = resolve.run(store, version=version, candidate_filter=CANDIDATES, progress=hear("run"))
    mapping = dict(store.query("SELECT entity_key, entity_id FROM entity_clusters"))
    return mapping, report.to_dict() | {"stages": stages}


def _truth_tables(cur: Any, data: Path) -> None:
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _bt_records AS SELECT * FROM read_csv(?, all_varchar=true)",
        [str(data / "truth" / "records.csv")],
    )
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _bt_persons AS SELECT true_id, birth_date, household,"
        " twin_of, father, mother, given_names, surname FROM read_parquet(?)",
        [str(data / "truth" / "persons.parquet")],
    )


def false_merges(store: Store, data: Path) -> dict[str, Any]:
    """Pairs of different true persons put in one cluster, by kind: twins, a generation apart
    (birth years 15 or more apart; parent and child among them), same household, other; and the
    largest cluster against the largest true entity."""
    cur = store.cursor()
    try:
        _truth_tables(cur, data)
        row = cur.execute(
            """
            WITH m AS (SELECT c.entity_key, c.entity_id, t.true_id FROM entity_clusters c
                       JOIN _bt_records t USING (entity_key)),
            pp AS (SELECT DISTINCT a.true_id AS x, b.true_id AS y FROM m a JOIN m b
                   ON a.entity_id = b.entity_id AND a.true_id < b.true_id),
            k AS (SELECT px.twin_of = py.true_id OR py.twin_of = px.true_id AS twin,
                         abs(year(px.birth_date::DATE) - year(py.birth_date::DATE)) >= 15 AS gen,
                         px.father = py.true_id OR px.mother = py.true_id
                           OR py.father = px.true_id OR py.mother = px.true_id AS parent,
                         px.household = py.household AS home
                  FROM pp JOIN _bt_persons px ON px.true_id = pp.x
                  JOIN _bt_persons py ON py.true_id = pp.y)
            SELECT count(*), count(*) FILTER (twin), count(*) FILTER (gen),
                   count(*) FILTER (gen AND parent),
                   count(*) FILTER (home AND NOT twin AND NOT gen),
                   count(*) FILTER (NOT home AND NOT twin AND NOT gen)
            FROM k
            """
        ).fetchone()
        sizes = cur.execute(
            "SELECT (SELECT max(n) FROM (SELECT count(*) n FROM entity_clusters GROUP BY entity_id)),"
            " (SELECT max(n) FROM (SELECT count(*) n FROM _bt_records t JOIN entity_clusters c"
            "  USING (entity_key) GROUP BY t.true_id))"
        ).fetchone()
    finally:
        cur.close()
    assert row is not None and sizes is not None
    names = ("person_pairs", "twins", "generation", "parent_child", "household", "other")
    return dict(zip(names, row, strict=True)) | {
        "largest_cluster": sizes[0],
        "largest_true_entity": sizes[1],
    }


def blocking_recall(store: Store, data: Path) -> dict[str, Any]:
    """Share of true record pairs that at least one prediction blocking rule puts together."""
    swap = {"l": "r", "r": "l"}

    def swapped(rule: str) -> str:
        return re.sub(r"\b([lr])\.", lambda m: swap[m.group(1)] + ".", rule)

    either = " OR ".join(
        f"coalesce(({r}), false) OR coalesce(({swapped(r)}), false)" for r in BLOCKING_RULES
    )
    cur = store.cursor()
    try:
        _truth_tables(cur, data)
        row = cur.execute(
            f"""
            WITH m AS (SELECT f.unique_id, t.true_id FROM resolve_frame f
                       JOIN _bt_records t ON t.entity_key = f.unique_id),
            tp AS (SELECT a.unique_id AS a, b.unique_id AS b FROM m a JOIN m b
                   ON a.true_id = b.true_id AND a.unique_id < b.unique_id)
            SELECT count(*), count(*) FILTER ({either})
            FROM tp JOIN resolve_frame l ON l.unique_id = tp.a
            JOIN resolve_frame r ON r.unique_id = tp.b
            """
        ).fetchone()
    finally:
        cur.close()
    assert row is not None
    return {"true_pairs": row[0], "blocked": row[1], "recall": round(row[1] / max(1, row[0]), 4)}


def drop_bsn(store: Store) -> None:
    """Forget every BSN (and other id number) statement: resolution without identifiers."""
    with store.transaction() as tx:
        tx.execute("DELETE FROM statements WHERE prop = 'bsn'")


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
    records: int,
    rss: PeakRSS,
    *,
    generic: bool,
    keep: bool,
    without_bsn: bool = True,
    with_baseline: bool = True,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    work = OUT / "resolve_work"
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"data_{records}"
    load = {"before": round(os.getloadavg()[0], 2)}
    store, truth, prep = generate_and_ingest(records, work, reuse=keep)
    rows: list[dict[str, Any]] = []

    def add(name: str, mapping: dict[str, str], m: dict[str, Any]) -> None:
        rows.append(_row(name, records, len(mapping), score_clustering(mapping, truth), m))
        print(rows[-1], flush=True)

    if generic and with_baseline:  # the generic Splink baseline is bounded the same way
        m: dict[str, Any] = {}
        with measured(rss, m):
            mapping = generic_splink(store, seed=1)
        add("splink generic", mapping, m)
    baseline: dict[str, Any] = {}
    if with_baseline:
        with measured(rss, baseline):
            mapping = dutch_splink(store, seed=1)
        add("splink + Dutch cleaning", mapping, baseline)
    m = {}
    with measured(rss, m):
        mapping, report = ours(store, seed=1, rss=rss)
    if baseline:
        m["vs_baseline"] = round(m["wall_s"] / baseline["wall_s"], 2)
        m["cpu_vs_baseline"] = round(m["cpu_s"] / max(baseline["cpu_s"], 0.01), 2)
    m["false_merges"] = false_merges(store, data)
    m["blocking"] = blocking_recall(store, data)
    add("raffinaderij (Dutch layer)", mapping, m)
    inc = incremental(store, repeat=3)
    extra = {"prep": prep, "run_report": report, "incremental": inc}
    store.close()
    if without_bsn:
        # on a copy: a kept store stays as ingested
        db = work / f"resolve_{records}.duckdb"
        copy = work / f"resolve_{records}_nobsn.duckdb"
        shutil.copyfile(db, copy)
        store = open_store(copy)
        drop_bsn(store)
        m = {}
        with measured(rss, m):
            mapping, report_nb = ours(store, seed=1, rss=rss)
        m["false_merges"] = false_merges(store, data)
        add("raffinaderij, no BSN", mapping, m)
        extra["run_report_without_bsn"] = report_nb
        store.close()
        for p in work.glob(f"resolve_{records}_nobsn.duckdb*"):
            p.unlink()
    load["after"] = round(os.getloadavg()[0], 2)
    extra["load_avg_1m"] = load
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
    ap.add_argument("--records", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--no-generic", action="store_true", help="skip Splink on raw columns")
    ap.add_argument("--no-bsn-run", action="store_true", help="skip the run without BSNs")
    ap.add_argument(
        "--baseline-max",
        type=int,
        default=100_000,
        help="run Splink + Dutch cleaning up to this size (at 1M its EM on surname blocks"
        " spilled over 70 GB of temp files); 0: never",
    )
    ap.add_argument("--no-febrl", action="store_true", help="skip FEBRL4 (keeps its last numbers)")
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
        r, extra = bench_size(
            n,
            rss,
            generic=not args.no_generic,
            keep=args.keep,
            without_bsn=not args.no_bsn_run,
            with_baseline=n <= args.baseline_max,
        )
        rows += r
        details[str(n)] = extra
    fe = None if args.no_febrl else febrl4()
    # sizes not run this time keep their last numbers (a 1M run is too long to repeat each time)
    old: dict[str, Any] = {}
    if (OUT / "resolve.json").exists():
        old = json.loads((OUT / "resolve.json").read_text(encoding="utf-8"))
    ran = {str(n) for n in args.records}
    if len(old.get("details", {})) == 1:  # files written before rows named their size
        for r in old.get("rows", []):
            r.setdefault("size", int(next(iter(old["details"]))))
    rows = [r for r in old.get("rows", []) if "size" in r and str(r["size"]) not in ran] + rows
    order = ["splink generic", "splink + Dutch cleaning", "raffinaderij (Dutch layer)"]
    rows.sort(key=lambda r: (r["size"], order.index(r["config"]) if r["config"] in order else 9))
    details = {k: v for k, v in old.get("details", {}).items() if k not in ran} | details
    result = {
        "title": "Entity resolution: Splink (generic; with Dutch cleaning) vs the Dutch layer",
        "command": "python bench/bench_resolve.py --records " + " ".join(sorted(details, key=int)),
        "rows": rows,
        "febrl4": fe or old.get("febrl4"),
        "incremental_1000": {k: v["incremental"] for k, v in details.items()},
        "details": details,
        "notes": "pair = record pairs put together; cluster = clusters reproduced exactly. "
        "wall_s covers train + predict + cluster (ours also stores its tables); vs_baseline is"
        " ours / Splink + Dutch cleaning (both build the cleaned frame). false_merges counts"
        " pairs of different true persons in one cluster: twins, born 15+ years apart (of which"
        " parent and child), same household, other. blocking = true record pairs that a"
        " prediction blocking rule meets. "
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
        "cpu_s",
        "vs_baseline",
        "cpu_vs_baseline",
    ]
    printer(" | ".join(keys))
    for row in rows:
        printer(" | ".join(str(row.get(k, "")) for k in keys))
    for row in rows:
        if "false_merges" in row:
            printer(f"{row['config']} at {row['size']}: false merges {row['false_merges']}")
        if "blocking" in row:
            printer(f"{row['config']} at {row['size']}: blocking recall {row['blocking']}")
    printer(f"FEBRL4: {fe}")
    for n, v in details.items():
        printer(f"incremental at {n}: {v['incremental']}")


if __name__ == "__main__":
    main()
