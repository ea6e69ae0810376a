"""Bench (issue 16): every workbench page on the demo data, p50/p95 per page → bench/out/pages.json.

The goal is no page slower than 300 ms p95. The page list is generated from the app's route
table (every GET route outside /api that answers HTML), never hand-listed: a page with a path parameter is
measured on ids the demo itself yields (entities from searches, a comparison of the demo's
subjects with its hits, a consented hit, a product, a signal), and a page for which no id could
be found is reported as not measured, with the reason. Each page is read by the first demo user
whose roles open it, in the demo's first open investigation. Requests go through the whole app
in-process (Starlette's test client): routing, sessions, CSRF, the guard, the audit row,
templates — no network.

Usage: .venv/bin/python bench/bench_pages.py [--persons 2000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
GOAL_MS = 300.0


def page_routes(app: Any) -> list[str]:
    """Paths of every GET route outside /api, walked through included routers."""
    from fastapi.routing import APIRoute

    found: list[str] = []

    def walk(routes: Any) -> None:
        for route in routes:
            if isinstance(route, APIRoute):
                if "GET" in (route.methods or ()) and not route.path.startswith("/api"):
                    found.append(route.path)
            elif hasattr(route, "original_router"):
                walk(route.original_router.routes)

    walk(app.routes)
    return sorted(set(found))


def surnames(data: Path, n: int) -> list[str]:
    words: set[str] = set()
    with (data / "bvh_incidenten.csv").open(encoding="cp1252") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            for key, value in row.items():
                if key and value and "achternaam" in key.lower():
                    words.add(value.strip())
    pool = sorted(w for w in words if len(w) >= 3)
    return random.Random(1).sample(pool, min(n, len(pool)))


class Reader:
    """One demo user's logged-in client in a case."""

    def __init__(self, app: Any, username: str, password: str, case_id: str) -> None:
        from fastapi.testclient import TestClient

        self.username = username
        self.client = TestClient(app, follow_redirects=False)
        r = self.client.post("/api/login", json={"username": username, "password": password})
        r.raise_for_status()
        self.client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        self.in_case = (
            self.client.post(
                "/api/session/case", json={"case_id": case_id, "purpose": "bench pages"}
            ).status_code
            == 200
        )

    def get(self, path: str) -> Any:
        return self.client.get(path)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.client.post(path, **kwargs)


def samples(readers: dict[str, Reader], data: Path) -> dict[str, list[str]]:
    """Ids for path parameters, taken from what the demo yields; by parameter name."""
    analyst, lead = readers["analist"], readers["leider"]
    ids: dict[str, list[str]] = {}
    entities: list[str] = []
    for name in surnames(data, 20):
        answer = analyst.get(f"/api/search?q={name}").json()
        entities += [h["entity_id"] for h in answer.get("hits", [])[:2]]
    ids["entity_id"] = entities[:20]
    with (data / "subjects.csv").open("rb") as fh:
        r = analyst.post("/compare", files={"file": ("subjects.csv", fh, "text/csv")})
    where = r.headers.get("location", "")
    if where.startswith("/compare/"):
        ids["comparison_id"] = [where.rsplit("/", 1)[1]]
        page = analyst.get(where).text
        hits = sorted(set(re.findall(r"/hits/(hit-[^/\"?]+)", page)))
        for hit in hits[:3]:
            analyst.post(f"/hits/{hit}/request", data={"reason": "bench: noodzakelijk"})
            lead.post(f"/hits/{hit}/consent", data={"reason": "bench: proportioneel"})
        ids["hit_id"] = hits[:3]
        pairs = []  # the entities behind a consented hit, as its page links them
        for hit in ids["hit_id"]:
            pairs += re.findall(
                rf'href="(/hits/{hit}/entities/[^"]+)"', analyst.get(f"/hits/{hit}").text
            )
        ids["/hits/{hit_id}/entities/{entity_id}"] = pairs[:10]
    r = analyst.post("/products", data={"title": "Bench", "purpose": "meten"})
    where = r.headers.get("location", "")
    if where.startswith("/products/"):
        product = where.rsplit("/", 1)[1]
        ids["product_id"] = [product]
        if entities:
            analyst.post(f"/products/{product}/citations", data={"entity_id": entities[0]})
            ids["signal_id"] = _signal(readers, product)
    officer = readers["privacy"].client
    r = officer.post(
        "/api/privacy/access-requests",
        json={
            "given_name": "Jan",
            "surname": surnames(data, 1)[0],
            "birth_date": "1980-01-01",
            "identity_check": "bench: paspoort gezien",
        },
    )
    if r.status_code == 200:
        ids["request_id"] = [r.json()["request_id"]]
    return ids


def _signal(readers: dict[str, Reader], product: str) -> list[str]:
    """A signal on the product: submitted, issued by the case lead, drafted by the lead to a
    recipient the privacy officer registered. Empty when a step is refused."""
    author, second = readers["analist"].client, readers["leider"].client
    steps = [
        author.post(f"/api/products/{product}/submission"),
        second.post(f"/api/products/{product}/review", json={"decision": "issue"}),
    ]
    recipient = readers["privacy"].client.post(
        "/api/recipients", json={"organisation": "Gemeente Bench", "kind": "municipality"}
    )
    steps.append(recipient)
    if any(r.status_code != 200 for r in steps):
        return []
    signal = readers["leider"].client.post(
        "/api/signals",
        json={
            "product_id": product,
            "recipient_id": recipient.json()["recipient_id"],
            "article": "Wpg 19",
            "purpose": "Bibob-toets bij een vergunning",
            "ground": "organised_crime",
            "ground_facts": "Witwassen via horeca, PV 2026-77",
            "fact_nos": [1],
            "agreement": "OM-2026-0042",
        },
    )
    return [signal.json()["signal_id"]] if signal.status_code == 200 else []


def fill(path: str, ids: dict[str, list[str]]) -> tuple[list[str], str | None]:
    """Concrete paths for a route, or the reason there are none."""
    if path in ids:  # a page whose ids come as whole paths
        return ids[path], (None if ids[path] else "no demo id for it")
    names = re.findall(r"{([^}:]+)(?::[^}]+)?}", path)
    if not names:
        return ([f"{path}?q=Jansen"] if path == "/search" else [path]), None
    if len(names) > 1:
        return [], "no demo ids for this combination of parameters"
    missing = [n for n in names if not ids.get(n)]
    if missing:
        return [], f"no demo id for {', '.join(missing)}"
    pattern = re.sub(r"{[^}]+}", "{}", path)
    return [pattern.format(v) for v in ids[names[0]]], None


def pct(xs: list[float], q: int) -> float:
    if len(xs) < 2:
        return round(xs[0] * 1000, 1)
    return round(statistics.quantiles(xs, n=100)[q - 1] * 1000, 1)


def run(persons: int, repeat: int) -> dict[str, Any]:
    from raffinaderij.api.app import create_app
    from raffinaderij.cli.demo import DEMO_PASSWORD, DEMO_USERS, build_demo
    from raffinaderij.clock import default_clock
    from raffinaderij.store.db import open_store

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        os.environ["RAFF_DATA_DIR"] = str(out)
        build_demo(out, persons=persons, seed=1, console=Console(quiet=True))
        cases = json.loads((out / "data" / "truth" / "cases.json").read_text(encoding="utf-8"))
        store = open_store(out / "raff.duckdb")
        app = create_app(store, clock=default_clock(), secret="bench-pages")
        readers: dict[str, Reader] = {}
        case_id = ""
        for c in cases:  # the first investigation the demo analyst may open
            if int(c["basis"]) != 9:
                continue
            probe = Reader(app, "analist", DEMO_PASSWORD, c["id"])
            if probe.in_case:
                case_id = c["id"]
                break
        for username, *_ in DEMO_USERS:
            readers[username] = Reader(app, username, DEMO_PASSWORD, case_id)
        ids = samples(readers, out / "data")
        rows, skipped = [], []
        for route in page_routes(app):
            paths, why = fill(route, ids)
            if why:
                skipped.append({"page": route, "why": why})
                continue
            reader = next((r for r in readers.values() if r.get(paths[0]).status_code == 200), None)
            if reader is None:
                status = readers["analist"].get(paths[0]).status_code
                why = "a redirect" if 300 <= status < 400 else "no demo user gets 200"
                skipped.append({"page": route, "why": why})
                continue
            kind = reader.get(paths[0]).headers.get("content-type", "")
            if not kind.startswith("text/html"):
                skipped.append({"page": route, "why": f"not a page ({kind})"})
                continue
            times: list[float] = []
            for i in range(repeat):
                path = paths[i % len(paths)]
                t0 = time.perf_counter()
                status = reader.get(path).status_code
                times.append(time.perf_counter() - t0)
                if status != 200:
                    raise SystemExit(f"{path} answered {status} to {reader.username}")
            rows.append(
                {
                    "page": route,
                    "user": reader.username,
                    "ids": len(paths),
                    "p50 ms": pct(times, 50),
                    "p95 ms": pct(times, 95),
                    "under goal": pct(times, 95) <= GOAL_MS,
                }
            )
        store.close()
    return {"persons": persons, "case": case_id, "pages": rows, "not measured": skipped}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    result = run(args.persons, args.repeat)
    slow = [r["page"] for r in result["pages"] if not r["under goal"]]
    out = {
        "title": "Every workbench page on the demo data, p95 per page (issue 16; goal 300 ms)",
        "command": f"python bench/bench_pages.py --persons {args.persons} --repeat {args.repeat}",
        "pages": result["pages"],
        "not measured": result["not measured"],
        "persons": result["persons"],
        "case": result["case"],
        "pages over the goal": slow,
        "load": round(os.getloadavg()[0], 2),
        "notes": (
            "Pages come from the route table (every HTML GET route); each is read `repeat` times "
            "by the first demo user it opens for, cycling through up to 20 demo ids where the "
            "page takes one. In-process client: server time plus the client's own overhead."
        ),
    }
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "pages.json").write_text(json.dumps(out, indent=2), encoding="utf-8")
    print(json.dumps({k: out[k] for k in ("pages over the goal", "load")}))


if __name__ == "__main__":
    main()
