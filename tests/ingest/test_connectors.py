from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
from ingest_helpers import HEADER, row, write_mapping

from raffinaderij.clock import FixedClock
from raffinaderij.ingest import ingest
from raffinaderij.store.db import open_store

COLS = HEADER.split(";")


def _records(n: int = 3) -> list[dict[str, str]]:
    return [dict(zip(COLS, row(i).split(";"), strict=True)) for i in range(1, n + 1)]


def _check(tmp_path: Path, clock: FixedClock, n: int = 3, **kw: str) -> None:
    store = open_store(":memory:")
    rep = ingest(store, write_mapping(tmp_path, **kw), clock=clock, rejects_dir=tmp_path)
    assert rep.stored == n, rep
    assert store.query("SELECT count(*) FROM statements WHERE prop = 'surname'")[0][0] == n


def test_parquet(tmp_path: Path, clock: FixedClock) -> None:
    con = duckdb.connect()
    recs = _records()
    con.execute(
        "CREATE TABLE t AS SELECT * FROM read_json($p)", {"p": str(_write_json(tmp_path, recs))}
    )
    con.execute("COPY t TO $p (FORMAT parquet)", {"p": str(tmp_path / "data.parquet")})
    _check(tmp_path, clock, fmt="parquet", path="data.parquet")


def _write_json(tmp_path: Path, recs: list[dict[str, str]]) -> Path:
    p = tmp_path / "data.json"
    p.write_text(json.dumps(recs), encoding="utf-8")
    return p


def test_json_and_ndjson(tmp_path: Path, clock: FixedClock) -> None:
    recs = _records()
    _write_json(tmp_path, recs)
    _check(tmp_path, clock, fmt="json", path="data.json")
    (tmp_path / "data.ndjson").write_text(
        "\n".join(json.dumps(r) for r in recs) + "\n{broken\n", encoding="utf-8"
    )
    store = open_store(":memory:")
    rep = ingest(
        store,
        write_mapping(tmp_path, fmt="ndjson", path="data.ndjson"),
        clock=clock,
        rejects_dir=tmp_path,
    )
    assert rep.stored == 3 and rep.rejected == 1


def test_xlsx(tmp_path: Path, clock: FixedClock) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws.append(COLS)
    for r in _records():
        ws.append([r[c] for c in COLS])
    wb.save(tmp_path / "data.xlsx")
    _check(tmp_path, clock, fmt="xlsx", path="data.xlsx", extra_input="  sheet: Blad1\n")


def test_sqlite(tmp_path: Path, clock: FixedClock) -> None:
    con = sqlite3.connect(tmp_path / "data.db")
    con.execute(f"CREATE TABLE t ({', '.join(COLS)})")
    con.executemany(
        f"INSERT INTO t VALUES ({', '.join('?' * len(COLS))})",
        [[r[c] for c in COLS] for r in _records()],
    )
    con.commit()
    con.close()
    _check(tmp_path, clock, fmt="sqlite", path="data.db", extra_input="  query: SELECT * FROM t\n")


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@pytest.mark.skipif(
    _pg_bin() is None, reason="PostgreSQL server binaries (initdb, pg_ctl) are not installed"
)
def test_postgres(tmp_path: Path, clock: FixedClock) -> None:
    import os
    import pwd

    import psycopg

    bindir = _pg_bin()
    assert bindir is not None
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="raff-pg-"))
    data = base / "pg"
    sock = base / "sock"
    sock.mkdir()
    user = None
    if os.geteuid() == 0:  # initdb refuses to run as root
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and no 'postgres' user to own the cluster")
        shutil.chown(base, user.pw_uid)
        shutil.chown(sock, user.pw_uid)
        os.chmod(base, 0o755)

    def run(*args: str) -> None:
        cmd = [str(a) for a in args]
        if user is not None:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)

    run(bindir / "initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
    run(
        bindir / "pg_ctl",
        "-D",
        str(data),
        "-l",
        str(base / "log"),
        "-o",
        f"-k {sock} -c listen_addresses='' -p 54329",
        "-w",
        "start",
    )
    try:
        dsn = f"host={sock} port=54329 user=postgres dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as con:
            con.execute(f"CREATE TABLE t ({', '.join(c + ' text' for c in COLS)}, extra date)")
            for r in _records():
                con.execute(
                    f"INSERT INTO t VALUES ({', '.join(['%s'] * len(COLS))}, '2020-01-01')",
                    [r[c] for c in COLS],
                )
        m = write_mapping(tmp_path, fmt="postgres", path="unused")
        text = m.read_text().replace(
            "  path: unused\n", f'  dsn: "{dsn}"\n  query: SELECT * FROM t\n'
        )
        m.write_text(text)
        store = open_store(":memory:")
        rep = ingest(store, m, clock=clock, rejects_dir=tmp_path)
        assert rep.stored == 3
    finally:
        run(bindir / "pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        time.sleep(0.1)
        shutil.rmtree(base, ignore_errors=True)
