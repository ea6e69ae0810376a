"""Bench: the retention job on N registrations with 10 % due for destruction and 10 % for the
art. 14 store (default 1M), including the store file rewrite and the index rebuild, then an
access-request report on what is left → bench/out/retention.json. The audit log holds S typed
searches (default N / 10) by full name, by surname and by phone number; the destruction redacts
those naming only a destroyed person (issue 12). Products hold F findings (default N / 100), each
about 1 KB of an analyst's prose naming two persons by name and birth date; a tenth name one to
be destroyed, whose run the destruction rewrites in place (issue 12's free-text scan).

Usage: .venv/bin/python bench/bench_retention.py [--registrations 1000000] [--searches 100000]
       [--findings 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from raffinaderij.audit.log import AuditRow, canonical, seal_unconfirmed  # noqa: E402
from raffinaderij.clock import FixedClock  # noqa: E402
from raffinaderij.services import access, retention  # noqa: E402
from raffinaderij.store.db import open_store  # noqa: E402
from raffinaderij.store.entity_ids import assign_new_keys  # noqa: E402
from support import NOW, guard_for, make_world  # noqa: E402


def synthesise(store, n: int) -> int:  # type: ignore[no-untyped-def]
    """Art. 8 registrations, one person each: i % 10 == 0 is 11 years old (destroy), == 1 is
    6 years old (art. 14), the rest this year."""
    cur = store.cursor()
    cur.execute(
        f"""
        INSERT INTO registrations
        SELECT 'gen:' || i, 'gen', CAST(i AS VARCHAR), 8,
               CASE i % 10 WHEN 0 THEN DATE '2015-06-01' WHEN 1 THEN DATE '2020-06-01'
                           ELSE DATE '2026-06-01' END,
               1 + i % 4, 'N', 'A1', 'aangifte', NULL, 'fact', 'suspect', NULL, false,
               'active', 'h', 'bench', TIMESTAMP '2026-06-01'
        FROM range({n}) t(i)
        """
    )
    cur.execute(
        f"""
        INSERT INTO statements
        SELECT 'gen:' || i, 'gen/Person/' || i, 'Person', p.prop,
               CASE p.prop WHEN 'givenName' THEN 'Voornaam' || (i % 997)
                           WHEN 'surname' THEN 'Achternaam' || (i // 2)
                           ELSE CAST(DATE '1950-01-01' + CAST(i % 20000 AS INT) AS VARCHAR) END,
               NULL
        FROM range({n}) t(i), (VALUES ('givenName'), ('surname'), ('birthDate')) p(prop)
        """
    )
    assign_new_keys(cur)
    cur.close()
    return int(store.query("SELECT count(*) FROM statements")[0][0])


def typed_searches(store, n: int, registrations: int) -> None:  # type: ignore[no-untyped-def]
    """n `search` rows at the head of the chain, hashed as the log hashes them and inserted in
    bulk, then sealed by a checkpoint: a third by given name, surname and birth year (a tenth
    of those name a person to be destroyed), a third by surname alone (each surname is shared
    by two records, so it stays), a third by a phone number nobody holds."""
    import pyarrow as pa

    if not n:
        return
    seq, prev = store.query("SELECT max(seq), arg_max(hash, seq) FROM audit_anchor")[0]
    rows: list[AuditRow] = []
    for k in range(n):
        i = (k * 7919) % registrations
        q = (
            f"Voornaam{i % 997} Achternaam{i // 2} {_dob(i).year}",  # type: ignore[attr-defined]
            f"achternaam{i // 2}",
            f"06-{10_000_000 + i}",
        )[k % 3]
        seq += 1
        row = AuditRow(seq, NOW, "analyst1", "ZAAK-1", "Onderzoek", "consult", "search",
                       canonical({"q": q}), "[]", "ok", prev, "")  # fmt: skip
        prev = row.expected_hash()
        rows.append(AuditRow(**{**row.__dict__, "hash": prev}))
    cur = store.cursor()
    cur.register("typed", pa.Table.from_pylist([r.__dict__ for r in rows]))
    cur.execute("INSERT INTO audit_log BY NAME SELECT * FROM typed")
    cur.execute("INSERT INTO audit_anchor VALUES (?, ?)", [seq, prev])
    cur.execute("DELETE FROM audit_anchor WHERE seq < ?", [seq])
    cur.close()
    seal_unconfirmed(store)


def findings(store, n: int, registrations: int) -> None:  # type: ignore[no-untyped-def]
    """n finding sections of products, ~1 KB each, inserted in bulk: the k-th names persons a
    and b by given name, surname and birth date; a is to be destroyed when k % 10 == 0."""
    import pyarrow as pa

    if not n:
        return
    filler = (
        "Uit de tapverslagen en de observaties van die week blijkt een vast patroon van"
        " ontmoetingen bij het tankstation, steeds kort na sluitingstijd, waarbij goederen"
        " werden overgeladen. De verbalisanten zagen geen betaling. "
    ) * 4
    rows = []
    for k in range(n):
        a = (k * 7919) % registrations
        a = a - a % 10 if k % 10 == 0 else a - a % 10 + 5  # i % 10 == 0 is destroyed
        b = (k * 104729 + 3) % registrations // 10 * 10 + 7  # kept
        body = (
            f"Voornaam{a % 997} Achternaam{a // 2}, geboren {_dob(a)}, had op de avond van de"
            f" inbraak contact met Voornaam{b % 997} Achternaam{b // 2} (geboren {_dob(b)}). "
            + filler
        )
        rows.append(
            {
                "product_id": f"bench-p{k // 20}",
                "version": 1,
                "section_no": k % 20,
                "kind": "finding",
                "heading": f"Bevinding {k}",
                "body": body,
                "judgement": False,
                "entity_id": None,
            }  # fmt: skip
        )
    cur = store.cursor()
    cur.register("findings", pa.Table.from_pylist(rows))
    cur.execute("INSERT INTO product_sections BY NAME SELECT * FROM findings")
    cur.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=1_000_000)
    parser.add_argument("--searches", type=int, default=None)
    parser.add_argument("--findings", type=int, default=None)
    args = parser.parse_args()
    searches = args.registrations // 10 if args.searches is None else args.searches
    n_findings = args.registrations // 100 if args.findings is None else args.findings
    clock = FixedClock(NOW)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        make_world(store, clock)
        n = synthesise(store, args.registrations)
        typed_searches(store, searches, args.registrations)
        findings(store, n_findings, args.registrations)
        store.query("CHECKPOINT")
        size_before = (Path(tmp) / "bench.duckdb").stat().st_size
        admin = guard_for(store, clock, "admin", None)
        t0, c0 = time.perf_counter(), time.process_time()
        report = retention.retention_run(admin)
        t_run, c_run = time.perf_counter() - t0, time.process_time() - c0
        load = round(os.getloadavg()[0], 2)
        fg = guard_for(store, clock, "fg", None)
        i = 7  # a kept person: surname Achternaam3 is shared by records 6 and 7 (namesakes)
        req = access.access_request_register(
            fg,
            given_name=f"Voornaam{i % 997}",
            surname=f"Achternaam{i // 2}",
            birth_date=date.fromisoformat(str(_dob(i))),
            identity_check="bench",
        )
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            got = access.access_report(fg, request_id=req.request_id)
            runs.append(time.perf_counter() - t0)
        out = {
            "title": "Retention job and access request",
            "command": ".venv/bin/python bench/bench_retention.py"
            f" --registrations {args.registrations} --searches {searches}"
            f" --findings {n_findings}",
            "registrations": args.registrations,
            "statements": n,
            "audit_searches": searches,
            "audit_rows_redacted": report.audit_rows_redacted,
            "findings": n_findings,
            "texts_redacted": report.texts_redacted,
            "destroyed": report.destroyed,
            "moved": report.moved,
            "file_rewritten": report.file_rewritten,
            "store_mb_before": round(size_before / 1e6, 1),
            "store_mb_after": round((Path(tmp) / "bench.duckdb").stat().st_size / 1e6, 1),
            "retention_run_s": round(t_run, 2),
            "retention_run_cpu_s": round(c_run, 2),
            "retention_target_s": 60.0,
            "access_report_s": [round(r, 3) for r in runs],
            "access_report_registrations": len(got.registrations),
            "access_target_s": 5.0,
            "load_1min": load,
            "notes": (
                "One transaction tombstones, moves and deletes; then the store is copied with"
                " COPY FROM DATABASE into a fresh file and swapped in (deleted values survive a"
                " CHECKPOINT in free blocks). The same transaction redacts the audit fields"
                " that typed a value only the destroyed records held (one re-anchor row per"
                " run). The access report reads every statement held through the privacy"
                " officer's relations."
            ),
        }
        store.close()
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "retention.json").write_text(json.dumps(out, indent=2))
    print(json.dumps(out, indent=2))


def _dob(i: int) -> object:
    from datetime import timedelta

    return date(1950, 1, 1) + timedelta(days=i % 20000)


if __name__ == "__main__":
    main()
