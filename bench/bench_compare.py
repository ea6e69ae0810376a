"""Bench: 1,000 subjects against ~N statements (default 10M) → bench/out/compare.json.

Statements are synthesised directly with DuckDB SQL (the demo generator is not used here), then
match keys are derived and a comparison is run through the guarded service, as an analyst would.
Usage: .venv/bin/python bench/bench_compare.py [--statements 10000000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from raffinaderij.clock import FixedClock  # noqa: E402
from raffinaderij.services import compare  # noqa: E402
from raffinaderij.store.db import open_store  # noqa: E402
from raffinaderij.store.entity_ids import assign_new_keys  # noqa: E402
from support import NOW, guard_for, make_world  # noqa: E402

PROPS_PER_PERSON = 5  # givenName, surname, birthDate, bsn, plate-holder vehicle


def synthesise(store, statements: int) -> int:  # type: ignore[no-untyped-def]
    persons = statements // PROPS_PER_PERSON
    cur = store.cursor()
    cur.execute(
        f"""
        INSERT INTO registrations
        SELECT 'gen:' || i, 'gen', CAST(i AS VARCHAR), 8, DATE '2026-06-01' - CAST(i % 1500 AS INT),
               1 + i % 4, CASE WHEN i % 50 = 7 THEN 'V' ELSE 'N' END, 'A1', 'aangifte', NULL,
               'fact', 'suspect', NULL, false, 'active', 'h', 'bench', TIMESTAMP '2026-06-01'
        FROM range({persons}) t(i)
        """
    )
    cur.execute(
        f"""
        INSERT INTO statements
        SELECT 'gen:' || i, 'gen/Person/' || i, 'Person', p.prop,
               CASE p.prop WHEN 'givenName' THEN 'Voornaam' || (i % 997)
                           WHEN 'surname' THEN 'Achternaam' || i
                           WHEN 'birthDate' THEN CAST(DATE '1950-01-01' + CAST(i % 20000 AS INT) AS VARCHAR)
                           WHEN 'roepnaam' THEN 'Roep' || (i % 101)
                           ELSE 'x' END,
               NULL
        FROM range({persons}) t(i), (VALUES ('givenName'), ('surname'), ('birthDate'), ('roepnaam')) p(prop)
        """
    )
    cur.execute(
        f"""
        INSERT INTO statements
        SELECT 'gen:' || i, 'gen/Vehicle/' || i, 'Vehicle', 'plate',
               printf('%02d-%s-%d', i % 100, chr(CAST(66 + (i // 100) % 20 AS INT)) || chr(CAST(66 + (i // 2000) % 20 AS INT)) || chr(CAST(66 + (i // 40000) % 20 AS INT)), (i // 800000) % 10),
               NULL
        FROM range({persons}) t(i)
        """
    )
    assign_new_keys(cur)
    cur.close()
    return int(store.query("SELECT count(*) FROM statements")[0][0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=10_000_000)
    parser.add_argument("--subjects", type=int, default=1000)
    args = parser.parse_args()
    clock = FixedClock(NOW)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        make_world(store, clock)
        t0 = time.perf_counter()
        n = synthesise(store, args.statements)
        t_gen = time.perf_counter() - t0
        load_keys = round(os.getloadavg()[0], 2)
        t0 = time.perf_counter()
        keys = compare.rebuild_match_keys(store)
        t_keys = time.perf_counter() - t0
        step = max(1, (args.statements // PROPS_PER_PERSON) // args.subjects)
        subjects = []
        for k in range(args.subjects):
            i = k * step
            if k % 2:
                subjects.append({"surname": f"Achternaam{i}", "birthDate": str(_dob(i))})
            else:
                subjects.append({"surname": f"Onbekend{k}", "birthDate": "1999-09-09"})
        guard = guard_for(store, clock, "analyst4")
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            result = compare.compare(guard, subjects=subjects)
            runs.append(time.perf_counter() - t0)
        out = {
            "title": "Automated comparison: subjects against statements",
            "command": f".venv/bin/python bench/bench_compare.py --statements {args.statements}"
            f" --subjects {args.subjects}",
            "statements": n,
            "match_keys": keys,
            "subjects": args.subjects,
            "hits": result.hits,
            "synthesise_s": round(t_gen, 2),
            "rebuild_match_keys_s": round(t_keys, 2),
            "load_at_rebuild": load_keys,
            "compare_s": [round(r, 3) for r in runs],
            "compare_best_s": round(min(runs), 3),
            "target_s": 5.0,
            "load_1min": round(os.getloadavg()[0], 2),
            "notes": (
                "Statements synthesised with DuckDB SQL (INSERT ... SELECT FROM range(n)). "
                "match_keys is rebuilt set-based: DuckDB joins, the Dutch normalisers run once "
                "per distinct value (values already in normal form skip Python). The former "
                "per-record Python loop took 193 s here (issue 6) and 105.5 s in a same-machine "
                "re-run (load 5.2), giving the identical 5,880,000 keys."
            ),
        }
        store.close()
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "compare.json").write_text(json.dumps(out, indent=2))
    print(json.dumps(out, indent=2))


def _dob(i: int) -> object:
    from datetime import date, timedelta

    return date(1950, 1, 1) + timedelta(days=i % 20000)


if __name__ == "__main__":
    main()
