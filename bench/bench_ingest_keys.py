"""Prototype, not the store's schema: what integer surrogate keys in `statements` would gain.

Usage: python bench/bench_ingest_keys.py [--rows N]   (writes bench/out/ingest_keys.json)

The real ingest of bench_ingest.py's file runs once and keeps the rows it wrote from (__good,
copied out in `before_commit`). Then two write paths run from those same rows, each into a fresh
store in a transaction of its own, timed with its commit and a CHECKPOINT:

- text keys (today): the compiled statements INSERT, reg_key and entity_key as VARCHAR;
- integer keys (the prototype): new entity keys get numbers (one anti-join against a key ->
  number table), and the same compiled INSERT writes numbers instead of keys (a link's target
  as its number), its rows taking their entities' numbers by one join per entity of the mapping.

The figure to read is the write path's seconds and the file size; the ingest before it (landing,
staging, checks) would not change.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from bench_ingest import write_source
from raffinaderij.clock import FixedClock
from raffinaderij.ingest import IngestReport, ingest
from raffinaderij.ingest.compile import Compiled, compile_mapping
from raffinaderij.ingest.mapping import bind_positions, load_mapping
from raffinaderij.ingest.pipeline import named_params
from raffinaderij.store.db import open_store

_KEY = re.compile(r"\b__k_(\w+)\b")
_TEXT_SCHEMA = (
    "CREATE TABLE statements (reg_key VARCHAR NOT NULL, entity_key VARCHAR NOT NULL, "
    "schema VARCHAR NOT NULL, prop VARCHAR NOT NULL, value VARCHAR NOT NULL, qualifier VARCHAR)"
)
_INT_SCHEMA = (
    "CREATE TABLE entity_nos (entity_key VARCHAR NOT NULL, entity_no BIGINT NOT NULL); "
    "CREATE TABLE statements (reg_no BIGINT NOT NULL, entity_no BIGINT NOT NULL, "
    "schema VARCHAR NOT NULL, prop VARCHAR NOT NULL, value VARCHAR NOT NULL, qualifier VARCHAR)"
)


def _compiled(folder: Path) -> Compiled:
    mapping = load_mapping(folder / "bench.yaml")
    assert mapping.input.path is not None
    header = mapping.input.path.read_text(encoding="utf-8").split("\n", 1)[0].split(";")
    return compile_mapping(bind_positions(mapping, header))


def _int_sql(text_sql: str) -> str:
    """The compiled statements SELECT with entity numbers for entity keys and reg_no for reg_key."""
    sql = re.sub(r"'v': \b__k_(\w+)\b", r"'v': CAST(__n_\1 AS VARCHAR)", text_sql)
    return _KEY.sub(r"__n_\1", sql).replace("__reg_key", "__reg_no")


def _timed(
    con: duckdb.DuckDBPyConnection, steps: list[tuple[str, str]], params: dict[str, Any]
) -> dict[str, float]:
    out: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    con.execute("BEGIN TRANSACTION")
    for name, sql in steps:
        t, c = time.perf_counter(), time.process_time()
        con.execute(sql, named_params(sql, params))
        out[name] = round(time.perf_counter() - t, 3)
        out[f"{name}_cpu"] = round(time.process_time() - c, 3)
    t = time.perf_counter()
    con.execute("COMMIT")
    out["commit"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    con.execute("CHECKPOINT")
    out["checkpoint"] = round(time.perf_counter() - t, 3)
    out["total"] = round(time.perf_counter() - t0, 3)
    out["total_cpu"] = round(time.process_time() - c0, 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    out_dir = Path(__file__).with_name("out")
    out_dir.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="raff-bench-keys-") as tmp:
        d = Path(tmp)
        write_source(d, args.rows)
        good = d / "good.parquet"

        def keep_good(cur: duckdb.DuckDBPyConnection, _: IngestReport) -> None:
            cur.execute("COPY (SELECT * FROM __good) TO $p (FORMAT parquet)", {"p": str(good)})

        store = open_store(d / "store.duckdb")
        ingest(
            store,
            d / "bench.yaml",
            clock=FixedClock(date(2025, 1, 1)),
            rejects_dir=d,
            before_commit=keep_good,
        )
        store.close()
        compiled = _compiled(d)
        params: dict[str, Any] = dict(compiled.params.values)
        (text_sql,) = compiled.statements
        entities = sorted(set(_KEY.findall(text_sql)))
        result: dict[str, Any] = {
            "rows": args.rows,
            "entities": entities,
            "load_before": os.getloadavg()[0],
        }
        for layout in ("text_keys", "integer_keys"):
            con = duckdb.connect(str(d / f"{layout}.duckdb"))
            con.execute(_TEXT_SCHEMA if layout == "text_keys" else _INT_SCHEMA)
            con.execute("CREATE TABLE g AS SELECT * FROM read_parquet($p)", {"p": str(good)})
            con.execute("CHECKPOINT")
            size0 = (d / f"{layout}.duckdb").stat().st_size
            if layout == "text_keys":
                steps = [
                    ("statements", "INSERT INTO statements " + text_sql.replace("__good", "g"))
                ]
            else:
                keys = " UNION ALL ".join(f"SELECT __k_{e} AS k FROM g" for e in entities)
                joins = " ".join(
                    f"LEFT JOIN entity_nos n_{e} ON n_{e}.entity_key = g.__k_{e}" for e in entities
                )
                nos = ", ".join(f"n_{e}.entity_no AS __n_{e}" for e in entities)
                steps = [
                    ("entity_numbers",
                     "INSERT INTO entity_nos SELECT k, (SELECT coalesce(max(entity_no), 0) FROM entity_nos) "
                     f"+ row_number() OVER () FROM (SELECT DISTINCT k FROM ({keys}) WHERE k IS NOT NULL) "
                     "WHERE NOT EXISTS (SELECT 1 FROM entity_nos e WHERE e.entity_key = k)"),
                    ("statements", "INSERT INTO statements " + _int_sql(text_sql).replace(
                        "__good", f"(SELECT g.*, g.__row AS __reg_no, {nos} FROM g {joins})")),
                ]  # fmt: skip
            timings = _timed(con, steps, params)
            n = con.execute("SELECT count(*) FROM statements").fetchone()
            con.close()
            timings["statements_written"] = int(n[0]) if n else 0
            timings["file_growth_mib"] = round(
                ((d / f"{layout}.duckdb").stat().st_size - size0) / 2**20, 1
            )
            result[layout] = timings
        result["load_after"] = os.getloadavg()[0]
    (out_dir / "ingest_keys.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
