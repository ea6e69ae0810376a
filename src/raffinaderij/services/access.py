"""Data-subject access (Wpg 25): the privacy officer registers a request and gets a report of
everything held about that person, for the privacy desk to answer from.

Scope (decided here, documented in docs/architecture.md): the privacy desk is not an analyst,
so the report reads `guard.relations("privacy")` — every registration held, in every case,
blocked, art. 14, confidential and covert ones included and flagged — because the desk must know
all of it to answer and applies the art. 27 limits itself.

Nothing of anyone else: a record is the person's only when its own identifiers agree (the BSN;
without a BSN, given name, surname and birth date together) and none contradicts (a different
BSN or birth date). Resolution (the approved model) may add records of the same entity; each is
checked the same way, so a twin, namesake or household member wrongly linked stays out. Of each
registration only the person's own statements are shown, and of what they link to only the
things (phone, vehicle, address, ...) — never another person's values.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from raffinaderij.errors import Denied, NotFound
from raffinaderij.guard.session import Guard
from raffinaderij.model.normalise import normalise
from raffinaderij.model.ontology import ontology
from raffinaderij.retention.terms import RecordTerm, record_term
from raffinaderij.services.registry import service

__all__ = [
    "ART27_GROUNDS",
    "AccessReport",
    "AccessRequest",
    "access_report",
    "access_report_disclose",
    "access_request_close",
    "access_request_extend",
    "access_request_register",
    "access_requests",
    "access_withhold",
]

_OFFICER = ("privacy_officer",)
ANSWER_WEEKS = 6  # Wpg 25(1): the answer within six weeks
#: Wpg 25(1): the decision may be postponed by at most four weeks, or six when the requester's
#: data is processed at several regional or national units; the postponement is told in writing.
EXTENSION_WEEKS, EXTENSION_WEEKS_SEVERAL_UNITS = 4, 6
#: Wpg 27(1): the grounds on which access may be refused or limited (as far as necessary and
#: proportionate).
ART27_GROUNDS = {
    "a": "avoiding obstruction of official or legal inquiries or proceedings",
    "b": "avoiding prejudice to the prevention, detection, investigation or prosecution of"
    " criminal offences or the execution of penalties",
    "c": "protecting public security",
    "d": "protecting the rights and freedoms of third parties",
    "e": "protecting national security",
    "f": "a manifestly unfounded or excessive request (Wpg 24a(4))",
}
_IDENT = ("bsn", "givenName", "surname", "surnamePrefix", "birthDate")
#: HeldRegistration's fields read from the registration, in the order _held selects them.
_REG_FIELDS = (
    "source",
    "registration_id",
    "legal_basis",
    "first_processed",
    "level",
    "case_id",
    "role",
    "fact_judgement",
    "reliability",
    "stage",
    "blocked",
    "confidential",
    "covert",
)
_COLUMNS = (
    "request_id, registered_at, registered_by, given_name, surname, birth_date, bsn,"
    " identity_check, deadline, extended_until, extension_reason, status, art27_ground, closed_at"
)


@dataclass(frozen=True)
class AccessRequest:
    request_id: str
    registered_at: datetime
    registered_by: str
    given_name: str
    surname: str
    birth_date: date
    bsn: str | None
    identity_check: str
    deadline: date
    extended_until: date | None
    extension_reason: str | None
    status: str
    art27_ground: str | None
    closed_at: datetime | None
    overdue: bool = False


@dataclass(frozen=True)
class Withholding:
    ground: str  # Wpg 27(1) a-f
    reason: str
    withheld_by: str
    withheld_at: datetime


@dataclass(frozen=True)
class HeldRegistration:
    reg_key: str
    source: str
    registration_id: str
    legal_basis: int
    first_processed: date
    level: int
    case_id: str | None
    role: str
    fact_judgement: str
    reliability: str
    stage: str  # 'active' | 'art14'
    blocked: bool
    confidential: bool
    covert: str | None
    how_matched: str
    values: list[tuple[str, str]] = field(default_factory=list)  # the person's own
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (link, type, value)
    entity_id: str | None = None  # the resolved entity of the person's record in it
    term: RecordTerm | None = None  # when it leaves search, analysis, and is destroyed
    withheld: Withholding | None = None  # Wpg 27(1): left out of the answer, with the ground


@dataclass(frozen=True)
class ComparisonMention:
    comparison_id: str
    case_id: str
    run_by: str
    run_at: datetime
    hit_id: str
    key_types: list[str]
    model_version: str
    consent: str | None
    entity_ids: list[str] = field(default_factory=list)  # the person's entities it named


@dataclass(frozen=True)
class Consultation:
    seq: int
    logged_at: datetime
    username: str
    case_id: str | None
    action: str
    service: str
    registrations: int  # how many of the person's registrations the call returned
    reg_keys: list[str] = field(default_factory=list)  # which


@dataclass(frozen=True)
class ProvisionMention:
    """A provision to a chain partner that held items of the person's registrations (Wpg
    25(1): the recipients are told on request)."""

    provision_id: str
    organisation: str
    recipient_kind: str
    article: str
    provided_at: datetime
    reg_keys: list[str]
    props: list[str]


@dataclass(frozen=True)
class AccessReport:
    request: AccessRequest
    made_at: datetime
    entity_ids: list[str]
    registrations: list[HeldRegistration]
    comparisons: list[ComparisonMention]
    consultations: list[Consultation]
    provisions: list[ProvisionMention] = field(default_factory=list)

    def consulted(self, reg_key: str) -> list[Consultation]:
        """The audit rows that returned this registration."""
        return [c for c in self.consultations if reg_key in c.reg_keys]

    def hits_of(self, entity_id: str | None) -> list[ComparisonMention]:
        """The comparisons whose hit named this entity."""
        return [c for c in self.comparisons if entity_id and entity_id in c.entity_ids]

    def disclosed_provisions(self) -> list[ProvisionMention]:
        """Provisions of registrations not withheld (a withheld one is not described)."""
        shown = {r.reg_key for r in self.registrations if not r.withheld}
        return [p for p in self.provisions if shown & set(p.reg_keys)]


def _clean(kind: str, value: str | None) -> str | None:
    got = normalise(kind, value) if value else None
    return got.casefold() if got else None


def _load(guard: Guard, request_id: str) -> AccessRequest:
    rows = guard.store.query(
        f"SELECT {_COLUMNS} FROM access_requests WHERE request_id = ?", [request_id]
    )
    if not rows:
        raise NotFound(f"no access request {request_id!r}")
    return _request(guard, rows[0])


def _request(guard: Guard, row: tuple[Any, ...]) -> AccessRequest:
    req = AccessRequest(*row)
    due = req.extended_until or req.deadline
    return AccessRequest(
        **{**req.__dict__, "overdue": req.status == "open" and guard.now().date() > due}
    )


@service("access_request_register", action="collect", needs_case=False, roles=_OFFICER)
def access_request_register(
    guard: Guard,
    *,
    given_name: str,
    surname: str,
    birth_date: date,
    identity_check: str,
    bsn: str | None = None,
) -> AccessRequest:
    """Register a data subject's access request (Wpg 25) with how the identity was checked;
    the answer is due in six weeks."""
    if len(identity_check.strip()) < 5:
        raise Denied("record how the identity was checked (document type and number, desk visit)")
    if bsn and not normalise("bsn", bsn):
        raise Denied(f"{bsn!r} is not a valid BSN (11-proef)")
    if not (given_name.strip() and surname.strip()):
        raise Denied("give the person's given name and surname")
    now = guard.now()
    request_id = "ar-" + uuid.uuid4().hex[:16]
    guard.store.query(
        "INSERT INTO access_requests (request_id, registered_at, registered_by, given_name,"
        " surname, birth_date, bsn, identity_check, deadline, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')",
        [
            request_id,
            now,
            guard.user.username,
            given_name.strip(),
            surname.strip(),
            birth_date,
            normalise("bsn", bsn) if bsn else None,
            identity_check.strip(),
            (now + timedelta(weeks=ANSWER_WEEKS)).date(),
        ],
    )
    guard.note(request_id=request_id)
    return _load(guard, request_id)


@service("access_requests", action="consult", needs_case=False, roles=_OFFICER)
def access_requests(guard: Guard, *, limit: int = 100) -> list[AccessRequest]:
    """The requests, open ones first by deadline; overdue ones are flagged."""
    rows = guard.store.query(
        f"SELECT {_COLUMNS} FROM access_requests"
        " ORDER BY status <> 'open', coalesce(extended_until, deadline), request_id"
        f" LIMIT {int(limit)}"
    )
    return [_request(guard, r) for r in rows]


@service("access_request_close", action="alter", needs_case=False, roles=_OFFICER)
def access_request_close(
    guard: Guard, *, request_id: str, outcome: str, art27_ground: str | None = None
) -> AccessRequest:
    """Record the answer: 'answered', or 'refused' / 'limited' on an art. 27 ground."""
    req = _load(guard, request_id)
    if req.status != "open":
        raise Denied(f"access request {request_id} is already {req.status}")
    if outcome not in ("answered", "refused", "limited"):
        raise Denied("the outcome is answered, refused or limited")
    if outcome != "answered" and art27_ground not in ART27_GROUNDS:
        raise Denied(
            "a refusal or limitation needs a ground of Wpg 27(1): "
            + ", ".join(f"{k} ({v})" for k, v in ART27_GROUNDS.items())
        )
    guard.store.query(
        "UPDATE access_requests SET status = ?, art27_ground = ?, closed_at = ?"
        " WHERE request_id = ?",
        [outcome, art27_ground if outcome != "answered" else None, guard.now(), request_id],
    )
    return _load(guard, request_id)


@service("access_request_extend", action="alter", needs_case=False, roles=_OFFICER)
def access_request_extend(
    guard: Guard, *, request_id: str, weeks: int, reason: str, several_units: bool = False
) -> AccessRequest:
    """Postpone the answer (Wpg 25(1)): at most four weeks, or six when the person's data is
    processed at several units; once, before the deadline, with the reason recorded."""
    req = _load(guard, request_id)
    if req.status != "open":
        raise Denied(f"access request {request_id} is already {req.status}")
    if req.extended_until:
        raise Denied("the answer was postponed once already; Wpg 25(1) allows one postponement")
    if guard.now().date() > req.deadline:
        raise Denied("the deadline has passed: a postponement must be told before it")
    most = EXTENSION_WEEKS_SEVERAL_UNITS if several_units else EXTENSION_WEEKS
    if not 1 <= weeks <= most:
        raise Denied(f"a postponement is 1 to {most} weeks (Wpg 25(1))")
    if len(reason.strip()) < 5:
        raise Denied("record why the answer is postponed; the requester is told in writing")
    until = req.deadline + timedelta(weeks=weeks)
    guard.store.query(
        "UPDATE access_requests SET extended_until = ?, extension_reason = ? WHERE request_id = ?",
        [until, reason.strip(), request_id],
    )
    guard.note(request_id=request_id, weeks=weeks)
    return _load(guard, request_id)


@service("access_withhold", action="alter", needs_case=False, roles=_OFFICER)
def access_withhold(
    guard: Guard, *, request_id: str, reg_key: str, ground: str, reason: str
) -> AccessRequest:
    """Withhold one registration of the person from the answer on a Wpg 27(1) ground; the
    answer says it is withheld and on which ground (Wpg 27(2))."""
    req = _load(guard, request_id)
    if req.status != "open":
        raise Denied(f"access request {request_id} is already {req.status}")
    if ground not in ART27_GROUNDS:
        raise Denied(
            "withholding needs a ground of Wpg 27(1): "
            + ", ".join(f"{k} ({v})" for k, v in ART27_GROUNDS.items())
        )
    if len(reason.strip()) < 5:
        raise Denied("record why withholding is necessary and proportionate (Wpg 27(1))")
    if reg_key not in {r.reg_key for r in _registrations(guard, req)}:
        raise NotFound(f"registration {reg_key!r} is not in this person's report")
    guard.store.query(
        "DELETE FROM access_withholdings WHERE request_id = ? AND reg_key = ?",
        [request_id, reg_key],
    )
    guard.store.query(
        "INSERT INTO access_withholdings VALUES (?, ?, ?, ?, ?, ?)",
        [request_id, reg_key, ground, reason.strip(), guard.user.username, guard.now()],
    )
    guard.returned([reg_key])
    return req


# -- the report --------------------------------------------------------------------------
def _identifiers(rows: list[tuple[str, str, str]]) -> dict[str, dict[str, set[str]]]:
    """entity_key -> property -> cleaned values."""
    kinds = {"bsn": "bsn", "birthDate": "date"}
    out: dict[str, dict[str, set[str]]] = {}
    for key, prop, value in rows:
        cleaned = _clean(kinds.get(prop, "name"), value)
        if cleaned:
            out.setdefault(key, {}).setdefault(prop, set()).add(cleaned)
    return out


def _verdict(ids: dict[str, set[str]], req: AccessRequest, *, linked: bool = False) -> str | None:
    """Why this record is the person's, or None when it is not (or cannot be told). A record
    the approved model linked to the person's may differ in surname (a married name) but must
    agree on the BSN, or on first given name and birth date, and contradict neither."""
    bsn, dob = _clean("bsn", req.bsn), req.birth_date.isoformat()
    if ids.get("birthDate") and dob not in ids["birthDate"]:
        return None  # another birth date: a namesake
    if ids.get("bsn"):
        return "BSN" if bsn and ids["bsn"] == {bsn} else None  # another BSN: a twin, a namesake
    given = (_clean("name", req.given_name) or "").split(" ")[0]
    firsts = {g.split(" ")[0] for g in ids.get("givenName", set())}
    same_surname = linked or _clean("name", req.surname) in ids.get("surname", set())
    if ids.get("birthDate") and given in firsts and same_surname:
        return "given name, surname and birth date" if not linked else "given name and birth date"
    return None


def _registrations(guard: Guard, req: AccessRequest) -> list[HeldRegistration]:
    """The person's registrations: records whose own identifiers are hers, and records the
    approved model put in the same entity that agree with her and contradict nothing."""
    rel = guard.relations("privacy")
    person = "schema = 'Person' AND list_contains($props, prop)"
    seeds = rel.query(
        guard.store,
        f"""SELECT entity_key, prop, value FROM scoped_statements
        WHERE {person} AND entity_key IN (
            SELECT entity_key FROM scoped_statements
            WHERE schema = 'Person' AND ((prop = 'bsn' AND regexp_replace(value, '[^0-9]', '', 'g') = $bsn)
               OR (prop = 'surname' AND lower(trim(value)) = $surname)))""",
        {"props": list(_IDENT), "bsn": req.bsn, "surname": req.surname.strip().lower()},
    )
    matched = {k: why for k, ids in _identifiers(seeds).items() if (why := _verdict(ids, req))}
    # the resolved entities of the matched records: more records, each checked the same way
    members = rel.query(
        guard.store,
        f"""SELECT s.entity_key, s.prop, s.value, s.entity_id FROM scoped_statements s
        WHERE s.{person} AND s.entity_id IN (
            SELECT entity_id FROM entity_of WHERE list_contains($keys, entity_key))""",
        {"props": list(_IDENT), "keys": sorted(matched)},
    )
    ids_of = {k: eid for k, _, _, eid in members}
    for key, ids in _identifiers([(k, p, v) for k, p, v, _ in members]).items():
        if key not in matched and (why := _verdict(ids, req, linked=True)):
            matched[key] = f"linked by the approved resolution model; {why}"
    return _held(guard, req, sorted(matched), matched, ids_of)


def _report(guard: Guard, request_id: str, *, answer: bool = False) -> AccessReport:
    req = _load(guard, request_id)
    registrations = _registrations(guard, req)
    reg_keys = [r.reg_key for r in registrations]
    entity_ids = sorted({r.entity_id for r in registrations if r.entity_id})
    # the answer shows no withheld registration; the privacy desk's report shows them all
    guard.returned([r.reg_key for r in registrations if not (answer and r.withheld)])
    guard.note(request_id=request_id, registrations=len(reg_keys))
    return AccessReport(
        req,
        guard.now(),
        entity_ids,
        registrations,
        _comparisons(guard, entity_ids),
        _consultations(guard, reg_keys),
        _provisions(guard, reg_keys),
    )


@service("access_report", action="consult", needs_case=False, roles=_OFFICER)
def access_report(guard: Guard, *, request_id: str) -> AccessReport:
    """Everything held about the person of an access request: their registrations (their own
    values only) with article and term, the comparisons that hit them, the provisions that
    held them and who consulted their records when."""
    return _report(guard, request_id)


@service("access_report_disclose", action="disclose", needs_case=False, roles=_OFFICER)
def access_report_disclose(guard: Guard, *, request_id: str) -> AccessReport:
    """The answer to the requester (the PDF): the report with withheld registrations said as
    withheld with their ground; a `disclose` row names the registrations it shows."""
    return _report(guard, request_id, answer=True)


def _held(
    guard: Guard,
    req: AccessRequest,
    keys: list[str],
    why: dict[str, str],
    ids_of: dict[str, str],
) -> list[HeldRegistration]:
    if not keys:
        return []
    rel = guard.relations("privacy")
    links = sorted(ontology().links)
    rows = rel.query(
        guard.store,
        """SELECT s.reg_key, s.entity_key, s.prop, s.value,
                  r.source, r.registration_id, r.legal_basis, r.first_processed, r.level,
                  r.case_id, r.role, r.fact_judgement, r.reliability, r.stage, r.blocked,
                  list_contains($codes, r.confidentiality), r.covert,
                  (SELECT c.closed_at FROM cases c WHERE c.case_id = r.case_id),
                  t.schema AS target_schema, t.caption AS target_caption
        FROM scoped_statements s JOIN scoped_registrations r ON r.reg_key = s.reg_key
        LEFT JOIN (SELECT reg_key, entity_key, any_value(schema) AS schema,
                          string_agg(value, ' ' ORDER BY prop, value) AS caption
                   FROM scoped_statements WHERE NOT list_contains($links, prop)
                   GROUP BY ALL) t
          ON list_contains($links, s.prop) AND t.reg_key = s.reg_key AND t.entity_key = s.value
        WHERE list_contains($keys, s.entity_key)
        ORDER BY r.first_processed, s.reg_key, s.prop, s.value""",
        {"keys": keys, "links": links, "codes": list(guard.policy.confidential_codes)},
    )
    withheld = {
        k: Withholding(*w)
        for k, *w in guard.store.query(
            "SELECT reg_key, ground, reason, withheld_by, withheld_at FROM access_withholdings"
            " WHERE request_id = ?",
            [req.request_id],
        )
    }
    held: dict[str, HeldRegistration] = {}
    for row in rows:
        reg_key, key, prop, value = row[:4]
        closed, tschema, tcaption = row[17:]
        if reg_key not in held:
            fields = dict(zip(_REG_FIELDS, row[4:17], strict=True))
            held[reg_key] = HeldRegistration(
                reg_key=reg_key,
                **fields,
                how_matched=why[key],
                entity_id=ids_of.get(key),
                term=record_term(
                    guard.policy.bases[fields["legal_basis"]],
                    basis=fields["legal_basis"],
                    first_processed=fields["first_processed"],
                    case_closed=closed,
                ),
                withheld=withheld.get(reg_key),
            )
        if prop in links:
            # what the person is linked to; another person behind a link stays unnamed
            shown = "" if tschema in (None, "Person") else tcaption or ""
            held[reg_key].links.append((prop, tschema or "", shown))
        else:
            held[reg_key].values.append((prop, value))
    return list(held.values())


def _comparisons(guard: Guard, entity_ids: list[str]) -> list[ComparisonMention]:
    if not entity_ids:
        return []
    rows = guard.store.query(
        """SELECT c.comparison_id, c.case_id, c.username, c.created_at, h.hit_id, h.key_types,
                  h.model_version,
                  (SELECT e.event FROM consents e WHERE e.hit_id = h.hit_id
                   ORDER BY e.event_at DESC LIMIT 1),
                  list_intersect(h.entity_ids, $ids)
        FROM hits h JOIN comparisons c ON c.comparison_id = h.comparison_id
        WHERE list_has_any(h.entity_ids, $ids) ORDER BY c.created_at, h.hit_id""",
        {"ids": entity_ids},
    )
    return [ComparisonMention(*r) for r in rows]


def _consultations(guard: Guard, reg_keys: list[str]) -> list[Consultation]:
    """Audit rows whose returned records include the person's registrations (LAW-11)."""
    if not reg_keys:
        return []
    rows = guard.store.query(
        """SELECT seq, logged_at, username, case_id, action, service,
                  len(list_intersect(from_json(record_ids, '["VARCHAR"]'), $keys)),
                  list_sort(list_intersect(from_json(record_ids, '["VARCHAR"]'), $keys))
        FROM audit_log
        WHERE outcome = 'ok' AND list_has_any(from_json(record_ids, '["VARCHAR"]'), $keys)
        ORDER BY seq""",
        {"keys": reg_keys},
    )
    return [Consultation(*r) for r in rows]


def _provisions(guard: Guard, reg_keys: list[str]) -> list[ProvisionMention]:
    """Provisions to chain partners whose items came from the person's registrations."""
    if not reg_keys:
        return []
    rows = guard.store.query(
        """SELECT provision_id, organisation, recipient_kind, article, provided_at,
                  list_sort(list_intersect(reg_keys, $keys)), items
        FROM provisions WHERE list_has_any(reg_keys, $keys) ORDER BY provided_at, provision_id""",
        {"keys": reg_keys},
    )
    return [
        ProvisionMention(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            sorted({i["prop"] for i in json.loads(r[6]) if i["reg_key"] in reg_keys}),
        )
        for r in rows
    ]
