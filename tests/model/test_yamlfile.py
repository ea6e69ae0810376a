"""Our YAML files are read strictly: a key written twice is refused with file and line, and every
YAML file the package ships passes (the ontology once held `BankAccount` twice, and PyYAML kept
the second, poorer definition without a word)."""

from __future__ import annotations

from pathlib import Path

import pytest

from raffinaderij.errors import ConfigError
from raffinaderij.yamlfile import read_yaml

PACKAGE = Path(__file__).parents[2] / "src" / "raffinaderij"


def test_a_key_written_twice_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("terms:\n  art8: 1\n  art9: 5\n  art8: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"policy.yaml: cannot read policy: duplicate key 'art8'"):
        read_yaml(path, "policy")
    try:
        read_yaml(path, "policy")
    except ConfigError as exc:
        assert "line 4" in str(exc)


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.yaml")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_every_shipped_yaml_file_has_each_key_once(path: Path) -> None:
    assert read_yaml(path, path.name) is not None
