"""Scoring pairs on Spark when one machine is outgrown (issue 13).

The approved model is the same JSON the DuckDB run uses: its comparison and blocking SQL is
written in DuckDB's dialect and translated to Spark SQL here (sqlglot, which Splink itself uses;
the Jaro-Winkler function takes the name of Splink's Spark UDF). The frame goes out as Parquet,
Splink's Spark backend predicts, and the scored pairs come back as Parquet; clustering under the
reviewers' decisions and the cluster constraints stays with the store (it is linear in the pairs
and needs the decisions table). The Parquet folder holds police data: it is removed after the run
whatever happens.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import shutil
import tempfile
import uuid
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from raffinaderij import config
from raffinaderij.errors import ConfigError, RaffError

__all__ = ["BACKENDS", "backend", "predict_spark", "spark_settings"]

BACKENDS = ("duckdb", "spark")

# DuckDB names sqlglot does not map to the functions Splink registers on Spark
_FUNCTIONS = {r"\bJAROWINKLER_SIMILARITY\s*\(": "jaro_winkler("}


def backend() -> str:
    """The configured backend; an unknown one is refused (deny by default)."""
    name = config.get("resolve_backend").strip().lower()
    if name not in BACKENDS:
        raise ConfigError(
            f"RAFF_RESOLVE_BACKEND={name!r} is not a resolution backend; use one of {BACKENDS}"
        )
    return name


def _to_spark(sql: str) -> str:
    import sqlglot

    if sql.strip().upper() == "ELSE":
        return sql
    out: str = sqlglot.transpile(sql, read="duckdb", write="spark")[0]
    for pattern, name in _FUNCTIONS.items():
        out = re.sub(pattern, name, out, flags=re.IGNORECASE)
    return out


def spark_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The model's settings with every condition and blocking rule in Spark SQL."""
    out = copy.deepcopy(settings)
    for comp in out["comparisons"]:
        for level in comp["comparison_levels"]:
            level["sql_condition"] = _to_spark(level["sql_condition"])
    rules = []
    for rule in out.get("blocking_rules_to_generate_predictions", []):
        text = rule["blocking_rule"] if isinstance(rule, dict) else str(rule)
        rules.append({"blocking_rule": _to_spark(text), "sql_dialect": "spark"})
    out["blocking_rules_to_generate_predictions"] = rules
    out["sql_dialect"] = "spark"
    return out


def _session(master: str, work: str) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise RaffError(
            "RAFF_RESOLVE_BACKEND=spark needs pyspark: install the spark extra"
            " (pip install 'raffinaderij[spark]') and a Java 17 runtime"
        ) from None
    from splink.backends.spark import similarity_jar_location

    logging.getLogger("py4j").setLevel(logging.ERROR)
    spark = (
        SparkSession.builder.master(master)
        .appName("raffinaderij-resolve")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", config.get("spark_driver_memory"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        # one comparison per CASE is more code than whole-stage generation allows (64 KB):
        # Spark would fall back after logging the generated source; skip that attempt
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.local.dir", os.path.join(work, "spark-local"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(os.path.join(work, "checkpoints"))
    return spark


def predict_spark(
    frame: pa.Table,
    settings: dict[str, Any],
    *,
    threshold_weight: float,
    master: str | None = None,
) -> pa.Table:
    """Score the pairs within `frame` on Spark; the same columns as `engine.predict`."""
    from raffinaderij.resolve.engine import contributions_sql

    root = config.get("spark_dir") or None
    work = tempfile.mkdtemp(prefix="raff-spark-", dir=root)
    spark = None
    try:
        spark = _session(master or config.get("spark_master"), work)
        from splink import Linker, SparkAPI

        frame_path = os.path.join(work, "frame.parquet")
        pq.write_table(frame, frame_path)
        api = SparkAPI(spark_session=spark, break_lineage_method="parquet")
        sdf = api.register(spark.read.parquet(frame_path), table_name=f"frame_{uuid.uuid4().hex}")
        linker = Linker(sdf, spark_settings(settings), log_level=None, validate_settings=False)
        scored = linker.inference.predict(
            threshold_match_weight=threshold_weight, warning_mode="never"
        )
        pairs_path = os.path.join(work, "pairs")
        names = [c["output_column_name"] for c in settings["comparisons"]]
        keep = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
        keep += [f"{p}_{n}" for n in names for p in ("gamma", "mw")]
        scored.as_spark_dataframe().select(*keep).write.parquet(pairs_path)
        con = duckdb.connect(":memory:")
        try:
            return con.sql(
                f"""SELECT least(unique_id_l, unique_id_r) AS left_key,
                           greatest(unique_id_l, unique_id_r) AS right_key,
                           match_weight, match_probability,
                           {contributions_sql(settings)} AS contributions
                    FROM read_parquet($path)
                    ORDER BY left_key, right_key""",
                params={"path": os.path.join(pairs_path, "*.parquet")},
            ).to_arrow_table()
        finally:
            con.close()
    finally:
        if spark is not None:  # a run is a batch: the session's folders go with the run's
            spark.stop()
        shutil.rmtree(work, ignore_errors=True)
