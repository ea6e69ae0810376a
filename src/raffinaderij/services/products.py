"""Information products (issue 11): an analyst's findings with every fact footnoted, per case.

Products never leave the police (LAW-12): no service here sends or exports one to anyone; a
download is a `disclose` audit row naming the police reader. A product holds no police data
of its own: a cited fact is (registration, entity, property, sha256 of the value) and is read
again, through the *reader's* guard, every time the product is shown, so a fact the reader may
no longer see (level, term, blocking, art. 14, destruction) is redacted with the reason, in
every rendering.

Lifecycle, append-only: draft -> review (submitted by the author) -> issued (by a second
person, not the author) -> actioned (a named human assessor and a rationale, LAW-10) or
withdrawn. An issued version never changes; `revise_product` starts a new version.
Level: the highest level of what the version cites (Bpg 2:11); only members of its case at
that level or higher open it. Hidden and missing products answer alike.
"""

from __future__ import annotations

import difflib
import json
import math
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from raffinaderij.errors import Denied, NotFound, RaffError
from raffinaderij.guard.session import Guard, load_user
from raffinaderij.guard.withheld import left_analysis, withheld
from raffinaderij.model.ontology import ontology
from raffinaderij.services import charts as charts_service
from raffinaderij.services import timeline as timeline_service
from raffinaderij.services.registry import service
from raffinaderij.services.search import caption_for
from raffinaderij.services.search import search as search_service
from raffinaderij.store.queries import link_types, special_pairs_sql

__all__ = [
    "Figure",
    "FigureEdge",
    "FigureNode",
    "Footnote",
    "ProductSummary",
    "ProductView",
    "Section",
    "add_finding",
    "cite_chart",
    "cite_entity",
    "cite_search",
    "cite_timeline",
    "create_product",
    "disclose_product",
    "list_products",
    "product_diff",
    "product_view",
    "record_action",
    "review_product",
    "revise_product",
    "submit_product",
    "withdraw_product",
]

STATES = ("draft", "review", "issued", "actioned", "withdrawn")
#: states whose version is immutable (a change makes a new version)
FROZEN = ("issued", "actioned", "withdrawn")


@dataclass(frozen=True)
class Footnote:
    """One cited fact as this reader may see it; `redacted` holds the reason when not."""

    no: int
    prop: str
    value: str | None
    reg_key: str | None
    source: str | None = None
    registration_id: str | None = None
    legal_basis: int | None = None
    first_processed: date | None = None
    reliability: str | None = None
    fact_judgement: str | None = None
    redacted: str | None = None  # 'destroyed' | 'removed' | 'not_authorised' | 'altered'
    row: str | None = None  # table sections: the row label
    #: a destroyed registration's fact keeps when and why ('term' | 'request'), nothing else
    destroyed_on: date | None = None
    destroyed_why: str | None = None


@dataclass(frozen=True)
class FigureNode:
    label: str  # "n1": the row label of its facts
    caption: str
    schema: str
    x: float
    y: float
    notes: list[int]


@dataclass(frozen=True)
class FigureEdge:
    label: str  # "e1"
    source: str  # node labels
    target: str
    link_type: str | None  # None when redacted for this reader
    notes: list[int]
    redacted: str | None = None


@dataclass(frozen=True)
class Figure:
    """A chart section's picture as this reader may see it: only nodes and links whose cited
    facts they may still see are drawn; a redacted link is listed as redacted, never drawn."""

    width: int
    height: int
    nodes: list[FigureNode]
    edges: list[FigureEdge]


@dataclass(frozen=True)
class Section:
    no: int
    kind: str  # 'finding' | 'entity' | 'table' | 'chart' | 'timeline'
    heading: str
    body: str | None = None
    judgement: bool = False
    entity_id: str | None = None  # the cited entity's id, when the reader sees any of it
    facts: list[Footnote] = field(default_factory=list)
    figure: Figure | None = None  # chart sections


@dataclass(frozen=True)
class ProductView:
    product_id: str
    version: int
    versions: int
    case_id: str
    title: str
    purpose: str
    author: str
    level: int
    state: str
    history: list[tuple[str, str, datetime, str | None, str | None]]
    sections: list[Section] = field(default_factory=list)
    redacted: int = 0
    #: the watermark on every rendered page: reader, time, case, product version
    reader: str = ""
    rendered_at: datetime | None = None
    #: products follow their sources: facts whose registration left analysis, per reason
    flags: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ProductSummary:
    product_id: str
    version: int
    title: str
    author: str
    level: int
    state: str
    created_at: datetime
    flags: dict[str, int] = field(default_factory=dict)  # as ProductView.flags


# -- loading, with the opening rule ---------------------------------------------------------
def _missing(product_id: str) -> NotFound:
    return NotFound(f"no product {product_id!r} in this case")


def _open(guard: Guard, product_id: str, version: int | None = None) -> tuple[Any, ...]:
    """(product_id, version, versions, case_id, title, purpose, author, level, state, created_at)
    of a product of the active case that this member's level opens; hidden answers like
    missing."""
    case = guard.require_case()
    rows = guard.store.query(
        """
        WITH v AS (
            SELECT pv.*, max(pv.version) OVER (PARTITION BY pv.product_id) AS versions
            FROM product_versions pv JOIN products p USING (product_id)
            WHERE pv.product_id = $pid AND p.case_id = $case
        )
        SELECT v.product_id, v.version, v.versions, $case, v.title, v.purpose, v.author, v.level,
               (SELECT e.state FROM product_events e
                WHERE e.product_id = v.product_id AND e.version = v.version
                ORDER BY e.event_no DESC LIMIT 1),
               v.created_at
        FROM v WHERE v.version = coalesce($version, v.versions)
        """,
        {"pid": product_id, "case": case.case_id, "version": version},
    )
    if not rows or rows[0][7] > guard.user.level:
        raise _missing(product_id)
    return rows[0]


def _event(
    guard: Guard,
    product_id: str,
    version: int,
    state: str,
    note: str | None = None,
    assessor: str | None = None,
    cur: Any = None,
) -> None:
    def write(tx: Any) -> None:
        n = tx.execute(
            "SELECT count(*) FROM product_events WHERE product_id = ? AND version = ?",
            [product_id, version],
        ).fetchone()
        tx.execute(
            "INSERT INTO product_events VALUES (?,?,?,?,?,?,?,?)",
            [
                product_id,
                version,
                (n[0] if n else 0) + 1,
                state,
                guard.user.username,
                guard.now(),
                note,
                assessor,
            ],
        )

    if cur is not None:
        write(cur)
    else:
        with guard.store.transaction() as tx:
            write(tx)


def _editable(guard: Guard, product_id: str) -> tuple[Any, ...]:
    """The latest version, if it is a draft and the caller wrote it."""
    row = _open(guard, product_id)
    if row[8] != "draft":
        raise Denied(
            f"version {row[1]} of this product is {row[8]}; only a draft changes"
            + (" (start a new version to change it)" if row[8] in FROZEN else "")
        )
    if row[6] != guard.user.username:
        raise Denied("only the author of this draft changes it")
    return row


def _next_section(guard: Guard, product_id: str, version: int) -> int:
    n = guard.store.query(
        "SELECT coalesce(max(section_no), 0) FROM product_sections WHERE product_id = ? AND version = ?",
        [product_id, version],
    )
    return int(n[0][0]) + 1


def _relevel(tx: Any, product_id: str, version: int) -> None:
    """Bpg 2:11: the product's level is the highest level of what it cites."""
    tx.execute(
        """UPDATE product_versions SET level = (
            SELECT coalesce(max(level), 1) FROM product_facts WHERE product_id = $pid AND version = $v)
        WHERE product_id = $pid AND version = $v""",
        {"pid": product_id, "v": version},
    )


def _new_id(prefix: str) -> str:
    return prefix + secrets.token_hex(10)


def _text(name: str, value: str, minimum: int = 3) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise RaffError(f"give a {name} (at least {minimum} characters)")
    return value


# -- composing ------------------------------------------------------------------------------
@service("create_product", action="alter")
def create_product(guard: Guard, *, title: str, purpose: str) -> ProductSummary:
    """Start an information product in the active case (a draft, version 1)."""
    case = guard.require_case()
    title, purpose = _text("title", title), _text("purpose", purpose)
    product_id, now = _new_id("p"), guard.now()
    with guard.store.transaction() as tx:
        tx.execute(
            "INSERT INTO products VALUES (?,?,?,?)",
            [product_id, case.case_id, guard.user.username, now],
        )
        tx.execute(
            "INSERT INTO product_versions VALUES (?,1,?,?,?,?,1)",
            [product_id, title, purpose, guard.user.username, now],
        )
        _event(guard, product_id, 1, "draft", cur=tx)
    return ProductSummary(product_id, 1, title, guard.user.username, 1, "draft", now)


@service("add_finding", action="alter")
def add_finding(
    guard: Guard, *, product_id: str, heading: str, text: str, judgement: bool = True
) -> int:
    """Add a written finding; an analyst's assessment is a judgement and stays marked so."""
    row = _editable(guard, product_id)
    no = _next_section(guard, product_id, row[1])
    with guard.store.transaction() as tx:
        tx.execute(
            "INSERT INTO product_sections VALUES (?,?,?,'finding',?,?,?,NULL)",
            [product_id, row[1], no, _text("heading", heading), _text("text", text), judgement],
        )
    return no


def _store_facts(
    guard: Guard,
    product_id: str,
    version: int,
    kind: str,
    heading: str,
    entity_id: str | None,
    facts: list[tuple[str, str, str, str, int, str | None]],
    layout: dict[str, Any] | None = None,
) -> int:
    """facts: (reg_key, entity_key, prop, value, level, row label); values are kept as hashes.
    `layout`: a chart section's positions and link ends, by row label only."""
    no = _next_section(guard, product_id, version)
    with guard.store.transaction() as tx:
        first = tx.execute(
            "SELECT coalesce(max(fact_no), 0) FROM product_facts WHERE product_id = ? AND version = ?",
            [product_id, version],
        ).fetchone()
        start = (first[0] if first else 0) + 1
        tx.execute(
            "INSERT INTO product_sections VALUES (?,?,?,?,?,NULL,false,?)",
            [product_id, version, no, kind, heading, entity_id],
        )
        tx.executemany(
            "INSERT INTO product_facts (product_id, version, section_no, fact_no, reg_key,"
            " entity_key, prop, value_hash, level, row_label)"
            " VALUES (?,?,?,?,?,?,?,sha256(?),?,?)",
            [
                [product_id, version, no, start + i, reg, ekey, prop, value, level, label]
                for i, (reg, ekey, prop, value, level, label) in enumerate(facts)
            ],
        )
        if layout is not None:
            tx.execute(
                "INSERT INTO product_layouts VALUES (?,?,?,?)",
                [product_id, version, no, json.dumps(layout, sort_keys=True)],
            )
        _relevel(tx, product_id, version)
    guard.returned({f[0] for f in facts})
    guard.note(facts=len(facts))
    return no


def _entity_facts(
    guard: Guard, entity_ids: list[str], props: list[str] | None
) -> list[tuple[str, str, str, str, int, str, str, str]]:
    """(reg_key, entity_key, prop, value, level, entity_id, schema, caption) of the entities'
    visible values in the search scope: no links, no special categories (LAW-09)."""
    rel = guard.relations("search")
    rows = rel.query(
        guard.store,
        f"""
        SELECT s.reg_key, s.entity_key, s.prop, s.value, s.level, s.entity_id, s.schema
        FROM scoped_statements s
        WHERE list_contains($eids, s.entity_id) AND NOT list_contains($links, s.prop)
          AND NOT {special_pairs_sql()}
          AND ($props IS NULL OR list_contains($props, s.prop))
        QUALIFY row_number() OVER (PARTITION BY s.reg_key, s.entity_key, s.prop, s.value) = 1
        ORDER BY s.entity_id, s.prop, s.value, s.reg_key
        """,
        {"eids": entity_ids, "links": list(link_types()), "props": props},
    )
    values: dict[str, dict[str, list[str]]] = {}
    schema_of: dict[str, str] = {}
    for row in rows:
        values.setdefault(row[5], {}).setdefault(row[2], []).append(row[3])
        schema_of[row[5]] = row[6]
    captions = {eid: caption_for(schema_of[eid], vals) for eid, vals in values.items()}
    return [(*row[:6], row[6], captions[row[5]]) for row in rows]


@service("cite_entity", action="alter")
def cite_entity(
    guard: Guard,
    *,
    product_id: str,
    entity_id: str,
    heading: str = "",
    props: list[str] | None = None,
) -> int:
    """Cite an entity: its visible values (or only `props`), each footnoted with its registration."""
    row = _editable(guard, product_id)
    facts = _entity_facts(guard, [entity_id], props or None)
    if not facts:
        raise NotFound(f"no entity {entity_id!r} in this case's scope")
    return _store_facts(
        guard,
        product_id,
        row[1],
        "entity",
        heading.strip(),
        entity_id,
        [(f[0], f[1], f[2], f[3], f[4], None) for f in facts],
    )


@service("cite_search", action="alter")
def cite_search(
    guard: Guard, *, product_id: str, q: str, heading: str = "", limit: int = 10
) -> int:
    """Cite a search as a table: one row per entity found, with the values that matched."""
    row = _editable(guard, product_id)
    result = search_service.__wrapped__(guard, q=q, limit=min(max(limit, 1), 100))  # type: ignore[attr-defined]
    order = [hit.entity_id for hit in result.hits]
    matched = {hit.entity_id: {p for p, _ in hit.matched} for hit in result.hits}
    facts = [
        f
        for f in _entity_facts(guard, order, None)
        if f[2] in matched[f[5]] or f[2] in _caption_props(f[6])
    ]
    if not facts:
        raise NotFound(f"the search {q!r} found nothing to cite in this case's scope")
    facts.sort(key=lambda f: (order.index(f[5]), f[2], f[3]))
    # the row label is the row's number, not a caption: a caption would be police data kept
    # outside its registration; for the same reason the default heading is not the query (often
    # a name), which no destruction of a registration could reach
    rows = {eid: n for n, eid in enumerate(dict.fromkeys(f[5] for f in facts), 1)}
    return _store_facts(
        guard,
        product_id,
        row[1],
        "table",
        heading.strip() or "Zoekresultaten",
        None,
        [(f[0], f[1], f[2], f[3], f[4], str(rows[f[5]])) for f in facts],
    )


#: the picture of a chart section (SVG user units)
FIGURE_WIDTH, FIGURE_HEIGHT, FIGURE_MARGIN = 640, 420, 40


def _figure_positions(
    ids: list[str], given: dict[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """Positions in the picture's box: the chart's own, scaled to fit; nodes without one on a
    circle around them."""
    missing = [i for i in ids if i not in given]
    placed = {i: given[i] for i in ids if i in given}
    for k, i in enumerate(missing):
        angle = 2 * math.pi * k / len(missing)
        placed[i] = (math.cos(angle) * 100, math.sin(angle) * 100)
    if not placed:
        return {}
    xs, ys = [p[0] for p in placed.values()], [p[1] for p in placed.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    scale = min(
        (FIGURE_WIDTH - 2 * FIGURE_MARGIN) / span_x, (FIGURE_HEIGHT - 2 * FIGURE_MARGIN) / span_y
    )
    return {
        i: (
            round(FIGURE_MARGIN + (x - min(xs)) * scale, 1),
            round(FIGURE_MARGIN + (y - min(ys)) * scale, 1),
        )
        for i, (x, y) in placed.items()
    }


@service("cite_chart", action="alter")
def cite_chart(guard: Guard, *, product_id: str, chart_id: str, heading: str = "") -> int:
    """Cite a saved chart: a snapshot, under the author's guard now, of its nodes (their
    caption values) and links (the link statements), each footnoted, with where each node
    stands. Rendered as a picture and a table of its links; a reader who has lost access to a
    node's or link's registrations sees it redacted."""
    row = _editable(guard, product_id)
    view = charts_service.chart_open.__wrapped__(guard, chart_id=chart_id)  # type: ignore[attr-defined]
    if not view.nodes:
        raise NotFound(f"the chart {chart_id!r} shows nothing to cite in this case's scope")
    label = {n.id: f"n{i}" for i, n in enumerate(view.nodes, 1)}
    ids = list(label)
    facts: list[tuple[str, str, str, str, int, str | None]] = []
    by_node: dict[str, list[tuple[str, str, str, str, int, str, str, str]]] = {}
    for f in _entity_facts(guard, ids, None):
        by_node.setdefault(f[5], []).append(f)
    for n in view.nodes:
        own = by_node.get(n.id, [])
        shown = [f for f in own if f[2] in _label_props(f[6])] or own[:3]
        facts += [(f[0], f[1], f[2], f[3], f[4], label[n.id]) for f in shown]
    edge_label = {(e.source, e.target, e.link_type): f"e{i}" for i, e in enumerate(view.edges, 1)}
    rel = guard.relations("search")
    links = rel.query(
        guard.store,
        """
        SELECT DISTINCT l.reg_key, l.entity_key, l.prop, l.value, l.level, l.entity_id, o.entity_id
        FROM scoped_statements l
        JOIN (SELECT DISTINCT entity_key, entity_id FROM scoped_statements
              WHERE list_contains($ids, entity_id) AND NOT list_contains($links, prop)) o
          ON o.entity_key = l.value
        WHERE list_contains($links, l.prop) AND list_contains($ids, l.entity_id)
        ORDER BY l.entity_id, o.entity_id, l.prop, l.reg_key
        """,
        {"ids": ids, "links": list(link_types())},
    )
    for reg, ekey, prop, value, level, src, dst in links:
        if (src, dst, prop) in edge_label:
            facts.append((reg, ekey, prop, value, level, edge_label[(src, dst, prop)]))
    layout = {
        "nodes": {label[i]: list(xy) for i, xy in _figure_positions(ids, view.positions).items()},
        "edges": {lab: [label[s], label[t]] for (s, t, _), lab in edge_label.items()},
    }
    return _store_facts(
        guard,
        product_id,
        row[1],
        "chart",
        heading.strip() or view.title,
        None,
        facts,
        layout,
    )


@service("cite_timeline", action="alter")
def cite_timeline(
    guard: Guard,
    *,
    product_id: str,
    entity_ids: list[str],
    heading: str = "",
    start: date | None = None,
    end: date | None = None,
    limit: int = 100,
) -> int:
    """Cite the timeline of some entities: one row per dated event (oldest first), each with
    the values that say what and when, footnoted with their registrations."""
    row = _editable(guard, product_id)
    answer = timeline_service.timeline.__wrapped__(  # type: ignore[attr-defined]
        guard, entity_ids=entity_ids, start=start, end=end, limit=min(max(limit, 1), 500)
    )
    wanted = {e.entity_id for e in answer.events}
    values = _entity_facts(guard, sorted(wanted), None)
    facts: list[tuple[str, str, str, str, int, str | None]] = []
    n = 0
    for event in answer.events:
        regs = set(event.reg_keys)
        cited = [
            f
            for f in values
            if f[5] == event.entity_id
            and f[0] in regs
            and (f[2] == "date" or f[2] in _label_props(f[6]))
        ]
        if cited:
            n += 1
            facts += [(f[0], f[1], f[2], f[3], f[4], str(n)) for f in cited]
    if not facts:
        raise NotFound("the timeline of these entities has no dated event to cite")
    return _store_facts(
        guard, product_id, row[1], "timeline", heading.strip() or "Tijdlijn", None, facts
    )


def _label_props(schema: str) -> set[str]:
    """Every property a caption of this type may show (a person's name parts too)."""
    props = set(ontology().objects[schema].caption_props)
    if schema == "Person":
        props |= {"roepnaam", "givenName", "initials", "surnamePrefix", "surname"}
    return props


def _caption_props(schema: str) -> set[str]:
    props = set(ontology().objects[schema].caption)
    if schema == "Person":
        props |= {"givenName", "surname", "surnamePrefix", "birthDate"}
    return props


# -- lifecycle ------------------------------------------------------------------------------
@service("submit_product", action="alter")
def submit_product(guard: Guard, *, product_id: str) -> str:
    """The author offers a draft for review by a second person."""
    row = _editable(guard, product_id)
    if not _next_section(guard, product_id, row[1]) > 1:
        raise RaffError("an empty product cannot be reviewed; add a finding or a citation first")
    _event(guard, product_id, row[1], "review")
    return "review"


@service("review_product", action="alter")
def review_product(guard: Guard, *, product_id: str, decision: str, note: str = "") -> str:
    """A second analyst or lead of the case, not the author, issues the product or returns it
    to draft with a note."""
    row = _open(guard, product_id)
    if row[8] != "review":
        raise Denied(f"version {row[1]} of this product is {row[8]}, not offered for review")
    if row[6] == guard.user.username:
        raise Denied("a second person reviews: you wrote this version yourself")
    if decision not in ("issue", "return"):
        raise RaffError("decide 'issue' or 'return'")
    if decision == "return":
        _event(guard, product_id, row[1], "draft", _text("note", note))
        return "draft"
    _event(guard, product_id, row[1], "issued", note.strip() or None)
    return "issued"


@service("record_action", action="alter")
def record_action(guard: Guard, *, product_id: str, assessor: str, rationale: str) -> str:
    """LAW-10: an issued product is 'actioned' only with a named human assessor and a rationale."""
    row = _open(guard, product_id)
    if row[8] != "issued":
        raise Denied(
            f"version {row[1]} of this product is {row[8]}; only an issued product is actioned"
        )
    if not (assessor or "").strip():
        raise Denied("name the human assessor who decided to act on this product")
    try:
        person = load_user(guard.store, assessor.strip())
    except NotFound:
        raise Denied(f"the assessor {assessor!r} is not a known user") from None
    _event(
        guard,
        product_id,
        row[1],
        "actioned",
        _text("rationale", rationale, 10),
        person.username,
    )
    return "actioned"


@service("withdraw_product", action="alter")
def withdraw_product(guard: Guard, *, product_id: str, reason: str) -> str:
    """The author or a lead of the case withdraws a version; it stays on record."""
    row = _open(guard, product_id)
    case = guard.require_case()
    if row[8] == "withdrawn":
        raise RaffError("this version is already withdrawn")
    if row[6] != guard.user.username and case.members.get(guard.user.username) != "lead":
        raise Denied("only the author or a lead of the case withdraws a product")
    _event(guard, product_id, row[1], "withdrawn", _text("reason", reason))
    return "withdrawn"


@service("revise_product", action="alter")
def revise_product(guard: Guard, *, product_id: str) -> int:
    """Start a new draft version from the latest issued one (an issued version never changes)."""
    row = _open(guard, product_id)
    if row[8] not in FROZEN:
        raise Denied(f"version {row[1]} is {row[8]}: change the draft itself")
    new = row[1] + 1
    params = {"pid": product_id, "v": row[1], "new": new}
    with guard.store.transaction() as tx:
        tx.execute(
            "INSERT INTO product_versions SELECT product_id, $new, title, purpose, $author, $now,"
            " level FROM product_versions WHERE product_id = $pid AND version = $v",
            params | {"author": guard.user.username, "now": guard.now()},
        )
        for table in ("product_sections", "product_facts", "product_layouts"):
            tx.execute(
                f"INSERT INTO {table} SELECT * REPLACE ($new AS version) FROM {table}"
                " WHERE product_id = $pid AND version = $v",
                params,
            )
        _event(guard, product_id, new, "draft", f"from version {row[1]}", cur=tx)
    return new


# -- reading --------------------------------------------------------------------------------
def _flags(guard: Guard, versions: list[tuple[str, int]]) -> dict[tuple[str, int], dict[str, int]]:
    """(product, version) -> {reason: facts} for the facts whose registration left analysis for
    every reader: 'destroyed' (redacted in the store) or 'removed' (art. 14 store, blocked).
    Whoever reads, such a product is flagged (issue 11: products follow their sources)."""
    if not versions:
        return {}
    rows = guard.store.query(
        "SELECT product_id, version, reg_key, destroyed_at IS NOT NULL FROM product_facts"
        " WHERE list_contains($pv, product_id || '#' || version)",
        {"pv": [f"{p}#{v}" for p, v in versions]},
    )
    gone = left_analysis(guard, [r[2] for r in rows if r[2] is not None])
    out: dict[tuple[str, int], dict[str, int]] = {}
    for pid, version, reg_key, destroyed in rows:
        reason = "destroyed" if destroyed else gone.get(reg_key)
        if reason:
            counts = out.setdefault((pid, version), {})
            counts[reason] = counts.get(reason, 0) + 1
    return out


def _render(guard: Guard, row: tuple[Any, ...]) -> ProductView:
    """Every cited fact re-read through the reader's guard; what they may not see is redacted."""
    product_id, version = row[0], row[1]
    sections = guard.store.query(
        "SELECT section_no, kind, heading, body, judgement FROM product_sections"
        " WHERE product_id = ? AND version = ? ORDER BY section_no",
        [product_id, version],
    )
    rel = guard.relations("search")
    facts = rel.query(
        guard.store,
        """
        SELECT f.section_no, f.fact_no, f.prop, f.reg_key, f.row_label,
               s.value, s.source, s.registration_id, s.legal_basis, s.first_processed,
               s.reliability, s.fact_judgement, s.entity_id, s.schema,
               CAST(f.destroyed_at AS DATE), f.destroyed_why
        FROM cited f
        LEFT JOIN scoped_statements s
          ON s.reg_key = f.reg_key AND s.entity_key = f.entity_key AND s.prop = f.prop
         AND sha256(s.value) = f.value_hash
        QUALIFY row_number() OVER (PARTITION BY f.fact_no ORDER BY s.entity_id) = 1
        ORDER BY f.fact_no
        """,
        {"pid": product_id, "v": version},
        "cited AS (SELECT * FROM product_facts WHERE product_id = $pid AND version = $v)",
    )
    hidden = [f[3] for f in facts if f[5] is None]
    reasons = withheld(guard, [k for k in hidden if k is not None])
    by_section: dict[int, list[Footnote]] = {}
    entity_of: dict[int, str] = {}
    values: dict[int, dict[str, list[str]]] = {}
    schema_of: dict[int, str] = {}
    shown: set[str] = set()
    for sec, no, prop, reg_key, label, value, *rest in facts:
        destroyed_on, why = rest[-2:]
        # a redacted link of a chart does not say what kind of link it was
        shown_prop = "" if label and label.startswith("e") and prop in link_types() else prop
        if destroyed_on is not None:  # redacted in the store when its registration was destroyed
            note = Footnote(
                no,
                shown_prop,
                None,
                None,
                redacted="destroyed",
                row=label,
                destroyed_on=destroyed_on,
                destroyed_why=why,
            )
        elif value is None:
            # the registration is readable but no longer states this value: altered at source
            note = Footnote(
                no, shown_prop, None, None, redacted=reasons.get(reg_key, "altered"), row=label
            )
        else:
            source, reg_id, basis, first, reliability, fj, eid, schema = rest[:8]
            if label and label.startswith("e") and prop in link_types():
                value = prop  # a link's value is its other end's record key: never shown
            note = Footnote(
                no, prop, value, reg_key, source, reg_id, basis, first, reliability, fj, None, label
            )
            shown.add(reg_key)
            entity_of.setdefault(sec, eid)
            schema_of.setdefault(sec, schema)
            values.setdefault(sec, {}).setdefault(prop, []).append(value)
        by_section.setdefault(sec, []).append(note)
    figures = _figures(guard, product_id, version, by_section, facts)
    out = []
    for no, kind, heading, body, judgement in sections:
        if kind == "entity" and not heading:
            heading = caption_for(schema_of[no], values[no]) if no in schema_of else "[redacted]"
        out.append(
            Section(
                no,
                kind,
                heading,
                body,
                bool(judgement),
                entity_of.get(no) if kind == "entity" else None,
                by_section.get(no, []),
                figures.get(no),
            )
        )
    history = guard.store.query(
        "SELECT state, username, event_at, note, assessor FROM product_events"
        " WHERE product_id = ? AND version = ? ORDER BY event_no",
        [product_id, version],
    )
    guard.returned(shown)
    guard.note(product=product_id, version=version, redacted=len(hidden))
    case = guard.require_case()
    return ProductView(
        product_id,
        version,
        row[2],
        case.case_id,
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        [tuple(h) for h in history],
        out,
        len(hidden),
        guard.user.display_name + f" ({guard.user.username})",
        guard.now(),
        _flags(guard, [(product_id, version)]).get((product_id, version), {}),
    )


@service("product_view", action="consult")
def product_view(guard: Guard, *, product_id: str, version: int | None = None) -> ProductView:
    """A product as this reader may see it (the workbench rendering), watermarked."""
    return _render(guard, _open(guard, product_id, version))


@service("disclose_product", action="disclose")
def disclose_product(guard: Guard, *, product_id: str, version: int | None = None) -> ProductView:
    """The product for a download (PDF) by a police reader: a `disclose` row names the reader.
    There is no recipient: a product never leaves the police (LAW-12)."""
    return _render(guard, _open(guard, product_id, version))


@service("list_products", action="consult")
def list_products(guard: Guard) -> list[ProductSummary]:
    """Products of the active case this member's level opens (latest version of each)."""
    case = guard.require_case()
    rows = guard.store.query(
        """
        SELECT v.product_id, v.version, v.title, v.author, v.level,
               (SELECT e.state FROM product_events e WHERE e.product_id = v.product_id
                AND e.version = v.version ORDER BY e.event_no DESC LIMIT 1), v.created_at
        FROM product_versions v JOIN products p USING (product_id)
        WHERE p.case_id = ? AND v.level <= ?
        QUALIFY v.version = max(v.version) OVER (PARTITION BY v.product_id)
        ORDER BY v.created_at DESC, v.product_id
        """,
        [case.case_id, guard.user.level],
    )
    flags = _flags(guard, [(r[0], r[1]) for r in rows])
    return [
        ProductSummary(r[0], r[1], r[2], r[3], r[4], r[5], r[6], flags.get((r[0], r[1]), {}))
        for r in rows
    ]


@service("product_diff", action="consult")
def product_diff(
    guard: Guard, *, product_id: str, from_version: int, to_version: int
) -> list[tuple[str, str]]:
    """What changed between two versions: ('+' | '-', line) of the rendered text, each version
    read under this reader's guard (redacted facts stay redacted)."""
    old = _lines(_render(guard, _open(guard, product_id, from_version)))
    new = _lines(_render(guard, _open(guard, product_id, to_version)))
    return [(line[0], line[2:]) for line in difflib.ndiff(old, new) if line[:1] in ("+", "-")]


def _figures(
    guard: Guard,
    product_id: str,
    version: int,
    by_section: dict[int, list[Footnote]],
    facts: list[tuple[Any, ...]],
) -> dict[int, Figure]:
    """The pictures of the chart sections, from their stored layout and the facts as this
    reader sees them: a node is drawn when one of its facts is visible, captioned from those
    only; a link when one of its facts is and both its ends are drawn."""
    layouts = guard.store.query(
        "SELECT section_no, layout FROM product_layouts WHERE product_id = ? AND version = ?",
        [product_id, version],
    )
    schema_of = {f[1]: f[13] for f in facts if f[5] is not None}
    out: dict[int, Figure] = {}
    for sec, text in layouts:
        layout = json.loads(text)
        notes: dict[str, list[Footnote]] = {}
        for note in by_section.get(sec, []):
            notes.setdefault(note.row or "", []).append(note)
        nodes = []
        for lab, (x, y) in layout["nodes"].items():
            seen = [f for f in notes.get(lab, []) if not f.redacted]
            if not seen:
                continue
            values: dict[str, list[str]] = {}
            for f in seen:
                values.setdefault(f.prop, []).append(f.value or "")
            schema = schema_of[seen[0].no]
            nodes.append(
                FigureNode(
                    lab, caption_for(schema, values), schema, x, y, [f.no for f in notes[lab]]
                )
            )
        drawn = {n.label for n in nodes}
        edges = []
        for lab, (a, b) in layout["edges"].items():
            own = notes.get(lab, [])
            seen = [f for f in own if not f.redacted]
            if seen and a in drawn and b in drawn:
                edges.append(FigureEdge(lab, a, b, seen[0].prop, [f.no for f in own]))
            else:
                reason = next((f.redacted for f in own if f.redacted), "not_authorised")
                edges.append(FigureEdge(lab, a, b, None, [f.no for f in own], reason))
        out[sec] = Figure(FIGURE_WIDTH, FIGURE_HEIGHT, nodes, edges)
    return out


def _lines(view: ProductView) -> list[str]:
    lines = [f"# {view.title}", view.purpose]
    for s in view.sections:
        lines.append(f"## {s.heading}" + (" [judgement]" if s.judgement else ""))
        if s.body:
            lines.append(s.body)
        for f in s.facts:
            lines.append(
                f"{f.prop}: [redacted: {f.redacted}]"
                if f.redacted
                else f"{f.prop}: {f.value} ({f.reg_key})"
            )
    return lines
