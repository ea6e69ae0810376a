"""The entity page: every visible value with its registration (provenance per value)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from raffinaderij import resolve
from raffinaderij.errors import NotFound
from raffinaderij.guard.relations import Relations
from raffinaderij.guard.session import Guard
from raffinaderij.model.ontology import ontology
from raffinaderij.resolve.models import get_model
from raffinaderij.services.registry import service
from raffinaderij.services.search import caption_for
from raffinaderij.store.queries import link_types, special_pairs_sql

__all__ = [
    "Agreement",
    "BestValue",
    "EntityView",
    "LinkCount",
    "LinkRow",
    "MatchExplanation",
    "SourceCount",
    "Summary",
    "ValueRow",
    "entity_of_record",
    "entity_view",
    "split_consequence",
]


@dataclass(frozen=True)
class ValueRow:
    prop: str
    value: str
    entity_key: str
    reg_key: str
    source: str
    legal_basis: int
    first_processed: date
    level: int
    reliability: str
    role: str
    fact_judgement: str


@dataclass(frozen=True)
class LinkRow:
    direction: str  # 'out' | 'in'
    link_type: str
    other_id: str
    other_schema: str
    other_caption: str
    role: str | None
    reg_key: str


@dataclass(frozen=True)
class Agreement:
    """How one field of two records compared, in the model's own level label: `verdict` is
    'same' (the strictest level), 'similar' (a looser one) or 'different' (the else level, or
    a household conflict)."""

    comparison: str
    verdict: str
    label: str


@dataclass(frozen=True)
class MatchExplanation:
    """Why two records of this entity were linked: Splink's per-field match weights."""

    left: str
    right: str
    match_weight: float
    match_probability: float
    model_version: str
    fields: list[tuple[str, int, float]]  # (comparison, agreement level, weight contribution)
    agreements: list[Agreement] = field(default_factory=list)


@dataclass(frozen=True)
class BestValue:
    """The value of a property most registrations state (then the most reliable, the newest)."""

    prop: str
    value: str
    registrations: int  # registrations stating this value
    others: int  # other values of this property


@dataclass(frozen=True)
class SourceCount:
    source: str
    legal_basis: int
    registrations: int


@dataclass(frozen=True)
class LinkCount:
    link_type: str
    direction: str  # 'out' | 'in'
    entities: int  # distinct entities at the other end


@dataclass(frozen=True)
class Summary:
    """The entity at a glance, from its visible values and links only (the summary card)."""

    best: list[BestValue] = field(default_factory=list)
    sources: list[SourceCount] = field(default_factory=list)
    first_seen: date | None = None
    last_seen: date | None = None
    links: list[LinkCount] = field(default_factory=list)


@dataclass(frozen=True)
class EntityView:
    entity_id: str
    schema: str
    caption: str
    members: list[str]
    values: list[ValueRow] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    hidden_special: int = 0
    matches: list[MatchExplanation] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)


#: Reliability codes (codes.yaml), most reliable first: a tie between values goes to the better.
_RELIABILITY = {"A": 0, "B": 1, "C": 2, "D": 3}


def _rank(value: str, rows: list[ValueRow]) -> tuple[int, int, int, str]:
    """Most registrations first, then the most reliable, then the newest."""
    return (
        -len({r.reg_key for r in rows}),
        min(_RELIABILITY.get(r.reliability, 9) for r in rows),
        -max(r.first_processed.toordinal() for r in rows),
        value,
    )


def summarise(schema: str, values: list[ValueRow], links: list[LinkRow]) -> Summary:
    """The summary card: the best value per property, registrations per source and basis,
    first and last seen, links per type and direction."""
    by_prop: dict[str, dict[str, list[ValueRow]]] = {}
    for v in values:
        by_prop.setdefault(v.prop, {}).setdefault(v.value, []).append(v)
    order = list(ontology().objects[schema].properties) if schema in ontology().objects else []
    best = []
    for prop in sorted(by_prop, key=lambda p: (order.index(p) if p in order else len(order), p)):
        candidates = by_prop[prop]
        value = min(candidates, key=lambda v: _rank(v, candidates[v]))
        regs = len({r.reg_key for r in candidates[value]})
        best.append(BestValue(prop, value, regs, len(candidates) - 1))
    per_source: dict[tuple[str, int], set[str]] = {}
    for v in values:
        per_source.setdefault((v.source, v.legal_basis), set()).add(v.reg_key)
    link_ends: dict[tuple[str, str], set[str]] = {}
    for lk in links:
        link_ends.setdefault((lk.link_type, lk.direction), set()).add(lk.other_id)
    days = [v.first_processed for v in values]
    return Summary(
        best,
        [SourceCount(src, basis, len(regs)) for (src, basis), regs in sorted(per_source.items())],
        min(days, default=None),
        max(days, default=None),
        [
            LinkCount(lt, direction, len(ends))
            for (lt, direction), ends in sorted(
                link_ends.items(), key=lambda kv: (-len(kv[1]), kv[0])
            )
        ],
    )


@service("entity_view", action="consult")
def entity_view(guard: Guard, *, entity_id: str) -> EntityView:
    """One entity with its visible values and links; invisible and absent look alike (404)."""
    return read_entity(guard, guard.relations("search"), entity_id)


@service("entity_of_record", action="consult")
def entity_of_record(guard: Guard, *, entity_key: str) -> str:
    """The entity id a visible record belongs to now (after a review decision, say)."""
    rows = guard.relations("search").query(
        guard.store,
        "SELECT DISTINCT entity_id, reg_key FROM scoped_statements WHERE entity_key = $k",
        {"k": entity_key},
    )
    if not rows:
        raise NotFound(f"no record {entity_key!r} in this case's scope")
    guard.returned(r[1] for r in rows)
    return str(rows[0][0])


def read_entity(guard: Guard, rel: Relations, entity_id: str) -> EntityView:
    """An entity as the given relations show it (search scope for the entity page, a hit's
    compare scope after consent): values, links both ways, and explanations."""
    rows = rel.query(
        guard.store,
        f"""
        SELECT s.prop, s.value, s.entity_key, s.reg_key, s.source, s.legal_basis,
               s.first_processed, s.level, s.reliability, s.role, s.fact_judgement, s.schema,
               {special_pairs_sql()} AS special
        FROM scoped_statements s
        WHERE s.entity_id = $eid
        ORDER BY s.prop, s.value, s.reg_key
        """,
        {"eid": entity_id},
    )
    if not rows:
        raise NotFound(f"no entity {entity_id!r} in this case's scope")
    links = set(link_types())
    # One row per (property, value, registration): a registration that names the same
    # person twice (keeper and driver) still states each value once.
    seen: set[tuple[str, str, str]] = set()
    values = []
    for row in rows:
        if row[0] in links or row[12] or (row[0], row[1], row[3]) in seen:
            continue
        seen.add((row[0], row[1], row[3]))
        values.append(ValueRow(*row[:11]))
    hidden = sum(1 for row in rows if row[12])
    schema = rows[0][11]
    members = sorted({row[2] for row in rows})
    # Links both ways, each end visible on its own (a link is a statement with provenance).
    link_rows = rel.query(
        guard.store,
        """
        SELECT e.direction, e.prop, o.entity_id AS other_id, any_value(o.schema),
               list(DISTINCT o.prop || chr(31) || o.value), any_value(e.qualifier), min(e.reg_key),
               list(DISTINCT o.reg_key)
        FROM edges e
        JOIN scoped_statements o ON o.entity_key = e.other_key
        WHERE NOT list_contains($links, o.prop)
        GROUP BY e.direction, e.prop, o.entity_id ORDER BY e.prop, other_id
        """,
        {"members": members, "links": sorted(links)},
        """edges AS (
            SELECT 'out' AS direction, s.prop, s.value AS other_key, s.qualifier, s.reg_key
            FROM scoped_statements s
            WHERE list_contains($members, s.entity_key) AND list_contains($links, s.prop)
            UNION ALL
            SELECT 'in', s.prop, s.entity_key, s.qualifier, s.reg_key
            FROM scoped_statements s
            WHERE list_contains($members, s.value) AND list_contains($links, s.prop)
        )""",
    )
    own: dict[str, list[str]] = {}
    for v in values:
        own.setdefault(v.prop, []).append(v.value)
    link_list = []
    shown_regs: set[str] = set()
    for direction, prop, other_id, other_schema, pairs, role, reg_key, other_regs in link_rows:
        ovals: dict[str, list[str]] = {}
        for pair in sorted(pairs):
            p, _, val = pair.partition("\x1f")
            ovals.setdefault(p, []).append(val)
        shown_regs.update(other_regs)  # the other end's caption rests on these
        link_list.append(
            LinkRow(
                direction,
                prop,
                other_id,
                other_schema,
                caption_for(other_schema, ovals),
                role,
                reg_key,
            )
        )
    explanations = _explanations(guard, rel, members)
    guard.returned({v.reg_key for v in values} | {lk.reg_key for lk in link_list} | shown_regs)
    return EntityView(
        entity_id,
        schema,
        caption_for(schema, own),
        members,
        values,
        link_list,
        hidden,
        explanations,
        summarise(schema, values, link_list),
    )


def _explanations(guard: Guard, rel: Relations, members: list[str]) -> list[MatchExplanation]:
    """Linked pairs among members whose every statement this session may see: what a pair's
    score rests on was derived from whole records, so a member with anything hidden is left
    out (issue 9: an explanation never discloses a value the reader may not search)."""
    if len(members) < 2:
        return []
    rows = rel.query(
        guard.store,
        "SELECT left_key, right_key, match_weight, match_probability, model_version, contributions"
        " FROM scoped_pairs WHERE linked AND list_contains($m, left_key)"
        " AND list_contains($m, right_key)"
        " ORDER BY match_weight DESC, left_key, right_key LIMIT 50",
        {"m": members},
    )
    out = []
    levels: dict[str, dict[str, list[str]]] = {}
    for left, right, weight, probability, version, contributions in rows:
        fields = [
            (name, int(level), float(w))
            for name, (level, w) in sorted(json.loads(contributions).items())
            if int(level) >= 0  # -1: a value was missing on one side; it contributed nothing
        ]
        if version not in levels:
            levels[version] = _level_labels(guard, version)
        agreements = [
            a
            for name, level, _ in fields
            if (a := _agreement(name, level, levels[version].get(name, []))) is not None
        ]
        out.append(
            MatchExplanation(
                left, right, float(weight), float(probability), version, fields, agreements
            )
        )
    return out


def _level_labels(guard: Guard, version: str) -> dict[str, list[str]]:
    """Per comparison, its non-null level labels from the strictest down (gamma counts up from
    the last of them, Splink's convention; see resolve/explain.py)."""
    settings = get_model(guard.store, version).settings
    return {
        comp["output_column_name"]: [
            lv.get("label_for_charts", "")
            for lv in comp["comparison_levels"]
            if not lv.get("is_null_level")
        ]
        for comp in settings["comparisons"]
    }


def _agreement(name: str, level: int, labels: list[str]) -> Agreement | None:
    if level >= len(labels):
        return None
    label = labels[len(labels) - 1 - level]
    if name == "household":  # level 0 is "no conflict": nothing to say; the others are conflicts
        return Agreement(name, "different", label) if level > 0 else None
    if level == 0:
        return Agreement(name, "different", label)
    return Agreement(name, "same" if level == len(labels) - 1 else "similar", label)


@service("split_consequence", action="consult")
def split_consequence(guard: Guard, *, entity_id: str, left: str, right: str) -> list[str]:
    """The visible members that would leave this entity if the pair were split, worked out as
    the re-clustering will do it (every link and decision the clustering uses, not only the
    pairs on the page); the entity id follows the largest part. Empty when other links still
    hold the records together."""
    view = read_entity(guard, guard.relations("search"), entity_id)
    if left not in view.members or right not in view.members:
        raise NotFound(f"no pair {left!r}, {right!r} in entity {entity_id!r}")
    groups = resolve.split_preview(guard.store, guard.relations("analysis"), entity_id, left, right)
    stays = set(groups[0]) if groups else set(view.members)
    leaving = sorted(m for m in view.members if m not in stays)
    guard.returned(v.reg_key for v in view.values if v.entity_key in leaving)
    return leaving
