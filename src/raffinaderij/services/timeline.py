"""The timeline (issue 10): dated events of some entities, a chart selection or the active case,
read through the guard.

An event is an incident or payment with a visible date that a visible link ties to an asked
entity (a payment also through an account the entity holds), an incident or payment asked for
itself, or a registration that states something about an asked entity (dated by its first
processing; vehicle checks apart). Every row comes from `scoped_statements`, so nothing hidden
shapes the answer: no event, count, first or last date rests on a record the reader may not
see, and an event whose only link or only date is hidden is simply absent."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from raffinaderij.errors import RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.model.ontology import ontology
from raffinaderij.services.graph import nodes_of
from raffinaderij.services.nearby import NEAR
from raffinaderij.services.registry import service
from raffinaderij.store.queries import link_types
from raffinaderij.store.relation import Relations

__all__ = ["DATED", "KINDS", "Event", "Timeline", "case_timeline", "timeline"]

#: Object types whose `date` property makes them an event, and the kind of event they are.
DATED = {"Incident": "incident", "Payment": "payment"}
#: Kinds of event, in the order the page's filters show them.
KINDS = ("incident", "payment", "check", "registration")
#: A registration obtained by a check (codes.yaml `acquisition`) is a vehicle or person check.
CHECK_ACQUISITION = "controle"
MAX_EVENTS = 2000
MAX_ASKED = 500


@dataclass(frozen=True)
class Event:
    date: str  # ISO date; a partial date ("2024-03") keeps its precision
    kind: str  # one of KINDS
    entity_id: str  # where a click leads: the incident, the payment, or the registration's subject
    schema: str
    caption: str
    about: list[str]  # the asked entities this event concerns (empty for the case)
    detail: str | None  # a role, an acquisition method
    reg_keys: list[str]


@dataclass(frozen=True)
class Timeline:
    events: list[Event]
    total: int  # visible events in the period and kinds (the answer holds at most `limit`)
    per_kind: dict[str, int] = field(default_factory=dict)  # visible events per kind, in the period
    first: str | None = None
    last: str | None = None


def _dated_schemas() -> list[str]:
    return [s for s in DATED if s in ontology().objects]


def _payment_links() -> list[str]:
    return sorted(n for n, lt in ontology().links.items() if lt.source == "Payment")


def _period(
    start: date | None, end: date | None
) -> tuple[str, str]:  # ISO bounds; a partial date falls in the period that holds its start
    if start and end and start > end:
        raise RaffError("the period's start lies after its end")
    return (start.isoformat() if start else "0000-00-00"), (
        end.isoformat() if end else "9999-99-99"
    )


def _kinds(kinds: list[str] | None) -> set[str]:
    if not kinds:
        return set(KINDS)
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise RaffError(f"unknown kind of event {unknown[0]!r}; known: {', '.join(KINDS)}")
    return set(kinds)


def _answer(
    guard: Guard,
    rel: Relations,
    dated: list[tuple[Any, ...]],
    regs: list[tuple[Any, ...]],
    *,
    kinds: set[str],
    limit: int,
) -> Timeline:
    """Events from dated entities (id, schema, day, about, role, reg_keys) and registrations
    (reg_key, day, acquisition, source, about); sorted, counted, capped, audited."""
    events: list[Event] = []
    for eid, schema, day, about, role, reg_keys in dated:
        events.append(
            Event(day, DATED[schema], eid, schema, "", sorted(about), role, sorted(reg_keys))
        )
    for reg_key, day, acquisition, source, about in regs:
        kind = "check" if acquisition == CHECK_ACQUISITION else "registration"
        subject = sorted(about)[0] if about else ""
        events.append(
            Event(day.isoformat(), kind, subject, "", source, sorted(about), acquisition, [reg_key])
        )
    per_kind = Counter(e.kind for e in events)
    chosen = sorted(
        (e for e in events if e.kind in kinds),
        key=lambda e: (e.date, KINDS.index(e.kind), e.entity_id, e.reg_keys),
    )
    total = len(chosen)
    shown = chosen[:limit]
    nodes = nodes_of(guard, rel, {e.entity_id for e in shown if e.entity_id})
    out = []
    for e in shown:
        node = nodes.get(e.entity_id)
        caption = f"{e.caption} · {e.reg_keys[0]}" if e.kind in ("check", "registration") else ""
        out.append(
            Event(
                e.date,
                e.kind,
                e.entity_id,
                node.schema if node else e.schema,
                caption or (node.caption if node else e.schema),
                e.about,
                e.detail,
                e.reg_keys,
            )
        )
    guard.returned(k for e in out for k in e.reg_keys)
    guard.note(events=len(out), total=total)
    return Timeline(
        out,
        total,
        {k: per_kind.get(k, 0) for k in KINDS},
        chosen[0].date if chosen else None,
        chosen[-1].date if chosen else None,
    )


def _check(limit: int) -> None:
    if not 1 <= limit <= MAX_EVENTS:
        raise RaffError(f"limit must be 1 to {MAX_EVENTS}")


@service("timeline", action="consult")
def timeline(
    guard: Guard,
    *,
    entity_ids: list[str],
    start: date | None = None,
    end: date | None = None,
    kinds: list[str] | None = None,
    limit: int = 500,
) -> Timeline:
    """Dated events of some entities (one entity, or a chart selection): incidents and payments
    they are visibly linked to, and the registrations that state something about them."""
    if not entity_ids:
        raise RaffError("give at least one entity id")
    if len(entity_ids) > MAX_ASKED:
        raise RaffError(f"at most {MAX_ASKED} entities at once")
    _check(limit)
    low, high = _period(start, end)
    wanted = _kinds(kinds)
    rel = guard.relations("search")
    ids = sorted(set(entity_ids))
    params = {
        "ids": ids,
        "links": list(link_types()),
        "via": ["holdsAccount"],
        "then": _payment_links() or [""],
        "schemas": _dated_schemas(),
        "low": low,
        "high": high,
    }
    dated = rel.query(
        guard.store,
        """SELECT d.entity_id, any_value(d.schema), left(d.value, 10) AS day,
                  list(DISTINCT n.about), min(n.role),
                  list_concat(list(DISTINCT d.reg_key),
                              list_distinct(flatten(list(n.reg_keys))))
           FROM near n
           JOIN entity_of eo ON eo.entity_key = n.key
           JOIN scoped_statements d ON d.entity_id = eo.entity_id
           WHERE d.prop = 'date' AND list_contains($schemas, d.schema)
             AND left(d.value, 10) >= left($low, length(left(d.value, 10)))
             AND left(d.value, 10) <= left($high, length(left(d.value, 10)))
           GROUP BY d.entity_id, day""",
        params,
        NEAR,
    )
    regs = rel.query(
        guard.store,
        """SELECT reg_key, any_value(first_processed), any_value(acquisition), any_value(source),
                  list(DISTINCT entity_id)
           FROM scoped_statements
           WHERE list_contains($ids, entity_id)
             AND CAST(first_processed AS VARCHAR) >= $low AND CAST(first_processed AS VARCHAR) <= $high
           GROUP BY reg_key""",
        {"ids": ids, "low": low, "high": high},
    )
    return _answer(guard, rel, dated, regs, kinds=wanted, limit=limit)


@service("case_timeline", action="consult")
def case_timeline(
    guard: Guard,
    *,
    start: date | None = None,
    end: date | None = None,
    kinds: list[str] | None = None,
    limit: int = 500,
) -> Timeline:
    """Dated events of the active case: its own registrations, and the incidents and payments
    they record with a date."""
    case = guard.require_case()
    _check(limit)
    low, high = _period(start, end)
    wanted = _kinds(kinds)
    rel = guard.relations("search")
    params = {"case": case.case_id, "schemas": _dated_schemas(), "low": low, "high": high}
    dated = rel.query(
        guard.store,
        """SELECT entity_id, any_value(schema), left(value, 10) AS day, []::VARCHAR[], NULL,
                  list(DISTINCT reg_key)
           FROM scoped_statements
           WHERE case_id = $case AND prop = 'date' AND list_contains($schemas, schema)
             AND left(value, 10) >= left($low, length(left(value, 10)))
             AND left(value, 10) <= left($high, length(left(value, 10)))
           GROUP BY entity_id, day""",
        params,
    )
    regs = rel.query(
        guard.store,
        """SELECT reg_key, any_value(first_processed), any_value(acquisition), any_value(source),
                  list(DISTINCT entity_id)
           FROM scoped_statements
           WHERE case_id = $case
             AND CAST(first_processed AS VARCHAR) >= $low AND CAST(first_processed AS VARCHAR) <= $high
           GROUP BY reg_key""",
        {"case": case.case_id, "low": low, "high": high},
    )
    return _answer(guard, rel, dated, regs, kinds=wanted, limit=limit)
