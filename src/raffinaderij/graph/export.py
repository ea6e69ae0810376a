"""A chart as GraphML or GEXF (Gephi), from nodes and edges a service hands in.

Like the rest of this package it never reads the store: the file holds exactly what the
service's guarded answer held (opaque entity ids, captions, types, link types), no
registration key and nothing hidden."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["FORMATS", "GEXF_NS", "GRAPHML_NS", "ExportEdge", "ExportNode", "write_chart"]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://www.gexf.net/1.2draft"
GEXF_VIZ_NS = "http://www.gexf.net/1.2draft/viz"
FORMATS = ("graphml", "gexf")


@dataclass(frozen=True)
class ExportNode:
    id: str
    caption: str
    schema: str
    position: tuple[float, float] | None = None


@dataclass(frozen=True)
class ExportEdge:
    source: str
    target: str
    link_type: str


def _graphml(title: str, nodes: Sequence[ExportNode], edges: Sequence[ExportEdge]) -> ET.Element:
    ET.register_namespace("", GRAPHML_NS)
    q = f"{{{GRAPHML_NS}}}"
    root = ET.Element(q + "graphml")
    keys = [
        ("caption", "node", "caption", "string"),
        ("type", "node", "type", "string"),
        ("x", "node", "x", "double"),
        ("y", "node", "y", "double"),
        ("link_type", "edge", "link_type", "string"),
    ]
    for key, for_, name, kind in keys:
        ET.SubElement(
            root, q + "key", {"id": key, "for": for_, "attr.name": name, "attr.type": kind}
        )
    graph = ET.SubElement(root, q + "graph", {"id": "chart", "edgedefault": "undirected"})
    ET.SubElement(graph, q + "desc").text = title
    for n in nodes:
        node = ET.SubElement(graph, q + "node", {"id": n.id})
        values = {"caption": n.caption, "type": n.schema}
        if n.position:
            values |= {"x": _num(n.position[0]), "y": _num(n.position[1])}
        for key, value in values.items():
            ET.SubElement(node, q + "data", {"key": key}).text = value
    for i, e in enumerate(edges):
        edge = ET.SubElement(
            graph, q + "edge", {"id": f"e{i}", "source": e.source, "target": e.target}
        )
        ET.SubElement(edge, q + "data", {"key": "link_type"}).text = e.link_type
    return root


def _gexf(title: str, nodes: Sequence[ExportNode], edges: Sequence[ExportEdge]) -> ET.Element:
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", GEXF_VIZ_NS)
    q, viz = f"{{{GEXF_NS}}}", f"{{{GEXF_VIZ_NS}}}"
    root = ET.Element(q + "gexf", {"version": "1.2"})
    meta = ET.SubElement(root, q + "meta")
    ET.SubElement(meta, q + "creator").text = "Raffinaderij"
    ET.SubElement(meta, q + "description").text = title
    graph = ET.SubElement(root, q + "graph", {"defaultedgetype": "undirected", "mode": "static"})
    for cls, name in (("node", "type"), ("edge", "link_type")):
        attrs = ET.SubElement(graph, q + "attributes", {"class": cls})
        ET.SubElement(attrs, q + "attribute", {"id": "0", "title": name, "type": "string"})
    xml_nodes = ET.SubElement(graph, q + "nodes")
    for n in nodes:
        node = ET.SubElement(xml_nodes, q + "node", {"id": n.id, "label": n.caption})
        values = ET.SubElement(node, q + "attvalues")
        ET.SubElement(values, q + "attvalue", {"for": "0", "value": n.schema})
        if n.position:
            x, y = n.position
            ET.SubElement(node, viz + "position", {"x": _num(x), "y": _num(-y), "z": "0.0"})
    xml_edges = ET.SubElement(graph, q + "edges")
    for i, e in enumerate(edges):
        edge = ET.SubElement(
            xml_edges,
            q + "edge",
            {"id": str(i), "source": e.source, "target": e.target, "label": e.link_type},
        )
        values = ET.SubElement(edge, q + "attvalues")
        ET.SubElement(values, q + "attvalue", {"for": "0", "value": e.link_type})
    return root


def _num(value: float) -> str:
    return repr(round(float(value), 2))


def write_chart(
    fmt: str, title: str, nodes: Sequence[ExportNode], edges: Sequence[ExportEdge]
) -> str:
    """The chart as an XML document in `fmt` ('graphml' or 'gexf'). GEXF's y axis points up,
    the chart's down, so y is mirrored there."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    root = (_graphml if fmt == "graphml" else _gexf)(title, nodes, edges)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
