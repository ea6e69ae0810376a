"""Export the clustering: source, source record id -> entity id, model version (Parquet or CSV);
with `pairs`, also every scored pair with its weight, probability, whether it was linked and an
explanation in words, one field at a time ("surname: exact with particles (+9.1); ...")."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from raffinaderij.errors import RaffError
from raffinaderij.resolve.explain import FIELD_NAMES, level_labels
from raffinaderij.resolve.models import get_model
from raffinaderij.store.db import Store

__all__ = ["export", "pairs_path"]

_CLUSTERS = (
    "SELECT split_part(entity_key, '/', 1) AS source,"
    " substr(entity_key, length(split_part(entity_key, '/', 1)) + length(split_part(entity_key, '/', 2)) + 3)"
    " AS source_record_id, entity_key, entity_id, model_version, run_id"
    " FROM entity_clusters ORDER BY entity_key"
)
# each field that moved the weight, strongest evidence first; fields without data are left out
_PAIRS = """
WITH c AS (
    SELECT p.left_key, p.right_key, p.match_weight, p.match_probability, p.linked,
           p.model_version, p.run_id, j.key AS comparison, j.value->>0 AS gamma,
           CAST(j.value->>1 AS DOUBLE) AS weight
    FROM match_pairs p, json_each(p.contributions) j
)
SELECT c.left_key, c.right_key, any_value(c.match_weight) AS match_weight,
       any_value(c.match_probability) AS match_probability, any_value(c.linked) AS linked,
       c.model_version, any_value(c.run_id) AS run_id,
       string_agg(coalesce(n.field, c.comparison) || ': ' || l.label || ' ('
                  || printf('%+.1f', c.weight) || ')', '; ' ORDER BY abs(c.weight) DESC)
           FILTER (WHERE c.weight <> 0) AS explanation
FROM c
LEFT JOIN _export_labels l ON l.model_version = c.model_version
     AND l.comparison = c.comparison AND l.gamma = c.gamma
LEFT JOIN _export_fields n ON n.comparison = c.comparison
GROUP BY c.left_key, c.right_key, c.model_version
ORDER BY c.left_key, c.right_key
"""


def pairs_path(out: Path) -> Path:
    """Where the pairs go beside `out`: clusters.parquet -> clusters.pairs.parquet."""
    return out.with_name(f"{out.stem}.pairs{out.suffix}")


def export(store: Store, out: Path, *, pairs: bool = False) -> int:
    """Write the current clustering to `out` (.parquet or .csv), and with `pairs` the scored
    pairs with their explanation to `pairs_path(out)`; returns the number of cluster rows."""
    suffix = out.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise RaffError(f"export to .parquet or .csv, not {out.name}")
    out.parent.mkdir(parents=True, exist_ok=True)
    fmt = "PARQUET" if suffix == ".parquet" else "CSV, HEADER true"
    cur = store.cursor()
    try:
        cur.execute(f"COPY ({_CLUSTERS}) TO '{_quoted(out)}' (FORMAT {fmt})")
        row = cur.execute("SELECT count(*) FROM entity_clusters").fetchone()
        if pairs:
            versions = [
                v
                for (v,) in cur.execute("SELECT DISTINCT model_version FROM match_pairs").fetchall()
            ]
            labels = [
                (v, *lab) for v in versions for lab in level_labels(get_model(store, v).settings)
            ]
            cols: list[tuple[str, ...]] = (
                list(zip(*labels, strict=True)) if labels else [(), (), (), ()]
            )
            cur.register(
                "_export_labels",
                pa.table(
                    {
                        name: pa.array(list(col), pa.string())
                        for name, col in zip(
                            ("model_version", "comparison", "gamma", "label"), cols, strict=True
                        )
                    }
                ),
            )
            cur.register(
                "_export_fields",
                pa.table(
                    {
                        "comparison": pa.array(list(FIELD_NAMES), pa.string()),
                        "field": pa.array(list(FIELD_NAMES.values()), pa.string()),
                    }
                ),
            )
            try:
                cur.execute(f"COPY ({_PAIRS}) TO '{_quoted(pairs_path(out))}' (FORMAT {fmt})")
            finally:
                cur.unregister("_export_labels")
                cur.unregister("_export_fields")
    finally:
        cur.close()
    return int(row[0]) if row else 0


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
