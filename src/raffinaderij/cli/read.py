"""`raff search QUERY` and `raff entity ID`, within a case."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console

from raffinaderij.cli.context import call_service
from raffinaderij.cli.render import record_table, rows_table
from raffinaderij.services import entity as entity_service
from raffinaderij.services import search as search_service
from raffinaderij.services.entity import EntityView
from raffinaderij.services.search import SearchResult

__all__ = ["entity", "render_entity", "render_search", "search"]


def search(args: argparse.Namespace) -> Any:
    return call_service(args, search_service.search, with_case=True, q=args.query, limit=args.limit)


def entity(args: argparse.Namespace) -> Any:
    return call_service(args, entity_service.entity_view, with_case=True, entity_id=args.entity_id)


def render_search(result: SearchResult, console: Console) -> None:
    bound = "" if result.complete else "≥ "
    console.print(f"{bound}{result.total} entities for [bold]{result.query}[/]")
    rows = [
        {
            "entity_id": h.entity_id,
            "schema": h.schema,
            "caption": h.caption,
            "records": h.records,
            "matched": ", ".join(f"{prop}: {value}" for prop, value in h.matched),
        }
        for h in result.hits
    ]
    if rows:
        console.print(rows_table(rows))


def render_entity(view: EntityView, console: Console) -> None:
    console.print(
        record_table(
            {
                "entity": view.entity_id,
                "schema": view.schema,
                "caption": view.caption,
                "records": len(view.members),
                "special categories hidden": view.hidden_special or None,
            }
        )
    )
    # One row per value; its registration's provenance in the same row.
    values = [
        {
            "property": v.prop,
            "value": v.value,
            "source": v.source,
            "basis": f"art. {v.legal_basis}",
            "first processed": v.first_processed,
            "level": v.level,
            "reliability": v.reliability,
            "role": v.role,
            "fact/judgement": v.fact_judgement,
        }
        for v in view.values
    ]
    if values:
        console.print(rows_table(values, title="values"))
    links = [
        {
            "direction": link.direction,
            "link": link.link_type,
            "other": f"{link.other_caption} ({link.other_schema} {link.other_id})",
            "role": link.role,
        }
        for link in view.links
    ]
    if links:
        console.print(rows_table(links, title="links"))
    for m in view.matches:
        console.print(
            f"linked {m.left} ~ {m.right}: weight {m.match_weight:.1f},"
            f" p={m.match_probability:.3f} (model {m.model_version})"
        )
