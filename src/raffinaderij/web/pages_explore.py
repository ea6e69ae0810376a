"""Workbench pages to explore what is linked, when and where (issue 10): the timeline and the
map of an entity, a chart selection or the active case. Thin — parse, call a service, render."""

from __future__ import annotations

import calendar
import json
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from raffinaderij.api.deps import get_guard
from raffinaderij.api.routes import plain
from raffinaderij.errors import RaffError
from raffinaderij.guard.session import Guard
from raffinaderij.services import charts, graph, places, timeline
from raffinaderij.web.pages import render

__all__ = ["router"]

router = APIRouter()


def _day(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise RaffError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _months(answer: timeline.Timeline, link: Any) -> list[dict[str, Any]]:
    """Visible events per month, each with the link that zooms into that month."""
    counts: dict[str, int] = {}
    for e in answer.events:
        counts[e.date[:7]] = counts.get(e.date[:7], 0) + 1
    top = max(counts.values(), default=1)
    out = []
    for month, n in sorted(counts.items()):
        year, mon = int(month[:4]), int(month[5:7]) if len(month) >= 7 else 1
        last = calendar.monthrange(year, mon)[1]
        out.append(
            {
                "month": month,
                "count": n,
                "width": round(100 * n / top),
                "zoom": link(start=f"{year:04d}-{mon:02d}-01", end=f"{year:04d}-{mon:02d}-{last}"),
            }
        )
    return out


def _timeline_page(
    request: Request,
    guard: Guard,
    *,
    ids: list[str],
    start: str,
    end: str,
    kinds: list[str],
    base: str,
) -> HTMLResponse:
    first, last = _day(start), _day(end)
    if ids:
        answer = timeline.timeline(
            guard, entity_ids=ids, start=first, end=last, kinds=kinds or None
        )
    else:
        answer = timeline.case_timeline(guard, start=first, end=last, kinds=kinds or None)

    def link(**over: Any) -> str:
        query: dict[str, Any] = {"start": start, "end": end, "kinds": kinds, **over}
        if base == "/timeline" and ids:
            query["ids"] = ids
        return base + "?" + urlencode({k: v for k, v in query.items() if v}, doseq=True)

    return render(
        request,
        "timeline.html",
        answer=answer,
        ids=ids,
        single=base != "/timeline",
        months=_months(answer, link),
        kinds=timeline.KINDS,
        chosen=set(kinds) or set(timeline.KINDS),
        start=start,
        end=end,
        base=base,
        zoom_out=link(start="", end=""),
    )


@router.get("/timeline", response_class=HTMLResponse)
def selection_timeline(
    request: Request,
    ids: list[str] = Query([]),
    start: str = "",
    end: str = "",
    kinds: list[str] = Query([]),
    guard: Guard = Depends(get_guard),
) -> HTMLResponse:
    """The timeline of a chart selection (`ids`), or of the active case without one."""
    return _timeline_page(
        request, guard, ids=ids, start=start, end=end, kinds=kinds, base="/timeline"
    )


@router.get("/timeline/{entity_id:path}", response_class=HTMLResponse)
def entity_timeline(
    request: Request,
    entity_id: str,
    start: str = "",
    end: str = "",
    kinds: list[str] = Query([]),
    guard: Guard = Depends(get_guard),
) -> HTMLResponse:
    """The timeline of one entity."""
    return _timeline_page(
        request,
        guard,
        ids=[entity_id],
        start=start,
        end=end,
        kinds=kinds,
        base=f"/timeline/{entity_id}",
    )


def _map_page(request: Request, guard: Guard, *, ids: list[str], single: bool) -> HTMLResponse:
    answer = places.entity_map(guard, entity_ids=ids) if ids else places.case_map(guard)
    return render(request, "map.html", answer=answer, ids=ids, single=single, data=plain(answer))


@router.get("/map", response_class=HTMLResponse)
def selection_map(
    request: Request, ids: list[str] = Query([]), guard: Guard = Depends(get_guard)
) -> HTMLResponse:
    """The map of a chart selection (`ids`), or of the active case without one."""
    return _map_page(request, guard, ids=ids, single=False)


@router.get("/map/{entity_id:path}", response_class=HTMLResponse)
def entity_map(request: Request, entity_id: str, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    """The map of one entity: its addresses and the places of its incidents."""
    return _map_page(request, guard, ids=[entity_id], single=True)


@router.get("/chart", response_class=HTMLResponse)
def selection_chart(
    request: Request, ids: list[str] = Query([]), guard: Guard = Depends(get_guard)
) -> HTMLResponse:
    """The chart of a selection (`ids`, e.g. the places on a map): those entities, marked, and
    their neighbours; the same guarded expansion as a chart opened on one entity."""
    if not ids:
        raise RaffError("choose at least one entity for the chart")
    seeds = list(dict.fromkeys(ids))
    answer = graph.graph_expand(guard, entity_ids=seeds)
    data = plain(answer) | {"seeds": seeds, "expansions": [{"ids": seeds}], "marked": seeds}
    return render(
        request,
        "chart.html",
        answer=answer,
        root=None,
        chart=None,
        selection=len(seeds),
        data=data,
        saved=charts.chart_list(guard),
    )


# -- saved charts ---------------------------------------------------------------------------
@router.post("/charts", response_model=None)
def save_chart(
    title: str = Form(""), recipe: str = Form("{}"), guard: Guard = Depends(get_guard)
) -> Response:
    """Save the chart on the page (its recipe, which the page's script fills in) in the case."""
    try:
        raw = json.loads(recipe)
    except ValueError:
        raise RaffError("the chart's recipe is not valid JSON") from None
    if not isinstance(raw, dict):
        raise RaffError("the chart's recipe is not valid JSON")
    fields = ("seeds", "expansions", "paths", "hidden", "pinned", "positions")
    made = charts.chart_save(guard, title=title, **{k: raw.get(k) for k in fields})
    return RedirectResponse(f"/charts/{made.chart_id}", status_code=303)


@router.get("/charts/{chart_id}", response_class=HTMLResponse)
def saved_chart(request: Request, chart_id: str, guard: Guard = Depends(get_guard)) -> HTMLResponse:
    """A saved chart, re-run under this reader's guard; it can be expanded and saved anew."""
    view = charts.chart_open(guard, chart_id=chart_id)
    data = plain(view) | {"seeds": [n.id for n in view.nodes]}
    return render(
        request,
        "chart.html",
        answer=view,
        root=None,
        chart=view,
        data=data,
        saved=charts.chart_list(guard),
    )
