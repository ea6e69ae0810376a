"""The ontology (object and link types) loaded from YAML and validated fail-fast."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from raffinaderij.errors import ConfigError
from raffinaderij.yamlfile import read_yaml

__all__ = ["KINDS", "LinkType", "ObjectType", "Ontology", "Property", "load_ontology", "ontology"]

KINDS = frozenset(
    {"name", "date", "postcode", "plate", "phone", "bsn", "email", "text", "code", "number", "geo"}
)
_DEFAULT = Path(__file__).with_name("ontology.yaml")


@dataclass(frozen=True)
class Property:
    name: str
    kind: str
    label: dict[str, str]
    special: bool = False


_FIELD = re.compile(r"\{(\w+)\}")
CAPTION_SEPARATOR = " · "


@dataclass(frozen=True)
class ObjectType:
    name: str
    label: dict[str, str]
    caption: tuple[str, ...]
    properties: dict[str, Property]
    caption_format: str | None = None

    @property
    def caption_props(self) -> frozenset[str]:
        """Every property a caption may show."""
        return frozenset(self.caption) | frozenset(_FIELD.findall(self.caption_format or ""))

    def caption_of(self, values: dict[str, list[str]]) -> str | None:
        """The label from visible values: the format's segments that have a value, else the
        first caption property with one; None when there is nothing to show."""
        shown = []
        for segment in (self.caption_format or "").split(CAPTION_SEPARATOR):
            fields = _FIELD.findall(segment)
            if fields and any(values.get(f) for f in fields):
                text = _FIELD.sub(lambda m: (values.get(m.group(1)) or [""])[0], segment)
                shown.append(" ".join(text.split()))
        if shown:
            return CAPTION_SEPARATOR.join(shown)
        return next((values[p][0] for p in self.caption if values.get(p)), None)


@dataclass(frozen=True)
class LinkType:
    name: str
    source: str
    target: str  # an object type, or "any"
    label: dict[str, str]
    role: bool = False


@dataclass(frozen=True)
class Ontology:
    objects: dict[str, ObjectType]
    links: dict[str, LinkType]
    special: frozenset[tuple[str, str]] = field(default=frozenset())

    def prop(self, schema: str, name: str) -> Property:
        try:
            return self.objects[schema].properties[name]
        except KeyError:
            raise ConfigError(f"unknown property {schema}.{name}") from None

    def is_special(self, schema: str, name: str) -> bool:
        return (schema, name) in self.special

    def to_json(self) -> dict[str, Any]:
        return {
            "objects": {
                o.name: {
                    "label": o.label,
                    "caption": list(o.caption),
                    "caption_format": o.caption_format,
                    "properties": {
                        p.name: {"kind": p.kind, "label": p.label, "special": p.special}
                        for p in o.properties.values()
                    },
                }
                for o in self.objects.values()
            },
            "links": {
                lt.name: {"from": lt.source, "to": lt.target, "label": lt.label, "role": lt.role}
                for lt in self.links.values()
            },
        }


def _label(where: str, raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict) or not {"nl", "en"} <= set(raw):
        raise ConfigError(f"{where}: label needs both 'nl' and 'en'")
    return {str(k): str(v) for k, v in raw.items()}


def load_ontology(path: Path = _DEFAULT) -> Ontology:
    """Parse and validate; every error names the file and the key that is wrong."""
    raw = read_yaml(path, "ontology")
    if not isinstance(raw, dict) or not isinstance(raw.get("objects"), dict):
        raise ConfigError(f"{path}: needs a mapping 'objects'")
    objects: dict[str, ObjectType] = {}
    special: set[tuple[str, str]] = set()
    for oname, odef in raw["objects"].items():
        where = f"{path}: objects.{oname}"
        if not isinstance(odef, dict) or not isinstance(odef.get("properties"), dict):
            raise ConfigError(f"{where}: needs 'properties'")
        props: dict[str, Property] = {}
        for pname, pdef in odef["properties"].items():
            pwhere = f"{where}.properties.{pname}"
            if not isinstance(pdef, dict) or pdef.get("kind") not in KINDS:
                raise ConfigError(f"{pwhere}: 'kind' must be one of {sorted(KINDS)}")
            unknown = set(pdef) - {"kind", "label", "special"}
            if unknown:
                raise ConfigError(f"{pwhere}: unknown keys {sorted(unknown)}")
            prop = Property(
                pname,
                pdef["kind"],
                _label(pwhere, pdef.get("label")),
                bool(pdef.get("special", False)),
            )
            props[pname] = prop
            if prop.special:
                special.add((oname, pname))
        unknown = set(odef) - {"label", "caption", "caption_format", "properties"}
        if unknown:
            raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
        caption = tuple(odef.get("caption", ()))
        for c in caption:
            if c not in props:
                raise ConfigError(f"{where}.caption: '{c}' is not a property")
        fmt = odef.get("caption_format")
        if fmt is not None:
            if not isinstance(fmt, str) or not _FIELD.search(fmt):
                raise ConfigError(f"{where}.caption_format: a text naming {{properties}}")
            for c in _FIELD.findall(fmt):
                if c not in props:
                    raise ConfigError(f"{where}.caption_format: '{c}' is not a property")
        objects[oname] = ObjectType(oname, _label(where, odef.get("label")), caption, props, fmt)
    links: dict[str, LinkType] = {}
    for lname, ldef in (raw.get("links") or {}).items():
        where = f"{path}: links.{lname}"
        if not isinstance(ldef, dict):
            raise ConfigError(f"{where}: must be a mapping")
        src, dst = ldef.get("from"), ldef.get("to")
        if src not in objects:
            raise ConfigError(f"{where}.from: unknown object type {src!r}")
        if dst != "any" and dst not in objects:
            raise ConfigError(f"{where}.to: unknown object type {dst!r}")
        if lname in objects:
            raise ConfigError(f"{where}: name clashes with an object type")
        links[lname] = LinkType(
            lname, src, dst, _label(where, ldef.get("label")), bool(ldef.get("role", False))
        )
    return Ontology(objects, links, frozenset(special))


@cache
def ontology() -> Ontology:
    return load_ontology()
