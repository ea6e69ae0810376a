"""The mapping language for real files: columns by position, fill-down, row numbers, conditional
entities and titles split from names — on a population-register-style file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ingest_helpers import HEADER, row, write_mapping

from raffinaderij.clock import FixedClock
from raffinaderij.errors import MappingError
from raffinaderij.ingest import check_mapping, ingest
from raffinaderij.store.db import Store, open_store

CORPUS = Path(__file__).with_name("corpus")


def _people(store: Store) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for key, prop, value in store.query(
        "SELECT entity_key, prop, value FROM statements WHERE schema = 'Person' ORDER BY ALL"
    ):
        out.setdefault(key, {})[prop] = (
            out.get(key, {}).get(prop, "") + ("|" if prop in out.get(key, {}) else "") + value
        )
    return out


def test_a_population_register_export(tmp_path: Path, clock: FixedClock) -> None:
    for name in ("bevolking.csv", "bevolking.mapping.yaml"):
        shutil.copy(CORPUS / name, tmp_path / name)
    mapping = tmp_path / "bevolking.mapping.yaml"
    assert check_mapping(mapping) == []
    store = open_store(":memory:")
    rep = ingest(store, mapping, clock=clock, rejects_dir=tmp_path)
    assert (rep.rows_read, rep.stored, rep.rejected) == (5, 5, 0)
    assert rep.entities_by_type == {"Person": 2, "Address": 3}  # no nameless persons
    people = _people(store)
    assert people["brp/Person/A1001"] == {
        "fullName": "Jan Jansen",
        "title": "Herr Prof. Dr.",
        "birthDate": "1965",
        "livesAt": "brp/Address/1234AB|1|brp/Address/2345BC|2",
    }
    assert people["brp/Person/A1002"] == {
        "fullName": "Anna de Vries",
        "title": "mevr. drs.",
        "birthDate": "1980-02-03",
        "livesAt": "brp/Address/3456CD|3",
    }
    # the unnamed first column is the registration id
    assert sorted(r for (r,) in store.query("SELECT registration_id FROM registrations")) == [
        "1", "2", "3", "4", "5"
    ]  # fmt: skip


def test_row_numbers_and_conditions(tmp_path: Path, clock: FixedClock) -> None:
    (tmp_path / "data.csv").write_text(
        "\n".join([HEADER, row(1, rol="suspect"), row(2, rol="witness"), row(3, rol="other")])
        + "\n",
        encoding="utf-8",
    )
    reg = (
        "registration:\n  id: {row_number: true}\n"
        + "\n".join(line for line in __import__("ingest_helpers").REGISTRATION.splitlines()[2:])
        + "\n"
    )
    entities = """\
entities:
  person:
    type: Person
    when: {column: rol, in: [Suspect, witness]}
    key: [pnr]
    properties: {surname: achternaam}
  incident:
    type: Incident
    when: {position: 12, not_empty: true}
    key: [regnr]
    properties: {description: omschrijving}
"""
    store = open_store(":memory:")
    rep = ingest(
        store,
        write_mapping(tmp_path, registration=reg, entities=entities),
        clock=clock,
        rejects_dir=tmp_path,
    )
    assert rep.entities_by_type == {"Person": 2, "Incident": 3}
    assert sorted(r for (r,) in store.query("SELECT registration_id FROM registrations")) == [
        "1",
        "2",
        "3",
    ]


def test_a_position_past_the_last_column_is_a_clear_error(
    tmp_path: Path, clock: FixedClock
) -> None:
    (tmp_path / "data.csv").write_text(HEADER + "\n" + row(1) + "\n", encoding="utf-8")
    bad = __import__("ingest_helpers").ENTITIES.replace(
        "surname: achternaam", "surname: {position: 40}"
    )
    m = write_mapping(tmp_path, entities=bad)
    with pytest.raises(MappingError, match="position 40, but the source has 12 columns"):
        ingest(open_store(":memory:"), m, clock=clock, rejects_dir=tmp_path)
    assert "position 40, but the source has 12 columns" in check_mapping(m)[0]
