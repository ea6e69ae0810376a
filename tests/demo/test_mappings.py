"""The shipped mappings follow the contract, name real columns, and give exactly the truth's keys."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import string
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import yaml

from raffinaderij.demo import GenerateReport
from raffinaderij.model.ontology import ontology

REQUIRED = {
    "id",
    "legal_basis",
    "first_processed",
    "level",
    "confidentiality",
    "reliability",
    "acquisition",
    "fact_judgement",
    "role",
}
SOURCES = ["bvh", "voertuigen", "zaken", "thema", "pv", "subjects"]


def read_csv(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def load_rows(mapping_path: Path, m: dict[str, Any]) -> list[dict[str, Any]]:
    inp = m["input"]
    base = mapping_path.parent
    fmt = inp["format"]
    if fmt == "csv":
        return read_csv(base / inp["path"], encoding=inp["encoding"], delimiter=inp["delimiter"])
    if fmt == "parquet":
        return pq.read_table(base / inp["path"]).to_pylist()
    if fmt == "ndjson":
        lines = (base / inp["path"]).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]
    if fmt == "text":
        rows = []
        for txt in sorted(base.glob(inp["path"])):
            meta = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
            # the columns the document connector lands (ingest/documents.py)
            rows.append(
                {
                    "text": txt.read_text(encoding="utf-8"),
                    "sha256": hashlib.sha256(txt.read_bytes()).hexdigest(),
                    "__meta__": meta,
                }
            )
        return rows
    raise AssertionError(fmt)


def value(spec: Any, row: dict[str, Any]) -> str:
    if isinstance(spec, str):
        v = row[spec]
    elif "const" in spec:
        v = spec["const"]
    elif "column" in spec:
        v = row[spec["column"]]
    elif "meta" in spec:
        v = row["__meta__"][spec["meta"]]
    else:
        v = spec["template"].format(
            **{k: ("" if row[k] is None else row[k]) for k in _fields(spec["template"])}
        )
    return "" if v is None else str(v)


def _fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


def columns_of(spec: Any) -> list[tuple[str, str]]:
    """(kind, name) of everything a value spec reads."""
    if isinstance(spec, str):
        return [("column", spec)]
    if "column" in spec:
        return [("column", spec["column"])]
    if "meta" in spec:
        return [("meta", spec["meta"])]
    if "template" in spec:
        return [("column", f) for f in _fields(spec["template"])]
    return []


@pytest.fixture(scope="module")
def maps(demo: GenerateReport) -> dict[str, tuple[Path, dict[str, Any], list[dict[str, Any]]]]:
    out = {}
    for name in SOURCES:
        path = demo.out / f"{name}.mapping.yaml"
        m = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[name] = (path, m, load_rows(path, m))
    return out


@pytest.mark.parametrize("name", SOURCES)
def test_mapping_follows_contract_and_ontology(maps: dict, name: str) -> None:
    path, m, rows = maps[name]
    onto = ontology()
    assert m["source"] == name and m["input"]["format"] in {"csv", "parquet", "ndjson", "text"}
    assert set(m["registration"]) >= REQUIRED, REQUIRED - set(m["registration"])
    assert set(m["registration"]) <= REQUIRED | {"covert", "case"}
    basis = m["registration"]["legal_basis"]["const"]
    assert basis in {8, 9, 10, 13}
    for local, ent in m["entities"].items():
        assert ent["type"] in onto.objects, (local, ent["type"])
        assert ent["key"]
        for prop in ent["properties"]:
            onto.prop(ent["type"], prop)  # raises on an unknown property
        for spec in ent["key"]:  # LAW-09: a special category is never a key
            for _, col in columns_of(spec):
                assert "gezondheid" not in col
    for link in m["links"]:
        lt = onto.links[link["type"]]
        assert lt.source == m["entities"][link["from"]]["type"]
        assert lt.target in ("any", m["entities"][link["to"]]["type"])
        if "role" in link:
            assert lt.role
    # every referenced column exists in the generated data
    specs = list(m["registration"].values())
    for ent in m["entities"].values():
        specs += ent["key"] + list(ent["properties"].values())
    specs += [link["role"] for link in m["links"] if "role" in link]
    have = set(rows[0]) - {"__meta__"}
    meta = set(rows[0].get("__meta__", {}))
    for spec in specs:
        for kind, col in columns_of(spec):
            assert col in (meta if kind == "meta" else have), f"{name}: {kind} {col!r} missing"


@pytest.mark.parametrize("name", SOURCES)
def test_registration_values_are_valid(maps: dict, name: str) -> None:
    from datetime import datetime

    _, m, rows = maps[name]
    reg = m["registration"]
    ids = [value(reg["id"], r) for r in rows]
    assert len(ids) == len(set(ids)), "registration ids must be unique per source"
    for r in rows:
        assert value(reg["level"], r) in {"1", "2", "3", "4"}
        assert value(reg["confidentiality"], r) in {"V", "N"}
        assert value(reg["role"], r) in {"suspect", "victim", "witness", "reporter", "other"}
        assert value(reg["fact_judgement"], r) in {"fact", "judgement"}
        if "covert" in reg:
            assert value(reg["covert"], r) in {
                "",
                "interception",
                "observation",
                "undercover",
                "informant",
            }
        fp = reg["first_processed"]
        datetime.strptime(value(fp, r), fp["format"])


@pytest.mark.parametrize("name", SOURCES)
def test_entity_keys_are_exactly_the_truth_records(
    maps: dict, records: dict[str, str], name: str
) -> None:
    _, m, rows = maps[name]
    keys: set[str] = set()
    for ent in m["entities"].values():
        for r in rows:
            vals = [value(s, r) for s in ent["key"]]
            if all(vals):
                keys.add(f"{m['source']}/{ent['type']}/{'|'.join(vals)}")
    tracked = {
        k for k in keys if k.split("/")[1] in {"Person", "Vehicle", "Phone", "Address", "Incident"}
    }
    truth_keys = {k for k in records if k.startswith(m["source"] + "/")}
    assert tracked == truth_keys
    assert all(re.fullmatch(r"[PVTAI]\d{8,9}", records[k]) for k in tracked)


@pytest.mark.parametrize("name", ["bvh", "voertuigen", "zaken", "thema"])
def test_every_mapped_link_is_a_true_link(
    maps: dict, records: dict[str, str], demo: GenerateReport, name: str
) -> None:
    with (demo.truth / "links.csv").open(encoding="utf-8", newline="") as fh:
        true_links = {(r["from_id"], r["type"], r["to_id"]) for r in csv.DictReader(fh)}
    _, m, rows = maps[name]
    checked = 0
    for link in m["links"]:
        a, b = m["entities"][link["from"]], m["entities"][link["to"]]
        for r in rows:
            ka, kb = [value(s, r) for s in a["key"]], [value(s, r) for s in b["key"]]
            if all(ka) and all(kb):
                src = records[f"{name}/{a['type']}/{'|'.join(ka)}"]
                dst = records[f"{name}/{b['type']}/{'|'.join(kb)}"]
                assert (src, link["type"], dst) in true_links, (name, link["type"], src, dst)
                checked += 1
    assert checked > 0


@pytest.mark.parametrize("name", SOURCES)
def test_every_formatted_value_parses(maps: dict, name: str) -> None:
    """A value that fails its format rejects the row at ingest: the demo must have none."""

    _, m, rows = maps[name]
    specs = [s for s in m["registration"].values() if isinstance(s, dict) and "format" in s]
    for ent in m["entities"].values():
        specs += [s for s in ent["properties"].values() if isinstance(s, dict) and "format" in s]
    for spec in specs:
        formats = spec["format"] if isinstance(spec["format"], list) else [spec["format"]]
        for r in rows:
            v = value(spec, r)
            if v:
                assert any(_parses(v, f) for f in formats), (name, spec, v)


def _parses(v: str, fmt: str) -> bool:
    from datetime import datetime

    try:
        datetime.strptime(v, fmt)
    except ValueError:
        return False
    return True
