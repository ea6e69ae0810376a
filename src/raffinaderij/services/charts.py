"""Saved link charts (issue 10): a chart belongs to a case and is kept as its *recipe* — the
seed entity ids, the expansions and paths asked, the ids hidden or pinned, a title and the
layout positions — never as a copy of police data.

Opening a chart re-runs the recipe under the *reader's* guard: a seed the reader may not see
is left out exactly as a missing one (no placeholder, no count), an expansion or path runs only
from nodes the reader's own re-run put on the chart, and every link shown is a link the reader
may see now. So a chart saved by a level-3 author never shows a level-1 reader a node or link
resting only on level-3 registrations, and a chart saved last year never shows what has since
been destroyed, blocked or moved out of the case's scope. Exports (GraphML, GEXF) are made from
the same re-run answer."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from raffinaderij.errors import Denied, NotFound, RaffError
from raffinaderij.graph import LinkEdge, expand, fold, paths_between
from raffinaderij.graph.export import FORMATS, ExportEdge, ExportNode, write_chart
from raffinaderij.guard.session import Guard
from raffinaderij.services.graph import (
    MAX_HOPS,
    MAX_NODES,
    MAX_PATH_LENGTH,
    LinkFilter,
    Node,
    answer_edges,
    checked_types,
    edge_rows,
    link_filter,
    nodes_of,
    visible_ids,
)
from raffinaderij.services.registry import service
from raffinaderij.store.relation import Relations

__all__ = [
    "ChartSummary",
    "ChartView",
    "Recipe",
    "chart_delete",
    "chart_export",
    "chart_list",
    "chart_open",
    "chart_save",
]

MAX_STEPS = 200  # expansions and paths in one recipe
MAX_IDS = 2000  # ids named in one recipe


@dataclass(frozen=True)
class Step:
    """One expansion the author asked for: from these ids, along these link types (naming
    these roles, of registrations of these legal bases, processed from start to end)."""

    ids: list[str]
    link_types: list[str] | None = None
    hops: int = 1
    limit: int = 100
    roles: list[str] | None = None
    basis: list[int] | None = None
    start: str | None = None  # ISO day
    end: str | None = None

    def only(self) -> LinkFilter:
        return link_filter(self.roles, self.basis, self.start, self.end)


@dataclass(frozen=True)
class Recipe:
    seeds: list[str]
    expansions: list[Step] = field(default_factory=list)
    paths: list[tuple[str, str]] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    pinned: list[str] = field(default_factory=list)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)

    def ids(self) -> set[str]:
        return (
            set(self.seeds)
            | {i for s in self.expansions for i in s.ids}
            | {i for p in self.paths for i in p}
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "seeds": self.seeds,
                "expansions": [s.__dict__ for s in self.expansions],
                "paths": [list(p) for p in self.paths],
                "hidden": self.hidden,
                "pinned": self.pinned,
                "positions": {k: list(v) for k, v in self.positions.items()},
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Recipe:
        raw = json.loads(text)
        return recipe_of(
            raw["seeds"],
            raw.get("expansions"),
            raw.get("paths"),
            raw.get("hidden"),
            raw.get("pinned"),
            raw.get("positions"),
        )


@dataclass(frozen=True)
class ChartSummary:
    chart_id: str
    title: str
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class ChartView:
    """A saved chart as this reader's guard lets it be drawn now."""

    chart_id: str
    title: str
    created_by: str
    created_at: datetime
    nodes: list[Node]
    edges: list[LinkEdge]
    more: int = 0  # visible neighbours the recipe's expansions left out by their caps
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    pinned: list[str] = field(default_factory=list)


def _ids(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RaffError(f"{name} must be a list of entity ids")
    return list(dict.fromkeys(value))


def recipe_of(
    seeds: Any,
    expansions: Any = None,
    paths: Any = None,
    hidden: Any = None,
    pinned: Any = None,
    positions: Any = None,
) -> Recipe:
    """A recipe from plain values (a form, JSON), checked: known link types, hops 1 to 2,
    caps within the graph service's, at most MAX_STEPS steps and MAX_IDS ids."""
    steps: list[Step] = []
    for raw in expansions or []:
        if not isinstance(raw, dict):
            raise RaffError("an expansion is {ids, link_types, hops, limit}")
        hops, limit = int(raw.get("hops", 1)), int(raw.get("limit", 100))
        if not 1 <= hops <= MAX_HOPS:
            raise RaffError(f"hops must be 1 to {MAX_HOPS}")
        if not 1 <= limit <= MAX_NODES:
            raise RaffError(f"limit must be 1 to {MAX_NODES}")
        types = raw.get("link_types") or None
        only = link_filter(raw.get("roles"), raw.get("basis"), raw.get("start"), raw.get("end"))
        kept = only.recipe()
        steps.append(
            Step(
                _ids("an expansion's ids", raw.get("ids")),
                checked_types(types) if types else None,
                hops,
                limit,
                kept["roles"],
                kept["bases"],
                kept["start"],
                kept["end"],
            )
        )
    pairs: list[tuple[str, str]] = []
    for raw in paths or []:
        pair = _ids("a path", raw)
        if len(pair) != 2:
            raise RaffError("a path is two different entity ids")
        pairs.append((pair[0], pair[1]))
    places: dict[str, tuple[float, float]] = {}
    for key, xy in (positions or {}).items():
        if not (isinstance(xy, list | tuple) and len(xy) == 2):
            raise RaffError("a position is [x, y]")
        places[str(key)] = (round(float(xy[0]), 1), round(float(xy[1]), 1))
    recipe = Recipe(
        _ids("seeds", seeds),
        steps,
        pairs,
        _ids("hidden", hidden),
        _ids("pinned", pinned),
        places,
    )
    if not recipe.seeds:
        raise RaffError("a chart needs at least one seed entity")
    if len(steps) + len(pairs) > MAX_STEPS:
        raise RaffError(f"a chart keeps at most {MAX_STEPS} expansions and paths")
    named = recipe.ids() | set(recipe.hidden) | set(recipe.pinned) | set(places)
    if len(named) > MAX_IDS:
        raise RaffError(f"a chart names at most {MAX_IDS} entities")
    return recipe


def run_recipe(
    guard: Guard, rel: Relations, recipe: Recipe
) -> tuple[list[str], list[LinkEdge], int]:
    """(node ids, edges, n more) of a recipe under this guard. Seeds the reader cannot see are
    dropped like missing ones; each step runs only from nodes already on the re-run chart, so a
    hidden node can never be a starting point; the edges are every visible link among the
    nodes. Reads nothing the guard does not hand out; returns no caption (see `nodes_of`)."""
    on_chart = [s for s in recipe.seeds if s in visible_ids(guard, rel, recipe.seeds)]
    seen = set(on_chart)
    more = 0
    all_types = checked_types(None)

    def add(ids: Sequence[str]) -> None:
        for n in ids:
            if n not in seen:
                seen.add(n)
                on_chart.append(n)

    for step in recipe.expansions:
        start = [i for i in step.ids if i in seen]
        if not start:
            continue
        types = step.link_types or all_types
        found = expand(
            lambda ids, types=types, only=step.only(): edge_rows(guard, rel, types, ids, only),  # type: ignore[misc]
            start,
            hops=step.hops,
            cap=max(step.limit, len(start)),
        )
        add(found.nodes)
        more += found.more
    for a, b in recipe.paths:
        if a in seen and b in seen:
            paths, _ = paths_between(
                lambda ids: edge_rows(guard, rel, all_types, ids),
                a,
                b,
                k=1,
                max_length=MAX_PATH_LENGTH // 2,
            )
            for p in paths:
                add(p)
    hidden = set(recipe.hidden)
    nodes = [n for n in on_chart if n not in hidden]
    keep = set(nodes)
    rows = edge_rows(guard, rel, all_types, nodes) if nodes else []
    edges = [e for e in fold(rows) if e.source in keep and e.target in keep]
    return nodes, edges, more


def _load(guard: Guard, chart_id: str) -> tuple[Any, ...]:
    """(chart_id, title, recipe, created_by, created_at) of a chart of the active case; one of
    another case answers like a missing one."""
    case = guard.require_case()
    rows = guard.store.query(
        "SELECT chart_id, title, recipe, created_by, created_at FROM charts"
        " WHERE chart_id = ? AND case_id = ?",
        [chart_id, case.case_id],
    )
    if not rows:
        raise NotFound(f"no chart {chart_id!r} in this case")
    return rows[0]


@service("chart_save", action="alter", bulk=("expansions",))
def chart_save(
    guard: Guard,
    *,
    title: str,
    seeds: list[str],
    expansions: list[dict[str, Any]] | None = None,
    paths: list[list[str]] | None = None,
    hidden: list[str] | None = None,
    pinned: list[str] | None = None,
    positions: dict[str, list[float]] | None = None,
) -> ChartSummary:
    """Save a chart's recipe in the active case. Every id it starts from (seed, expanded, path
    end) must be one the author sees; nothing of what the chart shows is stored."""
    case = guard.require_case()
    title = (title or "").strip()
    if not 3 <= len(title) <= 200:
        raise RaffError("give the chart a title (3 to 200 characters)")
    recipe = recipe_of(seeds, expansions, paths, hidden, pinned, positions)
    rel = guard.relations("search")
    missing = sorted(recipe.ids() - visible_ids(guard, rel, recipe.ids()))
    if missing:
        raise NotFound(f"no entity {missing[0]!r} in this case's scope")
    chart_id, now = "c" + secrets.token_hex(10), guard.now()
    with guard.store.transaction() as tx:
        tx.execute(
            "INSERT INTO charts VALUES (?,?,?,?,?,?)",
            [chart_id, case.case_id, title, recipe.to_json(), guard.user.username, now],
        )
    guard.note(chart=chart_id, seeds=len(recipe.seeds), steps=len(recipe.expansions))
    return ChartSummary(chart_id, title, guard.user.username, now)


@service("chart_list", action="consult")
def chart_list(guard: Guard) -> list[ChartSummary]:
    """The saved charts of the active case, newest first (titles only: a chart holds no police
    data; what it shows is decided when it is opened)."""
    case = guard.require_case()
    rows = guard.store.query(
        "SELECT chart_id, title, created_by, created_at FROM charts WHERE case_id = ?"
        " ORDER BY created_at DESC, chart_id",
        [case.case_id],
    )
    return [ChartSummary(*r) for r in rows]


def _view(guard: Guard, chart_id: str) -> ChartView:
    row = _load(guard, chart_id)
    recipe = Recipe.from_json(row[2])
    rel = guard.relations("search")
    ids, edges, more = run_recipe(guard, rel, recipe)
    nodes = nodes_of(guard, rel, ids)
    shown = [nodes[i] for i in ids if i in nodes]
    keep = {n.id for n in shown}
    guard.note(chart=chart_id, nodes=len(shown), edges=len(edges), more=more)
    return ChartView(
        row[0],
        row[1],
        row[3],
        row[4],
        shown,
        answer_edges(guard, [e for e in edges if e.source in keep and e.target in keep]),
        more,
        {k: v for k, v in recipe.positions.items() if k in keep},
        [p for p in recipe.pinned if p in keep],
    )


@service("chart_open", action="consult")
def chart_open(guard: Guard, *, chart_id: str) -> ChartView:
    """A saved chart re-run under this reader's guard: what they may see now, and nothing that
    betrays what they may not."""
    return _view(guard, chart_id)


@service("chart_export", action="consult")
def chart_export(guard: Guard, *, chart_id: str, format: str = "graphml") -> str:
    """A saved chart as GraphML or GEXF, as this reader sees it (the same re-run as opening
    it): opaque ids, captions, types and link types; no registration key. It stays inside the
    police; the audit row names the registrations it exposed."""
    if format not in FORMATS:
        raise RaffError(f"unknown export format {format!r}; known: {', '.join(FORMATS)}")
    view = _view(guard, chart_id)
    return write_chart(
        format,
        view.title,
        [ExportNode(n.id, n.caption, n.schema, view.positions.get(n.id)) for n in view.nodes],
        [ExportEdge(e.source, e.target, e.link_type) for e in view.edges],
    )


@service("chart_delete", action="alter")
def chart_delete(guard: Guard, *, chart_id: str) -> str:
    """Delete a saved chart: its author or a lead of the case. (The audit log keeps who saved
    and who deleted it.)"""
    case = guard.require_case()
    row = _load(guard, chart_id)
    if row[3] != guard.user.username and case.members.get(guard.user.username) != "lead":
        raise Denied("only the author of a chart or a lead of the case deletes it")
    with guard.store.transaction() as tx:
        tx.execute("DELETE FROM charts WHERE chart_id = ?", [chart_id])
    return chart_id
