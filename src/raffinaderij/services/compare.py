"""Automated comparison (Wpg 11): subjects against permitted registrations, "link exists" only.

A comparison runs inside a grounded case (purpose, threshold, facts: LAW-05, BVerfG). Each
subject's normalised keys are joined with `match_keys`, restricted by the guard's compare
scope inside the SQL (LAW-06). A hit names only the key types that agreed and the model
version (LAW-07, LAW-15); the registrations behind it open after consent (services.consent).

Combined processing (Wpg 11(4), LAW-08): a comparison that may reach art. 9 or art. 10
registrations of *another* case or theme. It needs the competent authority's order reference;
without one the request is refused. A comparison without it reaches art. 8/13 data and the
case's own registrations only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pyarrow as pa

from raffinaderij.errors import Denied, NotFound, RaffError
from raffinaderij.guard.policy import policy
from raffinaderij.guard.session import Case, Guard
from raffinaderij.resolve.models import cluster_model_version
from raffinaderij.search.keys import (
    FIELD_OF,
    FIELDS,
    RULES_VERSION,
    STRONG,
    build_match_keys,
    keys_from_values,
    match_keys_current,
)
from raffinaderij.search.subjects import subject_label
from raffinaderij.services.accounts import order_in_register
from raffinaderij.services.registry import service
from raffinaderij.store.db import Store

__all__ = [
    "ComparisonResult",
    "ComparisonSummary",
    "SubjectOutcome",
    "compare",
    "comparison_result",
    "ensure_match_keys",
    "list_comparisons",
    "model_version",
    "reach_sql",
    "rebuild_match_keys",
]

_MAX_ENTITIES = 500


@dataclass(frozen=True)
class SubjectOutcome:
    subject_no: int
    label: str
    hit: bool
    key_types: list[str]
    hit_id: str | None
    model_version: str
    consent: str | None = None  # None | 'requested' | 'granted' | 'refused'


@dataclass(frozen=True)
class ComparisonResult:
    comparison_id: str
    case_id: str
    username: str
    created_at: datetime
    input_name: str
    combined: bool
    order_reference: str | None
    rules_version: str
    model_version: str
    subjects: int
    hits: int
    outcomes: list[SubjectOutcome] = field(default_factory=list)


@dataclass(frozen=True)
class ComparisonSummary:
    comparison_id: str
    username: str
    created_at: datetime
    input_name: str
    combined: bool
    subjects: int
    hits: int


# -- derived keys --------------------------------------------------------------------------
def rebuild_match_keys(store: Store) -> int:
    """Rebuild the derived comparison keys (call after ingest or resolution)."""
    return build_match_keys(store, confidential_codes=policy().confidential_codes)


def ensure_match_keys(store: Store) -> None:
    """Rebuild when statements or registrations changed since the last build (a cheap
    fingerprint that also sees alterations, blocking and art. 14 moves: Wpg 28, LAW-04)."""
    if not match_keys_current(store, confidential_codes=policy().confidential_codes):
        rebuild_match_keys(store)


def model_version(store: Store) -> str:
    """LAW-15: the approved resolution model that made the clusters in use, else the rule set."""
    return cluster_model_version(store) or RULES_VERSION


def reach_sql(case: Case, combined: bool, *, r: str = "r") -> tuple[str, dict[str, Any]]:
    """Wpg 11(4): without an order, only art. 8/13 data and the case's own registrations."""
    if combined:
        return "true", {}
    return f"({r}.legal_basis IN (8, 13) OR {r}.case_id = $c_own_case)", {
        "c_own_case": case.case_id
    }


# -- running a comparison -----------------------------------------------------------------
def _subjects_from_entities(guard: Guard, entity_ids: list[str]) -> list[dict[str, str]]:
    """Subjects from entities the analyst picked: their values visible in search scope."""
    rows = guard.relations("search").query(
        guard.store,
        """
        SELECT s.entity_id AS eid, s.schema, s.prop, s.value, s.reg_key
        FROM scoped_statements s
        WHERE list_contains($eids, s.entity_id)
        ORDER BY eid, s.prop, s.value
        """,
        {"eids": entity_ids},
    )
    by_entity: dict[str, dict[str, str]] = {eid: {} for eid in entity_ids}
    for eid, schema, prop, value, reg_key in rows:
        f = FIELD_OF.get((schema, prop))
        if f:
            by_entity[eid].setdefault(f, value)
            guard.returned([reg_key])
    missing = [eid for eid, fields in by_entity.items() if not fields]
    if missing:
        raise NotFound(f"no visible identifying values for {missing[:3]}")
    return [by_entity[eid] for eid in entity_ids]


def _agreement_ctes(subject_keys: str, where: str) -> tuple[str, str]:
    """The hit rule, in one place for comparing and for re-checking stored hits: per subject,
    the entities whose agreeing keys include a strong one ($strong), with their key types and
    the registrations behind them. The keys come from the guard's compare relation (LAW-06);
    `where` adds the Wpg 11(4) reach over `mk`. Read with `_agreement_select`."""
    return (
        f"""agree AS (
            SELECT sk.subject_no, mk.entity_id, mk.key_type, mk.reg_key
            FROM {subject_keys} sk
            JOIN scoped_match_keys mk ON mk.key_type = sk.key_type AND mk.key_value = sk.key_value
            WHERE {where}
        )""",
        """per_entity AS (
            SELECT subject_no, entity_id, list(DISTINCT key_type ORDER BY key_type) AS kt,
                   list(DISTINCT reg_key ORDER BY reg_key) AS regs
            FROM agree GROUP BY subject_no, entity_id
            HAVING list_has_any(list(DISTINCT key_type), $strong)
        )""",
    )


_agreement_select = """
    SELECT subject_no, list(entity_id ORDER BY entity_id),
           list_sort(list_distinct(flatten(list(kt)))), flatten(list(regs))
    FROM per_entity GROUP BY subject_no ORDER BY subject_no
"""


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@service("compare", action="combine", bulk=("subjects",))
def compare(
    guard: Guard,
    *,
    subjects: list[dict[str, str]] | None = None,
    entity_ids: list[str] | None = None,
    input_name: str = "subjects",
    combined: bool = False,
    order_reference: str | None = None,
) -> ComparisonResult:
    """Compare subjects (uploaded rows or picked entities) with the registrations this case may reach."""
    case = guard.require_case()
    if not case.grounded:
        raise Denied(
            f"case {case.case_id} has no recorded purpose, legal threshold and facts; "
            "the case lead records them first (BVerfG 1 BvR 1547/19)"
        )
    reference = (order_reference or "").strip() or None
    if combined:
        # LAW-08: the order must be in the case's register (recorded by a case lead) and in force
        order = (
            order_in_register(guard.store, case.case_id, reference, today=guard.now().date())
            if reference
            else None
        )
        if order is None or not order.in_force:
            raise Denied(
                "combined processing across cases needs an order of the competent authority "
                f"that is in force and recorded in the register of case {case.case_id} by a "
                "lead of the case; name its reference (Wpg 11(4))"
            )
    if entity_ids:
        if len(entity_ids) > _MAX_ENTITIES:
            raise RaffError(f"pick at most {_MAX_ENTITIES} entities")
        subjects = _subjects_from_entities(guard, entity_ids)
        input_name = "entities"
    if not subjects:
        raise RaffError("give at least one subject")
    clean: list[dict[str, str]] = []
    for n, subject in enumerate(subjects, 1):
        unknown = set(subject) - FIELDS
        if unknown:
            raise RaffError(
                f"subject {n}: unknown fields {sorted(unknown)}; known {sorted(FIELDS)}"
            )
        clean.append({k: str(v) for k, v in sorted(subject.items()) if str(v).strip()})

    store = guard.store
    ensure_match_keys(store)
    version = model_version(store)
    now = guard.now()
    input_hash = _hash(json.dumps(clean, sort_keys=True, ensure_ascii=False))
    serial = store.query("SELECT count(*) FROM comparisons")[0][0]
    comparison_id = (
        "cmp-"
        + _hash(
            case.case_id,
            guard.user.username,
            now.isoformat(),
            input_hash,
            str(combined),
            str(serial),
        )[:16]
    )

    subject_keys: list[list[str]] = []
    nos: list[int] = []
    types: list[str] = []
    values: list[str] = []
    for n, subject in enumerate(clean, 1):
        keys = sorted(keys_from_values({k: [v] for k, v in subject.items()}))
        subject_keys.append([f"{t}={v}" for t, v in keys])
        for t, v in keys:
            nos.append(n)
            types.append(t)
            values.append(v)
    table = pa.table(
        {"subject_no": pa.array(nos, pa.int32()), "key_type": types, "key_value": values},
        schema=pa.schema(
            [("subject_no", pa.int32()), ("key_type", pa.string()), ("key_value", pa.string())]
        ),
    )
    rel = guard.relations("compare")
    reach, reach_params = reach_sql(case, combined, r="mk")
    cur = store.cursor()
    try:
        cur.register("subject_keys", table)
        # The law inside the join (LAW-06): only registrations this case may compare with.
        rows = rel.execute(
            cur,
            _agreement_select,
            reach_params | {"strong": sorted(STRONG)},
            *_agreement_ctes("subject_keys", reach),
        ).fetchall()
        cur.unregister("subject_keys")
    finally:
        cur.close()
    found = {no: (eids, kt, regs) for no, eids, kt, regs in rows}
    outcomes: list[SubjectOutcome] = []
    hit_rows: list[list[Any]] = []
    combined_regs: set[str] = set()
    for n, subject in enumerate(clean, 1):
        if n in found:
            eids, kt, regs = found[n]
            # never derived from the entities: a hit id must not confirm a guessed record (LAW-07)
            hit_id = "hit-" + _hash(comparison_id, str(n))[:20]
            hit_rows.append([hit_id, comparison_id, n, eids, kt, version])
            combined_regs.update(regs)
            outcomes.append(SubjectOutcome(n, subject_label(subject), True, kt, hit_id, version))
        else:
            outcomes.append(SubjectOutcome(n, subject_label(subject), False, [], None, version))
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO comparisons VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                comparison_id,
                case.case_id,
                guard.user.username,
                now,
                input_name[:200],
                input_hash,
                combined,
                reference,
                RULES_VERSION,
                version,
                len(clean),
                len(hit_rows),
            ],
        )
        tx.executemany(
            "INSERT INTO comparison_subjects VALUES (?,?,?,?,?)",
            [
                [comparison_id, o.subject_no, o.label, json.dumps(s, ensure_ascii=False), k]
                for o, s, k in zip(outcomes, clean, subject_keys, strict=True)
            ],
        )
        if hit_rows:
            tx.executemany("INSERT INTO hits VALUES (?,?,?,?,?,?)", hit_rows)
    # The combination touched these registrations; none is shown (LAW-07, LAW-11).
    guard.returned(combined_regs)
    return ComparisonResult(
        comparison_id,
        case.case_id,
        guard.user.username,
        now,
        input_name,
        combined,
        reference,
        RULES_VERSION,
        version,
        len(clean),
        len(hit_rows),
        outcomes,
    )


# -- reading comparisons back -------------------------------------------------------------
def _load_comparison(guard: Guard, comparison_id: str) -> tuple[Case, tuple[Any, ...]]:
    """The comparison row, if it belongs to the active case and the user ran it or leads the case."""
    case = guard.require_case()
    rows = guard.store.query(
        "SELECT comparison_id, case_id, username, created_at, input_name, combined,"
        " order_reference, rules_version, model_version, subjects, hits"
        " FROM comparisons WHERE comparison_id = ? AND case_id = ?",
        [comparison_id, case.case_id],
    )
    # one answer for "missing" and "not yours": the error must not confirm that it exists
    missing = NotFound(f"no comparison {comparison_id!r} in case {case.case_id}")
    if not rows:
        raise missing
    row = rows[0]
    if row[2] != guard.user.username and case.members.get(guard.user.username) != "lead":
        raise missing
    return case, row


def _visible_hits(
    guard: Guard,
    case: Case,
    comparison: tuple[Any, ...],
    subject_nos: list[int] | None = None,
    *,
    keys_checked: bool = False,
) -> dict[int, tuple[list[str], list[str], list[str]]]:
    """Stored hits re-checked now with the *reader's* compare scope: subject_no -> (entity ids,
    agreeing key types, registration keys). A hit resting only on what the reader may not
    compare with (a higher level, blocked, art. 14, out of term) is no hit for them (LAW-06).
    `keys_checked`: the caller ran `ensure_match_keys` in this call already (loops do it once)."""
    store = guard.store
    if not keys_checked:
        ensure_match_keys(store)
    rel = guard.relations("compare")
    reach, params = reach_sql(case, bool(comparison[5]), r="mk")
    params |= {"strong": sorted(STRONG), "cid": comparison[0]}
    only = ""
    if subject_nos is not None:
        params["nos"] = subject_nos
        only = "AND list_contains($nos, h.subject_no)"
    rows = rel.query(
        store,
        _agreement_select,
        params,
        f"""sk0 AS (
            SELECT h.subject_no, h.entity_ids, unnest(s.keys) AS k
            FROM hits h JOIN comparison_subjects s
              ON s.comparison_id = h.comparison_id AND s.subject_no = h.subject_no
            WHERE h.comparison_id = $cid {only}
        )""",
        """sk AS (
            SELECT subject_no, entity_ids, split_part(k, '=', 1) AS key_type,
                   substr(k, strpos(k, '=') + 1) AS key_value
            FROM sk0
        )""",
        *_agreement_ctes("sk", f"list_contains(sk.entity_ids, mk.entity_id) AND {reach}"),
    )
    return {no: (list(eids), list(kt), list(regs)) for no, eids, kt, regs in rows}


def _shown_label(guard: Guard, comparison: tuple[Any, ...], subject_no: int, label: str) -> str:
    """Picked entities were labelled from police data the runner could see; anyone else gets a
    neutral label (LAW-06). Uploaded labels are the analyst's own input and stay."""
    if comparison[4] == "entities" and comparison[2] != guard.user.username:
        return f"#{subject_no}"
    return label


@service("comparison_result", action="consult")
def comparison_result(guard: Guard, *, comparison_id: str) -> ComparisonResult:
    """A comparison's outcome per subject: hit or not, agreeing key types, model version, consent."""
    case, row = _load_comparison(guard, comparison_id)
    visible = _visible_hits(guard, case, row)
    subjects = guard.store.query(
        """
        SELECT s.subject_no, s.label, h.hit_id, h.key_types, h.model_version,
               (SELECT c.event FROM consents c WHERE c.hit_id = h.hit_id
                ORDER BY c.event_id DESC LIMIT 1)
        FROM comparison_subjects s
        LEFT JOIN hits h ON h.comparison_id = s.comparison_id AND h.subject_no = s.subject_no
        WHERE s.comparison_id = ? ORDER BY s.subject_no
        """,
        [comparison_id],
    )
    # Picked entities were labelled from police data the runner could see; others get neutral
    # labels (LAW-06). Uploaded labels are the analyst's own input and stay.
    neutral = row[4] == "entities" and row[2] != guard.user.username
    outcomes = [
        SubjectOutcome(
            no, f"#{no}" if neutral else label, True, visible[no][1], hit_id, mv or row[8], ev
        )
        if hit_id is not None and no in visible
        else SubjectOutcome(no, f"#{no}" if neutral else label, False, [], None, row[8])
        for no, label, hit_id, kt, mv, ev in subjects
    ]
    for _, _, regs in visible.values():
        guard.returned(regs)  # LAW-11: the links shown rest on these registrations
    return ComparisonResult(*row[:10], len(visible), outcomes)  # type: ignore[call-arg]


@service("list_comparisons", action="consult")
def list_comparisons(guard: Guard, *, limit: int = 50) -> list[ComparisonSummary]:
    """Comparisons in the active case: one's own, or all of them for a case lead."""
    case = guard.require_case()
    lead = case.members.get(guard.user.username) == "lead"
    rows = guard.store.query(
        "SELECT comparison_id, case_id, username, created_at, input_name, combined,"
        " order_reference, rules_version, model_version, subjects, hits"
        " FROM comparisons WHERE case_id = ? AND (? OR username = ?)"
        f" ORDER BY created_at DESC, comparison_id LIMIT {int(limit)}",
        [case.case_id, lead, guard.user.username],
    )
    # the count too is what the reader may compare with now, not what the runner met (LAW-06)
    ensure_match_keys(guard.store)
    return [
        ComparisonSummary(
            r[0],
            r[2],
            r[3],
            r[4],
            r[5],
            r[9],
            len(_visible_hits(guard, case, r, keys_checked=True)) if r[10] else 0,
        )
        for r in rows
    ]
