"""The mapping file (docs/mappings.md): parsed into typed specs and validated before anything runs.

Every error names the file, the line and the key path, so an administrator can fix it at once.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb

from raffinaderij.errors import MappingError
from raffinaderij.ingest.yamlpos import Located, load_located
from raffinaderij.model.codes import CODED_FIELDS, codes
from raffinaderij.model.ontology import ontology

__all__ = [
    "DOCUMENT_FORMATS",
    "FORMATS",
    "REGISTRATION_FIELDS",
    "EntitySpec",
    "InputSpec",
    "LinkSpec",
    "Mapping",
    "ValueSpec",
    "WhenSpec",
    "bind_positions",
    "check_mapping",
    "load_mapping",
]

FORMATS = frozenset(
    {
        "csv",
        "tsv",
        "parquet",
        "json",
        "ndjson",
        "xlsx",
        "sqlite",
        "postgres",
        "text",
        "pdf",
        "docx",
        "ftm",
    }
)
DOCUMENT_FORMATS = frozenset({"text", "pdf", "docx"})
ENCODINGS = {
    "utf-8": "utf-8", "utf8": "utf-8", "utf-8-sig": "utf-8",
    "cp1252": "cp1252", "windows-1252": "cp1252",
    "latin-1": "latin-1", "latin1": "latin-1", "iso-8859-1": "latin-1",
}  # fmt: skip
# LAW-01: every field is required except covert and case.
REGISTRATION_FIELDS = (
    "id", "legal_basis", "first_processed", "level", "confidentiality", "reliability",
    "acquisition", "covert", "fact_judgement", "role", "case",
)  # fmt: skip
OPTIONAL_REGISTRATION = frozenset({"covert", "case"})
TRANSFORMS = frozenset({"strip", "upper", "lower", "digits", "strip_titles", "titles"})
_WHEN_OPS = ("equals", "in", "not_empty")
_SPEC_KEYS = frozenset(
    {
        "column",
        "const",
        "template",
        "meta",
        "format",
        "split",
        "transform",
        "optional",
        "values",
        "pivot",
        "position",
        "row_number",
    }
)
_SOURCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class ValueSpec:
    """Where one value comes from and how it is cleaned. Exactly one of column/const/template/meta."""

    where: tuple[str, ...]
    line: int
    column: str | None = None
    const: str | None = None
    template: str | None = None
    formats: tuple[str, ...] = ()
    split: str | None = None
    transforms: tuple[str, ...] = ()
    optional: bool = False
    # source value (compared trimmed, case-insensitive) -> the value meant; `values:` in YAML
    values: tuple[tuple[str, str], ...] = ()
    # two-digit years (%y) fall in [pivot, pivot + 99]; without it %y is refused
    pivot: int | None = None
    position: int | None = None  # the N-th source column (1-based), bound to its name at ingest
    row_number: bool = False  # the record's number in the file

    @property
    def label(self) -> str:
        """What a reject line names as the field: the source column, else the mapping key."""
        return self.column if self.column is not None else ".".join(self.where)

    def columns(self) -> tuple[str, ...]:
        """The source columns read (a position counts once it is bound to its column)."""
        if self.column is not None:
            return (self.column,)
        if self.template is not None:
            return tuple(
                dict.fromkeys(
                    n for _, n, _, _ in string.Formatter().parse(self.template) if n is not None
                )
            )
        return ()

    def describe(self) -> dict[str, Any]:
        return {
            "column": self.column, "const": self.const, "template": self.template,
            "format": list(self.formats), "split": self.split,
            "transform": list(self.transforms), "optional": self.optional,
            "values": dict(self.values), "pivot": self.pivot,
            "position": self.position, "row_number": self.row_number,
        }  # fmt: skip


@dataclass(frozen=True)
class InputSpec:
    format: str
    path: Path | None = None  # resolved against the mapping's folder
    pattern: str | None = None  # the path as written (a glob for documents)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    query: str | None = None
    dsn: str | None = None
    # columns (names, or 1-based positions) a source fills only on a group's first row
    fill_down: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class WhenSpec:
    """The rows on which an entity exists: a value equals one of `values`, or is not empty."""

    value: ValueSpec
    op: str  # 'equals' | 'in' | 'not_empty'
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntitySpec:
    name: str
    type: str
    key: tuple[ValueSpec, ...]
    properties: tuple[tuple[str, ValueSpec], ...]
    line: int = 0
    when: WhenSpec | None = None


@dataclass(frozen=True)
class LinkSpec:
    type: str
    source: str  # local entity name ('from')
    target: str  # local entity name ('to')
    role: ValueSpec | None = None
    line: int = 0


@dataclass(frozen=True)
class Mapping:
    path: Path
    source: str
    description: str
    input: InputSpec
    registration: dict[str, ValueSpec]
    entities: tuple[EntitySpec, ...]
    links: tuple[LinkSpec, ...]
    digest: str = field(default="")

    def columns(self) -> list[str]:
        """Every source column the mapping reads, in first-use order."""
        seen: dict[str, None] = {}
        for spec in self.specs():
            for c in spec.columns():
                seen.setdefault(c, None)
        return list(seen)

    def specs(self) -> list[ValueSpec]:
        out = list(self.registration.values())
        for e in self.entities:
            out.extend(e.key)
            out.extend(s for _, s in e.properties)
            if e.when is not None:
                out.append(e.when.value)
        out.extend(lk.role for lk in self.links if lk.role is not None)
        return out

    def entity(self, name: str) -> EntitySpec:
        for e in self.entities:
            if e.name == name:
                return e
        raise KeyError(name)


def _spec(
    doc: Located, where: tuple[str, ...], raw: Any, errors: list[MappingError]
) -> ValueSpec | None:
    line = doc.line(where)
    if isinstance(raw, str):
        if not raw.strip():
            errors.append(doc.error(where, "an empty column name"))
            return None
        return ValueSpec(where, line, column=raw)
    if not isinstance(raw, dict):
        errors.append(
            doc.error(
                where, "a value must be a column name or a mapping with column/const/template"
            )
        )
        return None
    unknown = set(raw) - _SPEC_KEYS
    if unknown:
        errors.append(
            doc.error((*where, sorted(unknown)[0]), f"unknown key; allowed: {sorted(_SPEC_KEYS)}")
        )
        return None
    kinds = ("column", "const", "template", "meta", "position", "row_number")
    sources = [k for k in kinds if k in raw]
    if len(sources) != 1:
        errors.append(doc.error(where, f"give exactly one of {', '.join(kinds)}"))
        return None
    kind = sources[0]
    value = raw[kind]
    if kind == "position" and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        errors.append(
            doc.error((*where, kind), "the column's place in the source, 1 for the first")
        )
        return None
    if kind == "row_number" and value is not True:
        errors.append(doc.error((*where, kind), "row_number: true"))
        return None
    if (
        value is None
        or isinstance(value, dict | list)
        or (kind != "const" and not str(value).strip())
    ):
        errors.append(doc.error((*where, kind), "needs a plain, non-empty value"))
        return None
    text = str(value).lower() if isinstance(value, bool) else str(value)
    kwargs: dict[str, Any] = {}
    if kind == "column":
        kwargs["column"] = text
    elif kind == "position":
        kwargs["position"] = int(value)
    elif kind == "row_number":
        kwargs["row_number"] = True
    elif kind == "meta":
        kwargs["column"] = "meta." + text  # documents: sidecar JSON fields land as meta.<field>
    elif kind == "const":
        kwargs["const"] = text
    else:
        try:
            parts = list(string.Formatter().parse(text))
        except ValueError as exc:
            errors.append(doc.error((*where, "template"), f"not a valid template: {exc}"))
            return None
        if any(n is not None and (spec or conv) for _, n, spec, conv in parts):
            errors.append(doc.error((*where, "template"), "placeholders are plain {column} names"))
            return None
        if not any(n for _, n, _, _ in parts):
            errors.append(doc.error((*where, "template"), "names no {column}; use const instead"))
            return None
        kwargs["template"] = text
    fmt = raw.get("format")
    if fmt is not None:
        fmts = [fmt] if isinstance(fmt, str) else fmt
        if (
            not isinstance(fmts, list)
            or not fmts
            or not all(isinstance(f, str) and f for f in fmts)
        ):
            errors.append(doc.error((*where, "format"), "a strptime format or a list of them"))
            return None
        for f in fmts:
            bad = _bad_format(f)
            if bad:
                errors.append(
                    doc.error((*where, "format"), f"{f!r} is not a valid date format: {bad}")
                )
                return None
        kwargs["formats"] = tuple(fmts)
        pivot = raw.get("pivot")
        if pivot is not None and (
            isinstance(pivot, bool) or not isinstance(pivot, int) or not 1800 <= pivot <= 2100
        ):
            errors.append(
                doc.error(
                    (*where, "pivot"), "a year such as 1930: two-digit years fall in 1930-2029"
                )
            )
            return None
        if any("%y" in f for f in fmts) and pivot is None:
            errors.append(
                doc.error(
                    (*where, "format"),
                    "a two-digit year (%y) is ambiguous: declare pivot: (e.g. 1930 reads 29 as "
                    "2029 and 30 as 1930) or use %Y",
                )
            )
            return None
        kwargs["pivot"] = pivot
    elif "pivot" in raw:
        errors.append(doc.error((*where, "pivot"), "only with format:"))
        return None
    split = raw.get("split")
    if split is not None:
        if not isinstance(split, str) or not split:
            errors.append(doc.error((*where, "split"), "a non-empty separator text"))
            return None
        kwargs["split"] = split
    tr = raw.get("transform")
    if tr is not None:
        trs = [tr] if isinstance(tr, str) else tr
        if not isinstance(trs, list) or any(t not in TRANSFORMS for t in trs):
            errors.append(doc.error((*where, "transform"), f"a list of {sorted(TRANSFORMS)}"))
            return None
        kwargs["transforms"] = tuple(trs)
    vals = raw.get("values")
    if vals is not None:
        if (
            not isinstance(vals, dict)
            or not vals
            or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in vals.values())
        ):
            errors.append(
                doc.error((*where, "values"), "a mapping of source value to the value meant")
            )
            return None
        pairs: dict[str, str] = {}
        for k, v in vals.items():
            key = str(k).lower() if isinstance(k, bool) else str(k)
            pairs[key.strip().lower()] = str(v).strip()
        kwargs["values"] = tuple(pairs.items())
    opt = raw.get("optional", False)
    if not isinstance(opt, bool):
        errors.append(doc.error((*where, "optional"), "true or false"))
        return None
    kwargs["optional"] = opt
    return ValueSpec(where, line, **kwargs)


_FORMAT_CON: duckdb.DuckDBPyConnection | None = None


def _bad_format(fmt: str) -> str | None:
    """DuckDB parses the dates, so DuckDB judges the format (an unknown % code fails here, not mid-run)."""
    global _FORMAT_CON
    if _FORMAT_CON is None:
        _FORMAT_CON = duckdb.connect(":memory:")
    try:
        _FORMAT_CON.execute("SELECT try_strptime('2000-01-01', $1)", [fmt]).fetchall()
    except duckdb.Error as exc:
        return str(exc).splitlines()[0]
    return None


def _check_codes(doc: Located, name: str, spec: ValueSpec, errors: list[MappingError]) -> None:
    """A coded field's translations and constant must be codes of its list (fail closed, LAW-01)."""
    if name not in CODED_FIELDS:
        return
    known = codes()
    allowed = ", ".join(known.allowed(name))
    for src, meant in spec.values:
        if meant and known.canonical(name, meant) is None:
            errors.append(
                doc.error(
                    (*spec.where, "values", src), f"{meant!r} is not a {name} code ({allowed})"
                )
            )
    if spec.const is None:
        return
    value = dict(spec.values).get(spec.const.strip().lower(), spec.const).strip()
    where = (*spec.where, "const")
    if name == "legal_basis" and value.lower().removeprefix("wpg").strip() == "12":
        errors.append(doc.error(where, "basis 12 (informants) is never ingested (Wpg 12, LAW-01)"))
    elif name == "covert" and not value:
        return
    elif known.canonical(name, value) is None:
        errors.append(doc.error(where, f"{value!r} is not a {name} code ({allowed})"))


def _parse(doc: Located) -> Mapping:
    errors: list[MappingError] = []
    raw = doc.data
    if not isinstance(raw, dict):
        raise doc.error(
            (), "a mapping file is a YAML mapping with source, input, registration, entities"
        )
    allowed = {"source", "description", "input", "registration", "entities", "links"}
    for key in raw:
        if key not in allowed:
            errors.append(doc.error((key,), f"unknown key; allowed: {sorted(allowed)}"))
    source = raw.get("source")
    if not isinstance(source, str) or not _SOURCE_NAME.match(source):
        errors.append(
            doc.error(("source",), "a source system name: letters, digits, '_', '.', '-' (max 64)")
        )
        source = "invalid"

    inp = raw.get("input")
    input_spec = InputSpec(format="csv")
    if not isinstance(inp, dict):
        errors.append(doc.error(("input",), "needs a mapping with at least 'format' and 'path'"))
    else:
        input_spec = _parse_input(doc, inp, errors)

    reg_raw = raw.get("registration")
    registration: dict[str, ValueSpec] = {}
    if not isinstance(reg_raw, dict):
        errors.append(doc.error(("registration",), "needs the LAW-01 registration fields"))
    else:
        for key in reg_raw:
            if key not in REGISTRATION_FIELDS:
                errors.append(
                    doc.error(
                        ("registration", key),
                        f"unknown field; allowed: {', '.join(REGISTRATION_FIELDS)}",
                    )
                )
        for name in REGISTRATION_FIELDS:
            if name not in reg_raw:
                if name not in OPTIONAL_REGISTRATION:
                    errors.append(
                        doc.error(("registration", name), "missing; every record needs it (LAW-01)")
                    )
                continue
            spec = _spec(doc, ("registration", name), reg_raw[name], errors)
            if spec is None:
                continue
            if spec.split is not None:
                errors.append(
                    doc.error((*spec.where, "split"), "a registration field has one value")
                )
            if spec.optional and name not in OPTIONAL_REGISTRATION:
                errors.append(
                    doc.error((*spec.where, "optional"), "this field is mandatory (LAW-01)")
                )
            _check_codes(doc, name, spec, errors)
            registration[name] = spec

    entities = _parse_entities(doc, raw.get("entities"), input_spec.format, errors)
    links = _parse_links(doc, raw.get("links"), entities, errors)
    if errors:
        raise MappingError("\n".join(str(e) for e in errors))
    if input_spec.format in DOCUMENT_FORMATS and not any(e.type == "Document" for e in entities):
        # A document always becomes a Document entity, keyed by its path (mentions hang from it).
        where = ("entities", "document")
        entities = (
            EntitySpec(
                "document", "Document", (ValueSpec(where, 0, column="path"),),
                (("title", ValueSpec(where, 0, column="title")), ("text", ValueSpec(where, 0, column="text"))),
            ),
            *entities,
        )  # fmt: skip
    # What the data says, not where the file lay: a renamed or moved input alters nothing.
    semantic = {k: v for k, v in raw.items() if k not in ("description", "input")}
    digest = hashlib.sha256(json.dumps(semantic, sort_keys=True, default=str).encode()).hexdigest()[
        :16
    ]
    return Mapping(
        path=doc.path, source=str(source), description=str(raw.get("description") or ""),
        input=input_spec, registration=registration, entities=entities, links=links, digest=digest,
    )  # fmt: skip


def _parse_input(doc: Located, inp: dict[str, Any], errors: list[MappingError]) -> InputSpec:
    allowed = {"format", "path", "encoding", "delimiter", "sheet", "query", "dsn", "fill_down"}
    for key in inp:
        if key not in allowed:
            errors.append(doc.error(("input", key), f"unknown key; allowed: {sorted(allowed)}"))
    fmt = inp.get("format")
    if fmt not in FORMATS:
        errors.append(doc.error(("input", "format"), f"one of {', '.join(sorted(FORMATS))}"))
        fmt = "csv"
    path_raw = inp.get("path")
    path = None
    if fmt == "postgres":
        if not isinstance(inp.get("dsn"), str) or not inp.get("query"):
            errors.append(doc.error(("input",), "postgres needs 'dsn' and 'query'"))
    elif not isinstance(path_raw, str) or not path_raw.strip():
        errors.append(
            doc.error(("input", "path"), "the source file (relative to the mapping file)")
        )
    else:
        path = (doc.path.parent / path_raw).resolve()
    if fmt == "sqlite" and not inp.get("query"):
        errors.append(doc.error(("input", "query"), "sqlite needs a query, e.g. SELECT * FROM t"))
    enc = inp.get("encoding")
    if enc is not None:
        if not isinstance(enc, str) or enc.lower() not in ENCODINGS:
            errors.append(doc.error(("input", "encoding"), "utf-8, cp1252 or latin-1"))
            enc = None
        else:
            enc = ENCODINGS[enc.lower()]
    delim = inp.get("delimiter")
    if delim is not None and (not isinstance(delim, str) or len(delim) != 1 or delim in '"\r\n'):
        errors.append(doc.error(("input", "delimiter"), "one character (not a quote or newline)"))
        delim = None
    for key in ("sheet", "query", "dsn"):
        if key in inp and not isinstance(inp[key], str | int):
            errors.append(doc.error(("input", key), "plain text"))
    fill = inp.get("fill_down") or []
    fill = [fill] if isinstance(fill, str | int) else fill
    if not isinstance(fill, list) or not all(
        (isinstance(c, str) and c.strip())
        or (isinstance(c, int) and not isinstance(c, bool) and c > 0)
        for c in fill
    ):
        errors.append(
            doc.error(("input", "fill_down"), "a list of column names or positions (1 = first)")
        )
        fill = []
    return InputSpec(
        format=str(fmt), path=path, pattern=path_raw if isinstance(path_raw, str) else None,
        encoding=enc, delimiter="\t" if fmt == "tsv" and delim is None else delim,
        sheet=str(inp["sheet"]) if inp.get("sheet") is not None else None,
        query=str(inp["query"]) if inp.get("query") else None,
        dsn=str(inp["dsn"]) if inp.get("dsn") else None, fill_down=tuple(fill),
    )  # fmt: skip


def _parse_entities(
    doc: Located, raw: Any, fmt: str, errors: list[MappingError]
) -> tuple[EntitySpec, ...]:
    onto = ontology()
    if raw is None:
        if fmt not in DOCUMENT_FORMATS and fmt != "ftm":
            errors.append(doc.error(("entities",), "name at least one entity"))
        return ()
    if not isinstance(raw, dict):
        errors.append(
            doc.error(("entities",), "a mapping of local names to {type, key, properties}")
        )
        return ()
    out: list[EntitySpec] = []
    special_columns: set[str] = set()
    keyed: list[tuple[str, ValueSpec]] = []
    for name, edef in raw.items():
        where = ("entities", name)
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$", name):
            errors.append(doc.error(where, "a local name: letters, digits and '_'"))
            continue
        if not isinstance(edef, dict):
            errors.append(doc.error(where, "needs type, key and properties"))
            continue
        for k in edef:
            if k not in {"type", "key", "properties", "when"}:
                errors.append(
                    doc.error((*where, k), "unknown key; allowed: type, key, properties, when")
                )
        when = _parse_when(doc, (*where, "when"), edef.get("when"), errors)
        otype = edef.get("type")
        if otype not in onto.objects:
            errors.append(
                doc.error(
                    (*where, "type"), f"an object type of the ontology: {', '.join(onto.objects)}"
                )
            )
            continue
        key_raw = edef.get("key")
        key_list = [key_raw] if isinstance(key_raw, str | dict) else key_raw
        if not isinstance(key_list, list) or not key_list:
            errors.append(doc.error((*where, "key"), "a non-empty list of values"))
            continue
        keys: list[ValueSpec] = []
        for i, k in enumerate(key_list):
            spec = _spec(doc, (*where, "key", str(i)), k, errors)
            if spec is not None:
                if spec.split is not None:
                    errors.append(doc.error((*spec.where, "split"), "a key part has one value"))
                keys.append(spec)
                keyed.append((name, spec))
        props_raw = edef.get("properties") or {}
        if not isinstance(props_raw, dict):
            errors.append(
                doc.error((*where, "properties"), "a mapping of property names to values")
            )
            continue
        props: list[tuple[str, ValueSpec]] = []
        for pname, praw in props_raw.items():
            pwhere = (*where, "properties", pname)
            if pname not in onto.objects[otype].properties:
                known = ", ".join(onto.objects[otype].properties)
                errors.append(
                    doc.error(pwhere, f"{otype} has no property {pname!r}; it has {known}")
                )
                continue
            spec = _spec(doc, pwhere, praw, errors)
            if spec is None:
                continue
            if onto.is_special(otype, pname):
                special_columns.update(spec.columns())
            props.append((pname, spec))
        out.append(EntitySpec(name, str(otype), tuple(keys), tuple(props), doc.line(where), when))
    # LAW-09 (Wpg art. 5): a special category can never be a match key.
    for _name, spec in keyed:
        used = special_columns.intersection(spec.columns())
        if used:
            errors.append(
                doc.error(
                    spec.where,
                    f"column {sorted(used)[0]!r} holds a special category of personal data and can never be a key (LAW-09)",
                )
            )
    return tuple(out)


def _parse_when(
    doc: Located, where: tuple[str, ...], raw: Any, errors: list[MappingError]
) -> WhenSpec | None:
    """`when: {column: soort, equals: P}` | `{..., in: [P, Q]}` | `{..., not_empty: true}`."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(doc.error(where, "a mapping such as {column: soort, equals: P}"))
        return None
    ops = [k for k in _WHEN_OPS if k in raw]
    if len(ops) != 1:
        errors.append(doc.error(where, f"give exactly one of {', '.join(_WHEN_OPS)}"))
        return None
    op = ops[0]
    spec = _spec(doc, where, {k: v for k, v in raw.items() if k != op}, errors)
    if spec is None:
        return None
    arg = raw[op]
    if op == "not_empty":
        if arg is not True:
            errors.append(doc.error((*where, op), "not_empty: true"))
            return None
        return WhenSpec(spec, op)
    values = arg if op == "in" else [arg]
    if (
        not isinstance(values, list)
        or not values
        or any(isinstance(v, dict | list) for v in values)
    ):
        errors.append(doc.error((*where, op), "plain values" if op == "in" else "a plain value"))
        return None
    return WhenSpec(spec, op, tuple(str(v).strip().lower() for v in values))


def bind_positions(mapping: Mapping, header: list[str]) -> Mapping:
    """Positions (`{position: 2}`, fill_down: [1]) bound to the source's column names."""

    def name(pos: int, where: tuple[str, ...], line: int) -> str:
        if pos > len(header):
            raise MappingError(
                f"{mapping.path}:{line}: {'.'.join(where)}: position {pos}, but the source has "
                f"{len(header)} columns"
            )
        return header[pos - 1]

    def bind(spec: ValueSpec) -> ValueSpec:
        if spec.position is None:
            return spec
        return replace(spec, column=name(spec.position, spec.where, spec.line), position=None)

    fill = tuple(
        name(c, ("input", "fill_down"), 0) if isinstance(c, int) else c
        for c in mapping.input.fill_down
    )
    entities = tuple(
        replace(
            e,
            key=tuple(bind(k) for k in e.key),
            properties=tuple((p, bind(v)) for p, v in e.properties),
            when=replace(e.when, value=bind(e.when.value)) if e.when else None,
        )
        for e in mapping.entities
    )
    links = tuple(replace(lk, role=bind(lk.role)) if lk.role else lk for lk in mapping.links)
    return replace(
        mapping,
        input=replace(mapping.input, fill_down=fill),
        registration={k: bind(v) for k, v in mapping.registration.items()},
        entities=entities,
        links=links,
    )


def _parse_links(
    doc: Located, raw: Any, entities: tuple[EntitySpec, ...], errors: list[MappingError]
) -> tuple[LinkSpec, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        errors.append(doc.error(("links",), "a list of {type, from, to, role}"))
        return ()
    onto = ontology()
    by_name = {e.name: e for e in entities}
    out: list[LinkSpec] = []
    for i, ldef in enumerate(raw):
        where = ("links", str(i))
        if not isinstance(ldef, dict):
            errors.append(doc.error(where, "a mapping {type, from, to, role}"))
            continue
        for k in ldef:
            if k not in {"type", "from", "to", "role"}:
                errors.append(doc.error((*where, k), "unknown key; allowed: type, from, to, role"))
        ltype = ldef.get("type")
        if ltype not in onto.links:
            errors.append(
                doc.error((*where, "type"), f"a link type of the ontology: {', '.join(onto.links)}")
            )
            continue
        lt = onto.links[ltype]
        src, dst = ldef.get("from"), ldef.get("to")
        ok = True
        for label, local, want in (("from", src, lt.source), ("to", dst, lt.target)):
            if local not in by_name:
                errors.append(
                    doc.error((*where, label), f"{local!r} is not an entity of this mapping")
                )
                ok = False
            elif want != "any" and by_name[local].type != want:
                errors.append(
                    doc.error(
                        (*where, label),
                        f"{ltype} goes {lt.source} -> {lt.target}; {local} is a {by_name[local].type}",
                    )
                )
                ok = False
        role = None
        if "role" in ldef:
            role = _spec(doc, (*where, "role"), ldef["role"], errors)
            if role is not None and role.split is not None:
                errors.append(doc.error((*where, "role", "split"), "a role has one value"))
        if ok:
            out.append(LinkSpec(str(ltype), str(src), str(dst), role, doc.line(where)))
    return tuple(out)


def load_mapping(path: str | Path) -> Mapping:
    """Parse and validate a mapping file; raises MappingError naming file, line and key."""
    return _parse(load_located(Path(path)))


def check_mapping(path: str | Path, *, against_source: bool = True) -> list[str]:
    """Every problem of a mapping file, one line each (empty when the mapping is valid).

    `against_source`: also open the source (its header or schema only) and name every column
    the mapping reads that the source does not have."""
    try:
        mapping = load_mapping(path)
    except MappingError as exc:
        return str(exc).splitlines()
    if not against_source:
        return []
    from raffinaderij.errors import RaffError
    from raffinaderij.ingest.sources import source_columns

    try:
        have = source_columns(mapping)
    except RaffError as exc:
        return [str(exc)]
    if have is None:
        return []
    try:
        mapping = bind_positions(mapping, have)
    except MappingError as exc:
        return [str(exc)]
    problems = []
    shown = ", ".join(have[:40])
    for col in mapping.input.fill_down:
        if col not in have:
            problems.append(
                f"{mapping.path}: input.fill_down: column {col!r} is not in the source "
                f"{mapping.input.pattern} (it has: {shown})"
            )
    for spec in mapping.specs():
        for col in spec.columns():
            if col not in have:
                problems.append(
                    f"{mapping.path}:{spec.line}: {'.'.join(spec.where)}: column {col!r} is not "
                    f"in the source {mapping.input.pattern} (it has: {shown})"
                )
    return problems
