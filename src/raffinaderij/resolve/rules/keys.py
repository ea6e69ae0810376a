"""The deterministic rules: which normalised key makes two records one vehicle, phone, address,
organisation, bank account or document. Each rule is a pure function of one entity-in-source's
values; two records sharing any rule key are one thing (LAW-15: the same input gives the same
output, and the key says why they were joined)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from stdnum import iban as stdnum_iban
from unidecode import unidecode

from raffinaderij.model.normalise.address import (
    clean_house_number,
    clean_postcode,
    parse_postcode_house,
)
from raffinaderij.model.normalise.phones import clean_phone
from raffinaderij.model.normalise.plates import clean_plate, sidecode

__all__ = [
    "RULES",
    "RULES_VERSION",
    "Rule",
    "Values",
    "address_keys",
    "normalise_org_name",
    "rules_hash",
    "rules_json",
]

#: Bump whenever a rule below changes what it joins: a new version needs a new approval.
RULES_VERSION = "objects-2026.12-1"

Values = Mapping[str, list[str]]  # prop -> the entity's values of it


@dataclass(frozen=True)
class Rule:
    schema: str
    reads: tuple[str, ...]  # the properties (and links) the rule reads
    description: str
    keys: Callable[[Values], set[str]]


def _plate_keys(v: Values) -> set[str]:
    out = set()
    for raw in v.get("plate", []):
        plate = clean_plate(raw)
        # a Dutch plate (after OCR repair) or a foreign one of at least 4 characters
        if plate and (sidecode(plate) is not None or len(plate) >= 4):
            out.add(f"plate:{plate}")
    for raw in v.get("vin", []):
        vin = re.sub(r"[^A-Z0-9]", "", raw.upper())
        if len(vin) == 17:  # ISO 3779
            out.add(f"vin:{vin}")
    return out


def _phone_keys(v: Values) -> set[str]:
    return {f"phone:{e164}" for raw in v.get("number", []) if (e164 := clean_phone(raw))}


def address_keys(v: Values) -> set[str]:
    """Postcode + house number + addition; street and city only support (they vary in spelling
    far more than a postcode does). An address without both has no key and stays on its own."""
    out = set()
    postcodes = {pc for raw in v.get("postcode", []) if (pc := clean_postcode(raw))}
    additions: list[str | None] = [*v.get("houseNumberAddition", [])] or [None]
    numbers = {
        hn.key()
        for raw in v.get("houseNumber", [])
        for add in additions
        if (hn := clean_house_number(raw, add))
    }
    if len(postcodes) == 1 and len(numbers) == 1:
        out.add(f"address:{next(iter(postcodes))}|{next(iter(numbers))}")
    for raw in v.get("full", []):
        pc, hn = parse_postcode_house(raw)
        if pc and hn:
            out.add(f"address:{pc}|{hn.key()}")
    return out


_LEGAL_FORMS = re.compile(
    r"\b(b\s?v|n\s?v|v\s?o\s?f|c\s?v|holding|stichting|vereniging|cooperatie|u\s?a|ltd|gmbh)\b"
)


def normalise_org_name(name: str) -> str:
    """'Bouwbedrijf De Vries B.V.' and 'bouwbedrijf de vries bv' -> 'bouwbedrijf de vries'."""
    s = unidecode(name).lower().replace(".", "").replace("&", " en ")
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    s = _LEGAL_FORMS.sub(" ", s)
    return re.sub(r"\s+", " ", s).strip()


def _organisation_keys(v: Values) -> set[str]:
    out = set()
    for raw in v.get("kvk", []):
        digits = re.sub(r"\D", "", raw)
        if len(digits) == 8:
            out.add(f"kvk:{digits}")
    for raw in v.get("rsin", []):
        digits = re.sub(r"\D", "", raw)
        if len(digits) == 9:
            out.add(f"rsin:{digits}")
    # name + address: the address keys of the organisation's establishedAt addresses
    names = {n for raw in v.get("name", []) if (n := normalise_org_name(raw))}
    for name in names:
        for addr in v.get("@establishedAt", []):
            out.add(f"org:{name}|{addr.removeprefix('address:')}")
    return out


def _account_keys(v: Values) -> set[str]:
    out = set()
    for raw in v.get("iban", []):
        try:
            out.add(f"iban:{stdnum_iban.validate(raw)}")
        except ValueError:
            continue  # stdnum's errors derive from ValueError; an invalid IBAN joins nothing
    return out


def _document_keys(v: Values) -> set[str]:
    return {
        f"sha256:{h}"
        for raw in v.get("contentHash", [])
        if re.fullmatch(r"[0-9a-f]{64}", h := raw.strip().lower())
    }


RULES: dict[str, Rule] = {
    r.schema: r
    for r in (
        Rule(
            "Vehicle",
            ("plate", "vin"),
            "normalised Dutch plate (side-codes, OCR confusions repaired) or VIN",
            _plate_keys,
        ),
        Rule("Phone", ("number",), "E.164 number (+31 for Dutch numbers)", _phone_keys),
        Rule(
            "Address",
            ("postcode", "houseNumber", "houseNumberAddition", "full"),
            "postcode + house number + addition",
            address_keys,
        ),
        Rule(
            "Organisation",
            ("kvk", "rsin", "name", "@establishedAt"),
            "KvK number, RSIN, or normalised name + the address key of where it is established",
            _organisation_keys,
        ),
        Rule("BankAccount", ("iban",), "IBAN with a valid check digit", _account_keys),
        Rule("Document", ("contentHash",), "SHA-256 of the file's bytes", _document_keys),
    )
}


def rules_json() -> str:
    """What the approver approves: the version and every rule's reading, in words."""
    return json.dumps(
        {
            "version": RULES_VERSION,
            "rules": {
                r.schema: {"reads": list(r.reads), "joins_on": r.description}
                for r in RULES.values()
            },
        },
        sort_keys=True,
    )


def rules_hash() -> str:
    return hashlib.sha256(rules_json().encode()).hexdigest()
