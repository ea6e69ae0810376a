from __future__ import annotations

import csv
import json

import pytest

from raffinaderij.demo import GenerateReport, generate


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> GenerateReport:
    return generate(tmp_path_factory.mktemp("demo") / "out", persons=2000, seed=11)


@pytest.fixture(scope="session")
def records(demo: GenerateReport) -> dict[str, str]:
    with (demo.truth / "records.csv").open(encoding="utf-8", newline="") as fh:
        return {r["entity_key"]: r["true_id"] for r in csv.DictReader(fh)}


@pytest.fixture(scope="session")
def manifest(demo: GenerateReport) -> dict:
    return json.loads((demo.truth / "manifest.json").read_text(encoding="utf-8"))
