"""Collection (ingest) as an audited service (LAW-11).

Everything a batch writes commits in one transaction with the service's `collect` audit row (its
result names the batch and its counts), an `alter` row naming altered records, and a pending job for what it still owes (rejects report, linking
its new people). The links commit with their `combine` row and the job's end. A crash between
the two leaves the job pending; the next ingest, or `raff ingest resume`, finishes it first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from raffinaderij import config, resolve
from raffinaderij.audit.log import append
from raffinaderij.guard.predicates import inline
from raffinaderij.guard.session import Guard
from raffinaderij.ingest import IngestReport, check_mapping, ingest, jobs, killpoints
from raffinaderij.resolve import rules
from raffinaderij.resolve.pipeline import RunReport
from raffinaderij.services.registry import service

__all__ = ["check", "collect", "resume"]


@service("ingest", action="collect", needs_case=False, roles=("admin",))
def collect(guard: Guard, *, mapping: str, progress: bool | Callable[[Any], None] = False) -> Any:
    """Ingest one source through its mapping: good rows land, bad rows go to the rejects report."""
    _resume(guard)  # what an earlier, crashed batch still owes comes first
    out_dir = config.data_dir() / "rejects"

    def audit_in_batch(cur: duckdb.DuckDBPyConnection, report: IngestReport) -> None:
        # the `collect` row is the service's own (its result names the batch and the counts);
        # it commits with the batch, as does this row naming the records the batch altered
        if report.altered_keys:
            _audit(
                guard,
                cur,
                action="alter",
                query={"mapping": mapping, "batch_id": report.batch_id},
                ids=report.altered_keys,
            )
        if report.rescanned_documents:  # documents now linked to entities this batch brought
            _audit(
                guard,
                cur,
                action="combine",
                query={"mapping": mapping, "batch_id": report.batch_id, "mentions": "rescan"},
                ids=report.rescanned_documents,
                service_name="rescan_mentions",
            )
        jobs.record(
            cur,
            batch_id=report.batch_id,
            username=guard.user.username,
            purpose=guard.purpose,
            rejects_dir=out_dir,
            now=guard.now(),
        )

    report = ingest(
        guard.store,
        Path(mapping),
        clock=guard.clock,
        rejects_dir=out_dir,
        progress=progress,
        before_commit=audit_in_batch,
        # the service's transaction commits last: the report follows that commit, never a batch
        # that was rolled back (a crash before it is mended by the next ingest's resume)
        write_report=False,
    )
    if report.rejected:
        store, batch = guard.store, report.batch_id
        guard.after_commit(lambda: _write_report(store, batch, out_dir))
        report.rejects_path = str(jobs.report_path(out_dir, batch))
    guard.note(**_counts(report), rejects=str(report.rejects_path) if report.rejects_path else None)
    _settle(guard, report.batch_id)
    _resolve_objects_again(guard, report.batch_id)
    return report


def _resolve_objects_again(guard: Guard, batch_id: str) -> None:
    """Re-apply the approved object rules, so a new plate spelling joins its vehicle at once
    (issue 10); logged as a combination of data in the same transaction (LAW-11). Without an
    approved rule set the objects stay as ingested."""
    if rules.rule_set(guard.store).approved_by is None:
        return
    rules.apply_rules(
        guard.store,
        guard.relations("analysis"),
        now=guard.now(),
        before_commit=lambda cur, report: _audit(
            guard,
            cur,
            action="combine",
            query={"batch_id": batch_id, "rules_version": report.rules_version},
            ids=(),
            service_name="resolve_objects",
        ),
    )


@service("ingest_resume", action="combine", needs_case=False, roles=("admin",))
def resume(guard: Guard) -> list[str]:
    """Finish what committed batches still owe after a crash (rejects report, linking)."""
    done = _resume(guard)
    guard.note(resumed=done)
    return done


@service("mapping_check", action="consult", needs_case=False, roles=("admin",))
def check(guard: Guard, *, mapping: str) -> list[str]:
    """Validate a mapping without running it; an empty list means it is valid."""
    return list(check_mapping(Path(mapping)))


def _counts(report: IngestReport) -> dict[str, Any]:
    keys = ("batch_id", "source", "rows_read", "stored", "altered", "unchanged", "rejected")
    return {k: getattr(report, k) for k in keys}


def _audit(
    guard: Guard,
    cur: duckdb.DuckDBPyConnection,
    *,
    action: str,
    query: dict[str, Any],
    ids: Any,
    service_name: str = "ingest",
) -> None:
    append(
        guard.store,
        now=guard.now(),
        username=guard.user.username,
        case_id=None,
        purpose=guard.purpose,
        action=action,
        service=service_name,
        query=query,
        record_ids=ids,
    )  # inside the service's transaction: it commits with the batch


def _write_report(store: Any, batch_id: str, out_dir: Path) -> None:
    jobs.write_report(getattr(store, "root", store), batch_id, out_dir)


def _resume(guard: Guard) -> list[str]:
    finished = []
    for job in jobs.pending(guard.store):
        if job.rejects_dir:
            out = Path(job.rejects_dir)
            if not jobs.report_path(out, job.batch_id).exists():
                jobs.write_report(guard.store, job.batch_id, out)
        _settle(guard, job.batch_id, resumed=True)
        _resolve_objects_again(guard, job.batch_id)
        finished.append(job.batch_id)
    for batch_id, out in jobs.owed_reports(guard.store):
        jobs.write_report(guard.store, batch_id, out)
        if batch_id not in finished:
            finished.append(batch_id)
    return finished


def _settle(guard: Guard, batch_id: str, *, resumed: bool = False) -> None:
    """Link the batch's people against the existing clusters with the approved model, without
    retraining (issue 5), logged as a combination of data (LAW-11); the job ends with them."""
    store = guard.store
    keys = [
        row[0]
        for row in guard.relations("analysis").query(
            store,
            "SELECT DISTINCT entity_key FROM scoped_statements"
            " WHERE batch_id = $batch AND schema = 'Person' ORDER BY 1",
            {"batch": batch_id},
        )
    ]
    if resolve.current_version(store) is None or not keys:
        # Nothing to link against (the first resolution run clusters everything) or no one new.
        with store.transaction() as cur:
            jobs.finish(cur, batch_id, guard.now())
            killpoints.reach("link.written")
        killpoints.reach("link.committed")
        return

    def close(cur: duckdb.DuckDBPyConnection, run: RunReport) -> None:
        query = {"batch_id": batch_id, "people": len(keys), "model_version": run.model_version}
        if resumed:
            query["resumed"] = True
        _audit(guard, cur, action="combine", query=query, ids=(), service_name="resolve_link_new")
        jobs.finish(cur, batch_id, guard.now())
        killpoints.reach("link.written")

    sql, params = guard.analysis_scope()
    run = resolve.link_new(
        store, keys, candidate_filter=inline(sql, params), clock=guard.clock, before_commit=close
    )
    guard.note(linked_people=len(keys), model_version=run.model_version)
    killpoints.reach("link.committed")
