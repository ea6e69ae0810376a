"""`raff demo`: synthetic data → ingest through the shipped mappings → users and cases →
(resolution when available) → serve. The same path a user would take, end to end."""

from __future__ import annotations

import argparse
import json
import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from raffinaderij import config
from raffinaderij.audit.checkpoint import checkpoint_dir
from raffinaderij.cli.progress import ingest_progress
from raffinaderij.clock import default_clock
from raffinaderij.errors import RaffError
from raffinaderij.guard.policy import policy
from raffinaderij.guard.session import Guard, load_user
from raffinaderij.jsonable import plain
from raffinaderij.services import accounts, compare, graph, resolution, search
from raffinaderij.services import ingest as ingest_service
from raffinaderij.store.db import open_store

__all__ = [
    "DEMO_MARKER",
    "DEMO_USERS",
    "build_demo",
    "cmd_demo",
    "demo_accounts",
    "demo_ingest",
    "demo_objects",
    "demo_resolve",
    "cmd_demo_generate",
    "prepare_demo",
    "wipe_demo",
]

# username, display name, roles, level — synthetic accounts for a synthetic world.
DEMO_USERS: tuple[tuple[str, str, list[str], int], ...] = (
    ("beheer", "Beheerder", ["admin"], 4),
    ("analist", "Anna Analist", ["analyst"], 2),
    ("analist1", "Bram Basis (niveau 1)", ["analyst"], 1),
    ("leider", "Lotte Leider", ["case_lead"], 4),
    ("privacy", "Fatima FG", ["privacy_officer"], 4),
    ("toezicht", "Thijs Toezicht", ["auditor", "supervisor"], 1),
)
DEMO_MARKER = "demo.json"  # beside a store the demo built; only such a store is ever wiped
DEMO_PASSWORD = "demo"  # noqa: S105 - synthetic data on 127.0.0.1 only; printed by make demo


def _parse_dt(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value))


def build_demo(
    out: Path, *, persons: int, seed: int, console: Console | None = None
) -> dict[str, Any]:
    """Generate, ingest and set up a demo store at out/raff.duckdb; returns a summary."""
    from raffinaderij.demo import generate

    console = console or Console(stderr=True)
    data = out / "data"
    if data.exists():
        shutil.rmtree(data)
    console.print(f"[bold]1/4[/] generating {persons} synthetic persons (seed {seed}) into {data}")
    generate(data, persons=persons, seed=seed, progress=True)
    db = out / "raff.duckdb"
    for stale in (db, db.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    # the thrown-away store's checkpoints would name rows the new one never had
    if checkpoint_dir(str(db)) == (out / "checkpoints").resolve():
        shutil.rmtree(out / "checkpoints", ignore_errors=True)
    store = open_store(db)
    try:
        console.print("[bold]2/4[/] opening the generator's cases and themes")
        admin, cases = demo_accounts(store, data)
        console.print("[bold]3/4[/] ingesting every source through its mapping")
        reports = demo_ingest(admin, data, console)
        console.print("[bold]4/4[/] deriving entities and indexes")
        derived = _derive(store, admin, console)
        return {"store": str(db), "cases": cases, "ingest": reports, "derived": derived}
    finally:
        store.close()


def demo_accounts(store: Any, data: Path) -> tuple[Guard, list[str]]:
    """The demo users, and the generator's cases and themes with their members; returns the
    administrator's guard and the case ids."""
    for username, name, roles, level in DEMO_USERS:
        accounts.bootstrap_user(
            store,
            username=username,
            password=DEMO_PASSWORD,
            display_name=name,
            roles=roles,
            level=level,
        )
    admin = Guard(store, load_user(store, "beheer"), policy=policy(), clock=default_clock())
    cases = json.loads((data / "truth" / "cases.json").read_text(encoding="utf-8"))
    for c in cases:
        accounts.create_case(
            admin,
            case_id=c["id"],
            title=c["title"],
            basis=int(c["basis"]),
            purpose=c.get("purpose"),
            threshold=c.get("threshold"),
            facts=c.get("facts"),
            opened_at=_parse_dt(c.get("opened")),
            closed_at=_parse_dt(c.get("closed")),
            lead="leider",
        )
        for username in ("analist", "analist1"):
            accounts.add_case_member(admin, case_id=c["id"], username=username)
    return admin, [c["id"] for c in cases]


def demo_ingest(admin: Guard, data: Path, console: Console) -> list[dict[str, Any]]:
    """Every generated source through its shipped mapping, as the administrator."""
    reports = []
    with ingest_progress(enabled=not console.quiet) as progress:
        for mapping in sorted(data.glob("*.mapping.yaml")):
            if mapping.name.startswith("subjects"):
                continue  # the comparison's input, not a registration
            report = ingest_service.collect(admin, mapping=str(mapping), progress=progress)
            reports.append(
                {"source": report.source, "stored": report.stored, "rejected": report.rejected}
            )
    return reports


def demo_resolve(store: Any, admin: Guard, *, seed: int = 1) -> tuple[str, Any]:
    """Person resolution the lawful way: trained by the administrator, approved by a case lead
    (a second person, LAW-15), then run. Returns the model version and the run's report."""
    version = resolution.train_model(admin, seed=seed)
    lead = Guard(store, load_user(store, "leider"), policy=admin.policy, clock=admin.clock)
    resolution.approve_model(lead, version=version)
    return version, resolution.run_resolution(admin, version=version)


def demo_objects(store: Any, admin: Guard) -> Any:
    """Vehicles, phones, addresses, ... by the shipped rules, approved by the lead (LAW-15)."""
    lead = Guard(store, load_user(store, "leider"), policy=admin.policy, clock=admin.clock)
    resolution.approve_rules(lead, version=resolution.RULES_VERSION)
    return resolution.resolve_objects(admin)


def _derive(store: Any, admin: Guard, console: Console) -> dict[str, Any]:
    version, report = demo_resolve(store, admin)
    console.print(
        f"    model {version}: {report.records} person records → {report.entities} entities"
        f" ({report.multi_record_entities} seen in several registrations)"
    )
    objects = demo_objects(store, admin)
    console.print(
        f"    rules {objects.rules_version}: "
        + ", ".join(f"{n} {schema}" for schema, n in sorted(objects.entities.items()))
    )
    # Derived indexes, built now so the first comparison and search need not wait.
    keys = compare.rebuild_match_keys(store)
    search.rebuild_search_index(store)
    graph.rebuild_adjacency(store)
    console.print(f"    {keys} comparison keys; full-text index and graph adjacency built")
    return {
        "model_version": version,
        "entities": report.entities,
        "object_entities": objects.entities,
        "match_keys": keys,
    }


def _built_by_demo(out: Path) -> bool:
    # Stores built before the marker existed are known by the generator's ground truth beside them.
    return (out / DEMO_MARKER).exists() or (out / "data" / "truth").is_dir()


def wipe_demo(out: Path) -> None:
    """Remove what a demo build wrote; never a store that a demo did not make."""
    db = out / "raff.duckdb"
    if db.exists() and not _built_by_demo(out):
        raise RaffError(
            f"{db} is not a demo store (no {DEMO_MARKER} beside it): not wiping it;"
            " give the demo another folder with --out"
        )
    for name in ("data", "index", "rejects"):
        shutil.rmtree(out / name, ignore_errors=True)
    for name in ("raff.duckdb", "raff.duckdb.wal", DEMO_MARKER):
        (out / name).unlink(missing_ok=True)


def prepare_demo(
    out: Path, *, persons: int, seed: int, reset: bool, console: Console
) -> dict[str, Any]:
    """Build the demo once; later runs keep it (and whatever was done in it) unless `reset`."""
    marker = out / DEMO_MARKER
    db = out / "raff.duckdb"
    if reset:
        wipe_demo(out)
    summary: dict[str, Any] | None = None
    if marker.exists():
        summary = json.loads(marker.read_text(encoding="utf-8"))
    elif db.exists():
        if not _built_by_demo(out):
            raise RaffError(
                f"{db} exists and is not a demo store: not touching it; give the demo another"
                " folder with --out (or RAFF_DATA_DIR)"
            )
        summary = {"store": str(db), "complete": True}  # built before the marker existed
    if summary and summary.get("complete"):
        console.print(f"keeping the demo store [bold]{db}[/] (`make demo-reset` builds it anew)")
        return summary
    if summary is not None:
        wipe_demo(out)  # an interrupted build of ours: start again
    out.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"complete": False}), encoding="utf-8")
    summary = {**build_demo(out, persons=persons, seed=seed, console=console), "complete": True}
    marker.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


def cmd_demo(args: argparse.Namespace) -> dict[str, Any] | None:
    out = Path(args.out) if args.out else config.data_dir()
    os.environ["RAFF_DATA_DIR"] = str(out)  # the index, rejects and session key live beside it
    console = Console(stderr=True, quiet=args.json)
    summary = prepare_demo(
        out, persons=args.persons, seed=args.seed, reset=args.reset, console=console
    )
    console.print(f"\n[bold]Store[/]: {summary['store']}  (data folder {out})")
    console.print("[bold]Demo logins[/] (password for all: [bold]demo[/]):")
    for username, name, roles, level in DEMO_USERS:
        console.print(f"  {username:10} {name:28} {','.join(roles):26} level {level}")
    if args.no_serve:
        return summary
    from raffinaderij.cli.serve import serve

    host = args.host or config.get("host")
    port = args.port or int(config.get("port"))
    console.print(f"\nServing the workbench on http://{host}:{port}  (Ctrl-C stops)")
    serve(summary["store"], host=host, port=port)
    return None


def cmd_demo_generate(args: argparse.Namespace) -> dict[str, Any]:
    from raffinaderij.demo import generate

    report = generate(Path(args.out), persons=args.persons, seed=args.seed, progress=not args.json)
    if not hasattr(report, "__dataclass_fields__"):
        raise RaffError("the generator returned no report")
    return dict(plain(report))
