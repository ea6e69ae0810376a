"""FollowTheMoney (FtM) JSON lines in and out, so data moves to and from Aleph/OpenSanctions tools.

The format is written here ({"id", "schema", "properties": {name: [values]}}); the followthemoney
library is not needed. Import is a connector (`format: ftm`), so it runs through the same mapping,
rejects, idempotency and transaction as every other source.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import duckdb
import yaml

from raffinaderij.clock import Clock
from raffinaderij.ingest.staging import RawWriter, json_lines
from raffinaderij.store.db import Store

__all__ = ["FTM_THINGS", "export_ftm", "import_ftm", "land_ftm"]

# FtM schema -> (our object type, {FtM property: our property}).
FTM_THINGS: dict[str, tuple[str, dict[str, str]]] = {
    "Person": ("Person", {"name": "fullName", "firstName": "givenName", "lastName": "surname",
                          "birthDate": "birthDate", "birthPlace": "birthPlace", "gender": "sex",
                          "nationality": "nationality", "email": "email", "idNumber": "bsn"}),
    "Organization": ("Organisation", {"name": "name", "registrationNumber": "kvk"}),
    "Company": ("Organisation", {"name": "name", "registrationNumber": "kvk"}),
    "LegalEntity": ("Organisation", {"name": "name", "registrationNumber": "kvk"}),
    "PublicBody": ("Organisation", {"name": "name", "registrationNumber": "kvk"}),
    "Address": ("Address", {"full": "full", "street": "street", "postalCode": "postcode", "city": "city",
                            "latitude": "latitude", "longitude": "longitude"}),
    "Vehicle": ("Vehicle", {"registrationNumber": "plate", "model": "model", "make": "make"}),
    "Event": ("Incident", {"name": "incidentCode", "date": "date", "summary": "description", "location": "place"}),
    "BankAccount": ("BankAccount", {"iban": "iban", "bic": "bic"}),
    "Payment": ("Payment", {"amount": "amount", "currency": "currency", "date": "date",
                            "purpose": "purpose", "transactionNumber": "transactionNumber"}),
    "PlainText": ("Document", {"title": "title", "bodyText": "text", "date": "date"}),
    "Document": ("Document", {"title": "title", "bodyText": "text", "date": "date"}),
    "Pages": ("Document", {"title": "title", "bodyText": "text", "date": "date"}),
}  # fmt: skip
# Interval schemata -> (from property, to property, {(from type, to type): our link type},
# the properties whose first value becomes the link's role).
FTM_INTERVALS: dict[str, tuple[str, str, dict[tuple[str, str], str], tuple[str, ...]]] = {
    "Ownership": (
        "owner",
        "asset",
        {
            ("Person", "Vehicle"): "registeredKeeper",
            ("Person", "Organisation"): "ownerOf",
            ("Organisation", "Organisation"): "shareholderOf",
            ("Person", "BankAccount"): "holdsAccount",
        },
        ("percentage", "ownershipType", "role"),
    ),
    "Directorship": (
        "director",
        "organization",
        {("Person", "Organisation"): "directorOf"},
        ("role",),
    ),
    "Employment": ("employee", "employer", {("Person", "Organisation"): "worksFor"}, ("role",)),
    "Membership": ("member", "organization", {("Person", "Organisation"): "worksFor"}, ("role",)),
    "Family": ("person", "relative", {("Person", "Person"): "familyOf"}, ("relationship",)),
    "Associate": ("person", "associate", {("Person", "Person"): "associateOf"}, ("relationship",)),
}
# A Family relationship with one of these words is a partnership (partnerOf).
PARTNER_WORDS = frozenset(
    {
        "spouse",
        "partner",
        "wife",
        "husband",
        "echtgenote",
        "echtgenoot",
        "partner van",
        "vriendin",
        "vriend",
        "girlfriend",
        "boyfriend",
    }
)
# Payment properties that name the parties and accounts -> (our link type, the type they need).
FTM_PAYMENT_LINKS = {
    "payer": ("payer", None),
    "beneficiary": ("beneficiary", None),
    "payerAccount": ("paymentFrom", "BankAccount"),
    "beneficiaryAccount": ("paymentTo", "BankAccount"),
}
_EXPORT_SCHEMA = {"Person": "Person", "Organisation": "Organization", "Address": "Address",
                  "Vehicle": "Vehicle", "Incident": "Event", "Document": "PlainText",
                  "BankAccount": "BankAccount", "Payment": "Payment"}  # fmt: skip
# Our link types exported as FtM interval entities: (schema, from property, to property, role
# property); the payment links become properties of the Payment itself.
_EXPORT_LINKS = {
    "registeredKeeper": ("Ownership", "owner", "asset", "role"),
    "ownerOf": ("Ownership", "owner", "asset", "role"),
    "shareholderOf": ("Ownership", "owner", "asset", "role"),
    "holdsAccount": ("Ownership", "owner", "asset", "role"),
    "worksFor": ("Employment", "employee", "employer", "role"),
    "directorOf": ("Directorship", "director", "organization", "role"),
    "familyOf": ("Family", "person", "relative", "relationship"),
    "partnerOf": ("Family", "person", "relative", "relationship"),
    "associateOf": ("Associate", "person", "associate", "relationship"),
}
_EXPORT_PAYMENT_PROPS = {ours: ftm for ftm, (ours, _) in FTM_PAYMENT_LINKS.items()}
_REVERSE_PROPS = {
    ours: {op: fp for fp, op in FTM_THINGS[ftm][1].items()} for ours, ftm in _EXPORT_SCHEMA.items()
}


def _links_for(
    schema: str, props: dict[str, list[str]], types: dict[str, str]
) -> Iterator[tuple[str, str, str, str | None]]:
    """(from FtM id, link type, to FtM id, qualifier) implied by one FtM entity; the link type
    of an interval follows the types of its ends (an owner of a car keeps it, of a company owns
    it). A link of something to itself is no link."""
    if schema in FTM_INTERVALS:
        fp, tp, by_types, role_props = FTM_INTERVALS[schema]
        role = next((props[r][0] for r in role_props if props.get(r)), None)
        for a in props.get(fp, []):
            for b in props.get(tp, []):
                ltype = by_types.get((types.get(a, ""), types.get(b, "")))
                if ltype is None or a == b:
                    continue
                if ltype == "familyOf" and (role or "").strip().lower() in PARTNER_WORDS:
                    ltype = "partnerOf"
                yield a, ltype, b, role
    elif schema == "UnknownLink":
        for role in props.get("role", []) or [""]:
            ltype, _, qual = role.partition(":")
            for a in props.get("subject", []):
                for b in props.get("object", []):
                    yield a, ltype, b, qual or None


def land_ftm(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    label: str,
    *,
    source: str,
    rejects: list[tuple[str, int, str | None, str]],
) -> int:
    from raffinaderij.model.normalise.phones import clean_phone
    from raffinaderij.model.ontology import ontology

    if not path.is_file():
        from raffinaderij.errors import IngestError

        raise IngestError(f"{path}: the FtM file does not exist")
    onto = ontology()
    types: dict[str, str] = {}  # first pass: FtM id -> our type, so links can name their ends
    with path.open("rb") as fh:
        for raw in fh:
            try:
                obj = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
            if (
                isinstance(obj, dict)
                and obj.get("schema") in FTM_THINGS
                and isinstance(obj.get("id"), str)
            ):
                types[obj["id"]] = FTM_THINGS[obj["schema"]][0]

    def key(ftm_id: str) -> str:
        return f"{source}/{types[ftm_id]}/{ftm_id}"

    writer = RawWriter(cur, batch_rows=5000)
    writer.ensure_columns(["id", "schema", "caption", "first_seen", "last_seen", "datasets"])
    pre: list[tuple[int, str, str, str, str, str | None]] = []
    for row, line_no, obj in json_lines(path, label, rejects):
        if not isinstance(obj.get("id"), str) or not isinstance(obj.get("schema"), str):
            rejects.append(
                (label, row, None, f"an FtM entity needs 'id' and 'schema' (line {line_no})")
            )
            continue
        schema, fid = obj["schema"], obj["id"]
        props_raw = obj.get("properties") or {}
        props = (
            {
                str(k): [str(x) for x in (v if isinstance(v, list) else [v]) if x is not None]
                for k, v in props_raw.items()
            }
            if isinstance(props_raw, dict)
            else {}
        )
        stmts: list[tuple[str, str, str, str, str | None]] = []
        if schema in FTM_THINGS:
            ours, pmap = FTM_THINGS[schema]
            ek = key(fid)
            for fp, values in props.items():
                if fp in pmap and pmap[fp] in onto.objects[ours].properties:
                    stmts.extend((ek, ours, pmap[fp], v, None) for v in values if v.strip())
                elif fp == "addressEntity":
                    ltype = {
                        "Person": "livesAt",
                        "Organisation": "establishedAt",
                        "Incident": "locatedAt",
                    }.get(ours)
                    stmts.extend(
                        (ek, ours, ltype, key(v), None)
                        for v in values
                        if ltype and types.get(v) == "Address"
                    )
                elif fp == "phone" and ours == "Person":
                    for v in values:
                        num = clean_phone(v) or v
                        pk = f"{source}/Phone/{num}"
                        stmts.append((pk, "Phone", "number", num, None))
                        stmts.append((ek, "Person", "usesPhone", pk, None))
                elif fp == "involved" and ours == "Incident":
                    for v in values:
                        t = types.get(v)
                        if t == "Person":
                            stmts.append((key(v), "Person", "involvedIn", ek, None))
                        elif t == "Vehicle":
                            stmts.append((key(v), "Vehicle", "vehicleInvolved", ek, None))
                elif fp in FTM_PAYMENT_LINKS and ours == "Payment":
                    ltype, need = FTM_PAYMENT_LINKS[fp]
                    stmts.extend(
                        (ek, ours, ltype, key(v), None)
                        for v in values
                        if v in types and (need is None or types[v] == need)
                    )
                elif fp in ("owner", "operator") and ours == "Vehicle":
                    ltype = "registeredKeeper" if fp == "owner" else "drives"
                    stmts.extend(
                        (key(v), "Person", ltype, ek, None)
                        for v in values
                        if types.get(v) == "Person"
                    )
        else:
            for a, ltype, b, qual in _links_for(schema, props, types):
                lt = onto.links.get(ltype)
                ta, tb = types.get(a), types.get(b)
                if lt and ta == lt.source and (lt.target == "any" or tb == lt.target):
                    stmts.append((key(a), ta, ltype, key(b), qual))
            if not stmts:
                why = (
                    "no link between these ends in the ontology (or an entity linked to itself)"
                    if schema in FTM_INTERVALS
                    else "no counterpart in the ontology"
                )
                rejects.append(
                    (label, row, "schema", f"FtM {schema} {fid}: {why} (line {line_no})")
                )
                continue
        digest = hashlib.sha256(json.dumps(stmts, sort_keys=True).encode()).hexdigest()[:16]
        cols: dict[str, str | None] = {
            "id": fid, "schema": schema,
            "caption": obj.get("caption") if isinstance(obj.get("caption"), str) else None,
            "first_seen": str(obj["first_seen"]) if obj.get("first_seen") else None,
            "last_seen": str(obj["last_seen"]) if obj.get("last_seen") else None,
            "datasets": ";".join(map(str, obj.get("datasets") or [])) or None,
        }  # fmt: skip
        writer.add(label, row, cols, prehash=digest)
        pre.extend((row, *s) for s in stmts)
        if len(pre) >= 50_000:
            _flush_pre(cur, pre)
            pre = []
    writer.flush()
    _flush_pre(cur, pre)
    return writer.rows


def _flush_pre(
    cur: duckdb.DuckDBPyConnection, rows: list[tuple[int, str, str, str, str, str | None]]
) -> None:
    if rows:
        cur.executemany("INSERT INTO __pre VALUES (?, ?, ?, ?, ?, ?)", rows)


def import_ftm(
    store: Store,
    path: str | Path,
    *,
    registration: dict[str, Any],
    source: str = "ftm",
    batch_id: str | None = None,
    clock: Clock | None = None,
    rejects_dir: str | Path | None = None,
    progress: bool = False,
) -> Any:
    """Import an FtM JSON-lines file; `registration` gives the LAW-01 fields (consts or specs)."""
    from raffinaderij.ingest.pipeline import ingest

    reg: dict[str, Any] = {"id": "id"}
    for k, v in registration.items():
        reg[k] = v if isinstance(v, dict) else {"const": v}
    doc = {
        "source": source,
        "input": {"format": "ftm", "path": str(Path(path).resolve())},
        "registration": reg,
    }
    with tempfile.TemporaryDirectory(prefix="raff-ftm-") as tmp:
        mpath = Path(tmp) / f"{source}.ftm.yaml"
        mpath.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        return ingest(
            store, mpath, batch_id=batch_id, clock=clock, rejects_dir=rejects_dir, progress=progress
        )


def ftm_id(entity_key: str) -> str:
    """A stable FtM id: readable slug plus a short hash (FtM ids are plain tokens)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", entity_key).strip("-")[:60]
    return f"{slug}-{hashlib.sha1(entity_key.encode()).hexdigest()[:10]}"


def export_ftm(
    store: Store,
    out: str | Path | IO[str],
    *,
    predicate_sql: str = "true",
    params: dict[str, Any] | None = None,
) -> dict[str, int]:
    """Write entities and links visible under `predicate_sql` (over registrations `r`) as FtM lines.

    The predicate comes from the guard (policy compiled to SQL); this function adds no policy.
    """
    sql = (
        "SELECT s.entity_key, s.schema, s.prop, s.value, s.qualifier FROM statements s "
        f"JOIN registrations r ON r.reg_key = s.reg_key WHERE ({predicate_sql}) "
        "ORDER BY s.entity_key, s.prop, s.value"
    )
    cur = store.cursor()
    counts = {"entities": 0, "links": 0}
    try:
        phones = dict(cur.execute(
            f"SELECT s.entity_key, min(s.value) FROM statements s JOIN registrations r ON r.reg_key = s.reg_key "
            f"WHERE ({predicate_sql}) AND s.schema = 'Phone' AND s.prop = 'number' GROUP BY 1", params or {}
        ).fetchall())  # fmt: skip
        res = cur.execute(sql, params or {})
        fh: IO[str]
        close = False
        if isinstance(out, str | Path):
            fh = Path(out).open("w", encoding="utf-8")  # noqa: SIM115 - closed in the finally below
            close = True
        else:
            fh = out
        try:
            current: dict[str, Any] | None = None
            links: dict[str, dict[str, Any]] = {}

            def flush(entity: dict[str, Any] | None) -> None:
                if entity is not None and entity["schema"] is not None and entity["properties"]:
                    fh.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
                    counts["entities"] += 1

            while batch := res.fetchmany(10_000):
                for ek, schema, prop, value, qual in batch:
                    if current is None or current["_key"] != ek:
                        if current is not None:
                            current.pop("_key")
                        flush(current)
                        current = {
                            "_key": ek,
                            "id": ftm_id(ek),
                            "schema": _EXPORT_SCHEMA.get(schema),
                            "properties": {},
                        }
                    props = current["properties"]
                    if prop in _REVERSE_PROPS.get(schema, {}):
                        props.setdefault(_REVERSE_PROPS[schema][prop], []).append(value)
                    elif prop in ("livesAt", "establishedAt", "locatedAt"):
                        props.setdefault("addressEntity", []).append(ftm_id(value))
                    elif schema == "Payment" and prop in _EXPORT_PAYMENT_PROPS:
                        props.setdefault(_EXPORT_PAYMENT_PROPS[prop], []).append(ftm_id(value))
                    elif prop == "usesPhone" and value in phones:
                        props.setdefault("phone", []).append(phones[value])
                    elif schema != "Phone" and prop not in _REVERSE_PROPS.get(schema, {}):
                        from raffinaderij.model.ontology import ontology

                        if prop not in ontology().links:
                            continue
                        lid = ftm_id(f"{ek}|{prop}|{value}|{qual or ''}")
                        if prop in _EXPORT_LINKS:
                            fschema, fp, tp, rp = _EXPORT_LINKS[prop]
                            lprops = {fp: [ftm_id(ek)], tp: [ftm_id(value)]}
                            if qual:
                                lprops[rp] = [qual]
                            elif prop == "partnerOf":
                                lprops[rp] = ["partner"]
                            link = {"id": lid, "schema": fschema, "properties": lprops}
                        else:
                            role = prop + (":" + qual if qual else "")
                            link = {
                                "id": lid,
                                "schema": "UnknownLink",
                                "properties": {
                                    "subject": [ftm_id(ek)],
                                    "object": [ftm_id(value)],
                                    "role": [role],
                                },
                            }
                        links[lid] = link
            if current is not None:
                current.pop("_key")
            flush(current)
            for lid in sorted(links):
                fh.write(json.dumps(links[lid], ensure_ascii=False, sort_keys=True) + "\n")
                counts["links"] += 1
        finally:
            if close:
                fh.close()
    finally:
        cur.close()
    return counts
