"""Talking to a running server: while `raff serve` owns the store, jobs go through it.

The server leaves `<store>.server.json` (mode 0600) with its address and a local token; whoever
can read it may act as a named user — the same trust as opening the store file, which is what the
CLI does when no server runs. Standard library only (urllib): nothing heavy at start-up.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from raffinaderij import config, errors
from raffinaderij.errors import RaffError

__all__ = ["Server", "as_job", "running_server"]


@dataclass(frozen=True)
class Server:
    url: str
    token: str
    username: str

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            self.url + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Authorization": f"Bearer {self.token}",
                "X-Raff-User": self.username,
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local server
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            try:
                answer = json.loads(exc.read())
                kind = getattr(errors, str(answer.get("kind")), RaffError)
                cls = kind if isinstance(kind, type) and issubclass(kind, RaffError) else RaffError
                raise cls(str(answer.get("error"))) from None
            except ValueError:
                raise RaffError(f"the server answered {exc.code} to {path}") from None
        except urllib.error.URLError as exc:
            raise RaffError(f"cannot reach the server at {self.url}: {exc.reason}") from None

    def wait_for_job(self, job_id: str, on_progress: Any = None) -> dict[str, Any]:
        """Poll until the job ends; failed jobs raise with the job's own message."""
        while True:
            job: dict[str, Any] = self.call("GET", f"/api/jobs/{job_id}")
            if on_progress is not None:
                on_progress(job)
            if job["state"] == "done":
                return job
            if job["state"] in ("failed", "cancelled"):
                error = (job.get("result") or {}).get("error")
                raise RaffError(f"job {job_id} {job['state']}: {error}")
            time.sleep(0.3)


def running_server(db: str | None, username: str | None) -> Server | None:
    """The server that owns this store, if one is running and left its address."""
    target = Path(db) if db else config.db_path()
    marker = target.with_suffix(".server.json")
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
        os.kill(int(info["pid"]), 0)  # still alive?
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not info.get("token"):
        return None
    if not username:
        raise RaffError(
            "say who you are: --as USER or RAFF_USER=USER (every action is logged under a name)"
        )
    return Server(url=str(info["url"]), token=str(info["token"]), username=username)


def as_job(args: Any, kind: str, **params: Any) -> dict[str, Any] | None:
    """Run this as a job of the server that owns the store, following its progress (Ctrl-C
    cancels it); None when no server runs, and the command does the work itself."""
    server = running_server(args.db, args.as_user or os.environ.get("RAFF_USER"))
    if server is None:
        return None
    from raffinaderij.cli.progress import job_progress

    job = server.call("POST", "/api/jobs", {"kind": kind, **params})
    job_id = job["job_id"]
    try:
        with job_progress(job_id, enabled=not args.json) as update:
            return server.wait_for_job(job_id, update)
    except KeyboardInterrupt:
        server.call("POST", f"/api/jobs/{job_id}/cancel")
        raise
