"""Why two records were (not) linked: per-comparison level and match-weight contribution."""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from raffinaderij.errors import NotFound
from raffinaderij.resolve.decisions import history
from raffinaderij.resolve.engine import new_connection, predict
from raffinaderij.resolve.frame import FRAME_COLUMNS
from raffinaderij.resolve.models import get_model
from raffinaderij.resolve.pipeline import current_version
from raffinaderij.store.db import Store
from raffinaderij.store.relation import Relations

__all__ = ["FIELD_NAMES", "explain", "level_label", "level_labels"]

# a comparison's name as a reader says it
FIELD_NAMES = {
    "given_name": "given name",
    "surname": "surname",
    "birth_date": "birth date",
    "address": "address",
    "bsn": "BSN",
    "phone": "phone",
    "email": "email",
    "sex": "sex",
    "household": "household",
    "kin": "kin",
    "vehicle": "vehicle (plate)",
}


def level_label(comp: dict[str, Any], gamma: str | int | None) -> str:
    """The label of the level a pair fell in; gamma counts down from the first non-null level
    (as Splink numbers them), -1 is the null level."""
    if gamma in (None, "-1", -1):
        return "null"
    non_null = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
    g = int(gamma)
    return (
        str(non_null[len(non_null) - 1 - g].get("label_for_charts", ""))
        if g < len(non_null)
        else ""
    )


def level_labels(settings: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(comparison, gamma, label) of every level of a model, null levels included."""
    out = []
    for comp in settings["comparisons"]:
        name = comp["output_column_name"]
        non_null = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        out.append((name, "-1", "null"))
        out += [(name, str(g), level_label(comp, g)) for g in range(len(non_null))]
    return out


def explain(store: Store, left: str, right: str, *, rel: Relations) -> dict[str, Any]:
    """The entity page's 'why': both records' compared values, each comparison's level label and
    weight (log2 Bayes factor), the total match weight and probability, the model version, whether
    they share a cluster, and the analysts' decisions on the pair.

    Frame rows and stored pairs are read from the caller's relations (`scoped_frame`,
    `scoped_pairs`): a record with any statement the reader may not see is not explained."""
    a, b = sorted((left, right))
    version = current_version(store)
    if version is None:
        raise NotFound("no resolution has run yet")
    model = get_model(store, version)
    cols = ", ".join(FRAME_COLUMNS)
    rows = rel.query(
        store,
        f"SELECT {cols} FROM scoped_frame WHERE unique_id IN ($a, $b) ORDER BY unique_id",
        {"a": a, "b": b},
    )
    if len(rows) != 2:
        raise NotFound(f"{a} and {b} are not both among the resolved records you may see whole")
    records = [dict(zip(FRAME_COLUMNS, r, strict=True)) for r in rows]
    stored = rel.query(
        store,
        "SELECT match_weight, match_probability, contributions FROM scoped_pairs"
        " WHERE left_key = $a AND right_key = $b ORDER BY run_id DESC LIMIT 1",
        {"a": a, "b": b},
    )
    if stored:
        weight, probability, contributions = stored[0][0], stored[0][1], json.loads(stored[0][2])
    else:
        # not a candidate pair (no shared blocking key, or below review weight): score it now
        frame = pa.table(
            {c: pa.array([records[0][c], records[1][c]], pa.string()) for c in FRAME_COLUMNS}
        )
        settings = dict(model.settings)
        settings["blocking_rules_to_generate_predictions"] = [
            {"blocking_rule": "1=1", "sql_dialect": "duckdb"}
        ]
        con = new_connection()
        try:
            scored = predict(frame, settings, threshold_weight=-1e9, con=con)
        finally:
            con.close()
        weight = scored.column("match_weight")[0].as_py()
        probability = scored.column("match_probability")[0].as_py()
        contributions = json.loads(scored.column("contributions")[0].as_py())
    fields = []
    for comp in model.settings["comparisons"]:
        name = comp["output_column_name"]
        level, w = contributions.get(name, [None, None])
        labels = [lv.get("label_for_charts", "") for lv in comp["comparison_levels"]]
        label = level_label(comp, level)
        fields.append(
            {
                "comparison": name,
                "field": FIELD_NAMES.get(name, name),
                "level": label,
                "weight": float(w) if w is not None else 0.0,
                "levels": labels,
            }
        )
    ids = dict(
        store.query(
            "SELECT entity_key, entity_id FROM entity_clusters WHERE entity_key IN (?, ?)", [a, b]
        )
    )
    return {
        "left": records[0],
        "right": records[1],
        "model_version": version,
        "match_weight": weight,
        "match_probability": probability,
        "prior_weight": None,
        "fields": fields,
        "same_entity": ids.get(a) is not None and ids.get(a) == ids.get(b),
        "decisions": [d.__dict__ for d in history(store, a, b)],
    }
