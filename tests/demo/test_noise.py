"""Noise lands at the rates asked for: from the generator's counts and measured against truth."""

from __future__ import annotations

import csv
import math
from dataclasses import fields
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from raffinaderij.demo import GenerateReport, NoiseRates, generate


def _close(applied: int, eligible: int, rate: float) -> bool:
    sigma = math.sqrt(max(rate * (1 - rate), 1e-9) / eligible)
    return abs(applied / eligible - rate) <= 4 * sigma + 0.01


def test_counted_noise_matches_parameters(manifest: dict) -> None:
    checked = 0
    for source, kinds in manifest["noise"].items():
        for kind, s in kinds.items():
            if s["eligible"] >= 300:
                assert _close(s["applied"], s["eligible"], s["rate"]), (source, kind, s)
                checked += 1
    assert checked >= 15


def _vehicle_rows(demo: GenerateReport) -> list[dict[str, str]]:
    with demo.files["voertuigen"].open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _truth(demo: GenerateReport) -> tuple[dict[str, str], dict[str, dict], dict[str, dict]]:
    with (demo.truth / "records.csv").open(encoding="utf-8", newline="") as fh:
        rec = {r["entity_key"]: r["true_id"] for r in csv.DictReader(fh)}
    veh = {v["true_id"]: v for v in pq.read_table(demo.truth / "vehicles.parquet").to_pylist()}
    per = {p["true_id"]: p for p in pq.read_table(demo.truth / "persons.parquet").to_pylist()}
    return rec, veh, per


def test_measured_plate_noise(demo: GenerateReport, manifest: dict) -> None:
    rec, veh, _ = _truth(demo)
    rows = _vehicle_rows(demo)
    rates = manifest["noise"]["voertuigen"]
    nodash = sum("-" not in r["kenteken"] for r in rows)
    lower = sum(r["kenteken"] != r["kenteken"].upper() for r in rows)
    assert _close(nodash, len(rows), rates["plate_nodash"]["rate"])
    assert _close(lower, len(rows), rates["plate_lower"]["rate"])
    ocr = sum(
        r["kenteken"].upper().replace("-", "")
        != veh[rec[f"voertuigen/Vehicle/{r['voertuig_id']}"]]["plate"].replace("-", "")
        for r in rows
    )
    assert (
        ocr / len(rows)
        <= rates["plate_ocr"]["rate"] + 4 * math.sqrt(rates["plate_ocr"]["rate"] / len(rows)) + 0.01
    )


def test_measured_birth_date_noise(demo: GenerateReport, manifest: dict) -> None:
    rec, _, per = _truth(demo)
    rows = _vehicle_rows(demo)
    swapped = missing = eligible = 0
    for r in rows:
        true = date.fromisoformat(per[rec[f"voertuigen/Person/{r['houder_id']}"]]["birth_date"])
        got = r["houder_geboortedatum"]
        missing += got == ""
        if true.day <= 12 and true.day != true.month:
            eligible += 1
            swapped += got[:5] == f"{true.month:02d}/{true.day:02d}"
    rates = manifest["noise"]["voertuigen"]
    assert _close(missing, len(rows), rates["date_missing"]["rate"])
    # a swapped date can also be made partial or missing afterwards: allow for that loss
    assert _close(swapped, eligible, rates["date_swap"]["rate"] * 0.96)


def test_zero_noise_reproduces_truth(tmp_path: Path) -> None:
    zero = NoiseRates(**{f.name: 0.0 for f in fields(NoiseRates)})
    rep = generate(tmp_path / "z", persons=1000, seed=3, noise=zero)
    rec, veh, per = _truth(rep)
    for r in _vehicle_rows(rep):
        assert r["kenteken"] == veh[rec[f"voertuigen/Vehicle/{r['voertuig_id']}"]]["plate"]
        p = per[rec[f"voertuigen/Person/{r['bestuurder_id']}"]]
        assert r["bestuurder_voornaam"] == p["given_names"]
        assert (
            r["bestuurder_achternaam"] == p["used_surname"]
            and r["bestuurder_tussenvoegsel"] == p["used_prefix"]
        )
        assert (
            date.fromisoformat(p["birth_date"]).strftime("%d/%m/%Y")
            == r["bestuurder_geboortedatum"]
        )
    manifest_noise = __import__("json").loads((rep.truth / "manifest.json").read_text())["noise"]
    assert all(s["applied"] == 0 for kinds in manifest_noise.values() for s in kinds.values())


@pytest.mark.parametrize("rate", [0.5])
def test_high_rates_are_honoured(tmp_path: Path, rate: float) -> None:
    rep = generate(
        tmp_path / "h", persons=1000, seed=4, noise=NoiseRates(plate_nodash=rate, typo=0.2)
    )
    import json

    noise = json.loads((rep.truth / "manifest.json").read_text())["noise"]
    s = noise["voertuigen"]["plate_nodash"]
    assert s["rate"] == rate and _close(s["applied"], s["eligible"], rate)
    t = noise["bvh"]["typo"]
    assert _close(t["applied"], t["eligible"], 0.2)
