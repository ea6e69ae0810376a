"""Ingest throughput: our mapping-driven ingest of a 1M-row CSV against plain DuckDB reads of it.

Usage: python bench/bench_ingest.py [--rows N] [--bad-rows M]   (writes bench/out/ingest.json)
Goal (issue 4): ingest rows/s >= 0.5x the plain read into a table, in the same run.
Goal (issue 15): an M-row file (default 500k) with 1 % bad rows (ragged lines, unknown codes,
basis 12) ingests no slower than 1.2x the same file clean.
The machine may be shared: the load average and the CPU seconds of each step are recorded too,
since CPU time is less disturbed by other processes than wall time (the ratio stays wall time).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from raffinaderij.clock import FixedClock
from raffinaderij.ingest import IngestReport, ingest
from raffinaderij.store.db import open_store

MAPPING = """\
source: bench
input: {format: csv, path: bench.csv, encoding: utf-8, delimiter: ";"}
registration:
  id: registratienummer
  legal_basis: grondslag
  first_processed: {column: registratiedatum, format: "%d-%m-%Y"}
  level: niveau
  confidentiality: vertrouwelijkheid
  reliability: {const: A}
  acquisition: {const: aangifte}
  fact_judgement: {const: fact}
  role: rol
entities:
  person:
    type: Person
    key: [persoonsnummer]
    properties:
      givenName: voornamen
      surname: achternaam
      birthDate: {column: geboortedatum, format: "%d-%m-%Y"}
  incident:
    type: Incident
    key: [registratienummer]
    properties:
      date: {column: pleegdatum, format: "%d-%m-%Y"}
      incidentCode: code
links:
  - {type: involvedIn, from: person, to: incident, role: rol}
"""
GIVEN = ["Jan", "Piet", "Kees", "Anna", "Els", "Mohammed", "Fatima", "Sanne", "Daan", "Emma"]
SURNAMES = ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer"]
ROLES = ["suspect", "victim", "witness", "reporter", "other"]


def make_csv(path: Path, rows: int, *, bad_every: int = 0, base: date = date(2023, 1, 1)) -> None:
    """`bad_every`: every so many rows one is bad, in turn ragged, an unknown code, basis 12.
    Registration dates fall in the 500 days from `base`."""
    rnd = random.Random(4)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("registratienummer;grondslag;registratiedatum;niveau;vertrouwelijkheid;rol;persoonsnummer;"
                 "voornamen;achternaam;geboortedatum;pleegdatum;code\n")  # fmt: skip
        for i in range(rows):
            d = base + timedelta(days=rnd.randrange(500))
            b = date(1950, 1, 1) + timedelta(days=rnd.randrange(20000))
            line = (
                f"R{i:08d};{rnd.choice((8, 8, 8, 9, 10))};{d:%d-%m-%Y};{rnd.randint(1, 4)};N;{rnd.choice(ROLES)};"
                f"P{rnd.randrange(rows // 2):08d};{rnd.choice(GIVEN)};{rnd.choice(SURNAMES)};{b:%d-%m-%Y};{d:%d-%m-%Y};"
                f"{rnd.choice(('B10', 'F32', 'D20'))}"
            )
            if bad_every and i % bad_every == bad_every - 1:
                kind = (i // bad_every) % 3
                if kind == 0:
                    line += ";extra"
                elif kind == 1:
                    line = line.replace(";N;", ";geheim;", 1)
                else:
                    fields = line.split(";")
                    fields[1] = "12"
                    line = ";".join(fields)
            fh.write(line + "\n")


def write_source(folder: Path, rows: int, *, bad_every: int = 0) -> Path:
    """bench.csv (see make_csv) and its mapping bench.yaml in `folder`; returns the mapping."""
    make_csv(folder / "bench.csv", rows, bad_every=bad_every)
    mapping = folder / "bench.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return mapping


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--bad-rows", type=int, default=500_000)
    args = ap.parse_args()
    out_dir = Path(__file__).with_name("out")
    out_dir.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="raff-bench-") as tmp:
        d = Path(tmp)
        write_source(d, args.rows)
        load_before = os.getloadavg()[0]
        con = duckdb.connect(str(d / "plain.duckdb"))
        t = time.perf_counter()
        con.execute(
            "SELECT count(*) FROM read_csv($p, all_varchar=true)", {"p": str(d / "bench.csv")}
        ).fetchall()
        count_s = time.perf_counter() - t
        t, c = time.perf_counter(), time.process_time()
        con.execute(
            "CREATE TABLE plain AS SELECT * FROM read_csv($p, all_varchar=true)",
            {"p": str(d / "bench.csv")},
        )
        con.execute("CHECKPOINT")
        table_s, table_cpu = time.perf_counter() - t, time.process_time() - c
        con.close()
        store = open_store(d / "store.duckdb")
        t, c = time.perf_counter(), time.process_time()
        report = ingest(store, d / "bench.yaml", clock=FixedClock(date(2025, 1, 1)), rejects_dir=d)
        store.con.execute("CHECKPOINT")
        ingest_s, ingest_cpu = time.perf_counter() - t, time.process_time() - c
        t = time.perf_counter()
        again = ingest(store, d / "bench.yaml", clock=FixedClock(date(2025, 1, 1)), rejects_dir=d)
        rerun_s = time.perf_counter() - t
        store.close()
        bad, bad_report = _bad_vs_clean(d, args.bad_rows)
        bad_s, clean_s = bad["bad"], bad["clean"]
        load_after = os.getloadavg()[0]
    n = args.rows
    result = {
        "rows": n,
        "plain_count_s": round(count_s, 3), "plain_count_rows_per_s": round(n / count_s),
        "plain_table_s": round(table_s, 3), "plain_table_rows_per_s": round(n / table_s),
        "ingest_s": round(ingest_s, 3), "ingest_rows_per_s": round(n / ingest_s),
        "ingest_statements": report.statements, "ingest_stored": report.stored,
        "rerun_s": round(rerun_s, 3), "rerun_unchanged": again.unchanged,
        "ratio_vs_plain_table": round(table_s / ingest_s, 3),
        "ratio_vs_plain_count": round(count_s / ingest_s, 3),
        "plain_table_cpu_s": round(table_cpu, 3), "ingest_cpu_s": round(ingest_cpu, 3),
        "cpu_ratio_vs_plain_table": round(table_cpu / ingest_cpu, 3),
        "load_average": [round(load_before, 2), round(load_after, 2)], "cores": os.cpu_count(),
        "goal": ">= 0.5x plain read",
        "bad_rows_file": args.bad_rows, "clean_s": round(clean_s, 3),
        "one_percent_bad_s": round(bad_s, 3), "one_percent_bad_rejected": bad_report.rejected,
        "bad_vs_clean": round(bad_s / clean_s, 3), "bad_goal": "<= 1.2x the clean file",
        "clean_cpu_s": round(bad["clean_cpu"], 3), "one_percent_bad_cpu_s": round(bad["bad_cpu"], 3),
        "bad_vs_clean_cpu": round(bad["bad_cpu"] / bad["clean_cpu"], 3),
    }  # fmt: skip
    (out_dir / "ingest.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{'step':<28}{'seconds':>10}{'rows/s':>14}")
    for label, s in (("plain read (count)", count_s), ("plain read into table", table_s),
                     ("raff ingest (mapping)", ingest_s), ("raff re-ingest (no change)", rerun_s)):  # fmt: skip
        print(f"{label:<28}{s:>10.3f}{n / s:>14,.0f}")
    print(f"ratio ingest vs plain table read: {result['ratio_vs_plain_table']}x "
          f"(vs count: {result['ratio_vs_plain_count']}x); statements written: {report.statements:,}")  # fmt: skip
    print(f"CPU seconds: plain table {table_cpu:.2f}, ingest {ingest_cpu:.2f} "
          f"(ratio {result['cpu_ratio_vs_plain_table']}x); load average {load_before:.2f} -> {load_after:.2f}")  # fmt: skip
    print(
        f"{args.bad_rows:,} rows with 1% bad: {bad_s:.3f}s vs clean {clean_s:.3f}s "
        f"= {result['bad_vs_clean']}x, CPU {bad['bad_cpu']:.2f}s vs {bad['clean_cpu']:.2f}s "
        f"= {result['bad_vs_clean_cpu']}x ({bad_report.rejected:,} rejected; goal <= 1.2x)"
    )


def _bad_vs_clean(d: Path, rows: int) -> tuple[dict[str, float], IngestReport]:
    """The same file clean and with 1 % bad rows, each into a fresh store: wall and CPU seconds."""
    timings: dict[str, float] = {}
    report = None
    for name, bad_every in (("clean", 0), ("bad", 100)):
        folder = d / name
        folder.mkdir()
        write_source(folder, rows, bad_every=bad_every)
        store = open_store(folder / "store.duckdb")
        t, c = time.perf_counter(), time.process_time()
        report = ingest(
            store, folder / "bench.yaml", clock=FixedClock(date(2025, 1, 1)), rejects_dir=folder
        )
        store.con.execute("CHECKPOINT")
        timings[name] = time.perf_counter() - t
        timings[f"{name}_cpu"] = time.process_time() - c
        store.close()
    assert report is not None
    return timings, report


if __name__ == "__main__":
    main()
