"""`raff serve`: the server owns the store file while it runs (DuckDB allows one writer) and runs
the jobs (ingest) itself, so analysts keep working while data comes in."""

from __future__ import annotations

import argparse
import json
import os
import secrets
from pathlib import Path

import uvicorn

from raffinaderij import config
from raffinaderij.api.app import create_app
from raffinaderij.api.schedule import start_retention_schedule
from raffinaderij.services.jobs import JobRunner
from raffinaderij.store.db import open_store

__all__ = ["cmd_serve", "serve"]


def _write_marker(marker: Path, content: dict[str, object]) -> None:
    """Readable by this OS account only: it holds the local token the CLI uses (see api/routes_jobs)."""
    marker.unlink(missing_ok=True)
    fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(content, fh)


def serve(db: str | None, *, host: str | None = None, port: int | None = None) -> None:
    store = open_store(db)
    host = host or config.get("host")
    port = port or int(config.get("port"))
    app = create_app(store)
    app.state.local_token = token = secrets.token_urlsafe(32)
    runner = JobRunner(
        store, policy=app.state.raff.policy, clock=app.state.raff.clock, gate=app.state.gate
    )
    marker = Path(store.path).with_suffix(".server.json")
    # Tells CLI commands who holds the store and how to reach it, instead of a lock error.
    _write_marker(marker, {"pid": os.getpid(), "url": f"http://{host}:{port}", "token": token})
    schedule = start_retention_schedule(app)  # RAFF_RETENTION_USER: the daily retention run
    runner.start()
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        runner.stop()
        if schedule:
            schedule.stop()
        marker.unlink(missing_ok=True)
        store.close()


def cmd_serve(args: argparse.Namespace) -> None:
    serve(args.db, host=args.host, port=args.port)
