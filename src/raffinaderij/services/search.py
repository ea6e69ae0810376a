"""Search over visible statements, grouped by resolved entity (LAW-03, LAW-06)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from raffinaderij.guard.session import Guard
from raffinaderij.model.ontology import ontology
from raffinaderij.services.registry import service
from raffinaderij.store.queries import entity_of_sql, link_types, special_pairs_sql

__all__ = ["SearchHit", "SearchResult", "caption_for", "search"]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class SearchHit:
    entity_id: str
    schema: str
    caption: str
    matched: list[tuple[str, str]]
    records: int


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def caption_for(schema: str, values: dict[str, list[str]]) -> str:
    """The label of an entity from its visible values, per the ontology's caption list."""
    if schema == "Person" and not values.get("fullName"):
        parts = [
            (values.get("roepnaam") or values.get("givenName") or values.get("initials") or [""])[
                0
            ],
            (values.get("surnamePrefix") or [""])[0],
            (values.get("surname") or [""])[0],
        ]
        name = " ".join(p for p in parts if p)
        if name:
            return name
    for prop in ontology().objects[schema].caption:
        if values.get(prop):
            return values[prop][0]
    return schema


@service("search", action="consult")
def search(guard: Guard, *, q: str, schema: str | None = None, limit: int = 50) -> SearchResult:
    """Find entities by name, plate, phone, postcode or any value, within the session's scope."""
    text = q.strip().lower()
    if len(text) < 2:
        return SearchResult(q, 0)
    predicate, params = guard.scope("search")
    join, entity = entity_of_sql(guard.store, "s.entity_key")
    params |= {
        "q_like": f"%{text}%",
        "q_alnum": _NON_ALNUM.sub("", text) or text,
        "links": list(link_types()),
    }
    schema_filter = ""
    if schema:
        schema_filter = "AND s.schema = $q_schema"
        params["q_schema"] = schema
    # One statement-level pass: the scope predicate is inside the query, so counts and
    # facets can only ever count what this user may see (LAW-06).
    sql = f"""
        WITH visible AS (
            SELECT {entity} AS entity_id, s.entity_key, s.schema, s.prop, s.value, s.reg_key,
                   r.source, r.legal_basis, year(r.first_processed) AS year
            FROM statements s JOIN registrations r ON r.reg_key = s.reg_key {join}
            WHERE {predicate} AND NOT list_contains($links, s.prop) AND NOT {special_pairs_sql()}
        ),
        matched AS (
            SELECT DISTINCT entity_id FROM visible s
            WHERE (lower(value) LIKE $q_like
                   OR regexp_replace(lower(value), '[^0-9a-z]+', '', 'g') = $q_alnum) {schema_filter}
        )
        SELECT v.entity_id, any_value(v.schema), list(DISTINCT v.prop || chr(31) || v.value),
               list(DISTINCT v.reg_key), list(DISTINCT v.source), list(DISTINCT v.legal_basis),
               list(DISTINCT v.year)
        FROM visible v JOIN matched USING (entity_id)
        GROUP BY v.entity_id ORDER BY v.entity_id
    """
    cur = guard.store.cursor()
    try:
        rows = cur.execute(sql, params).fetchall()
    finally:
        cur.close()
    facets: dict[str, dict[str, int]] = {"schema": {}, "source": {}, "basis": {}, "year": {}}
    hits: list[SearchHit] = []
    for entity_id, schema_name, pairs, reg_keys, sources, bases, years in rows:
        values: dict[str, list[str]] = {}
        for pair in sorted(pairs):
            prop, _, value = pair.partition("\x1f")
            values.setdefault(prop, []).append(value)
        matched = sorted(
            (p, v)
            for p, vs in values.items()
            for v in vs
            if text in v.lower() or _NON_ALNUM.sub("", v.lower()) == params["q_alnum"]
        )
        for name, keys in (
            ("schema", [schema_name]),
            ("source", sources),
            ("basis", bases),
            ("year", years),
        ):
            for k in keys:
                facets[name][str(k)] = facets[name].get(str(k), 0) + 1
        if len(hits) < limit:
            hits.append(
                SearchHit(
                    entity_id, schema_name, caption_for(schema_name, values), matched, len(reg_keys)
                )
            )
            guard.returned(reg_keys)
    return SearchResult(q, len(rows), hits, facets)
