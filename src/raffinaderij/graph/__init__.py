"""The link network (issue 10): built from visible link rows handed in by a service, with
expansion, shortest paths, centrality and Leiden communities (python-igraph)."""

from __future__ import annotations

from raffinaderij.graph.network import (
    EdgeRow,
    Expansion,
    LinkEdge,
    LinkGraph,
    Measure,
    expand,
    fold,
    paths_between,
)

__all__ = [
    "EdgeRow",
    "Expansion",
    "LinkEdge",
    "LinkGraph",
    "Measure",
    "expand",
    "fold",
    "paths_between",
]
