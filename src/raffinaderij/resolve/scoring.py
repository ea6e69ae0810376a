"""Scoring a few pairs with an approved model in plain SQL, on the store's own connection.

Splink builds its SQL anew (through sqlglot) for every call, which costs most of a second;
linking 1,000 new records must take less than that in all. The trained settings are the whole
model: gamma = the first comparison level whose condition holds (numbered as Splink numbers them,
null level -1), weight = log2(m/u) of that level, match weight = prior + sum of weights. The full
run still scores through Splink; tests check that both give the same weights.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["score_pairs_sql"]

_CLAMP = 1e-300  # as Splink clamps m and u before the log


def _weight(level: dict[str, Any]) -> float:
    m, u = level.get("m_probability"), level.get("u_probability")
    # a level never seen in training: Splink uses 1e-6 for both, a Bayes factor of one
    m = 1e-6 if not isinstance(m, int | float) else m
    u = 1e-6 if not isinstance(u, int | float) else u
    return math.log2(max(m, _CLAMP) / max(u, _CLAMP))


def _comparison(comp: dict[str, Any]) -> tuple[str, str, str]:
    """(gamma CASE, weight CASE, output name) for one comparison."""
    name = comp["output_column_name"]
    levels = comp["comparison_levels"]
    counted = [lv for lv in levels if not lv.get("is_null_level")]
    n = len(counted)
    gamma_parts, weight_parts = [], []
    i = 0
    for lv in levels:
        cond = lv["sql_condition"]
        if lv.get("is_null_level"):
            g, w = -1, 0.0
        else:
            g, w = n - 1 - i, _weight(lv)
            i += 1
        if cond.strip().upper() == "ELSE":
            gamma_parts.append(f"ELSE {g}")
            weight_parts.append(f"ELSE {w!r}::DOUBLE")
        else:
            gamma_parts.append(f"WHEN {cond} THEN {g}")
            weight_parts.append(f"WHEN {cond} THEN {w!r}::DOUBLE")
    return (
        "CASE " + " ".join(gamma_parts) + " END",
        "CASE " + " ".join(weight_parts) + " END",
        name,
    )


def score_pairs_sql(settings: dict[str, Any], pairs: str, frame: str, columns: list[str]) -> str:
    """SQL scoring `pairs` (left_key < right_key) whose records are rows of `frame`.

    Returns left_key, right_key, match_weight, match_probability, contributions (as `predict`).
    """
    lam = float(settings["probability_two_random_records_match"])
    prior = math.log2(lam / (1.0 - lam))
    sides = ", ".join(f'l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in columns)
    comps = [_comparison(c) for c in settings["comparisons"]]
    gammas = ", ".join(f'{g} AS "gamma_{n}", {w} AS "mw_{n}"' for g, w, n in comps)
    total = " + ".join(f'"mw_{n}"' for _, _, n in comps) or "0"
    contrib = ", ".join(
        f'\'{n}\', [CAST("gamma_{n}" AS VARCHAR), CAST(round("mw_{n}", 3) AS VARCHAR)]'
        for _, _, n in comps
    )
    return f"""
WITH cols AS (
    SELECT p.left_key, p.right_key, {sides}
    FROM {pairs} p
    JOIN {frame} l ON l.unique_id = p.left_key
    JOIN {frame} r ON r.unique_id = p.right_key
),
g AS (SELECT left_key, right_key{", " + gammas if gammas else ""} FROM cols),
w AS (SELECT *, {prior!r} + {total} AS match_weight FROM g)
SELECT left_key, right_key, match_weight,
       pow(2, match_weight) / (1 + pow(2, match_weight)) AS match_probability,
       to_json(json_object({contrib})) AS contributions
FROM w
"""
