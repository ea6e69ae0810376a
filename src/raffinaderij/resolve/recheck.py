"""Every pair inside a cluster scored directly, so a chain cannot join two records whose own
pair says "different".

Clustering sees only the pairs blocking produced (and kept above the review weight). A chain of
middling links can then carry a twin, a father or a housemate into one cluster although their
own pair, never scored or scored low, says they differ. After clustering, the pairs inside each
cluster of three or more that were not scored are scored in SQL with the same model (scoring.py);
those below the clustering's `cannot_weight` keep their records apart, and the clusters are
formed again. The scored pairs are returned to be stored with the run, so a later re-cluster
(after an analyst's decision) sees the same constraints.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import pyarrow as pa

from raffinaderij.resolve.cluster import ClusterParams
from raffinaderij.resolve.frame import FRAME_COLUMNS
from raffinaderij.resolve.scoring import score_pairs_sql

__all__ = ["cluster_rechecked", "recheck_pairs"]

# clusters larger than this are not re-checked pair by pair (their pairs grow as the square);
# the weak-bridge rule and the BSN constraint still hold for them
MAX_CHECKED = 200


def recheck_pairs(
    con: duckdb.DuckDBPyConnection,
    frame: str,
    mapping: dict[str, str],
    pairs: pa.Table,
    settings: dict[str, Any],
    params: ClusterParams,
    before: dict[str, str] | None = None,
) -> pa.Table | None:
    """The unscored pairs inside the clusters of `mapping` (entity_key -> label), scored by the
    model against `frame` (a table of FRAME_COLUMNS on `con`), that fall below cannot_weight;
    None when there are none (or the constraint is off). With `before` (each existing record's
    cluster before new records were linked), a pair of two records that were one cluster
    already is not scored again: it was checked when that cluster formed."""
    if params.cannot_weight is None:
        return None
    sizes: dict[str, int] = {}
    for label in mapping.values():
        sizes[label] = sizes.get(label, 0) + 1
    big = {label for label, n in sizes.items() if 3 <= n <= MAX_CHECKED}
    if not big:
        return None
    chosen = [(k, lab) for k, lab in mapping.items() if lab in big]
    old = before or {}
    members = pa.table(
        {
            "k": pa.array([k for k, _ in chosen], pa.string()),
            "c": pa.array([lab for _, lab in chosen], pa.string()),
            # a record's cluster before (None: new, or no `before` given)
            "o": pa.array([old.get(k) for k, _ in chosen], pa.string()),
        }
    )
    names = ("_rc_members", "_rc_scored")
    con.register("_rc_members", members)
    con.register("_rc_scored", pairs.select(["left_key", "right_key"]))
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _rc_pairs AS"
            " SELECT a.k AS left_key, b.k AS right_key FROM _rc_members a"
            " JOIN _rc_members b ON a.c = b.c AND a.k < b.k"
            " AND (a.o IS NULL OR b.o IS NULL OR a.o <> b.o)"
            " ANTI JOIN _rc_scored s ON s.left_key = a.k AND s.right_key = b.k"
        )
        sql = score_pairs_sql(settings, "_rc_pairs", frame, list(FRAME_COLUMNS))
        out = con.sql(
            f"SELECT * FROM ({sql}) WHERE match_weight < {params.cannot_weight!r}"
        ).to_arrow_table()
    finally:
        con.execute("DROP TABLE IF EXISTS _rc_pairs")
        for n in names:
            con.unregister(n)
    return out if out.num_rows else None


def cluster_rechecked(
    run_cluster: Callable[[pa.Table], dict[str, str]],
    con: duckdb.DuckDBPyConnection,
    frame: str,
    pairs: pa.Table,
    settings: dict[str, Any],
    params: ClusterParams,
    before: dict[str, str] | None = None,
) -> tuple[dict[str, str], pa.Table | None]:
    """Cluster `pairs` (left_key, right_key, match_weight, ...), re-check inside the clusters
    and cluster again with what was found; returns the mapping and the pairs scored by the
    re-check (as score_pairs_sql returns them), or None."""
    mapping = run_cluster(pairs)
    extra = recheck_pairs(con, frame, mapping, pairs, settings, params, before)
    if extra is None:
        return mapping, None
    cols = ["left_key", "right_key", "match_weight"]
    both = pa.concat_tables(
        [pairs.select(cols), extra.select(cols).cast(pairs.select(cols).schema)]
    )
    return run_cluster(both), extra
