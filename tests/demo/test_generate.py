"""Whole-run properties: same seed same bytes, formats of every identifier, shares and date spread."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from raffinaderij.demo import GenerateReport, generate
from raffinaderij.demo.__main__ import main
from raffinaderij.demo.identifiers import SIDECODES, bsn_valid, sidecode_for_year


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _rows(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", persons=1000, seed=5)
    b = generate(tmp_path / "b", persons=1000, seed=5)
    c = generate(tmp_path / "c", persons=1000, seed=6)
    assert _digest(a.out) == _digest(b.out)
    assert _digest(a.out)["bvh_incidenten.csv"] != _digest(c.out)["bvh_incidenten.csv"]


def test_module_entry_point(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--persons", "1000", "--seed", "2", "--out", str(tmp_path / "x"), "--quiet"]) == 0
    assert "bvh" in capsys.readouterr().out
    assert (tmp_path / "x" / "truth" / "manifest.json").exists()


def test_report_and_manifest_counts_match_files(demo: GenerateReport, manifest: dict) -> None:
    assert manifest["persons"] == 2000 and manifest["seed"] == 11
    assert manifest["counts"] == demo.counts
    assert len(_rows(demo.files["bvh"], "cp1252", ";")) == demo.counts["bvh"]
    assert len(_rows(demo.files["voertuigen"])) == demo.counts["voertuigen"]
    assert pq.read_metadata(demo.files["zaken"]).num_rows == demo.counts["zaken"]
    assert len(demo.files["thema"].read_text(encoding="utf-8").splitlines()) == demo.counts["thema"]
    assert (
        len(list(demo.files["pv"].glob("*.txt")))
        == len(list(demo.files["pv"].glob("*.json")))
        == demo.counts["pv"]
    )
    assert all(v > 0 for v in demo.counts.values())
    assert set(demo.mappings) == set(demo.counts)


def test_encodings_per_source(demo: GenerateReport) -> None:
    raw = demo.files["bvh"].read_bytes()
    raw.decode("cp1252")
    if any(b > 127 for b in raw):  # names such as Zoë and Daniëlle are single cp1252 bytes
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    demo.files["voertuigen"].read_bytes().decode("utf-8")
    demo.files["thema"].read_bytes().decode("utf-8")


def test_truth_world_formats(demo: GenerateReport) -> None:
    persons = pq.read_table(demo.truth / "persons.parquet").to_pylist()
    assert len(persons) == 2000 and len({p["true_id"] for p in persons}) == 2000
    bsns = [p["bsn"] for p in persons if p["bsn"]]
    assert len(bsns) == len(set(bsns)) == 2000  # small worlds: everyone has one
    assert all(b.startswith("9999") and bsn_valid(b) for b in bsns)
    for a in pq.read_table(demo.truth / "addresses.parquet").to_pylist():
        assert re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", a["postcode"]) and a["postcode"][4:] not in {
            "SA",
            "SD",
            "SS",
        }
        assert 50.7 < a["latitude"] < 53.6 and 3.3 < a["longitude"] < 7.3
    for v in pq.read_table(demo.truth / "vehicles.parquet").to_pylist():
        pattern = SIDECODES[sidecode_for_year(v["registration_year"])][0]
        assert re.fullmatch(
            pattern.replace("X", "[BDFGHJKLNPRSTVXZ]").replace("9", r"\d"), v["plate"]
        ), v


def test_registration_shares(demo: GenerateReport) -> None:
    bvh = _rows(demo.files["bvh"], "cp1252", ";")
    zaken = pq.read_table(demo.files["zaken"]).to_pylist()
    conf = [r["vertrouwelijkheid"] for r in bvh]
    assert 0.005 < conf.count("V") / len(conf) < 0.05
    levels = [r["niveau"] for r in bvh]
    assert levels.count("1") + levels.count("2") > 0.7 * len(levels) and "4" in levels
    assert any(r["heimelijk"] for r in zaken)
    assert any(r["gezondheid"] for r in zaken) or len(zaken) < 300
    assert all(re.fullmatch(r"ZAAK-20\d\d-\d{4}", r["zaaknummer"]) for r in zaken)
    assert all(not r["bsn"] or bsn_valid(r["bsn"]) for r in zaken)


def test_dates_spread_over_twelve_years(demo: GenerateReport) -> None:
    from datetime import datetime

    days = [
        datetime.strptime(r["registratiedatum"], "%d-%m-%Y").date()
        for r in _rows(demo.files["bvh"], "cp1252", ";")
    ]
    assert min(days) >= date(2014, 10, 1) and max(days) <= date(2026, 11, 1)
    assert (max(days) - min(days)).days > 11 * 365
    old = sum(d < date(2021, 11, 1) for d in days) / len(days)
    assert 0.3 < old < 0.7  # a good share is past the 5-year art. 8 term


def test_cases_and_themes(demo: GenerateReport) -> None:
    cases = json.loads((demo.truth / "cases.json").read_text(encoding="utf-8"))
    ids = {c["id"] for c in cases}
    assert len(ids) == len(cases)
    for c in cases:
        assert (
            c["basis"] in (9, 10) and c["purpose"] and c["threshold"] and c["facts"] and c["opened"]
        )
        assert c["closed"] is None or c["closed"] > c["opened"]
    used = {r["zaaknummer"] for r in pq.read_table(demo.files["zaken"]).to_pylist()}
    used |= {
        json.loads(line)["thema"]
        for line in demo.files["thema"].read_text(encoding="utf-8").splitlines()
    }
    assert used <= ids
    assert any(c["closed"] is None for c in cases) and any(c["closed"] for c in cases)


def test_networks_are_planted_and_findable(demo: GenerateReport) -> None:
    nets = json.loads((demo.truth / "networks.json").read_text(encoding="utf-8"))
    assert len(nets) >= 3
    links = _rows(demo.truth / "links.csv")
    drives: dict[str, set[str]] = {}
    phones: dict[str, set[str]] = {}
    for lk in links:
        if lk["type"] == "drives":
            drives.setdefault(lk["to_id"], set()).add(lk["from_id"])
        if lk["type"] == "usesPhone":
            phones.setdefault(lk["to_id"], set()).add(lk["from_id"])
    co: dict[str, set[str]] = {}
    for lk in links:
        if lk["type"] == "involvedIn" and lk["qualifier"] == "suspect":
            co.setdefault(lk["to_id"], set()).add(lk["from_id"])
    for net in nets:
        members = set(net["members"])
        assert 3 <= len(members) <= 10 and net["case"].startswith("ZAAK-")
        assert any(len(drives.get(v, set()) & members) >= 2 for v in net["vehicles"])
        assert any(len(phones.get(t, set()) & members) >= 2 for t in net["phones"])
        assert sum(len(co.get(i, set()) & members) >= 2 for i in net["incidents"]) >= 3


def test_subjects_mix_hits_and_non_hits(demo: GenerateReport) -> None:
    truth = _rows(demo.truth / "subjects.csv")
    assert len(truth) == 50
    hits = sum(r["hit"] == "true" for r in truth)
    assert 20 <= hits <= 45
    assert len(_rows(demo.out / "subjects.csv")) == 50


def _zaken_bsn_vs_truth(rep: GenerateReport) -> tuple[int, int]:
    truth = {
        p["true_id"]: p["bsn"] for p in pq.read_table(rep.truth / "persons.parquet").to_pylist()
    }
    with (rep.truth / "records.csv").open(encoding="utf-8", newline="") as fh:
        rec = {r["entity_key"]: r["true_id"] for r in csv.DictReader(fh)}
    rows = pq.read_table(rep.files["zaken"]).to_pylist()
    with_bsn = 0
    for r in rows:
        if r["bsn"]:
            with_bsn += 1
            assert r["bsn"] == truth[rec[f"zaken/Person/{r['persoon_id']}"]]
    return with_bsn, len(rows)


def test_zaken_bsn_is_the_persons_own(demo: GenerateReport) -> None:
    with_bsn, total = _zaken_bsn_vs_truth(demo)
    assert with_bsn > 0.7 * total


def test_large_world_gives_bsns_to_art9_subjects(tmp_path: Path) -> None:
    rep = generate(tmp_path / "big", persons=12_000, seed=8)  # more persons than 9999-BSNs exist
    bsns = [p["bsn"] for p in pq.read_table(rep.truth / "persons.parquet").to_pylist() if p["bsn"]]
    assert 0 < len(bsns) <= 9091 and len(bsns) == len(set(bsns))
    with_bsn, total = _zaken_bsn_vs_truth(rep)
    assert with_bsn > 0.7 * total
