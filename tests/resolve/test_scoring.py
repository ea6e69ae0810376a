"""link_new scores in plain SQL (scoring.py); the full run scores through Splink: same numbers."""

from __future__ import annotations

from typing import Any

from resolve_support import CANDIDATES, copy_model

from raffinaderij.resolve import get_model, run
from raffinaderij.resolve.frame import FRAME_COLUMNS
from raffinaderij.resolve.scoring import score_pairs_sql
from raffinaderij.store.db import Store


def test_sql_scoring_equals_splink(rstore: Store, model_row: tuple[Any, ...]) -> None:
    version = copy_model(rstore, model_row, approved=True)
    run(rstore, candidate_filter=CANDIDATES)
    settings = get_model(rstore, version).settings
    sql = score_pairs_sql(settings, "match_pairs", "resolve_frame", list(FRAME_COLUMNS))
    rows = rstore.query(
        f"SELECT count(*), max(abs(o.match_weight - p.match_weight)),"
        f" max(abs(o.match_probability - p.match_probability)),"
        f" count(*) FILTER (WHERE o.contributions <> p.contributions)"
        f" FROM ({sql}) o JOIN match_pairs p USING (left_key, right_key)"
    )
    n, dw, dp, differ = rows[0]
    assert n == rstore.query("SELECT count(*) FROM match_pairs")[0][0] and n > 100
    assert dw < 1e-9 and dp < 1e-9 and differ == 0
