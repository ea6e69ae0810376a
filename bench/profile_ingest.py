"""Where one ingest spends its time: every SQL statement it runs, with wall and CPU seconds.

Usage: python bench/profile_ingest.py [--rows N] [--bad-every M] [--explain] [--top K]

Ingests bench_ingest.py's file (N rows; every M-th row bad when M > 0) into a fresh store and
prints the K slowest statements, the commit and a CHECKPOINT. CPU seconds are the process's
(all DuckDB threads), steadier than wall time on a shared machine. With --explain the staging,
entity and write statements run as EXPLAIN ANALYZE (their plans go to explain.txt in the work
folder) and the report's counts are not meaningful.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from bench_ingest import write_source
from raffinaderij.clock import FixedClock
from raffinaderij.ingest import ingest
from raffinaderij.store.db import Store, open_store

_EXPLAINED = re.compile(
    r"\s*(CREATE OR REPLACE TEMP TABLE|INSERT INTO (statements|registrations|entity_ids|__ents))"
)


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float
    sql: str


class _TimedCursor:
    """The transaction's cursor, timing each statement (and explaining the big ones)."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, log: list[Timing], explain: Path | None):
        self._cur, self._log, self._explain = cur, log, explain

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
        t, c = time.perf_counter(), time.process_time()
        if self._explain is not None and _EXPLAINED.match(sql):
            plan = self._cur.execute("EXPLAIN ANALYZE " + sql, *args, **kwargs).fetchall()
            with self._explain.open("a", encoding="utf-8") as fh:
                fh.write(f"{'=' * 100}\n{sql[:300]}\n{plan[0][1]}\n")
            res = self._cur.execute("SELECT 0")
        else:
            res = self._cur.execute(sql, *args, **kwargs)
        self._log.append(
            Timing(time.perf_counter() - t, time.process_time() - c, " ".join(sql.split()))
        )
        return res

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cur, name)


class _TimedStore(Store):
    def __init__(self, store: Store, log: list[Timing], explain: Path | None) -> None:
        super().__init__(store.con, store.path)
        self.log, self.explain = log, explain

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self.con.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield _TimedCursor(cur, self.log, self.explain)  # type: ignore[misc]
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        t, c = time.perf_counter(), time.process_time()
        cur.execute("COMMIT")
        self.log.append(Timing(time.perf_counter() - t, time.process_time() - c, "COMMIT"))
        cur.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--bad-every", type=int, default=0)
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("--top", type=int, default=12)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="raff-profile-") as tmp:
        d = Path(tmp)
        write_source(d, args.rows, bad_every=args.bad_every)
        explain = Path(__file__).with_name("out") / "explain.txt" if args.explain else None
        if explain is not None:
            explain.parent.mkdir(exist_ok=True)
            explain.unlink(missing_ok=True)
        log: list[Timing] = []
        store = _TimedStore(open_store(d / "store.duckdb"), log, explain)
        load = os.getloadavg()[0]
        t, c = time.perf_counter(), time.process_time()
        report = ingest(store, d / "bench.yaml", clock=FixedClock(date(2025, 1, 1)), rejects_dir=d)
        t1, c1 = time.perf_counter(), time.process_time()
        store.con.execute("CHECKPOINT")
        log.append(Timing(time.perf_counter() - t1, time.process_time() - c1, "CHECKPOINT"))
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        store.close()
    print(f"{'wall s':>8} {'cpu s':>7}  statement")
    for row in sorted(log, key=lambda r: -r.cpu)[: args.top]:
        print(f"{row.wall:8.3f} {row.cpu:7.3f}  {row.sql[:100]}")
    print(
        f"ingest + checkpoint: wall {wall:.3f} s, CPU {cpu:.3f} s (in SQL {sum(r.cpu for r in log):.3f}); "
        f"stored {report.stored:,}, rejected {report.rejected:,}; load {load:.2f} -> {os.getloadavg()[0]:.2f}"
    )
    if explain is not None:
        print(f"plans: {explain}")


if __name__ == "__main__":
    main()
