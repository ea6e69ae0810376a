"""`raff serve`: the server owns the store file while it runs (DuckDB allows one writer)."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import uvicorn

from raffinaderij import config
from raffinaderij.api.app import create_app
from raffinaderij.api.schedule import start_retention_schedule
from raffinaderij.store.db import open_store

__all__ = ["cmd_serve", "serve"]


def serve(db: str | None, *, host: str | None = None, port: int | None = None) -> None:
    store = open_store(db)
    host = host or config.get("host")
    port = port or int(config.get("port"))
    marker = Path(store.path).with_suffix(".server.json")
    # Tells CLI commands who holds the store, so they can say what to do instead of a lock error.
    marker.write_text(json.dumps({"pid": os.getpid(), "url": f"http://{host}:{port}"}))
    app = create_app(store)
    schedule = start_retention_schedule(app)  # RAFF_RETENTION_USER: the daily retention run
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        if schedule:
            schedule.stop()
        marker.unlink(missing_ok=True)
        store.close()


def cmd_serve(args: argparse.Namespace) -> None:
    serve(args.db, host=args.host, port=args.port)
