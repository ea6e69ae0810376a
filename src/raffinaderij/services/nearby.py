"""What lies near some entities, as a CTE over the guard's relations (issue 10): the timeline
and the map both start from it.

`near(about, key, role, reg_key)` holds each asked entity's own keys, the other end of every
visible link of theirs (either direction), and one step further from an end reached by a link
type in `$via` along a link type in `$then` (a payment through an account the entity holds; an
address where an incident it was involved in took place). Only link statements in the scoped
relations are followed, so nothing hidden brings a key near.

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
near AS (
    SELECT about, entity_key AS key, NULL AS role, NULL AS reg_key FROM asked
    UNION ALL
    SELECT about, key, qualifier, reg_key FROM hop
    UNION ALL
    SELECT h.about, l.entity_key, NULL, l.reg_key
    FROM scoped_statements l JOIN hop h ON l.value = h.key
    WHERE list_contains($via, h.prop) AND list_contains($then, l.prop)
    UNION ALL
    SELECT h.about, l.value, NULL, l.reg_key
    FROM scoped_statements l JOIN hop h ON l.entity_key = h.key
    WHERE list_contains($via, h.prop) AND list_contains($then, l.prop)
)"""
