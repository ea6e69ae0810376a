"""Issue 4 acceptance: the generator's sources ingest with their shipped mappings and the counts
match truth/ — every record lands, no rejects, and the entities-in-source are exactly the truth's."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from raffinaderij.clock import FixedClock
from raffinaderij.demo import generate
from raffinaderij.ingest import ingest
from raffinaderij.model.normalise import normalise
from raffinaderij.store.db import open_store


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate(out, persons=600, seed=7)
    return out


def test_every_source_lands_and_matches_truth(generated: Path, tmp_path: Path) -> None:
    manifest = json.loads((generated / "truth" / "manifest.json").read_text())
    store = open_store(":memory:")
    clock = FixedClock(
        manifest["today"] and __import__("datetime").date.fromisoformat(manifest["today"])
    )
    for source, mapping in manifest["mappings"].items():
        if source == "subjects":
            continue
        report = ingest(store, generated / mapping, clock=clock, rejects_dir=tmp_path)
        assert report.rejected == 0, (
            f"{source}: {report.rejected} rejects, see {report.rejects_path}"
        )
        assert report.stored == manifest["counts"][source], source
    per_source = dict(store.query("SELECT source, count(*) FROM registrations GROUP BY source"))
    expected = {s: n for s, n in manifest["counts"].items() if s != "subjects"}
    assert per_source == expected

    with (generated / "truth" / "records.csv").open(encoding="utf-8") as fh:
        truth_keys = {
            r["entity_key"]
            for r in csv.DictReader(fh)
            if not r["entity_key"].startswith("subjects/")
        }
    types = sorted({key.split("/")[1] for key in truth_keys})
    stored = {
        row[0]
        for row in store.query(
            "SELECT DISTINCT entity_key FROM statements WHERE list_contains(?, schema)", [types]
        )
    }
    # Entities extracted from document text (`pv/<Type>/<prop>:<value>`) are mentions, checked below.
    extracted = {key for key in stored if ":" in key.split("/", 2)[2]}
    assert stored - extracted == truth_keys

    # Plates and phones that the free-text reports mention are found (text extraction recall).
    with (generated / "truth" / "mentions.csv").open(encoding="utf-8") as fh:
        mentions = [row for row in csv.DictReader(fh) if row["source"] == "pv"]
    for kind, prop in (("Vehicle", "plate"), ("Phone", "number")):
        wanted = {
            normalise(prop if prop == "plate" else "phone", m["text"])
            for m in mentions
            if m["kind"] == kind
        }
        found = {key.split(":", 1)[1] for key in extracted if key.startswith(f"pv/{kind}/")}
        assert wanted, kind
        assert len(wanted & found) / len(wanted) >= 0.95, (kind, sorted(wanted - found)[:5])

    # a second run changes nothing (idempotent by registration key)
    before = store.query("SELECT count(*) FROM statements")[0][0]
    for source, mapping in manifest["mappings"].items():
        if source != "subjects":
            again = ingest(store, generated / mapping, clock=clock, rejects_dir=tmp_path)
            assert again.stored == 0 and again.altered == 0
    assert store.query("SELECT count(*) FROM statements")[0][0] == before
