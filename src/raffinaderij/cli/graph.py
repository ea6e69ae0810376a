"""`raff graph expand|path|central|communities`: thin — parse, call a graph service, print."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from raffinaderij.cli.resolve import _with_store
from raffinaderij.services import graph

__all__ = ["register"]


def _call(fn: Callable[..., Any], *names: str) -> Callable[[argparse.Namespace], Any]:
    """A handler passing these parsed arguments, by name, to a case-bound service."""
    return lambda a: _with_store(a, fn, with_case=True, **{n: getattr(a, n) for n in names})


def register(add: Callable[..., argparse.ArgumentParser], in_case: argparse.ArgumentParser) -> None:
    commands: list[tuple[str, Callable[..., Any], tuple[str, ...], str]] = [
        (
            "graph-expand",
            graph.graph_expand,
            ("entity_ids", "link_types", "hops", "limit"),
            "neighbours of entities, 1 or 2 hops out, capped with 'n more'",
        ),
        (
            "graph-path",
            graph.graph_path,
            ("source", "target", "k", "max_length", "link_types"),
            "shortest path (or the k shortest) between two entities",
        ),
        (
            "graph-central",
            graph.graph_central,
            ("link_types", "limit"),
            "the most central entities of the case's network",
        ),
        (
            "graph-communities",
            graph.graph_communities,
            ("link_types", "min_size", "limit", "seed"),
            "groups in the case's network (Leiden, deterministic seed)",
        ),
    ]
    parsers = {}
    for name, fn, names, help_ in commands:
        p = add(name, _call(fn, *names), help_, [in_case])
        p.add_argument(
            "--link-type",
            dest="link_types",
            action="append",
            default=None,
            help="only links of this type (repeatable; default: every type)",
        )
        parsers[name] = p
    p = parsers["graph-expand"]
    p.add_argument("entity_ids", nargs="+", metavar="ENTITY_ID")
    p.add_argument("--hops", type=int, default=1, choices=(1, 2))
    p.add_argument("--limit", type=int, default=100)
    p = parsers["graph-path"]
    p.add_argument("source")
    p.add_argument("target")
    p.add_argument("-k", type=int, default=1, help="how many shortest paths (default 1)")
    p.add_argument("--max-length", type=int, default=6, help="at most this many links")
    parsers["graph-central"].add_argument("--limit", type=int, default=25)
    p = parsers["graph-communities"]
    p.add_argument("--min-size", type=int, default=3)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--seed", type=int, default=1)
