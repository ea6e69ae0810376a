"""Documents (txt, pdf, docx): text becomes a Document; plates, phones, postcodes, BSNs, e-mail
addresses and names of already-known persons become `mentions` links.

Candidates are found with small regexes here and confirmed by the Dutch normalisers in
model/normalise (side-codes, +31 numbers, 11-proef), so a random 9-digit number is no BSN.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
from unidecode import unidecode

from raffinaderij.ingest.mapping import Mapping
from raffinaderij.ingest.staging import ROW, RawWriter, ident
from raffinaderij.model.normalise import clean_email
from raffinaderij.model.normalise.address import clean_postcode
from raffinaderij.model.normalise.bsn import is_valid_bsn
from raffinaderij.model.normalise.phones import clean_phone
from raffinaderij.model.normalise.plates import clean_plate

__all__ = ["Mention", "add_mentions", "extract_mentions", "extract_text", "land_documents"]

Mention = tuple[str, str, str]  # (object type, property, normalised value)
MAX_KNOWN_NAMES = 2_000_000  # bounded memory for the known-name lookup

_PHONE = re.compile(r"(?<![\d+])(?:\+31|0031|0)[\s.-]?(?:\(0\)[\s.-]?)?[1-9](?:[\s.-]?\d){8}(?!\d)")
_PLATE = re.compile(r"\b[A-Z0-9]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3}\b")
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?[A-Z]{2}\b")
_BSN = re.compile(r"(?<![\d.])(\d{4}\.\d{2}\.\d{3}|\d{9})(?![\d.])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


def extract_text(path: Path, fmt: str) -> str:
    """Plain text of one document; raises ValueError with a readable reason."""
    if fmt == "text":
        raw = path.read_bytes()
        try:
            return raw.decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")
    if fmt == "pdf":
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        try:
            reader = PdfReader(str(path))
            return "\n".join((page.extract_text() or "") for page in reader.pages)
        except (PyPdfError, OSError, ValueError, KeyError) as exc:
            raise ValueError(f"not a readable PDF: {exc}") from exc
    if fmt == "docx":
        import docx

        try:
            document = docx.Document(str(path))
        except Exception as exc:  # python-docx raises zipfile/KeyError/etc. for broken files
            raise ValueError(f"not a readable docx: {exc}") from exc
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.append("\t".join(cell.text for cell in row.cells))
        return "\n".join(parts)
    raise ValueError(f"unknown document format {fmt}")


def land_documents(
    cur: duckdb.DuckDBPyConnection,
    mapping: Mapping,
    *,
    rejects: list[tuple[str, int, str | None, str]],
) -> int:
    pattern = mapping.input.pattern or ""
    base = mapping.path.parent
    files = sorted(p for p in base.glob(pattern) if p.is_file() and p.suffix.lower() != ".json")
    writer = RawWriter(cur, batch_rows=500)
    writer.ensure_columns(["path", "name", "title", "text"])
    for row, path in enumerate(files, start=1):
        rel = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
        try:
            text = extract_text(path, mapping.input.format)
        except (OSError, ValueError) as exc:
            rejects.append((rel, row, None, f"cannot read the document: {exc}"))
            continue
        values: dict[str, str | None] = {
            "path": rel,
            "name": path.name,
            "title": path.stem,
            "text": text or None,
        }
        sidecar = path.with_suffix(".json")
        if sidecar.is_file():
            try:
                meta = json.loads(sidecar.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                rejects.append((rel, row, sidecar.name, f"the sidecar is not valid JSON: {exc}"))
                continue
            if not isinstance(meta, dict):
                rejects.append((rel, row, sidecar.name, "the sidecar must be a JSON object"))
                continue
            for k, v in meta.items():
                values[f"meta.{k}"] = (
                    None if v is None else (json.dumps(v) if isinstance(v, dict | list) else str(v))
                )
        writer.add(rel, row, values)
    writer.flush()
    return writer.rows


def _norm_name(text: str) -> str:
    return " ".join(unidecode(text).lower().split())


def extract_mentions(
    text: str, known: dict[str, str] | None = None
) -> list[Mention | tuple[str, str, str, str]]:
    """Typed mentions in `text`; known-name hits come back as ('Person', 'known', name, entity_key)."""
    found: dict[tuple[str, str], None] = {}
    for m in _PHONE.finditer(text):
        v = clean_phone(m.group(0))
        if v:
            found[("Phone", v)] = None
    for m in _PLATE.finditer(text.upper()):
        v = clean_plate(m.group(0))
        if v:
            found[("Vehicle", v)] = None
    for m in _POSTCODE.finditer(text.upper()):
        v = clean_postcode(m.group(0))
        if v:
            found[("Address", v)] = None
    for m in _BSN.finditer(text):
        digits = m.group(1).replace(".", "")
        if is_valid_bsn(digits):
            found[("Person.bsn", digits)] = None
    for m in _EMAIL.finditer(text):
        v = clean_email(m.group(0).rstrip("."))
        if v:
            found[("Person.email", v)] = None
    out: list[Mention | tuple[str, str, str, str]] = []
    prop = {"Phone": ("Phone", "number"), "Vehicle": ("Vehicle", "plate"), "Address": ("Address", "postcode"),
            "Person.bsn": ("Person", "bsn"), "Person.email": ("Person", "email")}  # fmt: skip
    for kind, value in found:
        schema, pname = prop[kind]
        out.append((schema, pname, value))
    if known:
        words = [_norm_name(w) for w in _WORD.findall(text)]
        hits: dict[str, str] = {}
        for n in (4, 3, 2):
            for i in range(len(words) - n + 1):
                key = known.get(" ".join(words[i : i + n]))
                if key is not None:
                    hits.setdefault(key, " ".join(words[i : i + n]))
        out.extend(("Person", "known", name, key) for key, name in hits.items())
    return out


def _known_names(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Normalised full names of persons already in the store -> one entity key (exact match only)."""
    rows = cur.execute(
        "WITH parts AS (SELECT entity_key, "
        "  max(value) FILTER (WHERE prop = 'fullName') AS fulln, "
        "  max(value) FILTER (WHERE prop = 'givenName') AS given, "
        "  max(value) FILTER (WHERE prop = 'surnamePrefix') AS prefix, "
        "  max(value) FILTER (WHERE prop = 'surname') AS surname "
        "  FROM statements WHERE schema = 'Person' AND prop IN ('fullName', 'givenName', 'surnamePrefix', 'surname') "
        "  GROUP BY entity_key) "
        "SELECT entity_key, coalesce(fulln, concat_ws(' ', given, prefix, surname)) FROM parts "
        "WHERE fulln IS NOT NULL OR (given IS NOT NULL AND surname IS NOT NULL) ORDER BY entity_key LIMIT $n",
        {"n": MAX_KNOWN_NAMES},
    ).fetchall()
    known: dict[str, str] = {}
    for key, name in rows:
        norm = _norm_name(str(name))
        if len(norm.split()) >= 2:
            known.setdefault(norm, str(key))
    return known


def _pre_rows(
    source: str, doc_key: str, row: int, mentions: list[Mention | tuple[str, str, str, str]]
) -> Iterator[tuple[int, str, str, str, str, str | None]]:
    for m in mentions:
        if len(m) == 4:
            _, _, _, target = m
        else:
            schema, pname, value = m
            target = f"{source}/{schema}/{pname}:{value}"
            yield (row, target, schema, pname, value, None)
        yield (row, doc_key, "Document", "mentions", target, None)


def add_mentions(cur: duckdb.DuckDBPyConnection, mapping: Mapping) -> None:
    """Mentions of the documents in __good go to __pre (joined to their registration later)."""
    doc = next(e for e in mapping.entities if e.type == "Document")
    known = _known_names(cur)
    res = cur.execute(
        f"SELECT g.{ident(ROW)}, g.{ident('__k_' + doc.name)}, r.text FROM __good g "
        f"JOIN __raw r ON r.{ident(ROW)} = g.{ident(ROW)} WHERE g.{ident('__k_' + doc.name)} IS NOT NULL"
    )
    rows: list[tuple[int, str, str, str, str, str | None]] = []
    while batch := res.fetchmany(1000):
        for row, key, text in batch:
            rows.extend(
                _pre_rows(
                    mapping.source, str(key), int(row), extract_mentions(str(text or ""), known)
                )
            )
    cur.execute(f"DELETE FROM __pre WHERE {ident(ROW)} IN (SELECT {ident(ROW)} FROM __good)")
    if rows:
        cols = list(zip(*rows, strict=True))
        table = pa.table({
            ROW: pa.array(cols[0], pa.int64()), "entity_key": pa.array(cols[1], pa.string()),
            "schema": pa.array(cols[2], pa.string()), "prop": pa.array(cols[3], pa.string()),
            "value": pa.array(cols[4], pa.string()), "qualifier": pa.array(cols[5], pa.string()),
        })  # fmt: skip
        cur.register("__mentions", table)
        try:
            cur.execute("INSERT INTO __pre SELECT * FROM __mentions")
        finally:
            cur.unregister("__mentions")
