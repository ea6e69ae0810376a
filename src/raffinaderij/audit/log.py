"""The audit log: append-only, hash-chained (each row holds the hash of the previous one).

Police Directive art. 25 / LAW-11: collection, alteration, consultation, disclosure,
combination and erasure are logged with user, time, case, purpose, the question and the
records that came back. `verify` recomputes the chain and names the first bad row.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from raffinaderij.audit.checkpoint import (
    Checkpoint,
    authentic,
    checkpoint_dir,
    read_checkpoints,
    signer_for,
    write_checkpoint,
)
from raffinaderij.errors import NotFound, RaffError
from raffinaderij.store.db import Store, TransactionView
from raffinaderij.store.secret_files import DIGEST_KEY, beside_store

__all__ = [
    "ACTIONS",
    "FIELD_CAP",
    "GENESIS",
    "HOOKS",
    "AuditRow",
    "AuditedTransaction",
    "Finding",
    "Verification",
    "append",
    "audited",
    "canonical",
    "digest_key",
    "redact",
    "redact_rows",
    "seal_unconfirmed",
    "summary",
    "verify",
]

ACTIONS = frozenset({"collect", "alter", "consult", "disclose", "combine", "erase"})
GENESIS = "0" * 64
FIELD_CAP = 2048  # bytes of canonical JSON per query field; longer values become a digest
_LOCK = threading.RLock()
_LOG = logging.getLogger(__name__)
# The head: the newest anchor row. (Not ORDER BY seq DESC LIMIT 1: DuckDB 2.0.0 answered that
# with no row on a store whose anchor had been deleted and refilled.)
_HEAD = "SELECT max(seq), arg_max(hash, seq) FROM audit_anchor"
_COLUMNS = (
    "seq, logged_at, username, case_id, purpose, action, service, query, record_ids, outcome,"
    " prev_hash, hash"
)


def canonical(value: Any) -> str:
    """Stable JSON: sorted keys, no spaces; dates and other objects as strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)


@dataclass(frozen=True)
class AuditRow:
    seq: int
    logged_at: datetime
    username: str
    case_id: str | None
    purpose: str | None
    action: str
    service: str
    query: str
    record_ids: str
    outcome: str
    prev_hash: str
    hash: str

    def expected_hash(self) -> str:
        body = canonical(
            [
                self.seq,
                self.logged_at.isoformat(),
                self.username,
                self.case_id,
                self.purpose,
                self.action,
                self.service,
                self.query,
                self.record_ids,
                self.outcome,
                self.prev_hash,
            ]
        )
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One audit row before it joins the chain (seq and hashes are given at commit)."""

    logged_at: datetime
    username: str
    case_id: str | None
    purpose: str | None
    action: str
    service: str
    query: dict[str, Any]
    record_ids: tuple[str, ...]
    outcome: str


class AuditedTransaction(TransactionView):
    """A store transaction whose audit rows join the chain in the same commit (issue 9): the
    write and the row that logs it are stored together or not at all."""

    def __init__(self, store: Store, cur: duckdb.DuckDBPyConnection) -> None:
        super().__init__(store, cur)
        self.entries: list[Entry] = []


# Named points where a test may stop the process (tests/audit/crash_child.py).
HOOKS: dict[str, Callable[[], None]] = {}


def _root(store: Store) -> Store:
    return store.root if isinstance(store, TransactionView) else store


@contextmanager
def audited(store: Store) -> Iterator[AuditedTransaction]:
    """Open a transaction; on success its audit rows are chained and committed with the writes
    and sealed by a signed checkpoint; on any error nothing of it stays."""
    root = _root(store)
    cur = root.cursor()
    cur.execute("BEGIN TRANSACTION")
    tx = AuditedTransaction(root, cur)
    committed = False
    try:
        yield tx
        with _LOCK:
            rows = _chain(root, cur, tx.entries, fresh=False)
            if "before-commit" in HOOKS:
                HOOKS["before-commit"]()
            cur.execute("COMMIT")
            committed = True
            _seal(root, rows)
    except BaseException:
        if not committed:
            with suppress(duckdb.Error):  # a failed COMMIT has rolled back already
                cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()


def append(
    store: Store,
    *,
    now: datetime,
    username: str,
    case_id: str | None,
    purpose: str | None,
    action: str,
    service: str,
    query: dict[str, Any],
    record_ids: Iterable[str],
    outcome: str = "ok",
) -> None:
    """Add one row at the head of the chain. Inside an `audited` transaction (a write service's
    `guard.store`) the row commits with that transaction; otherwise in a short one of its own."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = Entry(
        now,
        username,
        case_id,
        purpose,
        action,
        service,
        query,
        tuple(sorted(set(record_ids))),
        outcome,
    )
    if isinstance(store, AuditedTransaction):
        store.entries.append(entry)
        return
    root = _root(store)
    with _LOCK:
        with root.transaction() as cur:
            rows = _chain(root, cur, [entry], fresh=True)
        _seal(root, rows)


def _capped(value: Any, key: str) -> Any:
    """LAW-11 names what was asked, not the content: a field longer than FIELD_CAP bytes is
    logged as its digest and size."""
    text = canonical(value)
    if len(text.encode("utf-8")) <= FIELD_CAP:
        return value
    return summary(value, key)


def digest_key(store: Store) -> str:
    """The key of the log's digests: a file beside the store, never in it (`summary`)."""
    return beside_store(_root(store).path, DIGEST_KEY)


def summary(value: Any, key: str) -> dict[str, Any]:
    """Digest, size and row count of bulk content (an upload, a long text). The digest is keyed
    (HMAC-SHA256 with `digest_key`): it tells two uploads apart, but whoever holds only the
    store cannot test a guess against it (a plain sha256 of a one-BSN upload falls to trying
    every BSN)."""
    data = value if isinstance(value, bytes) else canonical(value).encode("utf-8")
    digest = hmac.new(key.encode("ascii"), data, hashlib.sha256).hexdigest()
    out: dict[str, Any] = {"digest": digest, "bytes": len(data)}
    if isinstance(value, list | tuple):
        out["rows"] = len(value)
    return out


def _chain(
    root: Store, cur: duckdb.DuckDBPyConnection, entries: list[Entry], *, fresh: bool
) -> list[AuditRow]:
    """Give the entries their place at the head. Called under _LOCK; a long transaction reads
    the head from committed state (its own snapshot is older) and only inserts, so it never
    conflicts with the rows committed while it ran."""
    if not entries:
        return []
    source = cur if fresh else root.cursor()
    try:
        head = source.execute(_HEAD).fetchone()
    finally:
        if not fresh:
            source.close()
    seq, prev = (head[0], head[1]) if head and head[0] is not None else (0, GENESIS)
    key = digest_key(root)
    rows = []
    for e in entries:
        seq += 1
        row = AuditRow(
            seq=seq,
            logged_at=e.logged_at,
            username=e.username,
            case_id=e.case_id,
            purpose=e.purpose,
            action=e.action,
            service=e.service,
            query=canonical({k: _capped(v, key) for k, v in e.query.items()}),
            record_ids=canonical(list(e.record_ids)),
            outcome=e.outcome,
            prev_hash=prev,
            hash="",
        )
        row = AuditRow(**{**row.__dict__, "hash": row.expected_hash()})
        cur.execute(
            f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [getattr(row, c.strip()) for c in _COLUMNS.split(",")],
        )
        rows.append(row)
        prev = row.hash
    cur.execute("INSERT INTO audit_anchor VALUES (?, ?)", [seq, prev])
    if fresh:  # only a fresh snapshot may delete: the old anchors are all visible to it
        cur.execute("DELETE FROM audit_anchor WHERE seq < ?", [seq])
    return rows


def _seal(root: Store, rows: list[AuditRow]) -> None:
    """Sign the new head (under _LOCK, so checkpoint lines follow the chain's order). A failed
    write leaves the rows unconfirmed, which `verify` reports; the service's work stands."""
    if not rows:
        return
    if "before-seal" in HOOKS:
        HOOKS["before-seal"]()
    try:
        write_checkpoint(root.path, rows[0].seq, rows[-1].seq, rows[-1].hash)
    except OSError as exc:
        _LOG.error(
            "audit checkpoint for rows %s..%s not written: %s", rows[0].seq, rows[-1].seq, exc
        )


# What `verify` can find, most telling first; each finding names one of these kinds.
KINDS = (
    "emptied",  # no rows, but signed checkpoints name some
    "truncated",  # the newest rows are gone (the chain ends before the newest checkpoint)
    "inserted",  # a row number occurs twice
    "reordered",  # rows stand out of order
    "deleted",  # rows are missing in the middle
    "altered",  # a row's content does not match its own hash
    "relinked",  # a row does not link to the one before it
    "rewritten",  # a row's hash differs from the one a signed checkpoint recorded
    "unconfirmed",  # rows no signed checkpoint covers: forged appends (or a crash, see docs)
    "forged checkpoint",  # a checkpoint line whose signature or signer is wrong
    "anchor",  # the in-store anchor disagrees with the last row
)


@dataclass(frozen=True)
class Finding:
    kind: str
    seq: int | None
    message: str


@dataclass(frozen=True)
class Verification:
    ok: bool
    rows: int
    first_bad_seq: int | None = None
    reason: str = ""
    findings: list[Finding] = field(default_factory=list)
    checkpoints: int = 0
    confirmed_through: int = 0
    unconfirmed: list[tuple[int, int]] = field(default_factory=list)
    redacted: int = 0


def _spans(numbers: list[int]) -> list[tuple[int, int]]:
    """[3, 4, 5, 9] -> [(3, 5), (9, 9)]."""
    spans: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if spans and n == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], n)
        else:
            spans.append((n, n))
    return spans


def _ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 9] -> '3..5, 9' (at most a few ranges)."""
    parts = [f"{a}" if a == b else f"{a}..{b}" for a, b in _spans(numbers)]
    return ", ".join(parts[:5]) + (f" and {len(parts) - 5} more ranges" if len(parts) > 5 else "")


def verify(store: Store) -> Verification:
    """Recompute the chain in storage order and hold it against the signed checkpoints: any
    insert, alteration, deletion, reordering, truncation, forged append or consistent rewrite
    by someone without the signing key is found and named (see KINDS)."""
    checkpoints, unreadable = read_checkpoints(store.path)
    findings: list[Finding] = [
        Finding("forged checkpoint", None, f"checkpoint line {where} does not parse")
        for where in unreadable
    ]
    genuine: dict[int, list[Checkpoint]] = {}
    if checkpoints:
        good, problems = authentic(checkpoints, signer_for(store.path))
        findings += [Finding("forged checkpoint", None, p) for p in problems]
        for cp in good:
            genuine.setdefault(cp.seq, []).append(cp)
    seqs: list[int] = []
    matched: list[Checkpoint] = []
    first_bad: int | None = None
    last: AuditRow | None = None
    redacted = 0
    cur = store.cursor()
    try:
        approved = _redactions(cur)
        prev = GENESIS
        # rowid is DuckDB's physical order: a reordering shows even if seq values were swapped.
        result = cur.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY rowid")
        while batch := result.fetchmany(10_000):
            for raw in batch:
                row = AuditRow(*raw)
                # a row redacted by the privacy officer keeps its hash; the chained re-anchor
                # row names the hash of its redacted content (audit_reanchor, docs/security.md)
                own = row.expected_hash()
                if own != row.hash and approved.get(row.seq) == own:
                    own, redacted = row.hash, redacted + 1
                if first_bad is None and (
                    row.seq != len(seqs) + 1 or row.prev_hash != prev or own != row.hash
                ):
                    first_bad = row.seq
                seqs.append(row.seq)
                if own != row.hash:
                    findings.append(
                        Finding(
                            "altered",
                            row.seq,
                            f"row {row.seq} was altered (its hash does not match)",
                        )
                    )
                elif row.prev_hash != prev:
                    findings.append(
                        Finding(
                            "relinked", row.seq, f"row {row.seq} does not link to the row before it"
                        )
                    )
                for sealed in genuine.get(row.seq, ()):
                    if sealed.hash == row.hash:
                        matched.append(sealed)
                        continue
                    findings.append(
                        Finding(
                            "rewritten",
                            row.seq,
                            f"row {row.seq} differs from the signed checkpoint of {sealed.at}"
                            " (the log was rewritten)",
                        )
                    )
                prev, last = row.hash, row
        anchor = cur.execute(_HEAD).fetchone()
    finally:
        cur.close()
    findings += _order_findings(seqs)
    newest = max(genuine, default=0)
    top = max(seqs, default=0)
    if newest and not seqs:
        findings.append(
            Finding(
                "emptied",
                newest,
                f"the log is empty, but signed checkpoints name {newest} rows (it was deleted)",
            )
        )
    elif newest > top:
        findings.append(
            Finding(
                "truncated",
                top + 1,
                f"rows {top + 1}..{newest} were deleted: the chain ends at row {top}, the"
                f" newest signed checkpoint names row {newest}",
            )
        )
    covered = {n for cp in matched for n in range(cp.first, cp.seq + 1)}
    loose = sorted(set(seqs) - covered) if checkpoint_dir(store.path) else []
    if loose:
        findings.append(
            Finding(
                "unconfirmed",
                loose[0],
                f"rows {_ranges(loose)} are covered by no signed checkpoint: appended without"
                " the signing key (forged), or sealed by nobody after a crash (docs/security.md)",
            )
        )
    if last is not None and (anchor is None or tuple(anchor) != (last.seq, last.hash)):
        findings.append(
            Finding("anchor", last.seq, f"the chain's anchor does not name its last row {last.seq}")
        )
    findings = _collapse(findings)
    reason = "; ".join(f.message for f in findings[:3])
    if first_bad is None and findings:
        first_bad = findings[0].seq
    return Verification(
        not findings,
        len(seqs),
        first_bad,
        reason,
        findings,
        len(checkpoints),
        _prefix(covered),
        _spans(loose),
        redacted,
    )


REDACTED = "[redacted]"
#: The name a row's session purpose has among its redacted fields (a column, not a query field).
PURPOSE_FIELD = "@purpose"


def _batch_digest(entries: Iterable[tuple[int, list[str], str]]) -> str:
    """The digest a re-anchor row records for a batch: its rows' numbers, fields and hashes."""
    rows = sorted([int(seq), sorted(fields), str(h)] for seq, fields, h in entries)
    return hashlib.sha256(canonical(rows).encode("utf-8")).hexdigest()


def _redactions(cur: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """Row number -> hash of its redacted content, from the re-anchor rows in the chain: one
    row's (`seq`, `redacted_hash`), or a batch's digest over its rows in `audit_redactions`
    (a batch whose rows there no longer give that digest approves nothing). A later
    re-anchoring of the same row supersedes an earlier one."""
    out: dict[int, str] = {}
    batches: dict[str, list[tuple[int, list[str], str]]] = {}
    for batch, seq, fields, redacted_hash in cur.execute(
        "SELECT batch, seq, fields, redacted_hash FROM audit_redactions"
    ).fetchall():
        batches.setdefault(str(batch), []).append((int(seq), list(fields), str(redacted_hash)))
    for (query,) in cur.execute(
        "SELECT query FROM audit_log WHERE service = 'audit_reanchor' AND outcome = 'ok'"
        " ORDER BY seq"
    ).fetchall():
        result = json.loads(query).get("result", {})
        if isinstance(result.get("seq"), int) and isinstance(result.get("redacted_hash"), str):
            out[result["seq"]] = result["redacted_hash"]
        rows = batches.get(str(result.get("batch")), [])
        if rows and result.get("digest") == _batch_digest(rows):
            out.update({seq: h for seq, _, h in rows})
    return out


def _cleaned(row: AuditRow, fields: list[str], purpose: str | None = None) -> AuditRow:
    query = json.loads(row.query)
    return AuditRow(
        **{
            **row.__dict__,
            "query": canonical(query | dict.fromkeys(fields, REDACTED)),
            "purpose": row.purpose if purpose is None else purpose,
        }
    )


def redact(store: Store, seq: int, fields: list[str]) -> dict[str, Any]:
    """Replace the named query fields of row `seq` by [redacted]; the row keeps its hash, so the
    chain and the checkpoints still hold. Returns what the re-anchor row must record."""
    rows = store.query(f"SELECT {_COLUMNS} FROM audit_log WHERE seq = ?", [seq])
    if len(rows) != 1:
        raise NotFound(f"no audit row {seq}")
    row = AuditRow(*rows[0])
    query = json.loads(row.query)
    missing = [f for f in fields if f not in query]
    if not fields or missing:
        raise RaffError(
            f"row {seq} has no query fields {missing or fields}; it has {sorted(query)}"
        )
    with store.transaction() as cur:
        if row.expected_hash() not in (row.hash, _redactions(cur).get(seq)):
            raise RaffError(f"row {seq} does not match its hash; verify the log first")
        cleaned = _cleaned(row, fields)
        cur.execute("UPDATE audit_log SET query = ? WHERE seq = ?", [cleaned.query, seq])
    return {"seq": seq, "fields": sorted(fields), "redacted_hash": cleaned.expected_hash()}


def redact_rows(
    cur: duckdb.DuckDBPyConnection,
    targets: Mapping[int, Sequence[str]],
    *,
    batch: str,
    purposes: Mapping[str, str] | None = None,
) -> dict[str, Any] | None:
    """`redact` for many rows inside the caller's transaction (a destruction's): each row keeps
    its hash; `audit_redactions` gets its number, fields and redacted hash under `batch`.
    `purposes`: session purposes (as typed) -> the same with a destroyed person's runs marked;
    rows with such a purpose get it, and `PURPOSE_FIELD` among their fields.
    Returns what one re-anchor row must record for all of them (the batch, the count, the field
    names and the batch's digest; never a value), or None when nothing was redacted. A row that
    did not match its hash before is redacted all the same but not approved: `verify` goes on
    reporting it as altered."""
    purposes = purposes or {}
    if not targets and not purposes:
        return None
    approved = _redactions(cur)
    rows = cur.execute(
        f"SELECT {_COLUMNS} FROM audit_log"
        " WHERE seq IN (SELECT unnest($seqs)) OR purpose IN (SELECT unnest($purposes))",
        {"seqs": sorted(targets), "purposes": sorted(purposes)},
    ).fetchall()
    updates: list[tuple[int, str, str | None]] = []
    entries: list[tuple[int, list[str], str]] = []
    redacted: set[str] = set()
    for raw in rows:
        row = AuditRow(*raw)
        present = json.loads(row.query)
        fields = sorted(f for f in targets.get(row.seq, ()) if present.get(f, REDACTED) != REDACTED)
        purpose = purposes.get(row.purpose or "", row.purpose)
        if not fields and purpose == row.purpose:
            continue
        cleaned = _cleaned(row, fields, purpose)
        updates.append((row.seq, cleaned.query, cleaned.purpose))
        named = fields + ([PURPOSE_FIELD] if purpose != row.purpose else [])
        redacted.update(named)
        if row.expected_hash() in (row.hash, approved.get(row.seq)):
            entries.append((row.seq, named, cleaned.expected_hash()))
    if not updates:
        return None
    cur.register(
        "_au_cleaned",
        pa.table(
            {
                "seq": [u[0] for u in updates],
                "query": [u[1] for u in updates],
                "purpose": pa.array([u[2] for u in updates], pa.string()),
            }
        ),
    )
    try:
        cur.execute(
            "UPDATE audit_log SET query = c.query, purpose = c.purpose"
            " FROM _au_cleaned c WHERE audit_log.seq = c.seq"
        )
    finally:
        cur.unregister("_au_cleaned")
    cur.register(
        "_au_entries",
        pa.table(
            {
                "seq": pa.array([e[0] for e in entries], pa.int64()),
                "fields": pa.array([e[1] for e in entries], pa.list_(pa.string())),
                "redacted_hash": pa.array([e[2] for e in entries], pa.string()),
            }
        ),
    )
    try:
        cur.execute(
            "INSERT INTO audit_redactions SELECT $batch, seq, fields, redacted_hash"
            " FROM _au_entries",
            {"batch": batch},
        )
    finally:
        cur.unregister("_au_entries")
    return {
        "batch": batch,
        "rows": len(updates),
        "fields": sorted(redacted),
        "digest": _batch_digest(entries),
    }


def seal_unconfirmed(store: Store) -> list[tuple[int, int]]:
    """Sign checkpoints for rows no checkpoint covers (a crash between commit and checkpoint,
    or a store from before checkpoints), only when nothing else is wrong with the log."""
    result = verify(store)
    other = [f for f in result.findings if f.kind != "unconfirmed"]
    if other:
        raise RaffError(f"the log has other findings; sealing refused: {other[0].message}")
    for first, seq in result.unconfirmed:
        head = store.query("SELECT hash FROM audit_log WHERE seq = ?", [seq])[0][0]
        write_checkpoint(_root(store).path, first, seq, head)
    return result.unconfirmed


def _collapse(findings: list[Finding]) -> list[Finding]:
    """One finding per kind, most telling kind first: the first instance, and how many more."""
    by_kind: dict[str, list[Finding]] = {}
    for f in findings:
        by_kind.setdefault(f.kind, []).append(f)
    out = []
    for kind in KINDS:
        found = by_kind.get(kind)
        if found:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            out.append(Finding(kind, found[0].seq, found[0].message + more))
    return out


def _prefix(covered: set[int]) -> int:
    n = 0
    while n + 1 in covered:
        n += 1
    return n


def _order_findings(seqs: list[int]) -> list[Finding]:
    """Duplicates, gaps and disorder of the row numbers as stored."""
    found: list[Finding] = []
    counts: dict[int, int] = {}
    for s in seqs:
        counts[s] = counts.get(s, 0) + 1
    twice = sorted(s for s, c in counts.items() if c > 1)
    if twice:
        found.append(
            Finding(
                "inserted", twice[0], f"rows were inserted: number {_ranges(twice)} occurs twice"
            )
        )
    top = max(seqs, default=0)
    missing = [n for n in range(1, top + 1) if n not in counts]
    if missing:
        found.append(Finding("deleted", missing[0], f"rows {_ranges(missing)} were deleted"))
    if not twice and any(b < a for a, b in zip(seqs, seqs[1:], strict=False)):
        moved = next(b for a, b in zip(seqs, seqs[1:], strict=False) if b < a)
        found.append(
            Finding("reordered", moved, f"rows stand out of order (row {moved} was moved)")
        )
    return found
