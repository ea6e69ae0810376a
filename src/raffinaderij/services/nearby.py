"""What lies near some entities, as a CTE over the guard's relations (issue 10): the timeline
and the map both start from it.

`near(about, key, role, reg_keys)` holds each asked entity's own keys, the other end of every
visible link of theirs (either direction), and one step further from an end reached by a link
type in `$via` along a link type in `$then` (a payment through an account the entity holds; an
address where an incident it was involved in took place). Only link statements in the scoped
relations are followed, so nothing hidden brings a key near; `reg_keys` are the registrations of
the links that brought it.

Parameters: `$ids` (asked entity ids), `$links` (every link type), `$via`, `$then`."""

from __future__ import annotations

__all__ = ["NEAR"]

NEAR = """asked AS (
    SELECT DISTINCT entity_key, entity_id AS about FROM scoped_statements
    WHERE list_contains($ids, entity_id)
),
hop AS (
    SELECT a.about, l.value AS key, l.prop, l.qualifier, l.reg_key
    FROM scoped_statements l JOIN asked a ON l.entity_key = a.entity_key
    WHERE list_contains($links, l.prop)
    UNION ALL
    SELECT a.about, l.entity_key, l.prop, l.qualifier, l.reg_key
    FROM scoped_statements l JOIN asked a ON l.value = a.entity_key
    WHERE list_contains($links, l.prop)
),
via_keys AS (
    SELECT h.about, e2.entity_key AS key, h.reg_key
    FROM hop h
    JOIN entity_of e1 ON e1.entity_key = h.key
    JOIN entity_of e2 ON e2.entity_id = e1.entity_id
    WHERE list_contains($via, h.prop)
),
near AS (
    SELECT about, entity_key AS key, NULL AS role, []::VARCHAR[] AS reg_keys FROM asked
    UNION ALL
    SELECT about, key, qualifier, [reg_key] FROM hop
    UNION ALL
    SELECT v.about, l.entity_key, NULL, [v.reg_key, l.reg_key]
    FROM scoped_statements l JOIN via_keys v ON l.value = v.key
    WHERE list_contains($then, l.prop)
    UNION ALL
    SELECT v.about, l.value, NULL, [v.reg_key, l.reg_key]
    FROM scoped_statements l JOIN via_keys v ON l.entity_key = v.key
    WHERE list_contains($then, l.prop)
)"""
