from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import ENTITIES, REGISTRATION, write_mapping

from raffinaderij.errors import MappingError
from raffinaderij.ingest import check_mapping, load_mapping


def test_valid_mapping_loads(tmp_path: Path) -> None:
    m = load_mapping(write_mapping(tmp_path))
    assert m.source == "src" and [e.type for e in m.entities] == ["Person", "Incident"]
    assert m.registration["first_processed"].formats == ("%d-%m-%Y", "%Y-%m-%d")


@pytest.mark.parametrize(
    ("registration", "entities", "pattern"),
    [
        (
            REGISTRATION.replace("  level: niveau\n", ""),
            ENTITIES,
            r":\d+: registration.level: missing",
        ),
        (
            REGISTRATION.replace("basis\n", "{const: 12}\n"),
            ENTITIES,
            r":\d+: registration.legal_basis.const: basis 12",
        ),
        (
            REGISTRATION,
            ENTITIES.replace("type: Person", "type: Persoon"),
            r":\d+: entities.person.type",
        ),
        (
            REGISTRATION,
            ENTITIES.replace("surname: achternaam", "surnaam: achternaam"),
            r":\d+: entities.person.properties.surnaam: Person has no property",
        ),
        (REGISTRATION, ENTITIES.replace('"%d.%m.%Y"', '"%Q"'), r"not a valid date format"),
        (REGISTRATION, ENTITIES.replace("from: person", "from: nobody"), r"links.0.from"),
        (REGISTRATION + "  colour: {const: x}\n", ENTITIES, r"registration.colour: unknown field"),
        (
            REGISTRATION.replace("role: rol", "role: {const: rol, optional: maybe}"),
            ENTITIES,
            r"registration.role.optional",
        ),
    ],
)
def test_errors_name_file_line_and_key(
    tmp_path: Path, registration: str, entities: str, pattern: str
) -> None:
    path = write_mapping(tmp_path, registration=registration, entities=entities)
    with pytest.raises(
        MappingError, match=r"mapping\.yaml" + pattern if pattern.startswith(":") else pattern
    ) as info:
        load_mapping(path)
    assert str(path) in str(info.value)
    assert check_mapping(path)


def test_law09_special_category_as_key_fails(tmp_path: Path) -> None:
    ents = ENTITIES.replace("key: [pnr]", "key: [etniciteit]").replace(
        "givenName: voornaam", "ethnicity: etniciteit"
    )
    path = write_mapping(tmp_path, entities=ents)
    with pytest.raises(MappingError, match="LAW-09"):
        load_mapping(path)
    # As a plain property it is allowed (stored, hidden by default elsewhere).
    load_mapping(
        write_mapping(
            tmp_path, entities=ENTITIES.replace("givenName: voornaam", "ethnicity: etniciteit")
        )
    )


def test_injection_in_mapping_keys_is_refused_not_run(tmp_path: Path) -> None:
    text = (
        write_mapping(tmp_path)
        .read_text()
        .replace("source: src", 'source: "x\'; DROP TABLE statements; --"')
    )
    (tmp_path / "mapping.yaml").write_text(text)
    with pytest.raises(MappingError, match=r"mapping.yaml:1: source"):
        load_mapping(tmp_path / "mapping.yaml")
    bad = write_mapping(
        tmp_path,
        entities=ENTITIES.replace("  person:", '  "p; DROP TABLE x":').replace(
            "from: person", "from: incident"
        ),
    )
    assert any("a local name" in e for e in check_mapping(bad))


def test_broken_yaml_and_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("source: x\ninput: [unclosed\n")
    with pytest.raises(MappingError, match=r"m.yaml:\d+: not valid YAML"):
        load_mapping(p)
    p.write_text("")
    with pytest.raises(MappingError, match="empty"):
        load_mapping(p)
