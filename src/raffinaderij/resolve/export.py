"""Export the clustering: source, source record id -> entity id, model version (Parquet or CSV)."""

from __future__ import annotations

from pathlib import Path

from raffinaderij.errors import RaffError
from raffinaderij.store.db import Store

__all__ = ["export"]


def export(store: Store, out: Path) -> int:
    """Write the current clustering to `out` (.parquet or .csv); returns the number of rows."""
    suffix = out.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise RaffError(f"export to .parquet or .csv, not {out.name}")
    out.parent.mkdir(parents=True, exist_ok=True)
    fmt = "PARQUET" if suffix == ".parquet" else "CSV, HEADER true"
    sql = (
        "SELECT split_part(entity_key, '/', 1) AS source,"
        " substr(entity_key, length(split_part(entity_key, '/', 1)) + length(split_part(entity_key, '/', 2)) + 3)"
        " AS source_record_id, entity_key, entity_id, model_version, run_id"
        " FROM entity_clusters ORDER BY entity_key"
    )
    path = str(out).replace("'", "''")
    cur = store.cursor()
    try:
        cur.execute(f"COPY ({sql}) TO '{path}' (FORMAT {fmt})")
        row = cur.execute("SELECT count(*) FROM entity_clusters").fetchone()
    finally:
        cur.close()
    return int(row[0]) if row else 0
