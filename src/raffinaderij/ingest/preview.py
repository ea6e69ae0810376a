"""What a mapping makes of a source's first rows, staged and thrown away: nothing is written.

The same landing, checks and statement SQL as an ingest (pipeline.py), over the first N rows,
inside a transaction that is always rolled back. Only those rows are landed (a CSV's first
records are copied aside, Parquet and databases are read with a limit), so previewing a
million-row source costs what ten rows cost; a duplicate registration id later in the file is
not seen by a preview. Values are police data and the administrator
manages, does not analyse: a preview gives each value's *shape* (letters `x`/`X`, digits `9`,
the rest as is), so a date format, a postcode or a split can be checked without reading a name.
Registration codes (legal basis, level, confidentiality, ...) are the mapping's closed code
lists and are shown as they come out.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from raffinaderij.ingest.compile import compile_mapping
from raffinaderij.ingest.mapping import Mapping, load_mapping
from raffinaderij.ingest.pipeline import (
    dup_sql,
    land_staged,
    named_params,
    rejects_sql,
    stage_sql,
)
from raffinaderij.ingest.staging import FILE, ROW, ident
from raffinaderij.store.db import Store

__all__ = ["CODES", "MappingPreview", "PreviewRow", "preview_mapping", "shape"]

#: registration fields shown as they are: closed code lists the mapping translates
CODES = (
    "legal_basis", "level", "confidentiality", "reliability", "acquisition", "covert",
    "fact_judgement", "role",
)  # fmt: skip
_SHAPE_MAX = 40


def shape(value: Any) -> str:
    """A value's form without its content: `Jan de Vries` -> `Xxx xx Xxxxx`, `1234 AB` ->
    `9999 XX`."""
    text = str(value)
    out = "".join(
        "9" if c.isdigit() else ("X" if c.isupper() else "x") if c.isalpha() else c
        for c in text[:_SHAPE_MAX]
    )
    return out + ("…" if len(text) > _SHAPE_MAX else "")


@dataclass(frozen=True)
class PreviewStatement:
    entity: str  # E1, E2, ... numbered in the order the preview meets them
    schema: str
    prop: str
    value: str  # the shape, or `→ E2` for a link to another entity of the preview


@dataclass
class PreviewRow:
    row: int
    file: str
    registration: dict[str, Any] = field(default_factory=dict)  # codes; id and dates shaped
    refused: list[tuple[str | None, str]] = field(default_factory=list)  # (field, reason)
    statements: list[PreviewStatement] = field(default_factory=list)


@dataclass
class MappingPreview:
    mapping: str
    source: str
    rows_landed: int
    rows: list[PreviewRow]

    @property
    def refused(self) -> int:
        return sum(1 for r in self.rows if r.refused)

    @property
    def statements(self) -> int:
        return sum(len(r.statements) for r in self.rows)


class _Discard(Exception):
    """Raised to roll the preview's transaction back."""


def preview_mapping(
    store: Store, mapping_path: str | Path | Mapping, *, rows: int, now: datetime
) -> MappingPreview:
    """The first `rows` rows of the source as the mapping reads them; the store is untouched."""
    mapping = mapping_path if isinstance(mapping_path, Mapping) else load_mapping(mapping_path)
    found: list[MappingPreview] = []
    try:
        with tempfile.TemporaryDirectory(prefix="raff-preview-") as tmp, store.transaction() as cur:
            found.append(_preview(cur, mapping, rows=rows, now=now, tmpdir=Path(tmp)))
            raise _Discard
    except _Discard:
        pass
    return found[0]


def _preview(
    cur: duckdb.DuckDBPyConnection, mapping: Mapping, *, rows: int, now: datetime, tmpdir: Path
) -> MappingPreview:
    mapping, landed, early = land_staged(cur, mapping, tmpdir=tmpdir, limit=rows)
    compiled = compile_mapping(mapping, has_prehash=mapping.input.format == "ftm")
    params: dict[str, Any] = dict(compiled.params.values)
    params |= {"today": now.date().isoformat(), "digest": mapping.digest, "now": now}
    params |= {"source": mapping.source, "batch": "preview"}
    params |= {f"f{i}": chk.field for i, chk in enumerate(compiled.checks)}

    def run(sql: str) -> list[tuple[Any, ...]]:
        return cur.execute(sql, named_params(sql, params)).fetchall()

    bounds = run(f"SELECT min({ident(ROW)}) FROM __raw")
    lo = int(bounds[0][0]) if bounds and bounds[0][0] is not None else 1
    params |= {"lo": lo, "hi": lo + rows - 1}
    run(dup_sql(compiled))
    run(stage_sql(compiled, seen_before=False))
    run("CREATE OR REPLACE TEMP VIEW __good AS SELECT * FROM __stage WHERE NOT __bad")
    run(rejects_sql(compiled))
    out: dict[int, PreviewRow] = {}
    reg_cols = ", ".join(f"__reg_{c}" for c in ("id", "first_processed", *CODES))
    for r in run(
        f"SELECT {ident(FILE)}, {ident(ROW)}, {reg_cols} FROM __raw JOIN __stage USING ({ident(ROW)})"
        f" ORDER BY {ident(ROW)}"
    ):
        reg = dict(zip(("id", "first_processed", *CODES), r[2:], strict=True))
        reg["id"] = shape(reg["id"]) if reg["id"] is not None else None
        if reg["first_processed"] is not None:
            reg["first_processed"] = shape(reg["first_processed"])
        out[int(r[1])] = PreviewRow(int(r[1]), str(r[0]), reg)
    early_rows = ((f, n, fld, why) for f, n, fld, why in early if params["lo"] <= n <= params["hi"])
    for file, row, fld, why in [*early_rows, *run(f"SELECT * FROM __crej ORDER BY {ident(ROW)}")]:
        out.setdefault(int(row), PreviewRow(int(row), str(file))).refused.append((fld, str(why)))
    _statements(run, compiled.statements, out)
    return MappingPreview(str(mapping.path), mapping.source, landed, [out[k] for k in sorted(out)])


def _statements(run: Any, selects: list[str], out: dict[int, PreviewRow]) -> None:
    """Each accepted row's statements, entities numbered, values shaped."""
    found = [
        *(s for sql in selects for s in run(sql)),
        *run(
            "SELECT g.__reg_key, p.entity_key, p.schema, p.prop, p.value, p.qualifier FROM __pre p"
            f" JOIN __good g ON p.{ident(ROW)} = g.{ident(ROW)}"
        ),
    ]
    row_of = dict(run(f"SELECT __reg_key, {ident(ROW)} FROM __good"))
    found.sort(key=lambda s: (row_of[s[0]], s[1], s[3], str(s[4])))
    names: dict[str, str] = {}
    for _, entity_key, *_ in found:
        names.setdefault(entity_key, f"E{len(names) + 1}")
    for reg_key, entity_key, schema, prop, value, _ in found:
        shown = f"→ {names[value]}" if value in names else shape(value)
        row = out.get(int(row_of[reg_key]))
        if row is not None:
            row.statements.append(PreviewStatement(names[entity_key], schema, prop, shown))
