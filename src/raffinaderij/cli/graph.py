"""`raff graph expand|path|central|communities|cooccur|connect`, `raff chart list|open|export`, `raff timeline`,
`raff map`: thin — parse, call a service of the explore surface, print."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from raffinaderij.cli.context import call_service
from raffinaderij.cli.products import write_file
from raffinaderij.services import charts, cooccurrence, graph
from raffinaderij.services import places as places_service
from raffinaderij.services import timeline as timelines

__all__ = [
    "central",
    "chart_export",
    "chart_list",
    "chart_open",
    "communities",
    "connect",
    "cooccur",
    "expand",
    "path",
    "places",
    "timeline",
]


def _call(args: argparse.Namespace, fn: Callable[..., Any], *names: str) -> Any:
    """Pass these parsed arguments, by name, to a case-bound graph service."""
    return call_service(args, fn, with_case=True, **{n: getattr(args, n) for n in names})


def expand(args: argparse.Namespace) -> Any:
    return _call(
        args,
        graph.graph_expand,
        *("entity_ids", "link_types", "hops", "limit", "roles", "basis", "start", "end"),
    )


def path(args: argparse.Namespace) -> Any:
    return _call(args, graph.graph_path, "source", "target", "k", "max_length", "link_types")


def central(args: argparse.Namespace) -> Any:
    return _call(args, graph.graph_central, "link_types", "limit")


def communities(args: argparse.Namespace) -> Any:
    return _call(
        args, graph.graph_communities, "link_types", "min_size", "limit", "seed", "persons"
    )


def cooccur(args: argparse.Namespace) -> Any:
    return _call(args, cooccurrence.graph_cooccurrence, "entity_ids", "link_types", "limit")


def connect(args: argparse.Namespace) -> Any:
    return _call(args, cooccurrence.graph_connect, "entity_ids", "max_length", "link_types")


def timeline(args: argparse.Namespace) -> Any:
    """Of the entities named, else of the active case."""
    if args.entity_ids:
        return _call(args, timelines.timeline, "entity_ids", "start", "end", "kinds", "limit")
    return _call(args, timelines.case_timeline, "start", "end", "kinds", "limit")


def places(args: argparse.Namespace) -> Any:
    """Of the entities named, else of the active case."""
    if args.entity_ids:
        return _call(args, places_service.entity_map, "entity_ids", "limit")
    return _call(args, places_service.case_map, "limit")


def chart_list(args: argparse.Namespace) -> Any:
    return _call(args, charts.chart_list)


def chart_open(args: argparse.Namespace) -> Any:
    """The saved chart re-run under your own access."""
    return _call(args, charts.chart_open, "chart_id")


def chart_export(args: argparse.Namespace) -> Any:
    """GraphML or GEXF of the chart as you see it, to --out (or printed without it)."""
    text = _call(args, charts.chart_export, "chart_id", "format")
    if args.out:
        return write_file(args.out, text.encode("utf-8"))
    return text
