"""Build small stores by hand for policy tests: registrations and statements as the ingest writes them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from raffinaderij.store.db import Store

NOW = datetime(2026, 11, 1, 12, 0)


def add_record(
    store: Store,
    *,
    source: str = "src",
    reg_id: str,
    basis: int = 8,
    first_processed: date = date(2026, 6, 1),
    level: int = 1,
    confidentiality: str = "N",
    covert: str | None = None,
    case_id: str | None = None,
    blocked: bool = False,
    stage: str = "active",
    role: str = "suspect",
    entities: list[tuple[str, str, dict[str, Any]]] = (),  # type: ignore[assignment]
    links: list[tuple[str, str, str, str | None]] = (),  # type: ignore[assignment]
) -> str:
    """entities: (local key, type, {prop: value}); links: (from key, type, to key, role)."""
    reg_key = f"{source}:{reg_id}"
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO registrations VALUES (?,?,?,?,?,?,?,'A1','aangifte',?,'fact',?,?,?,?,'h','b1',?)",
            [
                reg_key,
                source,
                reg_id,
                basis,
                first_processed,
                level,
                confidentiality,
                covert,
                role,
                case_id,
                blocked,
                stage,
                NOW,
            ],
        )
        for key, schema, props in entities:
            for prop, value in props.items():
                for v in value if isinstance(value, list) else [value]:
                    cur.execute(
                        "INSERT INTO statements VALUES (?,?,?,?,?,NULL)",
                        [reg_key, f"{source}/{schema}/{key}", schema, prop, str(v)],
                    )
        types = {key: schema for key, schema, _ in entities}
        for frm, link, to, qual in links:
            cur.execute(
                "INSERT INTO statements VALUES (?,?,?,?,?,?)",
                [
                    reg_key,
                    f"{source}/{types[frm]}/{frm}",
                    types[frm],
                    link,
                    f"{source}/{types[to]}/{to}",
                    qual,
                ],
            )
    return reg_key
