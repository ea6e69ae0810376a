"""Rewrite the store file from its live rows, so that deleted values leave no byte behind.

DuckDB marks the blocks of deleted rows free at a CHECKPOINT but does not overwrite them:
measured on DuckDB 2.0, a deleted string was still in the file after DELETE + CHECKPOINT (and
after VACUUM). So after a destruction the database is copied (`COPY FROM DATABASE`, live rows
only) into a fresh file next to it, checked, and swapped in with one atomic `os.replace`. A crash
before the swap leaves the old file whole (the caller records that a rewrite is still owed); a
crash after it leaves the new one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb

from raffinaderij.errors import StoreError
from raffinaderij.store.db import Store, connect

__all__ = ["REWRITE_ALIAS", "rewrite_file"]

#: The name the fresh file is attached under while it is filled.
REWRITE_ALIAS = "raff_rewrite"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _counts(cur: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    tables = [
        r[0]
        for r in cur.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND NOT temporary",
            [catalog],
        ).fetchall()
    ]
    return {
        t: int(cur.execute(f'SELECT count(*) FROM "{catalog}".main."{t}"').fetchone()[0])  # type: ignore[index]
        for t in tables
    }


def rewrite_file(
    store: Store,
    *,
    finish: Callable[[duckdb.DuckDBPyConnection, str], None] | None = None,
    check: Callable[[Store], None] | None = None,
    before_swap: Callable[[], None] | None = None,
) -> bool:
    """Copy the live database into a fresh file and swap it in; False for an in-memory store.

    `finish(cur, alias)` runs last writes into the fresh copy (attached as `alias`); `check`
    opens the copy as a Store and raises when it is not right, in which case the old file stays.
    """
    if store.path == ":memory:":
        return False
    path = Path(store.path)
    fresh = path.with_name(path.name + ".rewrite")
    for leftover in (fresh, Path(str(fresh) + ".wal")):
        leftover.unlink(missing_ok=True)  # a crashed earlier rewrite
    # on the owning connection: a result it still holds keeps a transaction open that would
    # make a CHECKPOINT from any other cursor fail
    try:
        store.con.execute("CHECKPOINT")
    except duckdb.Error as exc:
        raise StoreError(f"cannot checkpoint the store {path}: {exc}") from exc
    cur = store.con.cursor()
    try:
        catalog = cur.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
        cur.execute(f"ATTACH '{fresh}' AS {REWRITE_ALIAS}")
        try:
            cur.execute(f'COPY FROM DATABASE "{catalog}" TO {REWRITE_ALIAS}')
            if finish is not None:
                finish(cur, REWRITE_ALIAS)
            old, new = _counts(cur, catalog), _counts(cur, REWRITE_ALIAS)
            if old != new:
                raise StoreError(f"the rewritten store differs from the original: {old} != {new}")
        finally:
            cur.execute(f"DETACH {REWRITE_ALIAS}")
    except duckdb.Error as exc:
        fresh.unlink(missing_ok=True)
        raise StoreError(f"cannot rewrite the store {path}: {exc}") from exc
    finally:
        cur.close()
    if check is not None:
        copy = Store(connect(str(fresh)), str(fresh))
        try:
            check(copy)
        finally:
            copy.close()
    _fsync(fresh)
    store.con.close()  # checkpoints; the old file has no WAL left to replay onto the new one
    if Path(str(path) + ".wal").exists():
        store.con = connect(str(path))
        fresh.unlink(missing_ok=True)
        raise StoreError(f"the store {path} kept a write-ahead log on closing; not rewritten")
    if before_swap is not None:
        before_swap()
    os.replace(fresh, path)
    _fsync(path.parent)
    store.con = connect(str(path))
    return True
