"""Subjects for a comparison: an uploaded CSV or Excel file read through a column mapping.

The mapping names, per column, which subject field it holds. Dutch and English headers are
recognised without one. Special categories can never be mapped (LAW-09): they are no keys.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping

from raffinaderij.errors import MappingError
from raffinaderij.model.ontology import ontology
from raffinaderij.search.keys import FIELDS

__all__ = ["HEADER_ALIASES", "MAX_SUBJECTS", "read_subjects", "subject_label"]

MAX_SUBJECTS = 100_000

HEADER_ALIASES: dict[str, str] = {
    "bsn": "bsn",
    "burgerservicenummer": "bsn",
    "voornaam": "givenName",
    "voornamen": "givenName",
    "given_name": "givenName",
    "givenname": "givenName",
    "first_name": "givenName",
    "roepnaam": "roepnaam",
    "voorletters": "initials",
    "initialen": "initials",
    "initials": "initials",
    "tussenvoegsel": "surnamePrefix",
    "prefix": "surnamePrefix",
    "achternaam": "surname",
    "geslachtsnaam": "surname",
    "surname": "surname",
    "last_name": "surname",
    "naam": "fullName",
    "volledige_naam": "fullName",
    "full_name": "fullName",
    "geboortedatum": "birthDate",
    "birth_date": "birthDate",
    "birthdate": "birthDate",
    "dob": "birthDate",
    "kenteken": "plate",
    "plate": "plate",
    "telefoon": "phone",
    "telefoonnummer": "phone",
    "phone": "phone",
    "postcode": "postcode",
    "huisnummer": "houseNumber",
    "house_number": "houseNumber",
    "toevoeging": "houseNumberAddition",
    "huisnummertoevoeging": "houseNumberAddition",
}


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _rows_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise MappingError("the subject file is neither UTF-8 nor Windows-1252 text")
    first = text.splitlines()[0] if text else ""
    delimiter = max((";", ",", "\t"), key=first.count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]


def _rows_excel(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise MappingError(f"cannot read the Excel file: {exc}") from exc
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = [
            "" if v is None else (v.isoformat()[:10] if hasattr(v, "isoformat") else str(v))
            for v in row
        ]
        if any(c.strip() for c in cells):
            rows.append(cells)
    return rows


def _check_mapping(mapping: Mapping[str, str]) -> None:
    special = {p for _, p in ontology().special}
    for column, field in mapping.items():
        if field in special:
            raise MappingError(
                f"column {column!r} maps to {field!r}, a special category of personal data: "
                "it can never be a match key (Wpg 5)"
            )
        if field not in FIELDS:
            raise MappingError(
                f"column {column!r} maps to unknown field {field!r}; known: {sorted(FIELDS)}"
            )


def read_subjects(
    data: bytes, *, filename: str, mapping: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """Rows of subject fields. `mapping`: column header -> field; headers are recognised otherwise."""
    if mapping:
        _check_mapping(mapping)
    rows = _rows_excel(data) if filename.lower().endswith((".xlsx", ".xlsm")) else _rows_csv(data)
    if not rows:
        raise MappingError(f"{filename}: the file is empty")
    header, body = rows[0], rows[1:]
    columns: dict[int, str] = {}
    given = {_header_key(k): v for k, v in (mapping or {}).items()}
    for i, name in enumerate(header):
        key = _header_key(name)
        field = given.get(key) or (None if mapping else HEADER_ALIASES.get(key))
        if field is None and key in {_header_key(p) for _, p in ontology().special}:
            raise MappingError(f"{filename}: column {name!r} is a special category; remove it")
        if field:
            columns[i] = field
    if not columns:
        raise MappingError(
            f"{filename}: no known columns; use e.g. voornaam, achternaam, geboortedatum, bsn,"
            " kenteken, telefoon, postcode, huisnummer, or give a mapping"
        )
    if len(body) > MAX_SUBJECTS:
        raise MappingError(f"{filename}: at most {MAX_SUBJECTS} subjects per comparison")
    subjects = []
    for row in body:
        subject = {
            field: row[i].strip() for i, field in columns.items() if i < len(row) and row[i].strip()
        }
        subjects.append(subject)
    return subjects


def subject_label(fields: Mapping[str, str]) -> str:
    """A short label from the analyst's own input (never from police data)."""
    name = " ".join(
        fields[f] for f in ("givenName", "initials", "surnamePrefix", "surname") if fields.get(f)
    ) or fields.get("fullName", "")
    parts = [
        name,
        fields.get("birthDate", ""),
        fields.get("plate", ""),
        fields.get("phone", ""),
        " ".join(x for x in (fields.get("postcode", ""), fields.get("houseNumber", "")) if x),
        ("BSN " + fields["bsn"]) if fields.get("bsn") else "",
    ]
    return " · ".join(p for p in parts if p) or "—"
