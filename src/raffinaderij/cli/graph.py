"""`raff graph expand|path|central|communities`: thin — parse, call a graph service, print."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from raffinaderij.cli.resolve import _with_store
from raffinaderij.services import graph

__all__ = ["register"]


def _types(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--link-type",
        dest="link_types",
        action="append",
        default=None,
        help="only links of this type (repeatable; default: every type)",
    )


def register(add: Callable[..., argparse.ArgumentParser], in_case: argparse.ArgumentParser) -> None:
    p = add(
        "graph-expand",
        lambda a: _with_store(
            a,
            graph.graph_expand,
            with_case=True,
            entity_ids=a.entity_ids,
            link_types=a.link_types,
            hops=a.hops,
            limit=a.limit,
        ),
        "neighbours of entities, 1 or 2 hops out, capped with 'n more'",
        [in_case],
    )
    p.add_argument("entity_ids", nargs="+", metavar="ENTITY_ID")
    p.add_argument("--hops", type=int, default=1, choices=(1, 2))
    p.add_argument("--limit", type=int, default=100)
    _types(p)
    p = add(
        "graph-path",
        lambda a: _with_store(
            a,
            graph.graph_path,
            with_case=True,
            source=a.source,
            target=a.target,
            k=a.k,
            link_types=a.link_types,
        ),
        "shortest path (or the k shortest) between two entities",
        [in_case],
    )
    p.add_argument("source")
    p.add_argument("target")
    p.add_argument("-k", type=int, default=1, help="how many shortest paths (default 1)")
    _types(p)
    p = add(
        "graph-central",
        lambda a: _with_store(
            a, graph.graph_central, with_case=True, link_types=a.link_types, limit=a.limit
        ),
        "the most central entities of the case's network",
        [in_case],
    )
    p.add_argument("--limit", type=int, default=25)
    _types(p)
    p = add(
        "graph-communities",
        lambda a: _with_store(
            a,
            graph.graph_communities,
            with_case=True,
            link_types=a.link_types,
            min_size=a.min_size,
            limit=a.limit,
            seed=a.seed,
        ),
        "groups in the case's network (Leiden, deterministic seed)",
        [in_case],
    )
    p.add_argument("--min-size", type=int, default=3)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--seed", type=int, default=1)
    _types(p)
