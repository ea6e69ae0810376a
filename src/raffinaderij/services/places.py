"""The map (issue 10): addresses and incident places with coordinates, of some entities, a chart
selection or the active case, read through the guard.

A place is an address or incident with a visible latitude and longitude from one registration,
that is asked for itself, visibly linked to an asked entity, or the address where a visibly
linked incident took place. Nothing hidden shapes the answer: a place whose coordinates or whose
only link rests on a record the reader may not see is absent, and is not counted."""

from __future__ import annotations

from dataclasses import dataclass

from raffinaderij.errors import RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.services.graph import nodes_of
from raffinaderij.services.nearby import NEAR
from raffinaderij.services.registry import service
from raffinaderij.store.queries import link_types
from raffinaderij.store.relation import Relations

__all__ = ["MAPPED", "MapAnswer", "Place", "case_map", "entity_map"]

#: Object types that can stand on the map (each has `latitude` and `longitude` properties).
MAPPED = ("Address", "Incident")
MAX_PLACES = 5000
MAX_ASKED = 500


@dataclass(frozen=True)
class Place:
    entity_id: str
    schema: str
    caption: str
    lat: float
    lon: float
    about: list[str]  # the asked entities this place concerns (empty for the case)
    reg_keys: list[str]


@dataclass(frozen=True)
class MapAnswer:
    places: list[Place]
    total: int  # visible places with coordinates (the answer holds at most `limit`)


# One coordinate pair per (entity, registration): a pair is never mixed from two records.
_COORDS = """coords AS (
    SELECT entity_id, any_value(schema) AS schema, reg_key,
           max(TRY_CAST(value AS DOUBLE)) FILTER (prop = 'latitude') AS lat,
           max(TRY_CAST(value AS DOUBLE)) FILTER (prop = 'longitude') AS lon
    FROM scoped_statements
    WHERE list_contains(['latitude', 'longitude'], prop) AND list_contains($mapped, schema)
    GROUP BY entity_id, reg_key
    HAVING lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180
)"""


def _answer(guard: Guard, rel: Relations, rows: list[tuple[object, ...]], limit: int) -> MapAnswer:
    ordered = sorted(rows, key=lambda r: str(r[0]))
    shown = ordered[:limit]
    nodes = nodes_of(guard, rel, [str(r[0]) for r in shown])
    places = [
        Place(
            str(eid),
            str(schema),
            nodes[str(eid)].caption if str(eid) in nodes else str(schema),
            round(float(lat), 6),  # type: ignore[arg-type]
            round(float(lon), 6),  # type: ignore[arg-type]
            sorted(about),  # type: ignore[call-overload]
            sorted(keys),  # type: ignore[call-overload]
        )
        for eid, schema, lat, lon, about, keys in shown
    ]
    guard.returned(k for p in places for k in p.reg_keys)
    guard.note(places=len(places), total=len(ordered))
    return MapAnswer(places, len(ordered))


def _check(limit: int) -> None:
    if not 1 <= limit <= MAX_PLACES:
        raise RaffError(f"limit must be 1 to {MAX_PLACES}")


@service("entity_map", action="consult")
def entity_map(guard: Guard, *, entity_ids: list[str], limit: int = 1000) -> MapAnswer:
    """Addresses and incident places with coordinates of some entities (one, or a chart
    selection): the entities themselves, what they are visibly linked to, and where a linked
    incident took place."""
    if not entity_ids:
        raise RaffError("give at least one entity id")
    if len(entity_ids) > MAX_ASKED:
        raise RaffError(f"at most {MAX_ASKED} entities at once")
    _check(limit)
    rel = guard.relations("search")
    rows = rel.query(
        guard.store,
        """SELECT c.entity_id, any_value(c.schema), arg_min(c.lat, c.reg_key),
                  arg_min(c.lon, c.reg_key), list(DISTINCT n.about),
                  list_concat([min(c.reg_key)],
                              list_distinct(flatten(list(n.reg_keys))))
           FROM near n
           JOIN entity_of eo ON eo.entity_key = n.key
           JOIN coords c ON c.entity_id = eo.entity_id
           GROUP BY c.entity_id""",
        {
            "ids": sorted(set(entity_ids)),
            "links": list(link_types()),
            "via": ["involvedIn", "vehicleInvolved"],
            "then": ["locatedAt"],
            "mapped": list(MAPPED),
        },
        NEAR,
        _COORDS,
    )
    return _answer(guard, rel, rows, limit)


@service("case_map", action="consult")
def case_map(guard: Guard, *, limit: int = 1000) -> MapAnswer:
    """Addresses and incident places with coordinates in the active case's own registrations."""
    case = guard.require_case()
    _check(limit)
    rel = guard.relations("search")
    rows = rel.query(
        guard.store,
        """SELECT c.entity_id, any_value(c.schema), arg_min(c.lat, c.reg_key),
                  arg_min(c.lon, c.reg_key), []::VARCHAR[], [min(c.reg_key)]
           FROM coords c JOIN scoped_registrations r ON r.reg_key = c.reg_key
           WHERE r.case_id = $case
           GROUP BY c.entity_id""",
        {"case": case.case_id, "mapped": list(MAPPED)},
        _COORDS,
    )
    return _answer(guard, rel, rows, limit)
