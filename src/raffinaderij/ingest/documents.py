"""Documents (txt, pdf, docx): text becomes a Document; what dutch_text.find recognises in it
(organisations, laws and ECLI numbers, persons, places, plates, IBANs, phones, postcodes, BSNs,
e-mail addresses) and the names of persons and organisations already stored become `mentions`
links, each keeping the offsets of its occurrences.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
from unidecode import unidecode

from raffinaderij.ingest.dutch_text import find
from raffinaderij.ingest.mapping import Mapping
from raffinaderij.ingest.staging import ROW, RawWriter, ident

__all__ = [
    "Found",
    "add_mentions",
    "extract_mentions",
    "extract_text",
    "land_documents",
    "rescan_mentions",
]

# (object type, property, normalised value, key of a stored entity or None, offsets)
Found = tuple[str, str, str, str | None, tuple[tuple[int, int], ...]]
MAX_KNOWN_NAMES = 2_000_000  # bounded memory for the known-name lookup

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
    root, relative = base, pattern
    if Path(pattern).is_absolute():  # an absolute glob reads from the file system's root
        root, relative = (
            Path(Path(pattern).anchor),
            str(Path(pattern).relative_to(Path(pattern).anchor)),
        )
    files = sorted(p for p in root.glob(relative) if p.is_file() and p.suffix.lower() != ".json")
    writer = RawWriter(cur, batch_rows=500)
    writer.ensure_columns(["path", "name", "title", "text", "sha256"])
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
            # the file's bytes, so one document filed twice resolves to one entity
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
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


# What each kind of mention becomes (object type, property); dates are found but not stored.
_STORED = {
    "organisation": ("Organisation", "name"), "law": ("LegalReference", "reference"),
    "ecli": ("LegalReference", "reference"), "person": ("Person", "fullName"),
    "place": ("Address", "city"), "iban": ("BankAccount", "iban"), "phone": ("Phone", "number"),
    "plate": ("Vehicle", "plate"), "postcode": ("Address", "postcode"), "bsn": ("Person", "bsn"),
    "email": ("Person", "email"),
}  # fmt: skip


def extract_mentions(
    text: str,
    known: dict[str, str] | None = None,
    known_organisations: dict[str, str] | None = None,
) -> list[Found]:
    """Mentions in `text` as (schema, prop, value, entity key of a stored entity or None,
    offsets). A name of a stored person or organisation links to that entity; known-person
    hits come back as ('Person', 'known', name, key, offsets)."""
    orgs = known_organisations or {}
    found: dict[tuple[str, str, str, str | None], list[tuple[int, int]]] = {}

    def add(schema: str, prop: str, value: str, key: str | None, at: tuple[int, int]) -> None:
        found.setdefault((schema, prop, value, key), []).append(at)

    names: dict[tuple[int, int], None] = {}
    for name, person, at in _name_spans(text, known or {}):
        names[at] = None
        add("Person", "known", name, person, at)
    for span in find(text, known_organisations=list(orgs.values())):
        if span.kind not in _STORED:
            continue
        at = (span.start, span.end)
        schema, prop = _STORED[span.kind]
        if span.kind == "person":
            if any(s < span.end and span.start < e for s, e in names):
                continue  # already linked to the stored person
            key = (known or {}).get(_norm_name(span.value))
            if key is not None:
                add("Person", "known", _norm_name(span.value), key, at)
                continue
        key = orgs_key(orgs, span.value) if span.kind == "organisation" else None
        add(schema, prop, span.value, key, at)
    return [(s, p, v, k, tuple(at)) for (s, p, v, k), at in found.items()]


def _name_spans(text: str, known: dict[str, str]) -> Iterator[tuple[str, str, tuple[int, int]]]:
    """(normalised name, entity key, offsets) of every run of 2-4 words that is a known name,
    longest first, never overlapping an earlier find."""
    if not known:
        return
    words = [(m.start(), m.end(), _norm_name(m.group(0))) for m in _WORD.finditer(text)]
    taken: list[tuple[int, int]] = []
    for n in (4, 3, 2):
        for i in range(len(words) - n + 1):
            name = " ".join(w for _, _, w in words[i : i + n])
            key = known.get(name)
            at = (words[i][0], words[i + n - 1][1])
            if key is not None and not any(s <= at[0] < e for s, e in taken):
                taken.append(at)
                yield name, key, at


def rescan_mentions(cur: duckdb.DuckDBPyConnection, batch_id: str) -> list[str]:
    """Stored documents that name a person or organisation batch `batch_id` brought in get their
    `mentions` link to it now (issue 15: mentions are re-scanned when new entities arrive), with
    offsets, in the document's own registration and in the batch's transaction. Returns the
    registrations of the documents that gained a link; a link already there is not added twice."""
    stored = cur.execute(
        "SELECT EXISTS (SELECT 1 FROM statements s JOIN registrations r ON r.reg_key = s.reg_key"
        " WHERE s.schema = 'Document' AND s.prop = 'text' AND r.batch_id <> $batch)",
        {"batch": batch_id},
    ).fetchone()
    if not (stored and stored[0]):  # no earlier document to scan: spare reading every new name
        return []
    known = {**_known_names(cur, batch_id), **_known_organisations_by_name(cur, batch_id)}
    if not known:
        return []
    res = cur.execute(
        "SELECT s.reg_key, s.entity_key, s.value FROM statements s "
        "JOIN registrations r ON r.reg_key = s.reg_key "
        "WHERE s.schema = 'Document' AND s.prop = 'text' AND r.batch_id <> $batch "
        "ORDER BY s.reg_key, s.entity_key",
        {"batch": batch_id},
    )
    rows: list[tuple[str, str, str, str, str, str]] = []
    while batch := res.fetchmany(1000):
        for reg_key, doc_key, text in batch:
            spans: dict[str, list[tuple[int, int]]] = {}
            for _, key, at in _name_spans(str(text), known):
                spans.setdefault(key, []).append(at)
            rows.extend(
                (str(reg_key), str(doc_key), "Document", "mentions", key,
                 ",".join(f"{s}-{e}" for s, e in ats))
                for key, ats in spans.items()
            )  # fmt: skip
    if not rows:
        return []
    cols = list(zip(*rows, strict=True))
    names = ("reg_key", "entity_key", "schema", "prop", "value", "qualifier")
    cur.register(
        "__rescan",
        pa.table({n: pa.array(c, pa.string()) for n, c in zip(names, cols, strict=True)}),
    )
    try:
        added = cur.execute(
            "INSERT INTO statements SELECT * FROM __rescan n WHERE NOT EXISTS ("
            " SELECT 1 FROM statements s WHERE s.reg_key = n.reg_key AND s.entity_key = n.entity_key"
            " AND s.prop = 'mentions' AND s.value = n.value) RETURNING reg_key"
        ).fetchall()
    finally:
        cur.unregister("__rescan")
    return sorted({str(r[0]) for r in added})


def orgs_key(orgs: dict[str, str], name: str) -> str | None:
    """The entity key of a stored organisation called `name` (orgs: key -> stored name)."""
    wanted = _norm_name(name)
    for key, stored in orgs.items():
        if _norm_name(stored) == wanted:
            return key
    return None


def _known_names(cur: duckdb.DuckDBPyConnection, batch_id: str | None = None) -> dict[str, str]:
    """Normalised full names of persons already in the store (or only those a batch brought)
    -> one entity key (exact match only)."""
    only = (
        ""
        if batch_id is None
        else (" AND reg_key IN (SELECT reg_key FROM registrations WHERE batch_id = $batch)")
    )
    rows = cur.execute(
        "WITH parts AS (SELECT entity_key, "
        "  max(value) FILTER (WHERE prop = 'fullName') AS fulln, "
        "  max(value) FILTER (WHERE prop = 'givenName') AS given, "
        "  max(value) FILTER (WHERE prop = 'surnamePrefix') AS prefix, "
        "  max(value) FILTER (WHERE prop = 'surname') AS surname "
        "  FROM statements WHERE schema = 'Person' AND prop IN ('fullName', 'givenName', 'surnamePrefix', 'surname') "
        + only
        + " "
        "  GROUP BY entity_key) "
        "SELECT entity_key, coalesce(fulln, concat_ws(' ', given, prefix, surname)) FROM parts "
        "WHERE fulln IS NOT NULL OR (given IS NOT NULL AND surname IS NOT NULL) ORDER BY entity_key LIMIT $n",
        {"n": MAX_KNOWN_NAMES} | ({} if batch_id is None else {"batch": batch_id}),
    ).fetchall()
    known: dict[str, str] = {}
    for key, name in rows:
        norm = _norm_name(str(name))
        if len(norm.split()) >= 2:
            known.setdefault(norm, str(key))
    return known


def _known_organisations(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Entity key -> name of organisations already in the store (bounded like persons)."""
    rows = cur.execute(
        "SELECT entity_key, min(value) FROM statements WHERE schema = 'Organisation' "
        "AND prop = 'name' GROUP BY entity_key ORDER BY entity_key LIMIT $n",
        {"n": MAX_KNOWN_NAMES},
    ).fetchall()
    return {str(k): str(v) for k, v in rows}


def _known_organisations_by_name(cur: duckdb.DuckDBPyConnection, batch_id: str) -> dict[str, str]:
    """Normalised names of the organisations a batch brought -> entity key (names of two words
    or more, like persons: a one-word name matches too much running text)."""
    rows = cur.execute(
        "SELECT min(value), entity_key FROM statements WHERE schema = 'Organisation' "
        "AND prop = 'name' AND reg_key IN (SELECT reg_key FROM registrations WHERE batch_id = $batch) "
        "GROUP BY entity_key ORDER BY entity_key LIMIT $n",
        {"batch": batch_id, "n": MAX_KNOWN_NAMES},
    ).fetchall()
    found: dict[str, str] = {}
    for name, key in rows:
        norm = _norm_name(str(name))
        if 2 <= len(norm.split()) <= 4:
            found.setdefault(norm, str(key))
    return found


def _pre_rows(
    source: str, doc_key: str, row: int, mentions: list[Found]
) -> Iterator[tuple[int, str, str, str, str, str | None]]:
    """Target statements, and the Document's `mentions` link whose qualifier keeps the offsets
    ("start-end,start-end") so the document view can highlight every occurrence."""
    for schema, pname, value, key, spans in mentions:
        target = key
        if target is None:
            target = f"{source}/{schema}/{pname}:{value}"
            yield (row, target, schema, pname, value, None)
        yield (row, doc_key, "Document", "mentions", target, ",".join(f"{s}-{e}" for s, e in spans))


def add_mentions(cur: duckdb.DuckDBPyConnection, mapping: Mapping) -> None:
    """Mentions of the documents in __good go to __pre (joined to their registration later)."""
    doc = next(e for e in mapping.entities if e.type == "Document")
    known = _known_names(cur)
    orgs = _known_organisations(cur)
    res = cur.execute(
        f"SELECT g.{ident(ROW)}, g.{ident('__k_' + doc.name)}, r.text FROM __good g "
        f"JOIN __raw r ON r.{ident(ROW)} = g.{ident(ROW)} WHERE g.{ident('__k_' + doc.name)} IS NOT NULL"
    )
    rows: list[tuple[int, str, str, str, str, str | None]] = []
    while batch := res.fetchmany(1000):
        for row, key, text in batch:
            rows.extend(
                _pre_rows(
                    mapping.source,
                    str(key),
                    int(row),
                    extract_mentions(str(text or ""), known, orgs),
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
