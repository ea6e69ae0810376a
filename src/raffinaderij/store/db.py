"""The embedded store: one DuckDB file, migrated on open, one owner process at a time."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import duckdb

from raffinaderij import config
from raffinaderij.errors import StoreBusyError, StoreError
from raffinaderij.store.migrations import migrations

__all__ = ["Store", "TransactionView", "connect", "open_store"]

_PID = re.compile(r"PID (\d+)")
_TX_CONTROL = re.compile(r"\s*(BEGIN|START|COMMIT|END|ROLLBACK|ABORT)\b", re.IGNORECASE)


class Store:
    """Owns the DuckDB connection. Threads take `cursor()`; writes go through `transaction()`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str) -> None:
        self.con = con
        self.path = path

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: a crash or error inside leaves the store as it was."""
        cur = self.con.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        else:
            cur.execute("COMMIT")
        finally:
            cur.close()

    def query(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        cur = self.con.cursor()
        try:
            return _fetch(cur, sql, params)
        finally:
            cur.close()

    def close(self) -> None:
        self.con.close()


def _fetch(cur: duckdb.DuckDBPyConnection, sql: str, params: Any) -> list[tuple[Any, ...]]:
    try:
        return cur.execute(sql, params).fetchall()
    except duckdb.Error as exc:
        raise StoreError(f"{exc}\n-- while running:\n{sql}") from exc


class _SharedCursor:
    """The open transaction's cursor handed to code that asks for a cursor of its own: closing
    it is a no-op and transaction control is refused, so only the owner commits."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self._cur = cur

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
        if _TX_CONTROL.match(sql):
            # raised before DuckDB sees it: a failed BEGIN would abort the open transaction
            raise duckdb.TransactionException("already inside the service's transaction")
        return self._cur.execute(sql, *args, **kwargs)

    def close(self) -> None:
        pass

    def __enter__(self) -> _SharedCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cur, name)


class TransactionView(Store):
    """The store seen from inside one open transaction (a service's, see services.registry):
    every read and write made through it, by the service and by everything it calls, goes
    through the same cursor, sees its own writes, and commits or vanishes with the owner."""

    def __init__(self, store: Store, cur: duckdb.DuckDBPyConnection) -> None:
        super().__init__(store.con, store.path)
        self.root = store
        self.cur = cur

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return cast(duckdb.DuckDBPyConnection, _SharedCursor(self.cur))

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Joins the open transaction; an error propagates and the owner rolls everything back."""
        yield self.cursor()

    def query(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        return _fetch(self.cur, sql, params)

    def close(self) -> None:
        raise StoreError("a transaction's view of the store cannot close the store")


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    current = (row[0] if row else None) or 0
    for number, name, sql in migrations():
        if number <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?)", [number])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {exc}") from exc


def _busy_message(target: str, error: str) -> str:
    """Say who holds the file and what to do, instead of DuckDB's lock error."""
    marker = Path(target).with_suffix(".server.json")
    if marker.exists():
        try:
            server = json.loads(marker.read_text())
            return (
                f"the workbench server (pid {server['pid']}, {server['url']}) owns the store {target}; "
                "do this in the workbench or its API (raff ingest, resolve, retention and job commands"
                " go to the running server by themselves)"
            )
        except (ValueError, KeyError, OSError):
            pass
    pid = _PID.search(error)
    who = f"process {pid.group(1)}" if pid else "another process"
    return f"the store {target} is in use by {who}; wait for it to finish or stop it, then run the command again"


def connect(target: str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the configured memory limit and threads."""
    settings: dict[str, Any] = {"memory_limit": config.get("memory_limit")}
    if config.get("threads"):
        settings["threads"] = int(config.get("threads"))
    return duckdb.connect(target, read_only=read_only, config=settings)


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (and migrate) the store. ':memory:' gives a throw-away store for tests."""
    target = str(path) if path is not None else str(config.db_path())
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreBusyError(_busy_message(target, str(exc))) from exc
        raise StoreError(f"cannot open the store {target}: {exc}") from exc
    if not read_only:
        _migrate(con)
    return Store(con, target)
