"""Splink on a private in-memory DuckDB connection (memory-limited), fed with Arrow frames.

Splink's intermediate tables never touch the store file; results come back as Arrow.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from typing import Any

import duckdb
import pyarrow as pa

from raffinaderij import config
from raffinaderij.errors import RaffError
from raffinaderij.resolve.stages import Stages

__all__ = [
    "contributions_sql",
    "decontaminate_u",
    "new_connection",
    "predict",
    "train_model",
    "weight_to_probability",
]

logging.getLogger("splink").setLevel(logging.ERROR)


def _half(limit: str) -> str:
    """Half a DuckDB size ("4GB" -> "2048MB"): the store connection holds the other half."""
    m = re.fullmatch(r"\s*([\d.]+)\s*([KMGT]?i?B)\s*", limit, re.IGNORECASE)
    if not m:
        return limit
    scale = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}.get(m.group(2)[0].upper(), 1)
    return f"{max(256, int(float(m.group(1)) * scale / 2 / 2**20))}MB"


def new_connection(
    *, memory_limit: str | None = None, threads: int | None = None
) -> duckdb.DuckDBPyConnection:
    """A scratch DuckDB for Splink: half the configured memory limit (RAFF_MEMORY_LIMIT), so store
    and scratch together stay within it, spilling to a private temp directory beyond that."""
    settings: dict[str, Any] = {
        "memory_limit": memory_limit or _half(str(config.get("memory_limit"))),
        # created (and removed again) by DuckDB only when it has to spill
        "temp_directory": os.path.join(tempfile.gettempdir(), f"raff-resolve-{os.getpid()}"),
    }
    if threads or config.get("threads"):
        settings["threads"] = threads or int(config.get("threads"))
    settings["preserve_insertion_order"] = False
    return duckdb.connect(":memory:", config=settings)


def _linker(
    con: duckdb.DuckDBPyConnection, frame: pa.Table | str, settings: dict[str, Any], name: str
) -> Any:
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(con)
    sdf = (
        db_api.register(frame, table_name=name)
        if isinstance(frame, pa.Table)
        else db_api.register(frame)
    )
    return Linker(sdf, settings, log_level=None, validate_settings=False)


def train_model(
    frame: pa.Table,
    settings: dict[str, Any],
    *,
    seed: int,
    deterministic_rules: list[str],
    em_rules: list[str],
    u_pairs: float = 2e6,
    recall: float = 0.8,
    stages: Stages | None = None,
) -> dict[str, Any]:
    """Estimate lambda, u (random sampling, seeded) and m (EM per blocking rule); return settings."""
    stages = stages or Stages(0)
    from splink.internals.exceptions import SplinkException

    con = new_connection()
    try:
        linker = _linker(con, frame, settings, "frame")
        stages.start("prior")
        if deterministic_rules:  # none finds a pair: keep the settings' prior
            linker.training.estimate_probability_two_random_records_match(
                deterministic_rules, recall=recall
            )
        stages.start("u (random pairs)")
        linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
        for i, rule in enumerate(em_rules, 1):
            stages.start(f"EM {i}: {rule}")
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(rule)
            except SplinkException as exc:  # the plan counted pairs; this is the last guard
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise RaffError(f"training on {rule} failed: {first}") from exc
        trained: dict[str, Any] = linker.misc.save_model_to_json()
        trained["linker_uid"] = None
        return decontaminate_u(trained, floor=1.0 / u_pairs)
    finally:
        con.close()


def decontaminate_u(settings: dict[str, Any], *, floor: float) -> dict[str, Any]:
    """Remove the true matches' share from u estimated on random pairs.

    Random pairs include matches at rate lambda, so the sample measures
    u_obs = lambda * m + (1 - lambda) * u; solving for u makes agreement on a near-unique key
    (an id number) as strong as it really is when matches are common (FEBRL: one in 10^4 pairs).
    `floor` is the sample's resolution (one pair in u_pairs); fixed u's are left alone.
    """
    lam = float(settings.get("probability_two_random_records_match") or 0.0)
    if not 0.0 < lam < 1.0:
        return settings
    for comp in settings["comparisons"]:
        for level in comp["comparison_levels"]:
            m, u = level.get("m_probability"), level.get("u_probability")
            if level.get("is_null_level") or level.get("fix_u_probability"):
                continue
            if not isinstance(m, float | int) or not isinstance(u, float | int):
                continue
            level["u_probability"] = max((u - lam * m) / (1.0 - lam), min(u, floor))
    return settings


def contributions_sql(settings: dict[str, Any]) -> str:
    """A JSON object of {comparison: [level, weight]} from Splink's gamma_/mw_ columns."""
    parts = []
    for comp in settings["comparisons"]:
        name = comp["output_column_name"]
        parts.append(
            f'\'{name}\', [CAST("gamma_{name}" AS VARCHAR), CAST(round("mw_{name}", 3) AS VARCHAR)]'
        )
    return "to_json(json_object(" + ", ".join(parts) + "))"


def predict(
    frame: pa.Table,
    settings: dict[str, Any],
    *,
    threshold_weight: float,
    existing: pa.Table | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> pa.Table:
    """Score pairs: within `frame`, or between `frame` (new) and `existing` plus within `frame`.

    Returns left_key < right_key, match_weight, match_probability, contributions (JSON).
    """
    from splink import DuckDBAPI, Linker

    own = con is None
    con = con or new_connection()
    try:
        db_api = DuckDBAPI(con)
        new_sdf = db_api.register(frame, table_name="frame_new")
        linker = Linker(new_sdf, settings, log_level=None, validate_settings=False)
        if existing is None:
            preds = [
                linker.inference.predict(
                    threshold_match_weight=threshold_weight, warning_mode="never"
                )
            ]
        else:
            old_sdf = db_api.register(existing, table_name="frame_old")
            preds = [
                linker.inference.predict_between(
                    new_sdf, old_sdf, threshold_match_weight=threshold_weight, warning_mode="never"
                ),
                linker.inference.predict_within(
                    new_sdf, threshold_match_weight=threshold_weight, warning_mode="never"
                ),
            ]
        contrib = contributions_sql(settings)
        tables = []
        for p in preds:
            sql = f"""
                SELECT least(unique_id_l, unique_id_r) AS left_key,
                       greatest(unique_id_l, unique_id_r) AS right_key,
                       match_weight, match_probability, {contrib} AS contributions
                FROM {p.physical_name}
            """
            tables.append(con.sql(sql).to_arrow_table())
        return pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    finally:
        if own:
            con.close()


def weight_to_probability(weight: float) -> float:
    return 1.0 / (1.0 + 2.0 ** (-weight))
