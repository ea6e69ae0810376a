"""Consent to open a hit (Wpg 11, LAW-07): the related data stays closed until a lead of the
case, other than the analyst who ran the comparison, consents with a reason.

Even after consent the registrations behind a hit are read with the *reader's* compare scope:
a level-1 analyst never sees a level-3 registration (Bpg 2:11, LAW-06).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from raffinaderij.errors import ConsentRequired, Denied, NotFound, RaffError
from raffinaderij.guard.session import Case, Guard
from raffinaderij.model.ontology import ontology
from raffinaderij.services.compare import (
    _load_comparison,
    _shown_label,
    _visible_hits,
    ensure_match_keys,
    reach_sql,
)
from raffinaderij.services.entity import EntityView, read_entity
from raffinaderij.services.registry import service
from raffinaderij.store.queries import link_types

__all__ = [
    "ConsentEvent",
    "HitDetails",
    "InboxItem",
    "RegistrationDetail",
    "consent",
    "consent_inbox",
    "hit_details",
    "hit_entity",
    "recent_consents",
    "refuse_consent",
    "request_consent",
]


@dataclass(frozen=True)
class ConsentEvent:
    hit_id: str
    comparison_id: str
    event: str
    username: str
    at: datetime
    reason: str


@dataclass(frozen=True)
class InboxItem:
    hit_id: str
    comparison_id: str
    subject_no: int
    subject_label: str
    key_types: list[str]
    requested_by: str
    requested_at: datetime
    reason: str


@dataclass(frozen=True)
class RegistrationDetail:
    reg_key: str
    source: str
    registration_id: str
    legal_basis: int
    first_processed: date
    level: int
    reliability: str
    role: str
    case_id: str | None
    entity_key: str
    schema: str
    key_types: list[str]
    entity_id: str
    values: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class HitDetails:
    hit_id: str
    comparison_id: str
    subject_no: int
    subject_label: str
    key_types: list[str]
    model_version: str
    entity_ids: list[str]
    consented_by: str
    consent_reason: str
    registrations: list[RegistrationDetail] = field(default_factory=list)


def _hit(guard: Guard, hit_id: str) -> tuple[Any, ...]:
    """The hit, if its comparison belongs to the active case, is readable by this user and still
    rests on registrations this user may compare with; entity ids and key types are the
    visible ones (LAW-06). Missing and hidden hits answer alike."""
    missing = NotFound(f"no hit {hit_id!r}")
    rows = guard.store.query(
        "SELECT h.hit_id, h.comparison_id, h.subject_no, h.entity_ids, h.key_types,"
        " h.model_version, s.label, s.keys"
        " FROM hits h JOIN comparison_subjects s"
        "   ON s.comparison_id = h.comparison_id AND s.subject_no = h.subject_no"
        " WHERE h.hit_id = ?",
        [hit_id],
    )
    if not rows:
        raise missing
    try:
        case, comparison = _load_comparison(guard, rows[0][1])
    except NotFound:
        raise missing from None
    visible = _visible_hits(guard, case, comparison, [rows[0][2]]).get(rows[0][2])
    if visible is None:
        raise missing
    row = list(rows[0])
    row[3], row[4] = visible[0], visible[1]
    row[6] = _shown_label(guard, comparison, row[2], row[6])
    return tuple(row)


def _latest(guard: Guard, hit_id: str) -> tuple[str, str, str] | None:
    rows = guard.store.query(
        "SELECT event, username, reason FROM consents WHERE hit_id = ?"
        " ORDER BY event_id DESC LIMIT 1",
        [hit_id],
    )
    return (rows[0][0], rows[0][1], rows[0][2]) if rows else None


def _record(guard: Guard, hit: tuple[Any, ...], event: str, reason: str) -> ConsentEvent:
    reason = reason.strip()
    if len(reason) < 3:
        raise RaffError("give a reason (it is logged with the consent)")
    case = guard.require_case()
    now = guard.now()
    with guard.store.transaction() as tx:
        n = tx.execute("SELECT count(*) FROM consents WHERE hit_id = ?", [hit[0]]).fetchone()
        # ordered per hit by construction, so "latest" never depends on clock resolution
        event_id = f"{hit[0]}-{(n[0] if n else 0) + 1:04d}"
        tx.execute(
            "INSERT INTO consents VALUES (?,?,?,?,?,?,?,?)",
            [event_id, hit[0], hit[1], case.case_id, event, guard.user.username, now, reason],
        )
    return ConsentEvent(hit[0], hit[1], event, guard.user.username, now, reason)


@service("request_consent", action="alter")
def request_consent(guard: Guard, *, hit_id: str, reason: str) -> ConsentEvent:
    """Ask the case lead to open a hit's related data."""
    hit = _hit(guard, hit_id)
    latest = _latest(guard, hit_id)
    if latest and latest[0] in ("requested", "granted"):
        raise RaffError(f"consent for this hit is already {latest[0]}")
    return _record(guard, hit, "requested", reason)


def _decide(guard: Guard, hit_id: str, reason: str, event: str) -> ConsentEvent:
    guard.require_case_lead()
    hit = _hit(guard, hit_id)
    runner = guard.store.query(
        "SELECT username FROM comparisons WHERE comparison_id = ?", [hit[1]]
    )[0][0]
    if runner == guard.user.username:
        raise Denied("a second person decides: you ran this comparison yourself")
    latest = _latest(guard, hit_id)
    if latest and latest[0] == event:
        raise RaffError(f"consent for this hit is already {event}")
    if latest and latest[0] == "requested" and latest[1] == guard.user.username:
        raise Denied("a second person decides: you asked for this consent yourself")
    return _record(guard, hit, event, reason)


@service("consent", action="combine")
def consent(guard: Guard, *, hit_id: str, reason: str) -> ConsentEvent:
    """A case lead consents, with a reason, to open the registrations behind a hit (LAW-07)."""
    return _decide(guard, hit_id, reason, "granted")


@service("refuse_consent", action="alter")
def refuse_consent(guard: Guard, *, hit_id: str, reason: str) -> ConsentEvent:
    """A case lead refuses (or withdraws) consent for a hit, with a reason."""
    return _decide(guard, hit_id, reason, "refused")


@service("consent_inbox", action="consult")
def consent_inbox(guard: Guard) -> list[InboxItem]:
    """Open consent requests in the active case, for its leads."""
    case = guard.require_case_lead()
    rows = guard.store.query(
        """
        WITH latest AS (
            SELECT * FROM consents WHERE case_id = ?
            QUALIFY row_number() OVER (PARTITION BY hit_id ORDER BY event_id DESC) = 1
        )
        SELECT l.hit_id, l.comparison_id, h.subject_no, s.label, h.key_types, l.username, l.event_at,
               l.reason
        FROM latest l JOIN hits h USING (hit_id)
        JOIN comparison_subjects s ON s.comparison_id = h.comparison_id
                                   AND s.subject_no = h.subject_no
        WHERE l.event = 'requested' ORDER BY l.event_at, l.hit_id
        """,
        [case.case_id],
    )
    # only hits this lead may compare with, with the key types visible to them (LAW-06)
    visible: dict[str, dict[int, tuple[list[str], list[str], list[str]]]] = {}
    comparisons: dict[str, tuple[Any, ...]] = {}
    ensure_match_keys(guard.store)
    for comparison_id in dict.fromkeys(r[1] for r in rows):
        try:
            _, comparisons[comparison_id] = _load_comparison(guard, comparison_id)
        except NotFound:  # pragma: no cover - a lead reads every comparison of the case
            continue
        nos = [r[2] for r in rows if r[1] == comparison_id]
        visible[comparison_id] = _visible_hits(
            guard, case, comparisons[comparison_id], nos, keys_checked=True
        )
    return [
        InboxItem(
            r[0],
            r[1],
            r[2],
            _shown_label(guard, comparisons[r[1]], r[2], r[3]),
            visible[r[1]][r[2]][1],
            r[5],
            r[6],
            r[7],
        )
        for r in rows
        if r[2] in visible.get(r[1], {})
    ]


@service("recent_consents", action="consult")
def recent_consents(guard: Guard, *, limit: int = 20) -> list[ConsentEvent]:
    """Consent events in the active case (the case dashboard's recent activity)."""
    case = guard.require_case()
    lead = case.members.get(guard.user.username) == "lead"
    rows = guard.store.query(
        "SELECT c.hit_id, c.comparison_id, c.event, c.username, c.event_at, c.reason"
        " FROM consents c JOIN comparisons p USING (comparison_id)"
        " WHERE c.case_id = ? AND (? OR p.username = ?)"
        f" ORDER BY c.event_at DESC, c.event_id DESC LIMIT {int(limit)}",
        [case.case_id, lead, guard.user.username],
    )
    return [ConsentEvent(*r) for r in rows]


@service("hit_details", action="consult")
def hit_details(guard: Guard, *, hit_id: str) -> HitDetails:
    """The registrations behind a hit, after consent, within the reader's own compare scope."""
    hit, case, comparison = _opened(guard, hit_id)
    latest = _latest(guard, hit_id)
    assert latest is not None  # _opened checked it
    reach, params = reach_sql(case, bool(comparison[5]), r="mk")
    pairs = [k.partition("=") for k in hit[7]]
    params |= {
        "eids": list(hit[3]),
        "types": [p[0] for p in pairs],
        "values": [p[2] for p in pairs],
    }
    # LAW-06: the reader's level and the compare scope apply here too: the relations are scoped.
    rows = guard.relations("compare").query(
        guard.store,
        """
        SELECT b.reg_key, s.source, s.registration_id, s.legal_basis, s.first_processed,
               s.level, s.reliability, s.role, s.case_id, b.entity_key, any_value(s.schema),
               any_value(b.kt), any_value(s.entity_id),
               list(s.prop || chr(31) || s.value ORDER BY s.prop, s.value)
        FROM behind b
        JOIN scoped_statements s ON s.reg_key = b.reg_key AND s.entity_key = b.entity_key
        GROUP BY ALL ORDER BY b.reg_key, b.entity_key
        """,
        params,
        "sk AS (SELECT unnest($types) AS key_type, unnest($values) AS key_value)",
        f"""behind AS (
            SELECT mk.entity_key, mk.reg_key, list(DISTINCT mk.key_type ORDER BY mk.key_type) AS kt
            FROM scoped_match_keys mk JOIN sk USING (key_type, key_value)
            WHERE list_contains($eids, mk.entity_id) AND {reach}
            GROUP BY ALL
        )""",
    )
    links = set(link_types())
    special = set(ontology().special)
    details = []
    for row in rows:
        values = []
        for pair in row[13]:
            prop, _, value = pair.partition("\x1f")
            if prop not in links and (row[10], prop) not in special:  # LAW-09: hidden
                values.append((prop, value))
        details.append(RegistrationDetail(*row[:11], list(row[11]), row[12], values))  # type: ignore[call-arg]
    guard.returned({d.reg_key for d in details})
    return HitDetails(
        hit[0],
        hit[1],
        hit[2],
        hit[6],
        list(hit[4]),
        hit[5],
        list(hit[3]),
        latest[1],
        latest[2],
        details,
    )


def _opened(guard: Guard, hit_id: str) -> tuple[tuple[Any, ...], Case, tuple[Any, ...]]:
    """A hit whose details a lead opened (LAW-07), with its case and comparison."""
    hit = _hit(guard, hit_id)
    latest = _latest(guard, hit_id)
    if not latest or latest[0] != "granted":
        raise ConsentRequired(
            "the data behind this hit opens only after a case lead consents (Wpg 11)"
        )
    case, comparison = _load_comparison(guard, hit[1])
    return hit, case, comparison


@service("hit_entity", action="consult")
def hit_entity(guard: Guard, *, hit_id: str, entity_id: str) -> EntityView:
    """An entity behind a consented hit, whole: every registration of it this reader may compare
    with (comparison-only data included, which the consent opens for this case), with its links
    and provenance. Other entities answer like missing ones."""
    hit, case, comparison = _opened(guard, hit_id)
    if entity_id not in hit[3]:
        raise NotFound(f"no entity {entity_id!r} behind hit {hit_id!r}")
    # the consent opens what the case may compare with, never more: compare scope and reach
    rel = guard.relations("compare", narrow=reach_sql(case, bool(comparison[5])))
    return read_entity(guard, rel, entity_id)
