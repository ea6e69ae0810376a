"""Fail closed on LAW-01 codes: every coded field refuses a code outside its list unless the
mapping translates it; the tests walk model.codes.CODED_FIELDS, not a hand list."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from raffinaderij.clock import FixedClock
from raffinaderij.errors import ConfigError, MappingError
from raffinaderij.guard.policy import load_policy
from raffinaderij.ingest import check_mapping, ingest
from raffinaderij.model.codes import CODED_FIELDS, codes
from raffinaderij.store.db import open_store

GOOD = {
    "legal_basis": "8", "level": "2", "confidentiality": "N", "reliability": "B",
    "acquisition": "aangifte", "fact_judgement": "fact", "role": "suspect", "covert": "",
}  # fmt: skip


def _mapping(folder: Path, values: dict[str, str] | None = None) -> Path:
    reg = "\n".join(f"  {f}: {f}" for f in CODED_FIELDS)
    if values:
        field, pair = next(iter(values.items()))
        src, meant = pair.split("=")
        reg = reg.replace(
            f"  {field}: {field}", f"  {field}: {{column: {field}, values: {{{src!r}: {meant!r}}}}}"
        )
    text = (
        "source: codes\ninput: {format: csv, path: data.csv}\nregistration:\n  id: id\n"
        f"  first_processed: datum\n{reg}\n"
        "entities:\n  p:\n    type: Person\n    key: [id]\n    properties: {surname: naam}\n"
    )
    m = folder / "mapping.yaml"
    m.write_text(text, encoding="utf-8")
    return m


def _run(tmp_path: Path, clock: FixedClock, rows: list[dict[str, str]], **kw: dict[str, str]):
    cols = ["id", "datum", "naam", *CODED_FIELDS]
    with (tmp_path / "data.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(cols)
        for i, r in enumerate(rows, 1):
            full = {"id": f"R{i}", "datum": "2024-01-01", "naam": "Jansen", **GOOD, **r}
            w.writerow([full[c] for c in cols])
    store = open_store(":memory:")
    rep = ingest(store, _mapping(tmp_path, kw.get("values")), clock=clock, rejects_dir=tmp_path)
    rej = []
    if rep.rejects_path:
        with open(rep.rejects_path, encoding="utf-8") as fh:
            rej = list(csv.DictReader(fh))
    return store, rep, rej


@pytest.mark.parametrize("field", CODED_FIELDS)
def test_an_unknown_code_is_refused_naming_field_and_value(
    field: str, tmp_path: Path, clock: FixedClock
) -> None:
    store, rep, rej = _run(tmp_path, clock, [{}, {field: "onbekendecode"}])
    assert (rep.stored, rep.rejected) == (1, 1)
    assert rej[0]["field"] == field
    assert f"{field}: onbekendecode is not a known code" in rej[0]["reason"]
    assert store.query("SELECT registration_id FROM registrations") == [("R1",)]


@pytest.mark.parametrize("field", CODED_FIELDS)
def test_every_listed_code_lands_whatever_its_case(
    field: str, tmp_path: Path, clock: FixedClock
) -> None:
    allowed = codes().allowed(field)
    rows = [{field: f"  {c.swapcase()} "} for c in allowed]
    store, rep, rej = _run(tmp_path, clock, rows)
    assert (rep.stored, rep.rejected) == (len(allowed), 0), rej
    column = {"legal_basis": "CAST(legal_basis AS VARCHAR)", "level": "CAST(level AS VARCHAR)"}
    got = {r[0] for r in store.query(f"SELECT {column.get(field, field)} FROM registrations")}
    assert got == set(allowed)


def test_a_translated_source_code_is_stored_as_the_code_it_means(
    tmp_path: Path, clock: FixedClock
) -> None:
    # The finding of issue 15: 'confidential' in a source must become V, never pass as a new code.
    store, rep, rej = _run(
        tmp_path,
        clock,
        [
            {"confidentiality": "Confidential"},
            {"confidentiality": "N"},
            {"confidentiality": "geheim"},
        ],
        values={"confidentiality": "confidential=V"},
    )
    assert (rep.stored, rep.rejected) == (2, 1)
    assert sorted(store.query("SELECT registration_id, confidentiality FROM registrations")) == [
        ("R1", "V"),
        ("R2", "N"),
    ]
    assert "confidentiality: geheim is not a known code (N, V)" in rej[0]["reason"]


def test_covert_may_be_translated_to_not_covert(tmp_path: Path, clock: FixedClock) -> None:
    store, rep, _ = _run(
        tmp_path, clock, [{"covert": "nee"}, {"covert": "tap"}], values={"covert": "nee="}
    )
    assert (rep.stored, rep.rejected) == (1, 1)
    assert store.query("SELECT covert FROM registrations") == [(None,)]


def test_a_translation_to_an_unknown_code_fails_validation(tmp_path: Path) -> None:
    m = _mapping(tmp_path, {"confidentiality": "confidential=Geheim"})
    problems = check_mapping(m)
    assert any("'Geheim' is not a confidentiality code (N, V)" in p for p in problems), problems


@pytest.mark.parametrize("field", [f for f in CODED_FIELDS if f != "covert"])
def test_an_unknown_constant_fails_validation(field: str, tmp_path: Path) -> None:
    m = _mapping(tmp_path)
    text = m.read_text(encoding="utf-8").replace(
        f"  {field}: {field}", f"  {field}: {{const: xyz}}"
    )
    m.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=f"'xyz' is not a {field} code"):
        from raffinaderij.ingest import load_mapping

        load_mapping(m)


def test_the_policy_cannot_name_a_confidential_code_ingest_never_stores(tmp_path: Path) -> None:
    shipped = Path(load_policy.__code__.co_filename).with_name("policy.yaml")
    text = shipped.read_text(encoding="utf-8").replace(
        "confidential_codes: [V]", "confidential_codes: [VERTR]"
    )
    p = tmp_path / "policy.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="VERTR"):
        load_policy(p)


@pytest.mark.parametrize(
    "path",
    sorted((Path(__file__).resolve().parents[2] / "examples").rglob("*.mapping.yaml")),
    ids=lambda p: p.name,
)
def test_every_shipped_example_mapping_uses_known_codes(path: Path) -> None:
    from raffinaderij.ingest import load_mapping

    load_mapping(path)
